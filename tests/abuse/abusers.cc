#include "tests/abuse/abusers.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "clients/import/scraped_article.h"
#include "clients/import/udhr_html.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "services/api/watch_reactor.h"
#include "tests/security/security_support.h"
#include "tests/testing/fixtures.h"
#include "tests/testing/test_credentials.h"

namespace jisr::abuse {
namespace {

std::chrono::system_clock::time_point DeadlineIn(absl::Duration duration) {
  return std::chrono::system_clock::now() + absl::ToChronoNanoseconds(duration);
}

std::string Describe(const grpc::Status& status) {
  return absl::StrCat(security::CodeName(status.error_code()), ": ", status.error_message());
}

bool HasRetryInfo(const grpc::Status& status) {
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return false;
  for (const auto& any : details.details()) {
    if (any.Is<google::rpc::RetryInfo>()) return true;
  }
  return false;
}

void NoteOther(FloodReport& report, const grpc::Status& status) {
  ++report.other_count;
  if (report.other.size() < 20) report.other.push_back(Describe(status));
}

}  // namespace

std::shared_ptr<grpc::Channel> OwnConnection(const std::string& target, int index,
                                             int max_receive_bytes) {
  grpc::ChannelArguments args;
  // A subchannel pool of the channel's own, and an argument no other channel has: gRPC then
  // opens a connection for this channel alone.
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  args.SetInt("jisr.test.connection", index);
  args.SetMaxReceiveMessageSize(max_receive_bytes);
  args.SetMaxSendMessageSize(max_receive_bytes);
  return grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), args);
}

absl::StatusOr<ServedSeed> StartWithSeed(const testing::TempDir& dir,
                                         const std::vector<std::string>& flags) {
  absl::StatusOr<testing::JisrdProcess> process = security::StartJisrd(dir, flags);
  if (!process.ok()) return process.status();
  absl::StatusOr<import::ImportedArticle> article = import::ParseScrapedArticle(
      testing::ReadFileOrDie(testing::FixturePath("seed-article-en.txt")), "en");
  if (!article.ok()) return article.status();

  security::Client client(process->target());
  v1::CreateVariantRequest create;
  *create.mutable_variant() = article->variant;
  v1::Variant created;
  grpc::Status status = client.articles().CreateVariant(security::CallAs(testing::kTestAdmin).get(),
                                                        create, &created);
  if (!status.ok()) return security::ToAbsl(status);
  security::Admin admin(client);
  absl::StatusOr<v1::Variant> published = admin.Publish(created.name());
  if (!published.ok()) return published.status();
  return ServedSeed{*std::move(process), created.name()};
}

int64_t ResidentBytes(pid_t pid) {
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) != 0) continue;
    std::vector<std::string> parts = absl::StrSplit(line, ' ', absl::SkipEmpty());
    int64_t kib = 0;
    if (parts.size() >= 2 && absl::SimpleAtoi(parts[1], &kib)) return kib * 1024;
  }
  return 0;
}

absl::Duration RendererReport::Percentile(double fraction) const {
  if (latencies.empty()) return absl::ZeroDuration();
  std::vector<absl::Duration> sorted = latencies;
  std::sort(sorted.begin(), sorted.end());
  const size_t index = std::min(sorted.size() - 1,
                                static_cast<size_t>(fraction * static_cast<double>(sorted.size())));
  return sorted[index];
}

Renderer::Renderer(const std::string& target, std::string variant, int threads,
                   absl::Duration deadline)
    : channel_(OwnConnection(target, -1)),
      stub_(v1::ArticleService::NewStub(channel_)),
      variant_(std::move(variant)),
      threads_(threads),
      deadline_(deadline) {}

Renderer::~Renderer() { Stop(); }

void Renderer::Start() {
  stop_ = false;
  {
    absl::MutexLock lock(&mu_);
    report_ = RendererReport();
  }
  for (int i = 0; i < threads_; ++i) workers_.emplace_back([this] { Run(); });
}

RendererReport Renderer::Stop() {
  stop_ = true;
  for (std::thread& worker : workers_) worker.join();
  workers_.clear();
  absl::MutexLock lock(&mu_);
  return report_;
}

