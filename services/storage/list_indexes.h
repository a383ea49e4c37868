// The indexes that serve the variant lists, created by schema migration 6 of both engines and
// thinned by migration 10: each combination of the list filters (language, section) has an
// index with its equalities first, then the state, then the order; a list with a state reads
// one range of it, a list without one merges the ranges of the three states. A story's list
// uses the story's index. docs/storage.md says which index serves which list.
#ifndef JISR_SERVICES_STORAGE_LIST_INDEXES_H_
#define JISR_SERVICES_STORAGE_LIST_INDEXES_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "services/storage/storage.h"

namespace jisr::storage {

// The states a variant row may hold: jisr.v1.VariantState without UNSPECIFIED. A list without
// a state merges one index range per state, so a row in any other state would never be listed.
inline constexpr int32_t kVariantRowStates[] = {1, 2, 3};

// INVALID_ARGUMENT unless `row` holds one of kVariantRowStates; both engines check each write.
inline absl::Status CheckVariantRowState(const VariantRow& row) {
  for (int32_t state : kVariantRowStates) {
    if (row.state == state) return absl::OkStatus();
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "variant ", row.id, " has state ", row.state,
      ": a stored variant is DRAFT (1), PUBLISHED (2) or UNPUBLISHED (3); set one of them"));
}

// Whether `query` is answered by merging one index range per state of kVariantRowStates: a
// newest-first or by-headline list without a state, a story or a translation state. Each
// range is ordered, so the merge reads about a page from each and sorts nothing.
inline bool MergesStateRanges(const VariantQuery& query) {
  return query.state == 0 && query.story_id.empty() && query.translation_state == 0 &&
         !query.stale_first;
}

// Plain SQL both SQLite and PostgreSQL run as it is. Never edit it: it is a released migration.
inline constexpr char kListIndexesMigration[] = R"sql(
DROP INDEX variants_by_story;
CREATE INDEX variants_by_story ON variants (story_id, modify_micros, id);
CREATE INDEX variants_by_language ON variants (language, modify_micros, id);
CREATE INDEX variants_by_state ON variants (state, modify_micros, id);
CREATE INDEX variants_by_section ON variants (section, modify_micros, id);
CREATE INDEX variants_by_language_state ON variants (language, state, modify_micros, id);
CREATE INDEX variants_by_language_section ON variants (language, section, modify_micros, id);
CREATE INDEX variants_by_section_state ON variants (section, state, modify_micros, id);
CREATE INDEX variants_by_language_section_state
  ON variants (language, section, state, modify_micros, id);
CREATE INDEX variants_by_state_headline ON variants (language, state, headline_key, id);
CREATE INDEX variants_by_section_headline ON variants (language, section, headline_key, id);
CREATE INDEX variants_by_section_state_headline
  ON variants (language, section, state, headline_key, id);
CREATE INDEX schedules_by_due_any ON schedules (due_micros, id);
)sql";

// Migration 10: the indexes whose lists are now served by merging the ranges of the three
// states in the index that adds the state (MergesStateRanges). An edit moves 7 index entries
// instead of 13 (5 newest-first and 2 by headline), so it writes fewer pages.
inline constexpr char kFewerListIndexesMigration[] = R"sql(
DROP INDEX variants_by_modify;
DROP INDEX variants_by_language;
DROP INDEX variants_by_section;
DROP INDEX variants_by_language_section;
DROP INDEX variants_by_headline;
DROP INDEX variants_by_section_headline;
)sql";

}  // namespace jisr::storage

#endif  // JISR_SERVICES_STORAGE_LIST_INDEXES_H_
