#include "services/articles/variant_reading.h"

#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "services/access/caller.h"
#include "services/articles/names.h"
#include "services/articles/paging.h"
#include "services/articles/purged.h"
#include "services/articles/stored_rows.h"
#include "services/common/errors.h"
#include "services/common/status_macros.h"

namespace jisr::articles {
namespace {

namespace v1 = ::jisr::v1;

// The longest slug a lookup accepts (stored slugs are at most 200 bytes).
constexpr size_t kMaxLookupSlugBytes = 1024;

absl::Status CheckView(v1::VariantView view, bool list, const CallContext& call) {
  if (view < 0 || view > v1::VARIANT_VIEW_BASIC || (!list && view == v1::VARIANT_VIEW_BASIC)) {
    return InvalidFieldError("view", list ? "VARIANT_VIEW_BASIC, _LATEST or _PUBLISHED"
                                          : "VARIANT_VIEW_PUBLISHED or VARIANT_VIEW_LATEST");
  }
  // Every view but the published one shows drafts.
  if (view != v1::VARIANT_VIEW_UNSPECIFIED && view != v1::VARIANT_VIEW_PUBLISHED &&
      !call.SeesDrafts()) {
    // As the transport tells anonymous callers (docs/security.md): credentials, not a role, are
    // what they lack.
    if (call.caller.anonymous) {
      const absl::string_view permission = access::PermissionName(access::Permission::kReadDrafts);
      return ReasonedError(
          absl::StatusCode::kUnauthenticated, "CREDENTIALS_REQUIRED",
          absl::StrCat(v1::VariantView_Name(view), " needs ", permission,
                       ": send credentials (a client certificate, or a bearer "
                       "token with jisrctl --token-file)"),
          {{"permission", std::string(permission)}, {"resource", v1::VariantView_Name(view)}});
    }
    return access::PermissionDeniedError(call.caller, access::Permission::kReadDrafts,
                                         v1::VariantView_Name(view));
  }
  return absl::OkStatus();
}

bool IsPublishedView(v1::VariantView view) {
  return view == v1::VARIANT_VIEW_UNSPECIFIED || view == v1::VARIANT_VIEW_PUBLISHED;
}

absl::StatusOr<v1::Variant> ParseView(const std::shared_ptr<const std::string>& bytes) {
  v1::Variant out;
  if (!out.ParseFromString(*bytes)) return absl::DataLossError("a published view cannot be read");
  return out;
}

absl::Status SlugNotFound(absl::string_view language, absl::string_view slug) {
  return ReasonedError(absl::StatusCode::kNotFound, "SLUG_NOT_FOUND",
                       absl::StrCat("no ", language, " variant has the slug \"",
                                    absl::CHexEscape(slug.substr(0, 200)), "\""),
                       {{"language", std::string(language)}});
}

// A headline-ordered list's position: the collation key (hex) and the id.
PagePosition HeadlinePosition(const storage::VariantRow& row) {
  return PagePosition{0, absl::StrCat(absl::BytesToHexString(row.headline_key), "/", row.id)};
}

absl::StatusOr<std::pair<std::string, std::string>> ParseHeadlinePosition(
    const PagePosition& position) {
  const size_t slash = position.text.find('/');
  const std::string hex = position.text.substr(0, slash);
  if (slash == std::string::npos || hex.size() % 2 != 0 ||
      hex.find_first_not_of("0123456789abcdef") != std::string::npos) {
    return InvalidFieldError("page_token", "not a page token this server issued",
                             "INVALID_PAGE_TOKEN");
  }
  return std::make_pair(absl::HexStringToBytes(hex), position.text.substr(slash + 1));
}

}  // namespace

absl::StatusOr<v1::ListLanguagesResponse> VariantReading::ListLanguages(
    const v1::ListLanguagesRequest&, const CallContext&) const {
  v1::ListLanguagesResponse response;
  for (const auto& language : config_.languages) *response.add_languages() = language;
  response.set_default_language(config_.default_language());
  return response;
}

std::shared_ptr<const std::string> VariantReading::CachedAnswer(
    const v1::GetVariantRequest& request) const {
  if (request.has_dateline_style() || !IsPublishedView(request.view())) return nullptr;
  absl::StatusOr<std::string> id = ParseVariantName("name", request.name());
  return id.ok() ? published_.Cached(*id) : nullptr;
}

std::shared_ptr<const std::string> VariantReading::CachedAnswer(
    const v1::LookupVariantRequest& request) const {
  if (request.has_dateline_style() || !IsPublishedView(request.view()) ||
      config_.FindLanguage(request.language()) == nullptr || request.slug().empty() ||
      request.slug().size() > kMaxLookupSlugBytes) {
    return nullptr;
  }
  return published_.CachedBySlug(request.language(), request.slug());
}

absl::StatusOr<v1::Variant> VariantReading::GetVariant(const v1::GetVariantRequest& request,
                                                       const CallContext& call) const {
  JISR_RETURN_IF_ERROR(CheckView(request.view(), false, call));
  if (request.has_dateline_style()) {
    JISR_RETURN_IF_ERROR(views_.CheckDatelineStyle(request.dateline_style()));
  }
  JISR_ASSIGN_OR_RETURN(std::string id, ParseVariantName("name", request.name()));
  v1::Variant view;
  if (IsPublishedView(request.view())) {
    JISR_ASSIGN_OR_RETURN(auto bytes, published_.Get(id, call.SeesDrafts()));
    JISR_ASSIGN_OR_RETURN(view, ParseView(bytes));
  } else {
    JISR_ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> txn, storage_->BeginRead());
    JISR_ASSIGN_OR_RETURN(view, views_.LatestById(*txn, id));
    JISR_RETURN_IF_ERROR(CheckReadable(view));
  }
  if (request.has_dateline_style()) views_.Restyle(view, request.dateline_style());
  return view;
}