void Renderer::Run() {
  const std::string& token = security::TokenFor(testing::kTestReader);
  v1::GetVariantRequest request;
  request.set_name(variant_);
  while (!stop_) {
    grpc::ClientContext context;
    context.set_deadline(DeadlineIn(deadline_));
    context.AddMetadata("authorization", "Bearer " + token);
    v1::Variant page;
    const absl::Time start = absl::Now();
    grpc::Status status = stub_->GetVariant(&context, request, &page);
    const absl::Duration took = absl::Now() - start;
    if (status.ok() && page.headline().empty()) {
      status = grpc::Status(grpc::StatusCode::INTERNAL, "the published view has no headline");
    }
    absl::MutexLock lock(&mu_);
    ++report_.calls;
    report_.latencies.push_back(took);
    if (!status.ok()) {
      ++report_.failed;
      if (report_.failures.size() < 20) report_.failures.push_back(Describe(status));
    }
  }
}

int StreamHog::Open(int streams, int connections) {
  queue_ = std::make_unique<grpc::CompletionQueue>();
  for (int i = 0; i < connections; ++i) {
    channels_.push_back(OwnConnection(target_, 1000 + i));
    stubs_.push_back(std::make_unique<grpc::GenericStub>(channels_.back()));
  }
  int started = 0;
  for (int i = 0; i < streams; ++i) {
    auto held = std::make_unique<HeldCall>();
    grpc::GenericStub& stub = *stubs_[i % connections];
    held->call =
        stub.PrepareCall(&held->context, "/jisr.v1.ArticleService/GetVariant", queue_.get());
    held->call->StartCall(held.get());
    calls_.push_back(std::move(held));
  }
  // Each start completes once the headers are on their way.
  for (int i = 0; i < streams; ++i) {
    void* tag = nullptr;
    bool ok = false;
    if (queue_->AsyncNext(&tag, &ok, DeadlineIn(absl::Seconds(30))) !=
        grpc::CompletionQueue::GOT_EVENT) {
      break;
    }
    if (ok) ++started;
  }
  drainer_ = std::thread([queue = queue_.get()] {
    void* tag = nullptr;
    bool ok = false;
    while (queue->Next(&tag, &ok)) {
    }
  });
  return started;
}

void StreamHog::Close() {
  for (auto& held : calls_) held->context.TryCancel();
  if (queue_ != nullptr) {
    // Each cancelled call still reports its finish; ask for them so the queue can drain.
    for (auto& held : calls_) {
      held->call->Finish(&held->finish, held.get());
    }
    queue_->Shutdown();
  }
  if (drainer_.joinable()) drainer_.join();
  calls_.clear();
  stubs_.clear();
  channels_.clear();
  queue_.reset();
}

