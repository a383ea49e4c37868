// Reads: variants in every view, lists, revisions, and the renderer's cached read path.
#include "absl/strings/escaping.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "services/common/log.h"
#include "services/articles/names.h"
#include "services/articles/text_messages.h"
#include "services/text/dateline.h"
#include "services/articles/newsroom_internal.h"
#include "services/articles/variant_views.h"

namespace jisr::articles {
namespace {

absl::Status CheckView(absl::string_view field, jisr::v1::VariantView view, bool list) {
  if (view < 0 || view > jisr::v1::VARIANT_VIEW_BASIC ||
      (!list && view == jisr::v1::VARIANT_VIEW_BASIC)) {
    return InvalidFieldError(field, list ? "VARIANT_VIEW_BASIC, _LATEST or _PUBLISHED"
                                         : "VARIANT_VIEW_PUBLISHED or VARIANT_VIEW_LATEST");
  }
  return absl::OkStatus();
}

bool IsPublishedView(jisr::v1::VariantView view) {
  return view == jisr::v1::VARIANT_VIEW_UNSPECIFIED || view == jisr::v1::VARIANT_VIEW_PUBLISHED;
}

absl::StatusOr<jisr::v1::Variant> ParseView(const std::shared_ptr<const std::string>& bytes) {
  jisr::v1::Variant out;
  if (!out.ParseFromString(*bytes)) return absl::DataLossError("a published view cannot be read");
  return out;
}

}  // namespace

absl::Status Newsroom::NotPublishedError(absl::string_view variant_id) {
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> txn, storage_->BeginRead());
  JISR_ASSIGN_OR_RETURN(StoredVariant v, LoadVariant(*txn, variant_id, "name"));
  std::string name = VariantName(variant_id);
  return ReasonedError(absl::StatusCode::kNotFound, "NOT_PUBLISHED",
                       absl::StrCat(name, v.variant.has_delete_time() ? " is deleted"
                                                                      : " is not published",
                                    ": readers cannot see it; editors can read it with view "
                                    "VARIANT_VIEW_LATEST"),
                       {{"resource", name}});
}

absl::StatusOr<std::shared_ptr<const std::string>> Newsroom::PublishedBytesFromStorage(
    absl::string_view variant_id) {
  const uint64_t ticket = cache_.FillTicket();
  JISR_ASSIGN_OR_RETURN(std::optional<storage::PublishedRow> row,
                        storage_->ReadPublished(variant_id));
  if (!row.has_value()) return nullptr;
  auto bytes = std::make_shared<const std::string>(std::move(row->data));
  cache_.Fill(ticket, variant_id, CachedView{row->version, bytes, row->language, row->slug});
  return bytes;
}

std::shared_ptr<const std::string> Newsroom::CachedPublishedView(
    absl::string_view variant_name) const {
  if (!absl::StartsWith(variant_name, "variants/")) return nullptr;
  std::optional<CachedView> cached = cache_.Get(variant_name.substr(9));
  return cached.has_value() ? cached->bytes : nullptr;
}

std::shared_ptr<const std::string> Newsroom::CachedPublishedViewBySlug(
    absl::string_view language, absl::string_view slug) const {
  std::optional<std::string> id = cache_.IdForSlug(language, slug);
  if (!id.has_value()) return nullptr;
  std::optional<CachedView> cached = cache_.Get(*id);
  if (!cached.has_value() || cached->slug != slug || cached->language != language) return nullptr;
  return cached->bytes;
}

absl::StatusOr<std::shared_ptr<const std::string>> Newsroom::PublishedViewBytes(
    absl::string_view variant_name) {
  JISR_ASSIGN_OR_RETURN(std::string id, ParseVariantName("name", variant_name));
  std::optional<CachedView> cached = cache_.Get(id);
  std::shared_ptr<const std::string> bytes;
  if (cached.has_value()) {
    bytes = cached->bytes;
  } else {
    JISR_ASSIGN_OR_RETURN(bytes, PublishedBytesFromStorage(id));
  }
  if (bytes == nullptr) return NotPublishedError(id);
  return bytes;
}

