// The article domain's view of storage: loading and saving stories, variants, revisions and
// events, with the checks every feature shares written once (not deleted, language free, slug
// free, translation source valid). Stateless but for the configuration; every method works in
// the caller's transaction.
#ifndef JISR_SERVICES_ARTICLES_ARTICLE_STORE_H_
#define JISR_SERVICES_ARTICLES_ARTICLE_STORE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "jisr/v1/events.pb.h"
#include "jisr/v1/resources.pb.h"
#include "services/articles/stored_variant.h"
#include "services/articles/write_context.h"
#include "services/config/newsroom_config.h"
#include "services/storage/storage.h"

namespace jisr::articles {

// A translation source a caller named, checked and resolved.
struct ResolvedSource {
  StoredVariant source;
  // What the translation records: the source variant, its language and the revision reflected.
  jisr::v1::TranslationSource provenance;
};

class ArticleStore {
 public:
  explicit ArticleStore(const config::NewsroomConfig& config) : config_(config) {}

  // FAILED_PRECONDITION (VARIANT_DELETED) when `v` is deleted: most changes need it undeleted.
  static absl::Status CheckNotDeleted(const StoredVariant& v);

  // A row read by a list, parsed (its content read from its latest revision in `txn` when the
  // row does not hold it), or what an earlier write left for exactly this row when `recent` is
  // given (RecentVariants). DATA_LOSS when its data cannot be read.
  static absl::StatusOr<StoredVariant> ParseVariant(storage::Transaction& txn,
                                                    storage::VariantRow row,
                                                    RecentVariants* recent = nullptr);
  // The same in a write: the variant the write kept for exactly this row (KeptVariants), else
  // what an earlier write left for it (the write's RecentVariants), else parsed.
  static absl::StatusOr<StoredVariant> ParseVariant(WriteContext& write, storage::VariantRow row);
  static absl::StatusOr<StoredStory> ParseStory(storage::StoryRow row);

  // NOT_FOUND naming `field` when the variant or story does not exist. With `recent`, a
  // variant is what an earlier write left for its row, when there is one (ParseVariant).
  absl::StatusOr<StoredVariant> LoadVariant(storage::Transaction& txn, absl::string_view id,
                                            absl::string_view field,
                                            RecentVariants* recent = nullptr) const;
  absl::StatusOr<StoredVariant> LoadVariant(WriteContext& write, absl::string_view id,
                                            absl::string_view field) const;
  absl::StatusOr<StoredStory> LoadStory(storage::Transaction& txn, absl::string_view id,
                                        absl::string_view field) const;
  // The same, FAILED_PRECONDITION (VARIANT_DELETED, STORY_DELETED) when it is deleted: most
  // changes need it undeleted first.
  absl::StatusOr<StoredVariant> LoadLiveVariant(storage::Transaction& txn, absl::string_view id,
                                                absl::string_view field) const;
  absl::StatusOr<StoredStory> LoadLiveStory(storage::Transaction& txn, absl::string_view id,
                                            absl::string_view field) const;
  // The variant a write is about to change: NOT_FOUND naming `field`; then PERMISSION_DENIED
  // when the caller may not change variants in its stored language (read in this transaction,
  // so a desk cannot change another desk's variant however it names it); then ABORTED when
  // `etag` (the request's `etag_field`) is set and stale; then, with `must_be_live`,
  // FAILED_PRECONDITION when it is deleted.
  struct Change {
    absl::string_view field = "name";
    absl::string_view etag_field = "etag";
    std::string etag;
    bool must_be_live = true;
  };
  absl::StatusOr<StoredVariant> LoadVariantToChange(WriteContext& write, absl::string_view id,
                                                    const Change& change) const;
  // PERMISSION_DENIED (LANGUAGE_NOT_GRANTED) when the write's caller may not change variants in
  // `language`; `resource` names what it was asked to change.
  static absl::Status CheckMayWrite(const WriteContext& write, absl::string_view language,
                                    absl::string_view resource);
  // The story a caller is about to change: NOT_FOUND, ABORTED for a stale etag, then
  // FAILED_PRECONDITION when deleted.
  absl::StatusOr<StoredStory> LoadStoryToChange(storage::Transaction& txn, absl::string_view id,
                                                absl::string_view field,
                                                absl::string_view etag_field,
                                                const std::string& etag) const;
  // Every variant of a story, ordered by id; deleted ones only when asked.
  absl::StatusOr<std::vector<StoredVariant>> LoadStoryVariants(storage::Transaction& txn,
                                                               absl::string_view story_id,
                                                               bool include_deleted) const;
  absl::StatusOr<std::vector<StoredVariant>> LoadStoryVariants(WriteContext& write,
                                                               absl::string_view story_id,
                                                               bool include_deleted) const;
  // The variants with these ids, which must all be in one story (INVALID_ARGUMENT naming
  // "field[i]" otherwise, saying that `purpose` needs one story) and in languages the write's
  // caller may change (PERMISSION_DENIED).
  absl::StatusOr<std::vector<StoredVariant>> LoadVariantsOfOneStory(
      WriteContext& write, const std::vector<std::string>& ids, absl::string_view field,
      absl::string_view purpose) const;
  // Revision `number` of a variant, with its snapshot. NOT_FOUND when there is none.
  absl::StatusOr<jisr::v1::Revision> LoadRevision(storage::Transaction& txn,
                                                  absl::string_view variant_id,
                                                  int64_t number) const;
  // Whether a revision in (after, through] of the variant is significant (not marked minor).
  absl::StatusOr<bool> HasSignificantRevision(storage::Transaction& txn,
                                              absl::string_view variant_id, int64_t after,
                                              int64_t through) const;