FloodReport FloodAnalyze(const std::string& target, const std::string& text, int callers,
                         int rounds, absl::Duration deadline, const std::atomic<bool>* stop) {
  absl::Mutex mu;
  FloodReport report;
  std::vector<std::thread> threads;
  for (int i = 0; i < callers; ++i) {
    threads.emplace_back([&, i] {
      std::unique_ptr<v1::TextService::Stub> stub =
          v1::TextService::NewStub(OwnConnection(target, 5000 + i));
      v1::AnalyzeTextRequest request;
      request.set_text(text);
      request.set_language("ar");
      const std::string& token = security::TokenFor(testing::kTestEditor);
      for (int round = 0; round < rounds && (stop == nullptr || !*stop); ++round) {
        grpc::ClientContext context;
        context.set_deadline(DeadlineIn(deadline));
        context.AddMetadata("authorization", "Bearer " + token);
        v1::AnalyzeTextResponse response;
        grpc::Status status = stub->Analyze(&context, request, &response);
        absl::MutexLock lock(&mu);
        if (status.ok()) {
          ++report.ok;
        } else if (status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) {
          ++report.refused;
          if (HasRetryInfo(status)) ++report.refused_with_retry_info;
        } else {
          NoteOther(report, status);
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  return report;
}

std::string ArabicOfBytes(size_t bytes) {
  absl::StatusOr<v1::Variant> udhr =
      import::ParseUdhrHtml(testing::ReadFileOrDie(testing::FixturePath("udhr/arb.html")), "ar");
  if (!udhr.ok()) {
    throw testing::FixtureUnavailable(
        absl::StrCat("tests/fixtures/udhr/arb.html does not parse: ", udhr.status().ToString()));
  }
  std::string one;
  for (const v1::Block& block : udhr->blocks()) {
    if (block.has_paragraph()) absl::StrAppend(&one, block.paragraph().text(), "\n");
  }
  std::string text;
  while (text.size() <= bytes) text += one;
  // Back up to the start of a character.
  size_t end = bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
  return text;
}

namespace {

// The longest paragraph the contract allows, in characters.
constexpr size_t kParagraphChars = 20000;

size_t Characters(absl::string_view utf8) {
  size_t n = 0;
  for (unsigned char c : utf8) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

v1::UpdateVariantRequest OversizeUpdate(const v1::Variant& current, size_t max_message_bytes) {
  v1::UpdateVariantRequest update;
  update.mutable_variant()->set_name(current.name());
  update.mutable_variant()->set_etag(current.etag());
  update.mutable_update_mask()->add_paths("blocks");
  // Room for the name, the etag, the mask and the framing of each block.
  const size_t budget = max_message_bytes - (16 << 10);
  std::string paragraph;
  size_t total = 0;
  for (absl::string_view sentence :
       absl::StrSplit(ArabicOfBytes(max_message_bytes), '\n', absl::SkipEmpty())) {
    const std::string piece = absl::StrCat("AFP: ", sentence, " ");
    if (total + piece.size() > budget) break;
    if (Characters(piece) > kParagraphChars) continue;
    if (Characters(paragraph) + Characters(piece) > kParagraphChars) {
      update.mutable_variant()->add_blocks()->mutable_paragraph()->set_text(paragraph);
      paragraph.clear();
    }
    paragraph += piece;
    total += piece.size();
  }
  if (!paragraph.empty()) {
    update.mutable_variant()->add_blocks()->mutable_paragraph()->set_text(paragraph);
  }
  return update;
}

WatchHog::WatchHog(const std::string& target, std::string principal)
    : channel_(OwnConnection(target, 9000)),
      stub_(v1::ArticleService::NewStub(channel_)),
      principal_(std::move(principal)) {}

std::optional<grpc::Status> WatchHog::Begin(v1::ArticleService::Stub& stub, OpenWatch& watch,
                                            const std::string& principal) {
  watch.context.AddMetadata("authorization", "Bearer " + security::TokenFor(principal));
  watch.context.set_deadline(DeadlineIn(absl::Minutes(10)));
  v1::WatchRequest request;
  watch.reader = stub.Watch(&watch.context, request);
  // jisrd sends a Watch's headers, with the cursor it starts after, once it has accepted the
  // stream; a refused stream ends with its status and no headers.
  watch.reader->WaitForInitialMetadata();
  const auto& headers = watch.context.GetServerInitialMetadata();
  if (headers.find(api::kWatchStartCursorKey) != headers.end()) return std::nullopt;
  return watch.reader->Finish();
}

int WatchHog::OpenUntilRefused(int limit) {
  while (static_cast<int>(open_.size()) < limit) {
    auto watch = std::make_unique<OpenWatch>();
    std::optional<grpc::Status> ended = Begin(*stub_, *watch, principal_);
    if (ended) {
      refusal_ = *ended;
      break;
    }
    open_.push_back(std::move(watch));
  }
  return static_cast<int>(open_.size());
}

grpc::Status WatchHog::TryOne(const std::string& principal) {
  OpenWatch watch;
  std::optional<grpc::Status> ended = Begin(*stub_, watch, principal);
  if (ended) return *ended;
  watch.context.TryCancel();
  watch.reader->Finish();
  return grpc::Status::OK;
}

void WatchHog::Close() {
  for (auto& watch : open_) {
    watch->context.TryCancel();
    watch->reader->Finish();
  }
  open_.clear();
}

}  // namespace jisr::abuse