absl::StatusOr<std::shared_ptr<const std::string>> Newsroom::PublishedViewBytesBySlug(
    absl::string_view language, absl::string_view slug) {
  FieldViolations violations;
  if (options_.config.FindLanguage(language) == nullptr) {
    violations.Add("language", language.empty()
                                   ? "required: a configured language such as \"en\""
                                   : "not a configured language (ListLanguages lists them)");
  }
  if (slug.empty()) violations.Add("slug", "required: the slug from the URL, percent-decoded");
  if (slug.size() > 1024) violations.Add("slug", "too long: at most 1,024 bytes");
  JISR_RETURN_IF_ERROR(violations.ToStatus());
  if (std::optional<std::string> id = cache_.IdForSlug(language, slug)) {
    std::optional<CachedView> cached = cache_.Get(*id);
    if (cached.has_value() && cached->bytes != nullptr && cached->slug == slug &&
        cached->language == language) {
      return cached->bytes;
    }
  }
  const uint64_t ticket = cache_.FillTicket();
  JISR_ASSIGN_OR_RETURN(std::optional<storage::PublishedRow> row,
                        storage_->ReadPublishedBySlug(language, slug));
  if (!row.has_value()) {
    return ReasonedError(absl::StatusCode::kNotFound, "SLUG_NOT_FOUND",
                         absl::StrCat("no published ", language, " variant has the slug \"",
                                      absl::CHexEscape(slug.substr(0, 200)), "\""),
                         {{"language", std::string(language)}});
  }
  auto bytes = std::make_shared<const std::string>(std::move(row->data));
  cache_.Fill(ticket, row->variant_id,
              CachedView{row->version, bytes, row->language, row->slug});
  return bytes;
}

void Newsroom::FollowFeed(ChangeFeed& feed) {
  feed.AddListener([this](const std::vector<jisr::v1::ChangeEvent>& events) {
    absl::flat_hash_set<std::string> stories;
    for (const auto& e : events) stories.insert(std::string(absl::StripPrefix(e.story(), "stories/")));
    for (const std::string& story : stories) {
      absl::Status status = RefreshCachedStory(story);
      if (!status.ok()) {
        LogError(absl::StrCat("published cache: cannot refresh stories/", story, ": ",
                              status.ToString()));
      }
    }
  });
}

absl::Status Newsroom::RefreshCachedStory(const std::string& story_id) {
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> txn, storage_->BeginRead());
  JISR_ASSIGN_OR_RETURN(std::vector<storage::VariantRow> rows, txn->ListStoryVariants(story_id));
  for (const storage::VariantRow& row : rows) {
    if (!cache_.Get(row.id).has_value()) continue;  // not cached: the next read loads it
    JISR_ASSIGN_OR_RETURN(std::optional<storage::PublishedRow> published,
                          txn->GetPublished(row.id));
    if (published.has_value()) {
      cache_.PutCommitted(row.id, CachedView{published->version,
                                             std::make_shared<const std::string>(
                                                 std::move(published->data)),
                                             published->language, published->slug});
    } else {
      cache_.PutCommitted(row.id, CachedView{row.version, nullptr, "", ""});
    }
  }
  return absl::OkStatus();
}

