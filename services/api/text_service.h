// The gRPC face of TextServiceCore: jisr.v1.TextService. Every method decodes its request itself
// (so a text with invalid UTF-8 is INVALID_ARGUMENT naming "text" and the byte, where protobuf's
// parser would only fail) and runs TextServiceCore on the service's own small pool of threads.
//
// The pipeline is CPU-only but not cheap: ICU on a megabyte of mixed Arabic and Latin text keeps a
// core busy for over a tenth of a second. On gRPC's callback threads, a burst of such calls would
// take the threads every other call (and the ArticleService) needs. So gRPC's threads only check
// the caller and hand the call, still encoded, to the pool (which decodes it); a call that finds
// the pool's threads busy and its short queue full is answered at once with RESOURCE_EXHAUSTED
// (reason TEXT_SERVICE_BUSY, with a google.rpc.RetryInfo) rather than queued without limit or
// left to time out, and a queued call whose client has gone by the time a thread is free is not
// run.
//
// A text within the limit can still have an analysis too large for one message (a megabyte of
// alternating Arabic and Latin words analyses to over 20 MB of spans and runs); such a call gets
// INVALID_ARGUMENT naming "text" and saying to send less, not gRPC's bare RESOURCE_EXHAUSTED, and
// TextServiceCore stops building the response as soon as it passes the limit.
#ifndef JISR_SERVICES_API_TEXT_SERVICE_H_
#define JISR_SERVICES_API_TEXT_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include <cstddef>
#include <string_view>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "jisr/v1/text_service.grpc.pb.h"
#include "services/api/authorizer.h"
#include "services/api/call_observer.h"
#include "services/api/rpc_table.h"
#include "services/api/rpc_table_check.h"
#include "services/api/worker_pool.h"
#include "services/textservice/text_service_core.h"

namespace jisr::api {

namespace internal {

using TextV1 = jisr::v1::TextService;
#define JISR_RAW_TEXT_WRAPPER(Method, ...) TextV1::WithRawCallbackMethod_##Method,
// Every method of jisr.v1.TextService as a raw callback method (rpc_table.h).
using RawTextService =
    rpc_table::Stack<TextV1::Service,
                     JISR_TEXT_SERVICE_RPCS(JISR_RAW_TEXT_WRAPPER) rpc_table::NoWrapper>::type;
#undef JISR_RAW_TEXT_WRAPPER

#define JISR_RPC_NAME(Method, ...) #Method,
inline constexpr std::string_view kTextServiceRpcs[] = {JISR_TEXT_SERVICE_RPCS(JISR_RPC_NAME)};
#undef JISR_RPC_NAME

static_assert(rpc_table::AllDistinct(kTextServiceRpcs),
              "a method of jisr.v1.TextService is listed twice in rpc_table.h");
static_assert(rpc_table::kCoversEveryMethod<RawTextService, TextV1::CallbackService>,
              "jisr.v1.TextService has a method without a line in rpc_table.h: add one");

}  // namespace internal

// jisrd's default ServerOptions::max_message_bytes.
inline constexpr int kDefaultMaxTextResponseBytes = 8 << 20;

struct TextServiceOptions {
  // The largest message the server sends (its max send message size): a larger result is
  // refused naming "text" (reason RESPONSE_TOO_LARGE).
  int max_response_bytes = kDefaultMaxTextResponseBytes;
  // Threads that run the pipeline (at least 1). Few: each call is CPU-bound, so more threads
  // than cores only make every call slower, and the cores are shared with the ArticleService.
  int threads = 2;
  // Calls that may wait for a thread (at least 1); one more is answered RESOURCE_EXHAUSTED at
  // once. Short: a call that waits behind many 1 MiB texts is better told to come back.
  size_t max_queued = 8;
  // How much lower than the rest of jisrd the pool's threads run (their nice value, raised):
  // analysis yields the cores to published reads, which must never wait behind it.
  int lower_priority = 10;
  // What a refused call is told to wait before it tries again (google.rpc.RetryInfo).
  absl::Duration retry_delay = absl::Seconds(1);
  // Sees every finished call (the access log, the metrics); may be null.
  CallObserver* observer = nullptr;
};

class TextService final : public internal::RawTextService {
 public:
  // `authorizer` (which must outlive the service) admits callers with content.read_published.
  TextService(textservice::TextServiceCore tools, Authorizer* authorizer,
              const TextServiceOptions& options = {});

  using Reactor = grpc::ServerUnaryReactor;
  using Context = grpc::CallbackServerContext;
  using Bytes = grpc::ByteBuffer;

#define JISR_DECLARE_HANDLER(Method, ...) \
  Reactor* Method(Context* c, const Bytes* in, Bytes* out) override;
  JISR_TEXT_SERVICE_RPCS(JISR_DECLARE_HANDLER)
#undef JISR_DECLARE_HANDLER

  // The pool calls run on, for the metrics.
  const WorkerPool& pool() const { return pool_; }

 private:
  template <typename Request, typename Response>
  using ToolMethod = absl::StatusOr<Response> (textservice::TextServiceCore::*)(
      const Request&, textservice::ResponseBudget*) const;

  // On gRPC's thread: check the caller and hand the call to the pool (which decodes it), or
  // refuse it.
  template <typename Request, typename Response>
  Reactor* Serve(const char* name, Context* context, const Bytes* in, Bytes* out,
                 ToolMethod<Request, Response> method);

  // On the pool: call `method` within the response limit and encode its answer into `out`.
  template <typename Request, typename Response>
  absl::Status Run(const Context& context, const Request& request, Bytes& out,
                   ToolMethod<Request, Response> method) const;

  // RESOURCE_EXHAUSTED, reason TEXT_SERVICE_BUSY, with the RetryInfo.
  absl::Status Busy() const;

  const textservice::TextServiceCore tools_;
  Authorizer* const authorizer_;
  const TextServiceOptions options_;
  // Last, so destroyed first: the calls it still holds finish while the rest of the service is
  // whole.
  WorkerPool pool_;
};

}  // namespace jisr::api

#endif  // JISR_SERVICES_API_TEXT_SERVICE_H_
