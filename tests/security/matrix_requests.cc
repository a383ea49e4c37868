#include "tests/security/matrix_requests.h"

#include <map>
#include <utility>

#include "absl/time/clock.h"

namespace jisr::security {

namespace internal {

absl::StatusOr<std::string> Nothing(Admin&, const Target&) { return std::string(); }

absl::StatusOr<std::string> PendingSchedule(Admin& admin, const Target& t) {
  absl::StatusOr<v1::Schedule> schedule = admin.ScheduleInAnHour(t.variant().name());
  if (!schedule.ok()) return schedule.status();
  return schedule->name();
}

google::protobuf::Timestamp FromNow(absl::Duration duration) {
  google::protobuf::Timestamp out;
  out.set_seconds(absl::ToUnixSeconds(absl::Now() + duration));
  return out;
}

}  // namespace internal

namespace {

using Articles = v1::ArticleService::Stub;
using Text = v1::TextService::Stub;
using internal::MatrixEntry;
using internal::Nothing;
using internal::PendingSchedule;

absl::StatusOr<std::string> DeletedStory(Admin& admin, const Target& t) {
  absl::Status deleted = admin.DeleteStory(t.pair->story).status();
  if (!deleted.ok()) return deleted;
  return std::string();
}

grpc::Status ListLanguages(const Attempt& a) {
  return a.Call(a.client.articles(), &Articles::ListLanguages, v1::ListLanguagesRequest());
}

grpc::Status CreateStory(const Attempt& a) {
  v1::CreateStoryRequest r;
  r.mutable_story()->set_title("A new story");
  return a.Call(a.client.articles(), &Articles::CreateStory, r);
}

grpc::Status GetStory(const Attempt& a) {
  v1::GetStoryRequest r;
  r.set_name(a.target.pair->story);
  return a.Call(a.client.articles(), &Articles::GetStory, r);
}

grpc::Status ListStories(const Attempt& a) {
  return a.Call(a.client.articles(), &Articles::ListStories, v1::ListStoriesRequest());
}

grpc::Status UpdateStory(const Attempt& a) {
  v1::UpdateStoryRequest r;
  r.mutable_story()->set_name(a.target.pair->story);
  r.mutable_story()->set_title("Retitled");
  return a.Call(a.client.articles(), &Articles::UpdateStory, r);
}

grpc::Status DeleteStory(const Attempt& a) {
  v1::DeleteStoryRequest r;
  r.set_name(a.target.pair->story);
  r.set_force(true);
  return a.Call(a.client.articles(), &Articles::DeleteStory, r);
}

grpc::Status UndeleteStory(const Attempt& a) {
  v1::UndeleteStoryRequest r;
  r.set_name(a.target.pair->story);
  return a.Call(a.client.articles(), &Articles::UndeleteStory, r);
}

grpc::Status Get(const Attempt& a, const v1::Variant& variant, v1::VariantView view) {
  v1::GetVariantRequest r;
  r.set_name(variant.name());
  r.set_view(view);
  return a.Call(a.client.articles(), &Articles::GetVariant, r);
}
grpc::Status GetVariant(const Attempt& a) {
  return Get(a, a.variant(), v1::VARIANT_VIEW_PUBLISHED);
}
grpc::Status GetVariantLatest(const Attempt& a) {
  return Get(a, a.variant(), v1::VARIANT_VIEW_LATEST);
}
grpc::Status GetDraft(const Attempt& a) {
  return Get(a, a.target.pair->DraftIn(a.target.language), v1::VARIANT_VIEW_PUBLISHED);
}

grpc::Status Lookup(const Attempt& a, const v1::Variant& variant, v1::VariantView view) {
  v1::LookupVariantRequest r;
  r.set_language(variant.language());
  r.set_slug(variant.slug());
  r.set_view(view);
  return a.Call(a.client.articles(), &Articles::LookupVariant, r);
}
grpc::Status LookupVariant(const Attempt& a) {
  return Lookup(a, a.variant(), v1::VARIANT_VIEW_PUBLISHED);
}
grpc::Status LookupVariantLatest(const Attempt& a) {
  return Lookup(a, a.variant(), v1::VARIANT_VIEW_LATEST);
}
grpc::Status LookupDraft(const Attempt& a) {
  return Lookup(a, a.target.pair->DraftIn(a.target.language), v1::VARIANT_VIEW_PUBLISHED);
}

grpc::Status List(const Attempt& a, v1::VariantView view) {
  v1::ListVariantsRequest r;
  r.set_language(a.target.language);
  r.set_view(view);
  return a.Call(a.client.articles(), &Articles::ListVariants, r);
}
grpc::Status ListVariants(const Attempt& a) { return List(a, v1::VARIANT_VIEW_UNSPECIFIED); }
grpc::Status ListVariantsLatest(const Attempt& a) { return List(a, v1::VARIANT_VIEW_LATEST); }

grpc::Status GetSchedule(const Attempt& a) {
  v1::GetScheduleRequest r;
  r.set_name(a.prepared);
  return a.Call(a.client.articles(), &Articles::GetSchedule, r);
}

grpc::Status ListSchedules(const Attempt& a) {
  v1::ListSchedulesRequest r;
  r.set_variant(a.variant().name());
  return a.Call(a.client.articles(), &Articles::ListSchedules, r);
}

// Reads one event of the feed from its oldest: a stream the caller may open has published
// events to send it, at least the administrator's publications.
grpc::Status Watch(const Attempt& a) {
  std::unique_ptr<grpc::ClientContext> context = CallAs(a.principal, 20);
  v1::WatchRequest r;
  r.set_from_oldest(true);
  auto reader = a.client.articles().Watch(context.get(), r);
  v1::ChangeEvent event;
  if (!reader->Read(&event)) return reader->Finish();  // refused: the server's status
  context->TryCancel();
  reader->Finish();
  return grpc::Status::OK;
}

// The TextService, on text Jisr does not store.
grpc::Status Analyze(const Attempt& a) {
  v1::AnalyzeTextRequest r;
  r.set_text("الوزراء يجتمعون في الدوحة");
  r.set_language("ar");
  return a.Call(a.client.text(), &Text::Analyze, r);
}

grpc::Status Normalize(const Attempt& a) {
  v1::NormalizeTextRequest r;
  r.set_text("Cafe\xCC\x81");
  return a.Call(a.client.text(), &Text::Normalize, r);
}

grpc::Status Isolate(const Attempt& a) {
  v1::IsolateTextRequest r;
  r.set_text("قال NATO إن");
  r.set_language("ar");
  return a.Call(a.client.text(), &Text::Isolate, r);
}

grpc::Status VisualOrder(const Attempt& a) {
  v1::VisualOrderRequest r;
  r.set_text("قال NATO إن");
  r.set_language("ar");
  return a.Call(a.client.text(), &Text::VisualOrder, r);
}

grpc::Status Slugify(const Attempt& a) {
  v1::SlugifyRequest r;
  r.set_text("Ministers meet in Doha");
  r.set_language("en");
  return a.Call(a.client.text(), &Text::Slugify, r);
}

grpc::Status SearchKey(const Attempt& a) {
  v1::SearchKeyRequest r;
  r.set_text("الدوحة");
  return a.Call(a.client.text(), &Text::SearchKey, r);
}

grpc::Status FormatDate(const Attempt& a) {
  v1::FormatDateRequest r;
  *r.mutable_time() = internal::FromNow(-absl::Hours(1));
  r.set_language("ar");
  r.set_kind(v1::DATELINE_KIND_PUBLISHED);
  return a.Call(a.client.text(), &Text::FormatDate, r);
}

// Stories, reads, the feed and the TextService.
std::vector<MatrixEntry> OtherRequests() {
  return {
      {"ListLanguages", {Nothing, ListLanguages}},
      {"CreateStory", {Nothing, CreateStory}},
      {"GetStory", {Nothing, GetStory}},
      {"ListStories", {Nothing, ListStories}},
      {"UpdateStory", {Nothing, UpdateStory}},
      {"DeleteStory", {Nothing, DeleteStory}},
      {"UndeleteStory", {DeletedStory, UndeleteStory}},
      {"GetVariant", {Nothing, GetVariant}},
      {"GetVariant LATEST", {Nothing, GetVariantLatest}},
      {"GetVariant draft", {Nothing, GetDraft}},
      {"LookupVariant", {Nothing, LookupVariant}},
      {"LookupVariant LATEST", {Nothing, LookupVariantLatest}},
      {"LookupVariant draft", {Nothing, LookupDraft}},
      {"ListVariants", {Nothing, ListVariants}},
      {"ListVariants LATEST", {Nothing, ListVariantsLatest}},
      {"GetSchedule", {PendingSchedule, GetSchedule}},
      {"ListSchedules", {Nothing, ListSchedules}},
      {"Watch", {Nothing, Watch}},
      {"Analyze", {Nothing, Analyze}},
      {"Normalize", {Nothing, Normalize}},
      {"Isolate", {Nothing, Isolate}},
      {"VisualOrder", {Nothing, VisualOrder}},
      {"Slugify", {Nothing, Slugify}},
      {"SearchKey", {Nothing, SearchKey}},
      {"FormatDate", {Nothing, FormatDate}},
  };
}

const std::map<std::string, MatrixRequest, std::less<>>& Requests() {
  static const auto* const requests = [] {
    auto* all = new std::map<std::string, MatrixRequest, std::less<>>();
    for (const auto& group : {OtherRequests(), internal::WriteRequests()}) {
      for (const MatrixEntry& entry : group) all->emplace(entry.first, entry.second);
    }
    return all;
  }();
  return *requests;
}

}  // namespace

const MatrixRequest* FindMatrixRequest(absl::string_view label) {
  auto it = Requests().find(label);
  return it == Requests().end() ? nullptr : &it->second;
}

}  // namespace jisr::security