absl::Status Newsroom::CheckDatelineStyle(const jisr::v1::DatelineStyle& style) const {
  const std::pair<const char*, std::string> parts[] = {{"locale", style.locale()},
                                                       {"time_zone", style.time_zone()},
                                                       {"numbering", style.numbering()},
                                                       {"calendar", style.calendar()}};
  for (const auto& [field, value] : parts) {
    if (value.empty()) continue;
    jisr::v1::DatelineStyle one;
    one.GetReflection()->SetString(&one, one.GetDescriptor()->FindFieldByName(field), value);
    absl::Status formatted =
        text::FormatDate(absl::UnixEpoch(), MergeStyle(text::DateStyle(), one)).status();
    if (!formatted.ok()) {
      return InvalidFieldError(absl::StrCat("dateline_style.", field), formatted.message());
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<jisr::v1::Variant> Newsroom::GetVariant(const jisr::v1::GetVariantRequest& request,
                                                       const CallContext&) {
  JISR_RETURN_IF_ERROR(CheckView("view", request.view(), false));
  if (request.has_dateline_style()) JISR_RETURN_IF_ERROR(CheckDatelineStyle(request.dateline_style()));
  jisr::v1::Variant view;
  if (IsPublishedView(request.view())) {
    JISR_ASSIGN_OR_RETURN(auto bytes, PublishedViewBytes(request.name()));
    JISR_ASSIGN_OR_RETURN(view, ParseView(bytes));
  } else {
    JISR_ASSIGN_OR_RETURN(std::string id, ParseVariantName("name", request.name()));
    JISR_ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> txn, storage_->BeginRead());
    JISR_ASSIGN_OR_RETURN(StoredVariant v, LoadVariant(*txn, id, "name"));
    JISR_ASSIGN_OR_RETURN(view, LatestView(*txn, v));
  }
  if (request.has_dateline_style()) AddPresentation(view, &request.dateline_style());
  return view;
}

absl::StatusOr<jisr::v1::Variant> Newsroom::LookupVariant(
    const jisr::v1::LookupVariantRequest& request, const CallContext& context) {
  JISR_RETURN_IF_ERROR(CheckView("view", request.view(), false));
  if (request.has_dateline_style()) {
    JISR_RETURN_IF_ERROR(CheckDatelineStyle(request.dateline_style()));
    jisr::v1::LookupVariantRequest plain = request;
    plain.clear_dateline_style();
    JISR_ASSIGN_OR_RETURN(jisr::v1::Variant view, LookupVariant(plain, context));
    AddPresentation(view, &request.dateline_style());
    return view;
  }
  if (IsPublishedView(request.view())) {
    JISR_ASSIGN_OR_RETURN(auto bytes, PublishedViewBytesBySlug(request.language(), request.slug()));
    return ParseView(bytes);
  }
  if (options_.config.FindLanguage(request.language()) == nullptr) {
    return InvalidFieldError("language", "not a configured language (ListLanguages lists them)");
  }
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> txn, storage_->BeginRead());
  JISR_ASSIGN_OR_RETURN(std::optional<storage::VariantRow> row,
                        txn->FindVariantBySlug(request.language(), request.slug()));
  if (!row.has_value()) {
    return ReasonedError(absl::StatusCode::kNotFound, "SLUG_NOT_FOUND",
                         absl::StrCat("no ", request.language(), " variant has the slug \"",
                                      absl::CHexEscape(request.slug().substr(0, 200)), "\""));
  }
  JISR_ASSIGN_OR_RETURN(StoredVariant v, LoadVariant(*txn, row->id, "slug"));
  return LatestView(*txn, v);
}

absl::StatusOr<jisr::v1::ListVariantsResponse> Newsroom::ListVariants(
    const jisr::v1::ListVariantsRequest& request, const CallContext&) {
  JISR_ASSIGN_OR_RETURN(int limit, CheckPageSize("page_size", request.page_size()));
  JISR_RETURN_IF_ERROR(CheckView("view", request.view(), true));
  FieldViolations violations;
  if (!request.language().empty() && options_.config.FindLanguage(request.language()) == nullptr) {
    violations.Add("language", "not a configured language (ListLanguages lists them)");
  }
  if (request.state() < 0 || request.state() > jisr::v1::VARIANT_STATE_UNPUBLISHED) {
    violations.Add("state", "a VariantState value");
  }
  storage::VariantQuery query;
  if (!request.story().empty()) {
    auto story = ParseStoryName("story", request.story());
    if (story.ok()) {
      query.story_id = *story;
    } else {
      for (const auto& v : FieldViolationsOf(story.status())) violations.Add(v.field, v.description);
    }
  }
  JISR_RETURN_IF_ERROR(violations.ToStatus());
  const jisr::v1::VariantView view =
      request.view() == jisr::v1::VARIANT_VIEW_UNSPECIFIED ? jisr::v1::VARIANT_VIEW_BASIC
                                                           : request.view();
  query.language = request.language();
  query.state = view == jisr::v1::VARIANT_VIEW_PUBLISHED ? jisr::v1::VARIANT_STATE_PUBLISHED
                                                         : request.state();
  query.section = request.section();
  query.include_deleted = request.show_deleted() && view != jisr::v1::VARIANT_VIEW_PUBLISHED;
  query.limit = limit + 1;
  if (request.order_by() == "headline") {
    if (request.language().empty()) {
      return InvalidFieldError("order_by", "ordering by headline needs a language: the order is "
                                           "that language's alphabetical order");
    }
    query.by_headline = true;
  } else if (!request.order_by().empty()) {
    return InvalidFieldError("order_by", "\"headline\", or empty for the most recently changed "
                                         "first");
  }
  std::string filter =
      absl::StrCat("variants:", query.language, "\n", query.state, "\n", query.section, "\n",
                   query.story_id, "\n", view, "\n", query.include_deleted, "\n",
                   request.order_by());
  if (!request.page_token().empty()) {
    JISR_ASSIGN_OR_RETURN(auto position,
                          DecodePageToken("page_token", request.page_token(), filter));
    if (query.by_headline) {
      const size_t slash = position.second.find('/');
      const std::string hex = position.second.substr(0, slash);
      if (slash == std::string::npos || hex.size() % 2 != 0 ||
          hex.find_first_not_of("0123456789abcdef") != std::string::npos) {
        return InvalidFieldError("page_token", "not a page token this server issued",
                                 "INVALID_PAGE_TOKEN");
      }
      query.after_key = std::make_pair(absl::HexStringToBytes(hex), position.second.substr(slash + 1));
    } else {
      query.after = position;
    }
  }
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> txn, storage_->BeginRead());
  JISR_ASSIGN_OR_RETURN(std::vector<storage::VariantRow> rows, txn->ListVariants(query));
  jisr::v1::ListVariantsResponse response;
  for (int i = 0; i < static_cast<int>(rows.size()) && i < limit; ++i) {
    if (view == jisr::v1::VARIANT_VIEW_PUBLISHED) {
      JISR_ASSIGN_OR_RETURN(std::optional<storage::PublishedRow> published,
                            txn->GetPublished(rows[i].id));
      if (!published.has_value()) continue;
      if (!response.add_variants()->ParseFromString(published->data)) {
        return absl::DataLossError("a published view cannot be read");
      }
      continue;
    }
    StoredVariant v{rows[i], {}};
    if (!v.variant.ParseFromString(v.row.data)) {
      return absl::DataLossError(absl::StrCat("stored variant ", v.row.id, " cannot be read"));
    }
    jisr::v1::Variant out = Decorate(v.variant, v.row.version);
    if (view == jisr::v1::VARIANT_VIEW_BASIC) out.clear_blocks();
    *response.add_variants() = std::move(out);
  }
  if (static_cast<int>(rows.size()) > limit) {
    const storage::VariantRow& last = rows[limit - 1];
    response.set_next_page_token(
        query.by_headline
            ? EncodePageToken(0, absl::StrCat(absl::BytesToHexString(last.headline_key), "/",
                                              last.id),
                              filter)
            : EncodePageToken(last.modify_micros, last.id, filter));
  }
  return response;
}

