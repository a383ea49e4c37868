#include "tests/storage/schema_upgrade_rows.h"

#include <memory>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/status_macros.h"

namespace jisr::testing {
namespace {

constexpr int kStories = 4;
constexpr int kVariantsPerStory = 3;
constexpr int kRevisionsPerVariant = 4;

std::string VariantIdOf(int story, int variant) { return absl::StrCat("v", story, "-", variant); }

// A body long enough for the revision chain to store deltas and compress.
std::string Body(int story, int variant, int revision) {
  std::string body;
  for (int paragraph = 0; paragraph < 12; ++paragraph) {
    absl::StrAppend(&body, "Paragraph ", paragraph, " of story ", story, " variant ", variant,
                    paragraph == revision ? " (edited)" : "", ". ");
  }
  return body;
}

storage::VariantRow MakeVariant(int story, int variant) {
  storage::VariantRow row;
  row.id = VariantIdOf(story, variant);
  row.story_id = absl::StrCat("s", story);
  row.language = variant == 0 ? "en" : (variant == 1 ? "ar" : "fr");
  row.slug = absl::StrCat("story-", story, "-", variant);
  row.state = 1 + (story + variant) % 3;
  row.section = story % 2 == 0 ? "world" : "sport";
  row.version = kRevisionsPerVariant;
  row.modify_micros = 1'000'000 + story * 10 + variant;
  row.deleted = story == 3 && variant == 2;
  row.translation_state = variant == 0 ? 1 : 2 + (story % 2);
  row.stale_since_micros = row.translation_state == 3 ? 500 + story : 0;
  row.data = Body(story, variant, kRevisionsPerVariant);
  row.headline_key =
      absl::StrCat(std::string(1, static_cast<char>('a' + (7 * story + variant) % 26)), story);
  return row;
}

absl::Status FillStory(storage::Transaction& txn, int story) {
  JISR_RETURN_IF_ERROR(txn.InsertStory(
      {absl::StrCat("s", story), story + 1, 1'000'000 + story, story == 2, "story data"}));
  for (int variant = 0; variant < kVariantsPerStory; ++variant) {
    const storage::VariantRow row = MakeVariant(story, variant);
    JISR_RETURN_IF_ERROR(txn.InsertVariant(row));
    for (int number = 1; number <= kRevisionsPerVariant; ++number) {
      JISR_RETURN_IF_ERROR(
          txn.InsertRevision({row.id, number, 100 * number, Body(story, variant, number)}));
    }
    if (row.state == 2) {
      JISR_RETURN_IF_ERROR(txn.PutPublished(
          {row.id, row.language, row.slug, row.version, absl::StrCat("view of ", row.data)}));
    }
    storage::EventRow event;
    event.time_micros = 10 + story * kVariantsPerStory + variant;
    event.story_id = row.story_id;
    event.variant_id = row.id;
    event.language = row.language;
    event.revision = kRevisionsPerVariant;
    event.kind = 1 + variant;
    event.data = absl::StrCat("event of ", row.id);
    JISR_RETURN_IF_ERROR(txn.AppendEvent(event));
  }
  return absl::OkStatus();
}

std::string Line(const storage::StoryRow& r) {
  return absl::StrCat("story ", r.id, " ", r.version, " ", r.modify_micros, " ", r.deleted, " ",
                      absl::CHexEscape(r.data));
}
std::string Line(const storage::VariantRow& r) {
  return absl::StrCat("variant ", r.id, " ", r.story_id, " ", r.language, " ", r.slug, " ", r.state,
                      " ", r.section, " ", r.version, " ", r.modify_micros, " ", r.deleted, " ",
                      r.translation_state, " ", r.stale_since_micros, " ",
                      absl::CHexEscape(r.headline_key), " ", absl::CHexEscape(r.data));
}
std::string Line(const storage::RevisionRow& r) {
  return absl::StrCat("revision ", r.variant_id, " ", r.number, " ", r.create_micros, " ",
                      absl::CHexEscape(r.data));
}
std::string Line(const storage::PublishedRow& r) {
  return absl::StrCat("published ", r.variant_id, " ", r.language, " ", r.slug, " ", r.version, " ",
                      absl::CHexEscape(r.data));
}
std::string Line(const storage::RequestRow& r) {
  return absl::StrCat("request ", r.request_id, " ", r.method, " ", r.fingerprint, " ",
                      r.create_micros, " ", r.variant_id, " ", absl::CHexEscape(r.response));
}
std::string Line(const storage::ScheduleRow& r) {
  return absl::StrCat("schedule ", r.id, " ", r.due_micros, " ", r.state, " ",
                      absl::StrJoin(r.variant_ids, ","), " ", absl::CHexEscape(r.data));
}
std::string Line(const storage::EventRow& r) {
  return absl::StrCat("event ", r.sequence, " ", r.time_micros, " ", r.story_id, " ", r.variant_id,
                      " ", r.language, " ", r.revision, " ", r.kind, " ", absl::CHexEscape(r.data));
}

template <typename Row>
void AddAll(const std::string& heading, const std::vector<Row>& rows,
            std::vector<std::string>& out) {
  out.push_back(heading);
  for (const Row& row : rows) out.push_back(Line(row));
}

template <typename Row>
void AddFound(const std::optional<Row>& row, std::vector<std::string>& out) {
  out.push_back(row.has_value() ? Line(*row) : "none");
}

// Every variant list: each filter, each order, and a keyset page after the first.
absl::Status AddVariantLists(storage::Transaction& txn, std::vector<std::string>& out) {
  std::vector<storage::VariantQuery> queries(10);
  queries[1].language = "en";
  queries[2].language = "ar";
  queries[2].state = 2;
  queries[3].section = "world";
  queries[4].language = "fr";
  queries[4].section = "sport";
  queries[4].state = 1;
  queries[5].story_id = "s1";
  queries[6].include_deleted = true;
  queries[7].stale_first = true;
  queries[7].translation_state = 3;
  queries[8].by_headline = true;
  queries[8].language = "ar";
  queries[9].limit = 3;
  queries[9].after = std::make_pair(int64_t{1'000'021}, std::string("v2-1"));
  for (size_t i = 0; i < queries.size(); ++i) {
    JISR_ASSIGN_OR_RETURN(std::vector<storage::VariantRow> rows, txn.ListVariants(queries[i]));
    AddAll(absl::StrCat("ListVariants #", i), rows, out);
  }
  return absl::OkStatus();
}

absl::Status AddVariant(storage::Transaction& txn, storage::Storage& storage, int story,
                        int variant, std::vector<std::string>& out) {
  const storage::VariantRow expected = MakeVariant(story, variant);
  JISR_ASSIGN_OR_RETURN(std::optional<storage::VariantRow> row, txn.GetVariant(expected.id));
  AddFound(row, out);
  JISR_ASSIGN_OR_RETURN(row, txn.FindVariantBySlug(expected.language, expected.slug));
  AddFound(row, out);
  JISR_ASSIGN_OR_RETURN(std::vector<storage::RevisionRow> revisions,
                        txn.ListRevisions(expected.id, 0, 100));
  AddAll("ListRevisions", revisions, out);
  JISR_ASSIGN_OR_RETURN(revisions, txn.ListRevisions(expected.id, 3, 1));
  AddAll("ListRevisions before 3", revisions, out);
  for (int number = 1; number <= kRevisionsPerVariant; ++number) {
    JISR_ASSIGN_OR_RETURN(std::optional<storage::RevisionRow> revision,
                          txn.GetRevision(expected.id, number));
    AddFound(revision, out);
  }
  JISR_ASSIGN_OR_RETURN(std::optional<storage::PublishedRow> published,
                        txn.GetPublished(expected.id));
  AddFound(published, out);
  JISR_ASSIGN_OR_RETURN(published, storage.ReadPublished(expected.id));
  AddFound(published, out);
  JISR_ASSIGN_OR_RETURN(published, storage.ReadPublishedBySlug(expected.language, expected.slug));
  AddFound(published, out);
  return absl::OkStatus();
}

}  // namespace

absl::Status FillForUpgrade(storage::Storage& storage) {
  for (int story = 0; story < kStories; ++story) {
    JISR_ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> txn, storage.BeginWrite());
    JISR_RETURN_IF_ERROR(FillStory(*txn, story));
    JISR_RETURN_IF_ERROR(txn->Commit());
  }
  {
    JISR_ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> txn, storage.BeginWrite());
    for (int i = 0; i < 3; ++i) {
      JISR_RETURN_IF_ERROR(txn->InsertRequest(
          {absl::StrCat("request-", i), "UpdateVariant", absl::StrCat("fingerprint-", i), 2000 + i,
           absl::StrCat("response ", i), i == 2 ? "" : VariantIdOf(i, 0)}));
      JISR_RETURN_IF_ERROR(txn->InsertSchedule({absl::StrCat("schedule-", i),
                                                3000 - i,
                                                1 + i % 2,
                                                {VariantIdOf(i, 0), VariantIdOf(i, 1)},
                                                absl::StrCat("schedule data ", i)}));
    }
    JISR_RETURN_IF_ERROR(txn->Commit());
  }
  // The oldest events pruned, so the pruned watermark has a value to carry over.
  return storage.DeleteEventsBefore(13, 100).status();
}

