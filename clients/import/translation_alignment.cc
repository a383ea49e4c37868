#include "clients/import/translation_alignment.h"

#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"

namespace jisr::import {
namespace {

using Shape = std::vector<std::pair<std::string, jisr::v1::Block::KindCase>>;

// True for "<letters><digits>" with both parts non-empty: "p1", "list2", "h3".
bool IsOrdinalPart(absl::string_view part) {
  size_t letters = 0;
  while (letters < part.size() && absl::ascii_isalpha(static_cast<unsigned char>(part[letters]))) {
    ++letters;
  }
  if (letters == 0 || letters == part.size()) return false;
  for (size_t i = letters; i < part.size(); ++i) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(part[i]))) return false;
  }
  return true;
}

absl::flat_hash_map<std::string, Shape> ShapesByGroup(const jisr::v1::Variant& variant) {
  absl::flat_hash_map<std::string, Shape> shapes;
  for (const jisr::v1::Block& block : variant.blocks()) {
    shapes[BlockGroup(block.id())].emplace_back(block.id(), block.kind_case());
  }
  return shapes;
}

}  // namespace

std::string BlockGroup(absl::string_view block_id) {
  const size_t dash = block_id.rfind('-');
  const absl::string_view last =
      dash == absl::string_view::npos ? block_id : block_id.substr(dash + 1);
  if (!IsOrdinalPart(last)) return std::string(block_id);
  return dash == absl::string_view::npos ? "" : std::string(block_id.substr(0, dash));
}

int AlignTranslationBlocks(const jisr::v1::Variant& source, jisr::v1::Variant* translation) {
  const absl::flat_hash_map<std::string, Shape> source_shapes = ShapesByGroup(source);
  const absl::flat_hash_map<std::string, Shape> translation_shapes = ShapesByGroup(*translation);
  absl::flat_hash_map<std::string, jisr::v1::Block::KindCase> source_kinds;
  for (const jisr::v1::Block& block : source.blocks()) {
    source_kinds.emplace(block.id(), block.kind_case());
  }

  int mapped = 0;
  for (jisr::v1::Block& block : *translation->mutable_blocks()) {
    block.clear_source_block_id();
    auto kind = source_kinds.find(block.id());
    if (block.id().empty() || kind == source_kinds.end() || kind->second != block.kind_case()) {
      continue;
    }
    const std::string group = BlockGroup(block.id());
    auto source_shape = source_shapes.find(group);
    const bool same_shape =
        source_shape != source_shapes.end() && source_shape->second == translation_shapes.at(group);
    if (same_shape || block.id() == group) {
      block.set_source_block_id(block.id());
      ++mapped;
    }
  }
  return mapped;
}

}  // namespace jisr::import
