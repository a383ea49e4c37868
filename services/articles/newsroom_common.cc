// The helpers every newsroom operation shares: loading and saving rows, events, views, slugs.
#include <cstdint>

#include "absl/strings/escaping.h"
#include "absl/strings/strip.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "jisr/v1/events.pb.h"
#include "services/articles/names.h"
#include "services/articles/newsroom_internal.h"
#include "services/articles/variant_views.h"
#include "services/articles/validation.h"
#include "services/common/ids.h"
#include "services/articles/text_messages.h"
#include "services/text/collation.h"
#include "services/text/dateline.h"
#include "services/text/language.h"
#include "services/text/slug.h"

namespace jisr::articles {
namespace {

uint64_t Fnv1a64(absl::string_view bytes, uint64_t hash = 1469598103934665603ull) {
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

}  // namespace

google::protobuf::Timestamp ToProto(absl::Time time) {
  google::protobuf::Timestamp out;
  int64_t micros = absl::ToUnixMicros(time);
  int64_t seconds = micros / 1000000;
  int64_t rest = micros % 1000000;
  if (rest < 0) {
    rest += 1000000;
    --seconds;
  }
  out.set_seconds(seconds);
  out.set_nanos(static_cast<int32_t>(rest * 1000));
  return out;
}

absl::Time FromProto(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds()) + absl::Nanoseconds(timestamp.nanos());
}

std::string RequestFingerprint(absl::string_view method, const google::protobuf::Message& request) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    request.SerializeToCodedStream(&coded);
  }
  uint64_t a = Fnv1a64(bytes, Fnv1a64(method));
  uint64_t b = Fnv1a64(bytes, Fnv1a64(method, 0x84222325cbf29ce4ull));
  return absl::StrCat(absl::Hex(a, absl::kZeroPad16), absl::Hex(b, absl::kZeroPad16));
}

absl::Status CheckRequestId(const std::string& request_id) {
  if (!request_id.empty() && !IsValidToken(request_id, 64)) {
    return InvalidFieldError("request_id",
                             "1 to 64 characters of [A-Za-z0-9_-]; a UUID is best");
  }
  return absl::OkStatus();
}

absl::Status CheckEtag(absl::string_view field, const std::string& etag, int64_t version,
                       absl::string_view resource_name) {
  if (etag.empty() || etag == EtagForVersion(version)) return absl::OkStatus();
  return ReasonedError(
      absl::StatusCode::kAborted, "ETAG_MISMATCH",
      absl::StrCat(resource_name, " changed since it was read (", field, " ", etag,
                   ", now ", EtagForVersion(version),
                   "): read it again, re-apply the change and retry"),
      {{"resource", std::string(resource_name)}, {"current_etag", EtagForVersion(version)}});
}

absl::StatusOr<int> CheckPageSize(absl::string_view field, int32_t page_size) {
  if (page_size < 0 || page_size > 500) {
    return InvalidFieldError(field, "0 to 500 (0 means 50)");
  }
  return page_size == 0 ? 50 : page_size;
}

std::string EncodePageToken(int64_t modify_micros, const std::string& id,
                            absl::string_view filter) {
  return absl::WebSafeBase64Escape(
      absl::StrCat(modify_micros, ":", id, ":", absl::Hex(Fnv1a64(filter))));
}

absl::StatusOr<std::pair<int64_t, std::string>> DecodePageToken(absl::string_view field,
                                                                absl::string_view token,
                                                                absl::string_view filter) {
  std::string raw;
  std::vector<std::string> parts;
  int64_t micros = 0;
  if (absl::WebSafeBase64Unescape(token, &raw)) parts = absl::StrSplit(raw, ':');
  if (parts.size() != 3 || !absl::SimpleAtoi(parts[0], &micros) || parts[1].empty()) {
    return InvalidFieldError(field, "not a page token this server issued: pass next_page_token "
                                    "from the previous response unchanged",
                             "INVALID_PAGE_TOKEN");
  }
  if (parts[2] != absl::StrCat(absl::Hex(Fnv1a64(filter)))) {
    return InvalidFieldError(field, "the other fields of the request changed since this token "
                                    "was issued: keep them the same while paging, or start again "
                                    "without a token",
                             "INVALID_PAGE_TOKEN");
  }
  return std::make_pair(micros, parts[1]);
}

