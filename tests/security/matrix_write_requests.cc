// The role matrix's requests that change a variant or read its history: each names the
// variant of the cell's language, so a desk is tried on its own language and on the other.
#include "absl/time/clock.h"
#include "tests/security/matrix_requests.h"

namespace jisr::security::internal {
namespace {

using Articles = v1::ArticleService::Stub;

absl::StatusOr<std::string> DeletedVariant(Admin& admin, const Target& t) {
  absl::Status deleted = admin.DeleteVariant(t.variant().name()).status();
  if (!deleted.ok()) return deleted;
  return std::string();
}

absl::StatusOr<std::string> EmptyStory(Admin& admin, const Target&) {
  absl::StatusOr<v1::Story> story = admin.CreateStory("Where the variant moves to");
  if (!story.ok()) return story.status();
  return story->name();
}

// A correction on the sibling, pending on the target until its desk matches or dismisses it.
absl::StatusOr<std::string> SiblingCorrection(Admin& admin, const Target& t) {
  return admin.AddCorrection(t.pair->Sibling(t.language).name());
}

grpc::Status CreateVariant(const Attempt& a) {
  v1::CreateVariantRequest r;
  r.mutable_variant()->set_language(a.target.language);
  r.mutable_variant()->set_headline(a.target.language == "ar" ? "خبر جديد" : "A new piece");
  return a.Call(a.client.articles(), &Articles::CreateVariant, r);
}

grpc::Status UpdateVariant(const Attempt& a) {
  v1::UpdateVariantRequest r;
  r.mutable_variant()->set_name(a.variant().name());
  r.mutable_variant()->set_headline(a.variant().headline() + " (3)");
  r.mutable_update_mask()->add_paths("headline");
  return a.Call(a.client.articles(), &Articles::UpdateVariant, r);
}

grpc::Status DeleteVariant(const Attempt& a) {
  v1::DeleteVariantRequest r;
  r.set_name(a.variant().name());
  return a.Call(a.client.articles(), &Articles::DeleteVariant, r);
}

grpc::Status PurgeVariant(const Attempt& a) {
  v1::PurgeVariantRequest r;
  r.set_name(a.variant().name());
  r.set_reason("Role matrix: the takedown of a fresh variant");
  return a.Call(a.client.articles(), &Articles::PurgeVariant, r);
}

grpc::Status UndeleteVariant(const Attempt& a) {
  v1::UndeleteVariantRequest r;
  r.set_name(a.variant().name());
  return a.Call(a.client.articles(), &Articles::UndeleteVariant, r);
}

grpc::Status PublishVariant(const Attempt& a) {
  v1::PublishVariantRequest r;
  r.set_name(a.variant().name());
  return a.Call(a.client.articles(), &Articles::PublishVariant, r);
}

// Back-dated, as an archive import does.
grpc::Status PublishVariantBackdated(const Attempt& a) {
  v1::PublishVariantRequest r;
  r.set_name(a.variant().name());
  *r.mutable_publish_time() = FromNow(-absl::Minutes(10));
  return a.Call(a.client.articles(), &Articles::PublishVariant, r);
}

grpc::Status UnpublishVariant(const Attempt& a) {
  v1::UnpublishVariantRequest r;
  r.set_name(a.variant().name());
  return a.Call(a.client.articles(), &Articles::UnpublishVariant, r);
}

grpc::Status LinkVariant(const Attempt& a) {
  v1::LinkVariantRequest r;
  r.set_name(a.variant().name());
  r.set_story(a.prepared);
  return a.Call(a.client.articles(), &Articles::LinkVariant, r);
}

grpc::Status UnlinkVariant(const Attempt& a) {
  v1::UnlinkVariantRequest r;
  r.set_name(a.variant().name());
  return a.Call(a.client.articles(), &Articles::UnlinkVariant, r);
}

grpc::Status ListRevisions(const Attempt& a) {
  v1::ListRevisionsRequest r;
  r.set_parent(a.variant().name());
  return a.Call(a.client.articles(), &Articles::ListRevisions, r);
}

grpc::Status GetRevision(const Attempt& a) {
  v1::GetRevisionRequest r;
  r.set_name(a.variant().name() + "/revisions/1");
  return a.Call(a.client.articles(), &Articles::GetRevision, r);
}

grpc::Status DiffRevisions(const Attempt& a) {
  v1::DiffRevisionsRequest r;
  r.set_name(a.variant().name());
  r.set_from_revision(1);
  return a.Call(a.client.articles(), &Articles::DiffRevisions, r);
}

grpc::Status RestoreRevision(const Attempt& a) {
  v1::RestoreRevisionRequest r;
  r.set_name(a.variant().name() + "/revisions/1");
  return a.Call(a.client.articles(), &Articles::RestoreRevision, r);
}

grpc::Status BatchPublishVariants(const Attempt& a) {
  v1::BatchPublishVariantsRequest r;
  r.add_names(a.variant().name());
  return a.Call(a.client.articles(), &Articles::BatchPublishVariants, r);
}

// The pair's translation is the Arabic variant, whatever the cell's language.
grpc::Status GetTranslationDiff(const Attempt& a) {
  v1::GetTranslationDiffRequest r;
  r.set_name(a.target.pair->ar.name());
  return a.Call(a.client.articles(), &Articles::GetTranslationDiff, r);
}

grpc::Status ListStaleTranslations(const Attempt& a) {
  v1::ListStaleTranslationsRequest r;
  r.set_language(a.target.language);
  return a.Call(a.client.articles(), &Articles::ListStaleTranslations, r);
}

grpc::Status AddCorrection(const Attempt& a) {
  v1::AddCorrectionRequest r;
  r.set_name(a.variant().name());
  r.mutable_correction()->set_text("The minister's name was misspelt.");
  return a.Call(a.client.articles(), &Articles::AddCorrection, r);
}

grpc::Status DismissCorrection(const Attempt& a) {
  v1::DismissCorrectionRequest r;
  r.set_name(a.variant().name());
  r.set_correction_id(a.prepared);
  return a.Call(a.client.articles(), &Articles::DismissCorrection, r);
}

grpc::Status CreateSchedule(const Attempt& a) {
  v1::CreateScheduleRequest r;
  r.mutable_schedule()->add_variants(a.variant().name());
  r.mutable_schedule()->set_action(v1::SCHEDULE_ACTION_UNPUBLISH);
  *r.mutable_schedule()->mutable_due_time() = FromNow(absl::Hours(2));
  return a.Call(a.client.articles(), &Articles::CreateSchedule, r);
}

grpc::Status CancelSchedule(const Attempt& a) {
  v1::CancelScheduleRequest r;
  r.set_name(a.prepared);
  return a.Call(a.client.articles(), &Articles::CancelSchedule, r);
}

}  // namespace

std::vector<MatrixEntry> WriteRequests() {
  return {
      {"CreateVariant", {Nothing, CreateVariant}},
      {"UpdateVariant", {Nothing, UpdateVariant}},
      {"DeleteVariant", {Nothing, DeleteVariant}},
      {"UndeleteVariant", {DeletedVariant, UndeleteVariant}},
      {"PurgeVariant", {Nothing, PurgeVariant}},
      {"PublishVariant", {Nothing, PublishVariant}},
      {"PublishVariant publish_time", {Nothing, PublishVariantBackdated}},
      {"UnpublishVariant", {Nothing, UnpublishVariant}},
      {"LinkVariant", {EmptyStory, LinkVariant}},
      {"UnlinkVariant", {Nothing, UnlinkVariant}},
      {"ListRevisions", {Nothing, ListRevisions}},
      {"GetRevision", {Nothing, GetRevision}},
      {"DiffRevisions", {Nothing, DiffRevisions}},
      {"RestoreRevision", {Nothing, RestoreRevision}},
      {"BatchPublishVariants", {Nothing, BatchPublishVariants}},
      {"GetTranslationDiff", {Nothing, GetTranslationDiff}},
      {"ListStaleTranslations", {Nothing, ListStaleTranslations}},
      {"AddCorrection", {Nothing, AddCorrection}},
      {"DismissCorrection", {SiblingCorrection, DismissCorrection}},
      {"CreateSchedule", {Nothing, CreateSchedule}},
      {"CancelSchedule", {PendingSchedule, CancelSchedule}},
  };
}

}  // namespace jisr::security::internal