absl::StatusOr<v1::Variant> VariantReading::LookupVariant(const v1::LookupVariantRequest& request,
                                                          const CallContext& call) const {
  JISR_RETURN_IF_ERROR(CheckView(request.view(), false, call));
  if (request.has_dateline_style()) {
    JISR_RETURN_IF_ERROR(views_.CheckDatelineStyle(request.dateline_style()));
  }
  FieldViolations violations;
  if (config_.FindLanguage(request.language()) == nullptr) {
    violations.Add("language", request.language().empty()
                                   ? "required: a configured language such as \"en\""
                                   : "not a configured language (ListLanguages lists them)");
  }
  if (request.slug().empty())
    violations.Add("slug", "required: the slug from the URL, percent-decoded");
  if (request.slug().size() > kMaxLookupSlugBytes) {
    violations.Add("slug", "too long: at most 1,024 bytes");
  }
  JISR_RETURN_IF_ERROR(violations.ToStatus());
  v1::Variant view;
  if (IsPublishedView(request.view())) {
    JISR_ASSIGN_OR_RETURN(auto bytes, published_.GetBySlug(request.language(), request.slug()));
    JISR_ASSIGN_OR_RETURN(view, ParseView(bytes));
  } else {
    JISR_ASSIGN_OR_RETURN(view, LookupLatest(request));
  }
  if (request.has_dateline_style()) views_.Restyle(view, request.dateline_style());
  return view;
}

absl::StatusOr<v1::Variant> VariantReading::LookupLatest(
    const v1::LookupVariantRequest& request) const {
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> txn, storage_->BeginRead());
  JISR_ASSIGN_OR_RETURN(std::optional<storage::VariantRow> row,
                        txn->FindVariantBySlug(request.language(), request.slug()));
  if (!row.has_value()) return SlugNotFound(request.language(), request.slug());
  JISR_ASSIGN_OR_RETURN(StoredVariant v, store_.LoadVariant(*txn, row->id, "slug"));
  JISR_RETURN_IF_ERROR(CheckReadable(v.variant));
  return views_.Latest(*txn, v);
}

