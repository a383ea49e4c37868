#include "tests/security/security_support.h"

#include <algorithm>
#include <chrono>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/rpc/status.pb.h"

namespace jisr::security {
namespace {

google::protobuf::Timestamp ToTimestamp(absl::Time time) {
  google::protobuf::Timestamp out;
  const int64_t nanos = absl::ToUnixNanos(time);
  out.set_seconds(nanos / 1000000000);
  out.set_nanos(static_cast<int32_t>(nanos % 1000000000));
  return out;
}

constexpr char kAdmin[] = "admin@newsroom.test";

}  // namespace

absl::StatusOr<testing::JisrdProcess> StartJisrd(const testing::TempDir& dir,
                                                 const std::vector<std::string>& flags) {
  std::vector<std::string> all = {"--data_path=" + dir.File("jisr.db")};
  all.insert(all.end(), flags.begin(), flags.end());
  return testing::JisrdProcess::Start(all, dir.path());
}

namespace {
absl::Mutex tokens_mu(absl::kConstInit);
std::map<std::string, std::string>* tokens ABSL_GUARDED_BY(tokens_mu) =
    new std::map<std::string, std::string>();
}  // namespace

void RememberToken(const std::string& principal, const std::string& token) {
  absl::MutexLock lock(&tokens_mu);
  (*tokens)[principal] = token;
}

const std::string& TokenFor(const std::string& principal) {
  absl::MutexLock lock(&tokens_mu);
  auto [it, made] = tokens->try_emplace(principal);
  if (made) it->second = testing::TestCredentials::Get().Token(principal);
  return it->second;
}

std::unique_ptr<grpc::ClientContext> CallWithToken(const std::string& token, int seconds) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(seconds));
  if (!token.empty()) context->AddMetadata("authorization", "Bearer " + token);
  return context;
}

std::unique_ptr<grpc::ClientContext> CallAs(const std::string& principal, int seconds) {
  return CallWithToken(principal.empty() ? std::string() : TokenFor(principal), seconds);
}

Client::Client(const std::string& target)
    : channel_(grpc::CreateChannel(target, grpc::InsecureChannelCredentials())),
      articles_(v1::ArticleService::NewStub(channel_)),
      text_(v1::TextService::NewStub(channel_)) {}

google::rpc::ErrorInfo ErrorInfoOf(const grpc::Status& status) {
  google::rpc::Status details;
  google::rpc::ErrorInfo info;
  if (!details.ParseFromString(status.error_details())) return info;
  for (const auto& any : details.details()) {
    if (any.UnpackTo(&info)) break;
  }
  return info;
}

std::string CanonicalDetails(const grpc::Status& status) {
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return "(details not a google.rpc.Status)";
  // Details in type order: jisrd attaches them in no fixed order either.
  std::vector<const google::protobuf::Any*> sorted;
  for (const google::protobuf::Any& any : details.details()) sorted.push_back(&any);
  std::sort(sorted.begin(), sorted.end(),
            [](const auto* a, const auto* b) { return a->type_url() < b->type_url(); });
  std::string out = absl::StrCat(details.code(), "\n", details.message(), "\n");
  for (const google::protobuf::Any* detail_any : sorted) {
    const google::protobuf::Any& any = *detail_any;
    const std::string type = any.type_url().substr(any.type_url().rfind('/') + 1);
    const google::protobuf::Descriptor* descriptor =
        google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(type);
    if (descriptor == nullptr) {
      absl::StrAppend(&out, any.type_url(), " (unknown type)\n", any.value(), "\n");
      continue;
    }
    std::unique_ptr<google::protobuf::Message> detail(
        google::protobuf::MessageFactory::generated_factory()->GetPrototype(descriptor)->New());
    if (!detail->ParseFromString(any.value())) {
      absl::StrAppend(&out, any.type_url(), " (unparsable)\n");
      continue;
    }
    std::string bytes;
    {
      google::protobuf::io::StringOutputStream stream(&bytes);
      google::protobuf::io::CodedOutputStream coded(&stream);
      coded.SetSerializationDeterministic(true);  // map entries in key order
      detail->SerializeToCodedStream(&coded);
    }
    absl::StrAppend(&out, any.type_url(), "\n", bytes, "\n");
  }
  return out;
}

std::string CodeName(grpc::StatusCode code) {
  return absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
}

std::string Describe(const grpc::Status& status) {
  if (status.ok()) return "OK";
  return absl::StrCat(CodeName(status.error_code()), " ", ErrorInfoOf(status).reason(), ": ",
                      status.error_message());
}

absl::Status ToAbsl(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()), Describe(status));
}

