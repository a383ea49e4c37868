#include "tests/security/reader_probes.h"

namespace jisr::security {
namespace {

grpc::Status GetPublished(Client& c, const std::string& who, const Names& n) {
  v1::GetVariantRequest r;
  r.set_name(n.variant);
  return Send(c, who, &Articles::GetVariant, r);
}

grpc::Status GetLatest(Client& c, const std::string& who, const Names& n) {
  v1::GetVariantRequest r;
  r.set_name(n.variant);
  r.set_view(v1::VARIANT_VIEW_LATEST);
  return Send(c, who, &Articles::GetVariant, r);
}

// A dateline style is never answered from memory: this read goes to storage.
grpc::Status GetStyled(Client& c, const std::string& who, const Names& n) {
  v1::GetVariantRequest r;
  r.set_name(n.variant);
  r.mutable_dateline_style()->set_locale("ar-EG");
  return Send(c, who, &Articles::GetVariant, r);
}

grpc::Status LookupPublished(Client& c, const std::string& who, const Names& n) {
  v1::LookupVariantRequest r;
  r.set_language(n.language);
  r.set_slug(n.slug);
  return Send(c, who, &Articles::LookupVariant, r);
}

grpc::Status LookupLatest(Client& c, const std::string& who, const Names& n) {
  v1::LookupVariantRequest r;
  r.set_language(n.language);
  r.set_slug(n.slug);
  r.set_view(v1::VARIANT_VIEW_LATEST);
  return Send(c, who, &Articles::LookupVariant, r);
}

grpc::Status GetStory(Client& c, const std::string& who, const Names& n) {
  v1::GetStoryRequest r;
  r.set_name(n.story);
  return Send(c, who, &Articles::GetStory, r);
}

grpc::Status ListRevisions(Client& c, const std::string& who, const Names& n) {
  v1::ListRevisionsRequest r;
  r.set_parent(n.variant);
  return Send(c, who, &Articles::ListRevisions, r);
}

grpc::Status GetRevision(Client& c, const std::string& who, const Names& n) {
  v1::GetRevisionRequest r;
  r.set_name(n.variant + "/revisions/1");
  return Send(c, who, &Articles::GetRevision, r);
}

grpc::Status DiffRevisions(Client& c, const std::string& who, const Names& n) {
  v1::DiffRevisionsRequest r;
  r.set_name(n.variant);
  r.set_from_revision(1);
  return Send(c, who, &Articles::DiffRevisions, r);
}

grpc::Status GetTranslationDiff(Client& c, const std::string& who, const Names& n) {
  v1::GetTranslationDiffRequest r;
  r.set_name(n.variant);
  return Send(c, who, &Articles::GetTranslationDiff, r);
}

grpc::Status ListSchedules(Client& c, const std::string& who, const Names& n) {
  v1::ListSchedulesRequest r;
  r.set_variant(n.variant);
  return Send(c, who, &Articles::ListSchedules, r);
}

grpc::Status UpdateVariant(Client& c, const std::string& who, const Names& n) {
  v1::UpdateVariantRequest r;
  r.mutable_variant()->set_name(n.variant);
  r.mutable_variant()->set_headline("Probing");
  return Send(c, who, &Articles::UpdateVariant, r);
}

grpc::Status PublishVariant(Client& c, const std::string& who, const Names& n) {
  v1::PublishVariantRequest r;
  r.set_name(n.variant);
  return Send(c, who, &Articles::PublishVariant, r);
}

grpc::Status LinkVariant(Client& c, const std::string& who, const Names& n) {
  v1::LinkVariantRequest r;
  r.set_name(n.variant);
  r.set_story(n.story);
  return Send(c, who, &Articles::LinkVariant, r);
}

grpc::Status TranslateFrom(Client& c, const std::string& who, const Names& n) {
  v1::CreateVariantRequest r;
  r.mutable_variant()->set_language(n.language == "ar" ? "en" : "ar");
  r.mutable_variant()->mutable_translation_source()->set_variant(n.variant);
  return Send(c, who, &Articles::CreateVariant, r);
}

grpc::Status BatchPublish(Client& c, const std::string& who, const Names& n) {
  v1::BatchPublishVariantsRequest r;
  r.add_names(n.variant);
  return Send(c, who, &Articles::BatchPublishVariants, r);
}

}  // namespace

std::vector<Probe> Probes() {
  return {
      {"GetVariant", GetPublished},
      {"GetVariant LATEST", GetLatest},
      {"GetVariant dateline_style", GetStyled},
      {"LookupVariant", LookupPublished},
      {"LookupVariant LATEST", LookupLatest},
      {"GetStory", GetStory},
      {"ListRevisions", ListRevisions},
      {"GetRevision", GetRevision},
      {"DiffRevisions", DiffRevisions},
      {"GetTranslationDiff", GetTranslationDiff},
      {"ListSchedules", ListSchedules},
      {"UpdateVariant", UpdateVariant},
      {"PublishVariant", PublishVariant},
      {"LinkVariant", LinkVariant},
      {"CreateVariant translation_source", TranslateFrom},
      {"BatchPublishVariants", BatchPublish},
  };
}

}  // namespace jisr::security
