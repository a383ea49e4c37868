#include "services/articles/revision_history.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/articles/block_diff.h"
#include "services/articles/names.h"
#include "services/articles/paging.h"
#include "services/articles/request_checks.h"
#include "services/articles/revision_snapshots.h"
#include "services/articles/variant_views.h"
#include "services/common/errors.h"
#include "services/common/status_macros.h"

namespace jisr::articles {
namespace {

namespace v1 = ::jisr::v1;

}  // namespace

absl::StatusOr<v1::ListRevisionsResponse> RevisionHistory::ListRevisions(
    const v1::ListRevisionsRequest& request, const CallContext&) const {
  JISR_ASSIGN_OR_RETURN(std::string id, ParseVariantName("parent", request.parent()));
  if (request.view() < 0 || request.view() > v1::REVISION_VIEW_FULL) {
    return InvalidFieldError("view", "REVISION_VIEW_BASIC or REVISION_VIEW_FULL");
  }
  // Newest first: a page's position is the number of the last revision shown.
  JISR_ASSIGN_OR_RETURN(Page page,
                        Page::Start(request.page_size(), request.page_token(),
                                    absl::StrCat("revisions:", id, ":", request.view())));
  const int64_t before = page.after().has_value() ? page.after()->number : 0;
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> txn, storage_->BeginRead());
  JISR_ASSIGN_OR_RETURN(StoredVariant v, store_.LoadVariant(*txn, id, "parent"));
  JISR_ASSIGN_OR_RETURN(std::vector<storage::RevisionRow> rows,
                        txn->ListRevisions(id, before, page.fetch_limit()));
  v1::ListRevisionsResponse response;
  JISR_RETURN_IF_ERROR(page.Fill(
      rows, max_list_bytes_, *response.mutable_revisions(),
      [&](const storage::RevisionRow& row) -> absl::StatusOr<std::optional<v1::Revision>> {
        std::optional<v1::Revision> revision(std::in_place);
        if (!ParseStoredRevision(row.data, *revision, request.view() == v1::REVISION_VIEW_FULL)) {
          return absl::DataLossError(absl::StrCat("stored revision ", row.number, " of ",
                                                  v.variant.name(), " cannot be read"));
        }
        return revision;
      }));
  response.set_next_page_token(page.NextToken(rows, [&](const storage::RevisionRow& row) {
    return PagePosition{row.number, id};
  }));
  return response;
}

absl::StatusOr<v1::Revision> RevisionHistory::GetRevision(const v1::GetRevisionRequest& request,
                                                          const CallContext&) const {
  JISR_ASSIGN_OR_RETURN(auto parsed, ParseRevisionName("name", request.name()));
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> txn, storage_->BeginRead());
  // A missing variant is VARIANT_NOT_FOUND, a missing revision of a variant REVISION_NOT_FOUND.
  JISR_RETURN_IF_ERROR(store_.LoadVariant(*txn, parsed.first, "name").status());
  return store_.LoadRevision(*txn, parsed.first, parsed.second);
}

absl::StatusOr<v1::DiffRevisionsResponse> RevisionHistory::DiffRevisions(
    const v1::DiffRevisionsRequest& request, const CallContext&) const {
  JISR_ASSIGN_OR_RETURN(std::string id, ParseVariantName("name", request.name()));
  FieldViolations violations;
  if (request.from_revision() < 1) violations.Add("from_revision", "a revision number from 1");
  if (request.to_revision() < 0) violations.Add("to_revision", "0 (the latest) or a number");
  JISR_RETURN_IF_ERROR(violations.ToStatus());
  JISR_ASSIGN_OR_RETURN(std::unique_ptr<storage::Transaction> txn, storage_->BeginRead());
  JISR_ASSIGN_OR_RETURN(StoredVariant v, store_.LoadVariant(*txn, id, "name"));
  const int64_t to =
      request.to_revision() == 0 ? v.variant.latest_revision() : request.to_revision();
  JISR_ASSIGN_OR_RETURN(v1::Revision from, store_.LoadRevision(*txn, id, request.from_revision()));
  JISR_ASSIGN_OR_RETURN(v1::Revision target, store_.LoadRevision(*txn, id, to));
  v1::DiffRevisionsResponse response;
  response.set_from_revision(request.from_revision());
  response.set_to_revision(to);
  *response.mutable_diff() = DiffContent(from.snapshot(), target.snapshot());
  return response;
}

absl::StatusOr<v1::Variant> RevisionHistory::RestoreRevision(
    const v1::RestoreRevisionRequest& request, const CallContext& caller) const {
  JISR_ASSIGN_OR_RETURN(auto parsed, ParseRevisionName("name", request.name()));
  // Named copies, not a structured binding: C++17 lambdas cannot capture those.
  const std::string id = parsed.first;
  const int64_t number = parsed.second;
  JISR_RETURN_IF_ERROR(CheckSignificance(request.significance()));
  FieldViolations violations;
  std::string note = request.change_note();
  PrepareChangeNote(note, violations);
  JISR_RETURN_IF_ERROR(violations.ToStatus());
  if (note.empty()) note = absl::StrCat("Restored revision ", number);
  return runner_.Run<v1::Variant>(
      CallOf("RestoreRevision", request, caller),
      [&](WriteContext& write) -> absl::Status {
        JISR_ASSIGN_OR_RETURN(StoredVariant v, store_.LoadVariantToChange(
                                                   write, id, {"name", "etag", request.etag()}));
        JISR_ASSIGN_OR_RETURN(v1::Revision old, store_.LoadRevision(write.txn(), id, number));
        const std::string slug = v.variant.slug();
        CopyContent(old.snapshot(), v.variant);
        *v.variant.mutable_text() = old.snapshot().text();
        v.variant.set_slug(slug);
        v1::Revision revision = store_.NextRevision(write, v, request.significance());
        revision.set_change_note(note);
        revision.set_restored_from(number);
        JISR_RETURN_IF_ERROR(store_.SaveWithRevision(write, v, std::move(revision), false));
        return store_.AppendEvent(write, v1::CHANGE_KIND_UPDATED, &v, v.story_id());
      },
      [&](WriteContext& write) { return views_.LatestById(write, id); });
}

}  // namespace jisr::articles