absl::StatusOr<std::vector<std::string>> EverythingStored(storage::Storage& storage) {
  std::vector<std::string> out;
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> txn, storage.BeginRead());
  storage::StoryQuery stories;
  stories.include_deleted = true;
  JISR_ASSIGN_OR_RETURN(std::vector<storage::StoryRow> story_rows, txn->ListStories(stories));
  AddAll("ListStories", story_rows, out);
  JISR_ASSIGN_OR_RETURN(story_rows, txn->ListStories(storage::StoryQuery()));
  AddAll("ListStories without deleted", story_rows, out);
  JISR_RETURN_IF_ERROR(AddVariantLists(*txn, out));
  for (int story = 0; story < kStories; ++story) {
    JISR_ASSIGN_OR_RETURN(std::optional<storage::StoryRow> row,
                          txn->GetStory(absl::StrCat("s", story)));
    AddFound(row, out);
    JISR_ASSIGN_OR_RETURN(std::vector<storage::VariantRow> variants,
                          txn->ListStoryVariants(absl::StrCat("s", story)));
    AddAll("ListStoryVariants", variants, out);
    for (int variant = 0; variant < kVariantsPerStory; ++variant) {
      JISR_RETURN_IF_ERROR(AddVariant(*txn, storage, story, variant, out));
    }
  }
  for (int i = 0; i < 3; ++i) {
    JISR_ASSIGN_OR_RETURN(std::optional<storage::RequestRow> request,
                          txn->GetRequest(absl::StrCat("request-", i)));
    AddFound(request, out);
    JISR_ASSIGN_OR_RETURN(std::optional<storage::ScheduleRow> schedule,
                          txn->GetSchedule(absl::StrCat("schedule-", i)));
    AddFound(schedule, out);
  }
  storage::ScheduleQuery pending;
  pending.state = 1;
  for (const storage::ScheduleQuery& query : {storage::ScheduleQuery(), pending}) {
    JISR_ASSIGN_OR_RETURN(std::vector<storage::ScheduleRow> schedules, txn->ListSchedules(query));
    AddAll("ListSchedules", schedules, out);
  }
  JISR_ASSIGN_OR_RETURN(std::vector<storage::EventRow> events, storage.ReadEvents(0, 1000));
  AddAll("ReadEvents", events, out);
  JISR_ASSIGN_OR_RETURN(int64_t last, storage.LastEventSequence());
  JISR_ASSIGN_OR_RETURN(int64_t pruned, storage.PrunedThrough());
  JISR_ASSIGN_OR_RETURN(storage::Storage::TableRows counts, storage.CountRows());
  out.push_back(absl::StrCat("last event ", last, ", pruned through ", pruned, ", ",
                             counts.requests, " requests, ", counts.events, " events"));
  return out;
}

}  // namespace jisr::testing