absl::StatusOr<jisr::v1::ListRevisionsResponse> Newsroom::ListRevisions(
    const jisr::v1::ListRevisionsRequest& request, const CallContext&) {
  JISR_ASSIGN_OR_RETURN(std::string id, ParseVariantName("parent", request.parent()));
  JISR_ASSIGN_OR_RETURN(int limit, CheckPageSize("page_size", request.page_size()));
  if (request.view() < 0 || request.view() > jisr::v1::REVISION_VIEW_FULL) {
    return InvalidFieldError("view", "REVISION_VIEW_BASIC or REVISION_VIEW_FULL");
  }
  std::string filter = absl::StrCat("revisions:", id, ":", request.view());
  int64_t before = 0;
  if (!request.page_token().empty()) {
    JISR_ASSIGN_OR_RETURN(auto position,
                          DecodePageToken("page_token", request.page_token(), filter));
    before = position.first;
  }
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> txn, storage_->BeginRead());
  JISR_ASSIGN_OR_RETURN(StoredVariant v, LoadVariant(*txn, id, "parent"));
  JISR_ASSIGN_OR_RETURN(std::vector<storage::RevisionRow> rows,
                        txn->ListRevisions(id, before, limit + 1));
  jisr::v1::ListRevisionsResponse response;
  for (int i = 0; i < static_cast<int>(rows.size()) && i < limit; ++i) {
    jisr::v1::Revision* revision = response.add_revisions();
    if (!revision->ParseFromString(rows[i].data)) {
      return absl::DataLossError(absl::StrCat("stored revision ", rows[i].number, " of ",
                                              v.variant.name(), " cannot be read"));
    }
    if (request.view() != jisr::v1::REVISION_VIEW_FULL) revision->clear_snapshot();
  }
  if (static_cast<int>(rows.size()) > limit) {
    response.set_next_page_token(EncodePageToken(rows[limit - 1].number, id, filter));
  }
  return response;
}

absl::StatusOr<jisr::v1::Revision> Newsroom::GetRevision(
    const jisr::v1::GetRevisionRequest& request, const CallContext&) {
  JISR_ASSIGN_OR_RETURN(auto parsed, ParseRevisionName("name", request.name()));
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> txn, storage_->BeginRead());
  JISR_ASSIGN_OR_RETURN(StoredVariant v, LoadVariant(*txn, parsed.first, "name"));
  return LoadRevision(*txn, parsed.first, parsed.second);
}

}  // namespace jisr::articles
