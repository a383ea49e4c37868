// The indexes that serve the variant lists, created by schema migration 6 of both engines:
// each combination of the list filters (language, section, state) has an index with its
// equalities first and the order after them; a story's list uses the story's index.
// docs/storage.md says which index serves which list.
#ifndef JISR_SERVICES_STORAGE_LIST_INDEXES_H_
#define JISR_SERVICES_STORAGE_LIST_INDEXES_H_

namespace jisr::storage {

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

}  // namespace jisr::storage

#endif  // JISR_SERVICES_STORAGE_LIST_INDEXES_H_
