#include "services/articles/block_diff.h"

#include <algorithm>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/message_differencer.h"
#include "services/articles/variant_views.h"

namespace jisr::articles {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::util::MessageDifferencer;

// A field's value as a person reads it: the text of a string field, protobuf JSON otherwise.
std::string FieldValue(const jisr::v1::Variant& variant, const FieldDescriptor* field) {
  const auto* reflection = variant.GetReflection();
  if (field->is_repeated() ? reflection->FieldSize(variant, field) == 0
                           : !reflection->HasField(variant, field)) {
    return "";
  }
  if (!field->is_repeated() && field->type() == FieldDescriptor::TYPE_STRING) {
    return reflection->GetString(variant, field);
  }
  // Wrap the one field in a Variant and print that field's JSON value.
  jisr::v1::Variant only = variant;
  std::vector<const FieldDescriptor*> set_fields;
  reflection->ListFields(only, &set_fields);
  for (const FieldDescriptor* f : set_fields) {
    if (f != field) reflection->ClearField(&only, f);
  }
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(only, &json, options);
  // {"field": VALUE} -> VALUE
  const std::string prefix = "{\"" + field->name() + "\":";
  if (json.size() > prefix.size() + 1 && json.compare(0, prefix.size(), prefix) == 0) {
    return json.substr(prefix.size(), json.size() - prefix.size() - 1);
  }
  return json;
}

// Indexes (into `kept`) of the longest subsequence whose new positions increase: the blocks
// that did not move relative to each other. O(n log n).
std::vector<bool> StayedInOrder(const std::vector<int>& new_positions) {
  const int n = static_cast<int>(new_positions.size());
  std::vector<int> tails;  // tails[k]: index of the smallest tail of a run of length k+1
  std::vector<int> previous(n, -1);
  for (int i = 0; i < n; ++i) {
    auto it = std::lower_bound(tails.begin(), tails.end(), new_positions[i],
                               [&](int idx, int value) { return new_positions[idx] < value; });
    if (it != tails.begin()) previous[i] = *(it - 1);
    if (it == tails.end()) {
      tails.push_back(i);
    } else {
      *it = i;
    }
  }
  std::vector<bool> stayed(n, false);
  for (int i = tails.empty() ? -1 : tails.back(); i >= 0; i = previous[i]) stayed[i] = true;
  return stayed;
}

}  // namespace

jisr::v1::ContentDiff DiffContent(const jisr::v1::Variant& before, const jisr::v1::Variant& after) {
  jisr::v1::ContentDiff diff;
  const auto* descriptor = jisr::v1::Variant::descriptor();
  for (const std::string& name : ContentFields()) {
    if (name == "blocks") continue;
    const FieldDescriptor* field = descriptor->FindFieldByName(name);
    std::string old_value = FieldValue(before, field);
    std::string new_value = FieldValue(after, field);
    if (old_value == new_value) continue;
    auto* change = diff.add_fields();
    change->set_field(name);
    change->set_old_value(std::move(old_value));
    change->set_new_value(std::move(new_value));
  }

  absl::flat_hash_map<std::string, int> old_index;
  for (int i = 0; i < before.blocks_size(); ++i) old_index[before.blocks(i).id()] = i;
  // The blocks kept in both versions, in new order, with their old positions.
  std::vector<int> kept_new;
  std::vector<int> kept_old_positions;
  absl::flat_hash_set<std::string> in_new;
  for (int j = 0; j < after.blocks_size(); ++j) {
    in_new.insert(after.blocks(j).id());
    auto it = old_index.find(after.blocks(j).id());
    if (it != old_index.end()) {
      kept_new.push_back(j);
      kept_old_positions.push_back(it->second);
    }
  }
  std::vector<bool> stayed = StayedInOrder(kept_old_positions);
  absl::flat_hash_map<int, bool> moved_by_new_index;
  for (size_t k = 0; k < kept_new.size(); ++k) moved_by_new_index[kept_new[k]] = !stayed[k];

  for (int j = 0; j < after.blocks_size(); ++j) {
    const jisr::v1::Block& block = after.blocks(j);
    auto it = old_index.find(block.id());
    if (it == old_index.end()) {
      auto* change = diff.add_blocks();
      change->set_block_id(block.id());
      change->set_kind(jisr::v1::BLOCK_CHANGE_KIND_ADDED);
      change->set_old_index(-1);
      change->set_new_index(j);
      *change->mutable_new_block() = block;
      continue;
    }
    const jisr::v1::Block& old_block = before.blocks(it->second);
    const bool changed = !MessageDifferencer::Equals(old_block, block);
    const bool moved = moved_by_new_index[j];
    if (!changed && !moved) continue;
    auto* change = diff.add_blocks();
    change->set_block_id(block.id());
    change->set_kind(changed ? jisr::v1::BLOCK_CHANGE_KIND_CHANGED
                             : jisr::v1::BLOCK_CHANGE_KIND_MOVED);
    change->set_old_index(it->second);
    change->set_new_index(j);
    *change->mutable_old_block() = old_block;
    *change->mutable_new_block() = block;
    change->set_moved(changed && moved);
  }
  for (int i = 0; i < before.blocks_size(); ++i) {
    if (in_new.contains(before.blocks(i).id())) continue;
    auto* change = diff.add_blocks();
    change->set_block_id(before.blocks(i).id());
    change->set_kind(jisr::v1::BLOCK_CHANGE_KIND_REMOVED);
    change->set_old_index(i);
    change->set_new_index(-1);
    *change->mutable_old_block() = before.blocks(i);
  }
  return diff;
}

}  // namespace jisr::articles