Newsroom::Newsroom(NewsroomOptions options, storage::Storage* storage)
    : options_(std::move(options)), storage_(storage), cache_(options_.published_cache_bytes) {}

absl::StatusOr<Newsroom::StoredVariant> Newsroom::LoadVariant(storage::Transaction& txn,
                                                              absl::string_view id,
                                                              absl::string_view field) {
  JISR_ASSIGN_OR_RETURN(std::optional<storage::VariantRow> row, txn.GetVariant(id));
  if (!row.has_value()) {
    return ResourceNotFoundError("Variant", VariantName(id), "VARIANT_NOT_FOUND",
                                 absl::StrCat(VariantName(id), " (", field, ") does not exist"));
  }
  StoredVariant out{std::move(*row), {}};
  if (!out.variant.ParseFromString(out.row.data)) {
    return absl::DataLossError(absl::StrCat("the stored data of ", VariantName(id),
                                            " cannot be read: restore it from a backup"));
  }
  return out;
}

absl::StatusOr<Newsroom::StoredStory> Newsroom::LoadStory(storage::Transaction& txn,
                                                          absl::string_view id,
                                                          absl::string_view field) {
  JISR_ASSIGN_OR_RETURN(std::optional<storage::StoryRow> row, txn.GetStory(id));
  if (!row.has_value()) {
    return ResourceNotFoundError("Story", StoryName(id), "STORY_NOT_FOUND",
                                 absl::StrCat(StoryName(id), " (", field, ") does not exist"));
  }
  StoredStory out{std::move(*row), {}};
  if (!out.story.ParseFromString(out.row.data)) {
    return absl::DataLossError(absl::StrCat("the stored data of ", StoryName(id),
                                            " cannot be read: restore it from a backup"));
  }
  return out;
}

absl::Status Newsroom::SaveVariant(Write& write, StoredVariant& v, bool insert,
                                   bool bump_version) {
  v.variant.clear_etag();
  v.variant.clear_alternates();
  v.variant.clear_has_unpublished_changes();
  if (bump_version) {
    *v.variant.mutable_modify_time() = ToProto(write.now);
    v.row.version += 1;
    v.row.modify_micros = write.now_micros;
  }
  v.row.story_id = std::string(absl::StripPrefix(v.variant.story(), "stories/"));
  v.row.language = v.variant.language();
  v.row.slug = v.variant.slug();
  v.row.state = v.variant.state();
  v.row.section = v.variant.section();
  v.row.deleted = v.variant.has_delete_time();
  v.row.translation_state = v.variant.translation_status().state();
  v.row.stale_since_micros =
      v.variant.translation_status().has_stale_since()
          ? absl::ToUnixMicros(FromProto(v.variant.translation_status().stale_since()))
          : 0;
  v.row.data = v.variant.SerializeAsString();
  absl::StatusOr<std::string> key = text::CollationKey(v.variant.headline(), v.variant.language());
  v.row.headline_key = key.ok() ? *std::move(key) : std::string();
  write.Touch(v.row.story_id);
  if (insert) return write.txn.InsertVariant(v.row);
  return write.txn.UpdateVariant(v.row);
}

absl::Status Newsroom::SaveStory(Write& write, StoredStory& s, bool insert) {
  s.story.clear_etag();
  s.story.clear_variants();
  *s.story.mutable_modify_time() = ToProto(write.now);
  s.row.version += 1;
  s.row.modify_micros = write.now_micros;
  s.row.deleted = s.story.has_delete_time();
  s.row.data = s.story.SerializeAsString();
  write.Touch(s.row.id);
  if (insert) return write.txn.InsertStory(s.row);
  return write.txn.UpdateStory(s.row);
}

