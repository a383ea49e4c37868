# jisr_add_subdirectories(dir...): adds each listed subdirectory of the current directory that
# has a CMakeLists.txt, so a tree missing one (or a build leaving one out) still configures.
# JISR_SKIP_DIRS (e.g. -DJISR_SKIP_DIRS=tests/text) leaves out directories under work.
function(jisr_add_subdirectories)
  foreach(dir ${ARGN})
    file(RELATIVE_PATH rel "${PROJECT_SOURCE_DIR}" "${CMAKE_CURRENT_SOURCE_DIR}/${dir}")
    if(rel IN_LIST JISR_SKIP_DIRS)
      continue()
    endif()
    if(EXISTS "${CMAKE_CURRENT_SOURCE_DIR}/${dir}/CMakeLists.txt")
      add_subdirectory(${dir})
    endif()
  endforeach()
endfunction()
