# cmake -DBZIP2=... -DINPUT=file.bz2 -DOUTPUT=file -P decompress_bz2.cmake
# Writes to a temporary file first so an interrupted build leaves no
# truncated OUTPUT behind.
execute_process(
  COMMAND "${BZIP2}" -dc "${INPUT}"
  OUTPUT_FILE "${OUTPUT}.tmp"
  RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  file(REMOVE "${OUTPUT}.tmp")
  message(FATAL_ERROR "bzip2 -dc ${INPUT} failed: ${result}")
endif()
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