absl::StatusOr<Newsroom::StoredStory> Newsroom::NewStory(Write& write, const std::string& title) {
  StoredStory s;
  s.row.id = NewResourceId();
  s.story.set_name(StoryName(s.row.id));
  s.story.set_title(title);
  *s.story.mutable_create_time() = ToProto(write.now);
  JISR_RETURN_IF_ERROR(SaveStory(write, s, /*insert=*/true));
  JISR_RETURN_IF_ERROR(AppendEvent(write, jisr::v1::CHANGE_KIND_CREATED, nullptr, s.row.id));
  return s;
}

absl::Status Newsroom::AppendEvent(Write& write, int kind, const StoredVariant* variant,
                                   const std::string& story_id,
                                   const std::string& previous_story) {
  jisr::v1::ChangeEvent event;
  event.set_kind(static_cast<jisr::v1::ChangeKind>(kind));
  event.set_story(StoryName(story_id));
  *event.mutable_time() = ToProto(write.now);
  event.set_author(write.author);
  if (!previous_story.empty()) event.set_previous_story(StoryName(previous_story));
  storage::EventRow row;
  row.time_micros = write.now_micros;
  row.story_id = story_id;
  row.kind = kind;
  if (variant != nullptr) {
    event.set_variant(variant->variant.name());
    event.set_language(variant->variant.language());
    int64_t revision = kind == jisr::v1::CHANGE_KIND_PUBLISHED
                           ? variant->variant.published_revision()
                           : variant->variant.latest_revision();
    event.set_revision(revision);
    row.variant_id = variant->row.id;
    row.language = variant->variant.language();
    row.revision = revision;
  }
  row.data = event.SerializeAsString();
  return write.txn.AppendEvent(row);
}

absl::StatusOr<jisr::v1::Revision> Newsroom::LoadRevision(storage::Transaction& txn,
                                                          absl::string_view variant_id,
                                                          int64_t number) {
  JISR_ASSIGN_OR_RETURN(std::optional<storage::RevisionRow> row,
                        txn.GetRevision(variant_id, number));
  if (!row.has_value()) {
    std::string name = RevisionName(variant_id, number);
    return ResourceNotFoundError("Revision", name, "REVISION_NOT_FOUND",
                                 absl::StrCat(name, " does not exist"));
  }
  jisr::v1::Revision revision;
  if (!revision.ParseFromString(row->data)) {
    return absl::DataLossError(absl::StrCat("the stored data of ",
                                            RevisionName(variant_id, number), " cannot be read"));
  }
  return revision;
}

absl::StatusOr<jisr::v1::Variant> Newsroom::LatestView(storage::Transaction& txn,
                                                       const StoredVariant& v) {
  jisr::v1::Variant out = Decorate(v.variant, v.row.version);
  JISR_ASSIGN_OR_RETURN(std::vector<storage::VariantRow> rows,
                        txn.ListStoryVariants(v.row.story_id));
  std::vector<jisr::v1::Variant> parsed;
  parsed.reserve(rows.size());
  for (const storage::VariantRow& row : rows) {
    if (row.deleted) continue;
    parsed.emplace_back();
    if (!parsed.back().ParseFromString(row.data)) {
      return absl::DataLossError(absl::StrCat("stored variant ", row.id, " cannot be read"));
    }
  }
  std::vector<Sibling> siblings;
  for (const jisr::v1::Variant& p : parsed) siblings.push_back({&p, p.headline()});
  std::string x_default;
  JISR_ASSIGN_OR_RETURN(std::optional<storage::StoryRow> story_row,
                        txn.GetStory(v.row.story_id));
  if (story_row.has_value()) {
    jisr::v1::Story story;
    if (story.ParseFromString(story_row->data)) x_default = story.x_default_language();
  }
  for (auto& alternate : BuildAlternates(v.variant.name(), siblings, x_default, options_.config)) {
    *out.add_alternates() = std::move(alternate);
  }
  return out;
}

