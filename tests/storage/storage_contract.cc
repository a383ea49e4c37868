#include "tests/storage/storage_contract.h"

#include "services/common/status_macros.h"

namespace jisr::testing {

void StorageContractTest::SetUp() {
  JISR_ASSERT_OK_AND_ASSIGN(database_, NewTestDatabase(GetParam()));
  JISR_ASSERT_OK_AND_ASSIGN(storage_, database_->Open());
}

absl::Status StorageContractTest::Write(
    const std::function<absl::Status(storage::Transaction&)>& body, storage::Storage* on) {
  storage::Storage& target = on != nullptr ? *on : storage();
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> txn, target.BeginWrite());
  JISR_RETURN_IF_ERROR(body(*txn));
  return txn->Commit();
}

absl::Status StorageContractTest::Seed(const storage::VariantRow& variant) {
  return Write([&](storage::Transaction& txn) -> absl::Status {
    JISR_ASSIGN_OR_RETURN(auto story, txn.GetStory(variant.story_id));
    if (!story.has_value()) JISR_RETURN_IF_ERROR(txn.InsertStory(Story(variant.story_id)));
    return txn.InsertVariant(variant);
  });
}

storage::StoryRow Story(std::string id, int64_t modify_micros) {
  storage::StoryRow row;
  row.data = "story " + id;
  row.id = std::move(id);
  row.version = 1;
  row.modify_micros = modify_micros;
  return row;
}

storage::VariantRow Variant(std::string id, std::string story_id, std::string language,
                            std::string slug, int64_t modify_micros) {
  storage::VariantRow row;
  row.data = "variant " + id;
  row.id = std::move(id);
  row.story_id = std::move(story_id);
  row.language = std::move(language);
  row.slug = std::move(slug);
  row.state = 1;
  row.section = "world";
  row.version = 1;
  row.modify_micros = modify_micros;
  return row;
}

storage::EventRow Event(std::string variant_id, int64_t revision) {
  storage::EventRow row;
  row.time_micros = 1'700'000'000'000'000 + revision;
  row.story_id = "s-" + variant_id;
  row.variant_id = std::move(variant_id);
  row.language = "ar";
  row.revision = revision;
  row.kind = 3;
  row.data = std::string("event\0payload", 13);
  return row;
}

std::string AllBytes() {
  std::string bytes;
  for (int round = 0; round < 2; ++round) {
    for (int b = 0; b < 256; ++b) bytes.push_back(static_cast<char>(b));
  }
  bytes += "\xC0\x80\xED\xA0\x80\xF8\x88\x80\x80\x80";  // overlong NUL, a surrogate, 5 bytes
  return bytes;
}

}  // namespace jisr::testing