  // FAILED_PRECONDITION (LANGUAGE_TAKEN) when the story has a live variant in `language` other
  // than `except_variant_id`: a story has at most one variant per language.
  absl::Status CheckLanguageFree(storage::Transaction& txn, absl::string_view story_id,
                                 absl::string_view language,
                                 absl::string_view except_variant_id) const;
  // ALREADY_EXISTS (SLUG_TAKEN, naming `field`) when another variant in `language` has `slug`.
  absl::Status CheckSlugFree(storage::Transaction& txn, absl::string_view language,
                             absl::string_view slug, absl::string_view except_variant_id,
                             absl::string_view field) const;
  // The slug a headline gives in a language ("untitled" when it gives none), before uniqueness.
  std::string SlugFor(absl::string_view language, absl::string_view headline) const;
  // That slug, or with "-2", "-3", ... appended until no variant in the language has it.
  absl::StatusOr<std::string> UniqueSlug(storage::Transaction& txn, absl::string_view language,
                                         absl::string_view headline) const;
  // Checks the translation_source a caller sent for a variant in `own_language`: the source must
  // exist, be live and be in another language; revision 0 means its latest. Errors name
  // `field` (such as "variant.translation_source").
  absl::StatusOr<ResolvedSource> ResolveTranslationSource(storage::Transaction& txn,
                                                          const jisr::v1::TranslationSource& wanted,
                                                          absl::string_view own_language,
                                                          absl::string_view field) const;

  // Writes a changed variant. A change to what editors control bumps its version (so its etag);
  // SaveDerivedState, for state Jisr derives (staleness, pending corrections, schedules), does
  // not, so it never aborts an editor's write in progress. Both touch its story.
  absl::Status InsertVariant(WriteContext& write, StoredVariant& v) const;
  absl::Status SaveVariant(WriteContext& write, StoredVariant& v) const;
  absl::Status SaveDerivedState(WriteContext& write, StoredVariant& v) const;
  // A new revision of `v` numbered after its latest, by the write's author at its time, with
  // the significance given (anything but MINOR is SIGNIFICANT).
  jisr::v1::Revision NextRevision(const WriteContext& write, const StoredVariant& v,
                                  jisr::v1::ChangeSignificance significance) const;
  // Points `v` at `revision` as its latest, saves it (inserting it when `insert`), and stores the
  // revision with `v`'s content as its snapshot.
  absl::Status SaveWithRevision(WriteContext& write, StoredVariant& v, jisr::v1::Revision revision,
                                bool insert) const;

  absl::Status InsertStory(WriteContext& write, StoredStory& s) const;
  absl::Status SaveStory(WriteContext& write, StoredStory& s) const;
  // Creates a story for a variant that has none, and its CREATED event.
  absl::StatusOr<StoredStory> NewStory(WriteContext& write, const std::string& title) const;

  // When deleting or undeleting `v` takes its published page away from readers or brings it
  // back, the event readers watch for that (UNPUBLISHED or PUBLISHED): they see no DELETED or
  // UNDELETED events, which drafts have too.
  absl::Status AnnounceToReaders(WriteContext& write, const StoredVariant& v) const;

  // Appends a change event, in the write's transaction. `variant` is null for story events.
  absl::Status AppendEvent(WriteContext& write, jisr::v1::ChangeKind kind,
                           const StoredVariant* variant, absl::string_view story_id,
                           absl::string_view previous_story_id = "") const;

 private:
  absl::Status WriteVariant(WriteContext& write, StoredVariant& v, bool insert, bool bump_version,
                            bool content_is_latest_snapshot = false) const;
  absl::Status WriteStory(WriteContext& write, StoredStory& s, bool insert) const;
  absl::StatusOr<storage::VariantRow> GetVariantRow(storage::Transaction& txn, absl::string_view id,
                                                    absl::string_view field) const;
  absl::StatusOr<std::vector<StoredVariant>> ParseStoryVariants(
      storage::Transaction& txn, absl::string_view story_id, bool include_deleted,
      absl::FunctionRef<absl::StatusOr<StoredVariant>(storage::VariantRow)> parse) const;

  const config::NewsroomConfig& config_;
};

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_ARTICLE_STORE_H_