absl::StatusOr<storage::VariantQuery> VariantReading::ReadListQuery(
    const v1::ListVariantsRequest& request, v1::VariantView view) const {
  FieldViolations violations;
  if (!request.language().empty() && config_.FindLanguage(request.language()) == nullptr) {
    violations.Add("language", "not a configured language (ListLanguages lists them)");
  }
  if (request.state() < 0 || request.state() > v1::VARIANT_STATE_UNPUBLISHED) {
    violations.Add("state", "a VariantState value");
  }
  storage::VariantQuery query;
  if (!request.story().empty()) {
    absl::StatusOr<std::string> story = ParseStoryName("story", request.story());
    if (story.ok()) {
      query.story_id = *story;
    } else {
      for (const auto& v : FieldViolationsOf(story.status()))
        violations.Add(v.field, v.description);
    }
  }
  if (request.order_by() == "headline") {
    if (request.language().empty()) {
      violations.Add("order_by",
                     "ordering by headline needs a language: the order is that "
                     "language's alphabetical order");
    }
    query.by_headline = true;
  } else if (!request.order_by().empty()) {
    violations.Add("order_by", "\"headline\", or empty for the most recently changed first");
  }
  JISR_RETURN_IF_ERROR(violations.ToStatus());
  query.language = request.language();
  // Readers' lists hold published variants only, whatever state was asked for.
  query.state = view == v1::VARIANT_VIEW_PUBLISHED ? v1::VARIANT_STATE_PUBLISHED : request.state();
  query.section = request.section();
  query.include_deleted = request.show_deleted() && view != v1::VARIANT_VIEW_PUBLISHED;
  return query;
}

absl::StatusOr<v1::ListVariantsResponse> VariantReading::ListVariants(
    const v1::ListVariantsRequest& request, const CallContext& call) const {
  JISR_RETURN_IF_ERROR(CheckView(request.view(), true, call));
  // Unspecified is the basic view for those who see drafts, the published one for readers.
  const v1::VariantView view = request.view() != v1::VARIANT_VIEW_UNSPECIFIED ? request.view()
                               : call.SeesDrafts() ? v1::VARIANT_VIEW_BASIC
                                                   : v1::VARIANT_VIEW_PUBLISHED;
  JISR_ASSIGN_OR_RETURN(storage::VariantQuery query, ReadListQuery(request, view));
  JISR_ASSIGN_OR_RETURN(
      Page page, Page::Start(request.page_size(), request.page_token(),
                             absl::StrCat("variants:", query.language, "\n", query.state, "\n",
                                          query.section, "\n", query.story_id, "\n", view, "\n",
                                          query.include_deleted, "\n", request.order_by())));
  query.limit = page.fetch_limit();
  if (page.after().has_value() && query.by_headline) {
    JISR_ASSIGN_OR_RETURN(query.after_key, ParseHeadlinePosition(*page.after()));
  } else if (page.after().has_value()) {
    query.after = page.after()->AsPair();
  }
  const uint64_t fill_ticket = published_.FillTicket();  // before the read's snapshot
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> txn, storage_->BeginRead());
  JISR_ASSIGN_OR_RETURN(std::vector<storage::VariantRow> rows, txn->ListVariants(query));
  v1::ListVariantsResponse response;
  JISR_RETURN_IF_ERROR(
      page.Fill(rows, max_list_bytes_, *response.mutable_variants(),
                [&](const storage::VariantRow& row) -> absl::StatusOr<std::optional<v1::Variant>> {
                  if (view == v1::VARIANT_VIEW_BASIC) {
                    JISR_ASSIGN_OR_RETURN(StoredVariant v, ReadVariantWithoutBlocks(*txn, row));
                    return std::optional<v1::Variant>(views_.ListEntry(v, /*basic=*/true));
                  }
                  if (view == v1::VARIANT_VIEW_LATEST) {
                    JISR_ASSIGN_OR_RETURN(StoredVariant v, ArticleStore::ParseVariant(*txn, row));
                    return std::optional<v1::Variant>(views_.ListEntry(v, /*basic=*/false));
                  }
                  JISR_ASSIGN_OR_RETURN(std::shared_ptr<const std::string> published,
                                        published_.ForListEntry(*txn, row, fill_ticket));
                  if (published == nullptr) return std::optional<v1::Variant>();  // no page
                  std::optional<v1::Variant> out(std::in_place);
                  if (!out->ParseFromString(*published)) {
                    return absl::DataLossError("a published view cannot be read");
                  }
                  return out;
                }));
  response.set_next_page_token(page.NextToken(rows, [&](const storage::VariantRow& row) {
    return query.by_headline ? HeadlinePosition(row) : PagePosition{row.modify_micros, row.id};
  }));
  return response;
}

}  // namespace jisr::articles