absl::StatusOr<v1::Variant> Admin::CreateVariant(const std::string& language,
                                                 const std::string& headline,
                                                 const std::string& translation_of) {
  v1::CreateVariantRequest request;
  request.mutable_variant()->set_language(language);
  request.mutable_variant()->set_headline(headline);
  if (!translation_of.empty()) {
    request.mutable_variant()->mutable_translation_source()->set_variant(translation_of);
  }
  v1::Variant out;
  absl::Status status =
      ToAbsl(client_.articles().CreateVariant(CallAs(kAdmin).get(), request, &out));
  if (!status.ok()) return status;
  return out;
}

absl::StatusOr<v1::Variant> Admin::UpdateHeadline(const std::string& variant,
                                                  const std::string& headline) {
  v1::UpdateVariantRequest request;
  request.mutable_variant()->set_name(variant);
  request.mutable_variant()->set_headline(headline);
  request.mutable_update_mask()->add_paths("headline");
  v1::Variant out;
  absl::Status status =
      ToAbsl(client_.articles().UpdateVariant(CallAs(kAdmin).get(), request, &out));
  if (!status.ok()) return status;
  return out;
}

absl::StatusOr<v1::Variant> Admin::Publish(const std::string& variant) {
  v1::PublishVariantRequest request;
  request.set_name(variant);
  v1::Variant out;
  absl::Status status =
      ToAbsl(client_.articles().PublishVariant(CallAs(kAdmin).get(), request, &out));
  if (!status.ok()) return status;
  return out;
}

absl::StatusOr<v1::Variant> Admin::GetLatest(const std::string& variant) {
  v1::GetVariantRequest request;
  request.set_name(variant);
  request.set_view(v1::VARIANT_VIEW_LATEST);
  v1::Variant out;
  absl::Status status = ToAbsl(client_.articles().GetVariant(CallAs(kAdmin).get(), request, &out));
  if (!status.ok()) return status;
  return out;
}

absl::StatusOr<v1::Story> Admin::CreateStory(const std::string& title) {
  v1::CreateStoryRequest request;
  request.mutable_story()->set_title(title);
  v1::Story out;
  absl::Status status = ToAbsl(client_.articles().CreateStory(CallAs(kAdmin).get(), request, &out));
  if (!status.ok()) return status;
  return out;
}

absl::StatusOr<v1::Story> Admin::DeleteStory(const std::string& story) {
  v1::DeleteStoryRequest request;
  request.set_name(story);
  request.set_force(true);
  v1::Story out;
  absl::Status status = ToAbsl(client_.articles().DeleteStory(CallAs(kAdmin).get(), request, &out));
  if (!status.ok()) return status;
  return out;
}

absl::StatusOr<v1::Variant> Admin::DeleteVariant(const std::string& variant) {
  v1::DeleteVariantRequest request;
  request.set_name(variant);
  v1::Variant out;
  absl::Status status =
      ToAbsl(client_.articles().DeleteVariant(CallAs(kAdmin).get(), request, &out));
  if (!status.ok()) return status;
  return out;
}

absl::StatusOr<v1::Schedule> Admin::ScheduleInAnHour(const std::string& variant) {
  v1::CreateScheduleRequest request;
  request.mutable_schedule()->add_variants(variant);
  request.mutable_schedule()->set_action(v1::SCHEDULE_ACTION_PUBLISH);
  *request.mutable_schedule()->mutable_due_time() = ToTimestamp(absl::Now() + absl::Hours(1));
  v1::Schedule out;
  absl::Status status =
      ToAbsl(client_.articles().CreateSchedule(CallAs(kAdmin).get(), request, &out));
  if (!status.ok()) return status;
  return out;
}

absl::StatusOr<std::string> Admin::AddCorrection(const std::string& variant) {
  v1::AddCorrectionRequest request;
  request.set_name(variant);
  request.mutable_correction()->set_kind(v1::CORRECTION_KIND_CORRECTION);
  request.mutable_correction()->set_text("An earlier version gave the wrong date.");
  v1::Variant out;
  absl::Status status =
      ToAbsl(client_.articles().AddCorrection(CallAs(kAdmin).get(), request, &out));
  if (!status.ok()) return status;
  if (out.corrections().empty()) return absl::InternalError("the correction is not on the variant");
  return out.corrections(out.corrections_size() - 1).id();
}