absl::StatusOr<jisr::v1::Story> Newsroom::StoryView(storage::Transaction& txn,
                                                    const StoredStory& s) {
  jisr::v1::Story out = s.story;
  out.set_etag(EtagForVersion(s.row.version));
  JISR_ASSIGN_OR_RETURN(std::vector<storage::VariantRow> rows, txn.ListStoryVariants(s.row.id));
  for (const jisr::v1::Language& language : options_.config.languages) {
    for (const storage::VariantRow& row : rows) {
      if (row.language != language.code()) continue;
      if (row.deleted && !s.story.has_delete_time()) continue;
      jisr::v1::Variant variant;
      variant.ParseFromString(row.data);
      auto* summary = out.add_variants();
      summary->set_variant(variant.name());
      summary->set_language(variant.language());
      summary->set_state(variant.state());
      summary->set_slug(variant.slug());
      summary->set_headline(variant.headline());
    }
  }
  return out;
}

std::string Newsroom::SlugFor(absl::string_view language, absl::string_view headline) const {
  text::SlugScript script = text::SlugScript::kNative;
  if (options_.config.non_latin_slugs == text::SlugScript::kLatin) {
    absl::StatusOr<text::LanguageInfo> info = text::GetLanguageInfo(language);
    if (info.ok() && info->expected_script != USCRIPT_LATIN) script = text::SlugScript::kLatin;
  }
  absl::StatusOr<std::string> slug = text::Slugify(headline, language, script);
  if (!slug.ok() || slug->empty() || !IsValidSlug(*slug)) return "untitled";
  return *slug;
}

TextPolicy Newsroom::TextPolicyFor(absl::string_view language) const {
  return TextPolicy{std::string(language), options_.config.wrong_script_is_error};
}

void Newsroom::AddPresentation(jisr::v1::Variant& view,
                               const jisr::v1::DatelineStyle* requested) const {
  text::DateStyle style = options_.config.DateStyleFor(view.language());
  if (requested != nullptr) style = MergeStyle(style, *requested);
  jisr::v1::Datelines* datelines = view.mutable_text()->mutable_datelines();
  datelines->Clear();
  if (view.has_first_publish_time()) {
    absl::StatusOr<std::string> line = text::FormatDateline(
        FromProto(view.first_publish_time()), style, text::DatelineKind::kPublished);
    if (line.ok()) datelines->set_published(*line);
  }
  if (view.has_update_time()) {
    absl::StatusOr<std::string> line = text::FormatDateline(
        FromProto(view.update_time()), style, text::DatelineKind::kUpdated);
    if (line.ok()) datelines->set_updated(*line);
  }
  *datelines->mutable_style() = ToProto(style);
  view.mutable_text()->set_slug_url(text::PercentEncodeSlug(view.slug()));
}

jisr::v1::Variant Newsroom::Decorate(const jisr::v1::Variant& stored, int64_t version) const {
  jisr::v1::Variant out = DecorateStored(stored, version);
  AddPresentation(out, nullptr);
  return out;
}

absl::StatusOr<std::string> Newsroom::UniqueSlug(storage::Transaction& txn,
                                                 absl::string_view language,
                                                 absl::string_view headline) {
  std::string base = SlugFor(language, headline);
  for (int n = 1; n < 1000; ++n) {
    std::string candidate = n == 1 ? base : absl::StrCat(base, "-", n);
    JISR_ASSIGN_OR_RETURN(auto taken, txn.FindVariantBySlug(language, candidate));
    if (!taken.has_value()) return candidate;
  }
  return absl::StrCat(base, "-", NewResourceId());
}

absl::Status Newsroom::CheckLanguageFree(storage::Transaction& txn, const std::string& story_id,
                                         const std::string& language,
                                         const std::string& except_id) {
  JISR_ASSIGN_OR_RETURN(std::vector<storage::VariantRow> rows, txn.ListStoryVariants(story_id));
  for (const storage::VariantRow& row : rows) {
    if (!row.deleted && row.language == language && row.id != except_id) {
      return PreconditionError(
          "LANGUAGE_TAKEN", StoryName(story_id),
          absl::StrCat(StoryName(story_id), " already has a ", language, " variant (",
                       VariantName(row.id), "): a story has at most one variant per language; "
                       "unlink or delete that one first"));
    }
  }
  return absl::OkStatus();
}

}  // namespace jisr::articles
