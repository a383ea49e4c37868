#include "services/articles/view_builder.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/articles/stored_rows.h"
#include "services/articles/timestamps.h"
#include "services/common/errors.h"
#include "services/common/status_macros.h"
#include "services/text/dateline.h"
#include "services/text/slug.h"
#include "services/textproto/text_messages.h"

namespace jisr::articles {
namespace {

namespace v1 = ::jisr::v1;

// The x-default language a story chose, or "" (then the newsroom's default applies).
absl::StatusOr<std::string> XDefaultLanguage(const ArticleStore& store, storage::Transaction& txn,
                                             absl::string_view story_id) {
  absl::StatusOr<StoredStory> story = store.LoadStory(txn, story_id, "story");
  if (absl::IsNotFound(story.status())) return std::string();
  if (!story.ok()) return story.status();
  return story->story.x_default_language();
}

}  // namespace

absl::StatusOr<v1::Variant> ViewBuilder::Latest(storage::Transaction& txn, StoredVariant v) const {
  v1::Variant out = DecorateStored(std::move(v.variant), v.row.version);
  Present(out, nullptr);
  // An alternate needs a sibling's name, language, slug, state and headline, which its row
  // holds: no sibling's content is read.
  JISR_ASSIGN_OR_RETURN(std::vector<storage::VariantRow> rows, txn.ListStoryVariants(v.story_id()));
  std::vector<StoredVariant> live;
  live.reserve(rows.size());
  for (storage::VariantRow& row : rows) {
    if (row.deleted) continue;
    JISR_ASSIGN_OR_RETURN(StoredVariant sibling, ReadVariantWithoutBlocks(txn, std::move(row)));
    live.push_back(std::move(sibling));
  }
  std::vector<Sibling> siblings;
  for (const StoredVariant& sibling : live) {
    siblings.push_back({&sibling.variant, sibling.variant.headline()});
  }
  JISR_ASSIGN_OR_RETURN(std::string x_default, XDefaultLanguage(store_, txn, v.story_id()));
  for (auto& alternate : BuildAlternates(out.name(), siblings, x_default, config_)) {
    *out.add_alternates() = std::move(alternate);
  }
  return out;
}

absl::StatusOr<v1::Variant> ViewBuilder::LatestById(storage::Transaction& txn,
                                                    absl::string_view variant_id) const {
  JISR_ASSIGN_OR_RETURN(StoredVariant v, store_.LoadVariant(txn, variant_id, "name"));
  return Latest(txn, std::move(v));
}

absl::StatusOr<v1::Variant> ViewBuilder::LatestById(WriteContext& write,
                                                    absl::string_view variant_id) const {
  JISR_ASSIGN_OR_RETURN(StoredVariant v, store_.LoadVariant(write, variant_id, "name"));
  if (write.recent() == nullptr) return Latest(write.txn(), std::move(v));
  // The answer takes a copy: the variant stays kept, for the next write of it to take once
  // this one has committed (RecentVariants).
  StoredVariant answered{v.row, v.variant, {}};
  write.kept().Keep(std::move(v));
  return Latest(write.txn(), std::move(answered));
}

v1::Variant ViewBuilder::ListEntry(const StoredVariant& v, bool basic) const {
  v1::Variant out = DecorateStored(v.variant, v.row.version);
  Present(out, nullptr);
  // The blocks' text analysis goes with them: it was four fifths of a basic entry's bytes, and
  // an overview shows no block.
  if (basic) ClearBlocksAndTheirText(out);
  return out;
}

v1::Variant ViewBuilder::Published(const StoredVariant& v, const v1::Revision& published,
                                   const std::vector<Sibling>& shown,
                                   const std::string& x_default_language) const {
  v1::Variant view = PublishedView(v.variant, v.row.version, published);
  Present(view, nullptr);
  for (auto& alternate : BuildAlternates(v.variant.name(), shown, x_default_language, config_)) {
    *view.add_alternates() = std::move(alternate);
  }
  return view;
}

absl::StatusOr<v1::Story> ViewBuilder::Story(storage::Transaction& txn,
                                             const StoredStory& s) const {
  v1::Story out = s.story;
  out.set_etag(EtagForVersion(s.row.version));
  // A deleted story lists the variants deleted with it; a live one only its live variants.
  JISR_ASSIGN_OR_RETURN(std::vector<StoredVariant> variants,
                        store_.LoadStoryVariants(txn, s.id(), /*include_deleted=*/s.deleted()));
  for (const v1::Language& language : config_.languages) {
    for (const StoredVariant& v : variants) {
      if (v.variant.language() != language.code()) continue;
      v1::StoryVariant* summary = out.add_variants();
      summary->set_variant(v.variant.name());
      summary->set_language(v.variant.language());
      summary->set_state(v.variant.state());
      summary->set_slug(v.variant.slug());
      summary->set_headline(v.variant.headline());
    }
  }
  return out;
}

void ViewBuilder::Restyle(v1::Variant& view, const v1::DatelineStyle& requested) const {
  Present(view, &requested);
}

void ViewBuilder::Present(v1::Variant& view, const v1::DatelineStyle* requested) const {
  text::DateStyle style = config_.DateStyleFor(view.language());
  if (requested != nullptr) style = textproto::MergeStyle(style, *requested);
  v1::Datelines* datelines = view.mutable_text()->mutable_datelines();
  datelines->Clear();
  if (view.has_first_publish_time()) {
    absl::StatusOr<std::string> line = text::FormatDateline(FromProto(view.first_publish_time()),
                                                            style, text::DatelineKind::kPublished);
    if (line.ok()) datelines->set_published(*line);
  }
  if (view.has_update_time()) {
    absl::StatusOr<std::string> line =
        text::FormatDateline(FromProto(view.update_time()), style, text::DatelineKind::kUpdated);
    if (line.ok()) datelines->set_updated(*line);
  }
  *datelines->mutable_style() = textproto::ToProto(style);
  view.mutable_text()->set_slug_url(text::PercentEncodeSlug(view.slug()));
}

absl::Status ViewBuilder::CheckDatelineStyle(const v1::DatelineStyle& style) const {
  const std::pair<const char*, std::string> parts[] = {{"locale", style.locale()},
                                                       {"time_zone", style.time_zone()},
                                                       {"numbering", style.numbering()},
                                                       {"calendar", style.calendar()}};
  for (const auto& [field, value] : parts) {
    if (value.empty()) continue;
    // Each part alone over the default style, so the error names the part that is wrong.
    v1::DatelineStyle one;
    one.GetReflection()->SetString(&one, one.GetDescriptor()->FindFieldByName(field), value);
    absl::Status formatted =
        text::FormatDate(absl::UnixEpoch(), textproto::MergeStyle(text::DateStyle(), one)).status();
    if (!formatted.ok()) {
      return InvalidFieldError(absl::StrCat("dateline_style.", field), formatted.message());
    }
  }
  return absl::OkStatus();
}

}  // namespace jisr::articles