absl::StatusOr<int> Admin::CountVariants() {
  v1::ListVariantsRequest request;
  request.set_view(v1::VARIANT_VIEW_BASIC);
  request.set_show_deleted(true);
  request.set_page_size(500);
  int count = 0;
  do {
    v1::ListVariantsResponse page;
    absl::Status status =
        ToAbsl(client_.articles().ListVariants(CallAs(kAdmin).get(), request, &page));
    if (!status.ok()) return status;
    count += page.variants_size();
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  return count;
}

absl::StatusOr<std::string> Admin::StateOf(const StoryPair& pair) {
  std::string state;
  for (const v1::Variant* variant : {&pair.en, &pair.ar}) {
    absl::StatusOr<v1::Variant> latest = GetLatest(variant->name());
    if (!latest.ok()) return latest.status();
    absl::StrAppend(&state, latest->etag(), " ");
  }
  v1::GetStoryRequest get;
  get.set_name(pair.story);
  v1::Story story;
  absl::Status got = ToAbsl(client_.articles().GetStory(CallAs(kAdmin).get(), get, &story));
  if (!got.ok()) return got;
  v1::ListStoriesRequest list;
  list.set_show_deleted(true);
  list.set_page_size(500);
  int stories = 0;
  do {
    v1::ListStoriesResponse page;
    absl::Status listed = ToAbsl(client_.articles().ListStories(CallAs(kAdmin).get(), list, &page));
    if (!listed.ok()) return listed;
    stories += page.stories_size();
    list.set_page_token(page.next_page_token());
  } while (!list.page_token().empty());
  absl::StatusOr<int> variants = CountVariants();
  if (!variants.ok()) return variants.status();
  return absl::StrCat(state, story.etag(), " ", stories, " stories ", *variants, " variants");
}

absl::StatusOr<std::string> Admin::HeadCursor() {
  std::unique_ptr<grpc::ClientContext> context = CallAs(kAdmin);
  auto reader = client_.articles().Watch(context.get(), v1::WatchRequest());
  reader->WaitForInitialMetadata();
  const auto& metadata = context->GetServerInitialMetadata();
  auto it = metadata.find("x-jisr-watch-cursor");
  std::string cursor =
      it == metadata.end() ? "" : std::string(it->second.data(), it->second.size());
  context->TryCancel();
  grpc::Status status = reader->Finish();
  if (cursor.empty()) return absl::InternalError("no start cursor: " + Describe(status));
  return cursor;
}

absl::StatusOr<int> Admin::CountEvents() {
  // jisrd's feed follows commits a moment later (its tailer looks at least every 200 ms): the
  // head is settled once it stays put for longer than that.
  absl::StatusOr<std::string> head = HeadCursor();
  for (int tries = 0; head.ok() && tries < 20; ++tries) {
    absl::SleepFor(absl::Milliseconds(250));
    absl::StatusOr<std::string> again = HeadCursor();
    if (!again.ok() || *again == *head) break;
    head = std::move(again);
  }
  if (!head.ok()) return head.status();
  std::unique_ptr<grpc::ClientContext> context = CallAs(kAdmin, 60);
  v1::WatchRequest request;
  request.set_from_oldest(true);
  // An empty feed sends nothing but heartbeats.
  request.mutable_heartbeat_interval()->set_seconds(1);
  auto reader = client_.articles().Watch(context.get(), request);
  int count = 0;
  v1::ChangeEvent event;
  bool at_head = false;
  while (!at_head && reader->Read(&event)) {
    if (event.kind() == v1::CHANGE_KIND_HEARTBEAT) {
      at_head = event.cursor() == *head;
      continue;
    }
    ++count;
    at_head = event.cursor() == *head;
  }
  context->TryCancel();
  grpc::Status status = reader->Finish();
  if (!at_head) return absl::InternalError(absl::StrCat("the watch ended: ", Describe(status)));
  return count;
}

absl::StatusOr<StoryPair> MakeStoryPair(Admin& admin, const std::string& tag, bool with_drafts) {
  StoryPair pair;
  absl::StatusOr<v1::Variant> en = admin.CreateVariant("en", "Ministers meet in Doha " + tag);
  if (!en.ok()) return en.status();
  absl::StatusOr<v1::Variant> ar =
      admin.CreateVariant("ar", "الوزراء يجتمعون في الدوحة " + tag, en->name());
  if (!ar.ok()) return ar.status();
  for (absl::StatusOr<v1::Variant>* v : {&en, &ar}) {
    const std::string name = (*v)->name();
    const std::string headline = (*v)->headline();
    if (absl::Status s = admin.Publish(name).status(); !s.ok()) return s;
    *v = admin.UpdateHeadline(name, headline + " (2)");
    if (!v->ok()) return v->status();
  }
  pair.story = en->story();
  pair.en = *std::move(en);
  pair.ar = *std::move(ar);
  if (with_drafts) {
    absl::StatusOr<v1::Variant> draft_en = admin.CreateVariant("en", "Embargoed budget " + tag);
    if (!draft_en.ok()) return draft_en.status();
    absl::StatusOr<v1::Variant> draft_ar = admin.CreateVariant("ar", "ميزانية محظورة " + tag);
    if (!draft_ar.ok()) return draft_ar.status();
    pair.draft_en = *std::move(draft_en);
    pair.draft_ar = *std::move(draft_ar);
  }
  return pair;
}

}  // namespace jisr::security
