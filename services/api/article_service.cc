#include "services/api/article_service.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/api/audit_log.h"
#include "services/api/grpc_status.h"
#include "services/api/wire.h"
#include "services/common/errors.h"
#include "services/common/log.h"

namespace jisr::api {
namespace {

constexpr char kArticleServiceName[] = "jisr.v1.ArticleService";

// The string field `name` of a request (its request_id; a purge's reason), if it has one.
std::string StringFieldOf(const google::protobuf::Message& request, const char* name) {
  const google::protobuf::FieldDescriptor* field = request.GetDescriptor()->FindFieldByName(name);
  return field == nullptr || field->type() != google::protobuf::FieldDescriptor::TYPE_STRING ||
                 field->is_repeated()
             ? std::string()
             : request.GetReflection()->GetString(request, field);
}

// Whether a read of published-view methods asks for drafts: a view other than the published one
// (ListVariants' default view shows drafts to those who may see them).
bool ShowsDrafts(const google::protobuf::Message& request, const access::Caller& caller) {
  const google::protobuf::FieldDescriptor* field = request.GetDescriptor()->FindFieldByName("view");
  if (field == nullptr || field->type() != google::protobuf::FieldDescriptor::TYPE_ENUM) {
    return false;
  }
  const int view = request.GetReflection()->GetEnumValue(request, field);
  return caller.SeesDrafts() && view != jisr::v1::VARIANT_VIEW_PUBLISHED &&
         (view != jisr::v1::VARIANT_VIEW_UNSPECIFIED ||
          request.GetDescriptor() == jisr::v1::ListVariantsRequest::descriptor());
}

}  // namespace

template <typename Request, typename Response, RpcKind kind, access::Permission permission,
          typename Call>
ArticleService::Reactor* ArticleService::Serve(const char* method, Context* context,
                                               const Bytes* in, Bytes* out, Call call) {
  Reactor* reactor = context->DefaultReactor();
  UnaryCall finish(observer_, kArticleServiceName, method, context, reactor, in, out);
  auto request = std::make_shared<Request>();
  // Credentials first: a caller who may not call the method learns nothing from its decoding.
  absl::StatusOr<articles::CallContext> caller = Admit(*context, permission, method);
  if (caller.ok()) finish.set_principal(caller->principal());
  absl::Status status = caller.ok() ? DecodeRequest(*in, *request) : caller.status();
  if (!status.ok()) {
    finish.Finish(ToGrpcStatus(status, method));
    return reactor;
  }
  if constexpr (kind == RpcKind::kWrite)
    finish.set_request_id(StringFieldOf(*request, "request_id"));
  if constexpr (kind == RpcKind::kPublishedRead) {
    // The renderer's hot path: a published view in memory is answered on this thread, as the
    // bytes stored at write time, after the same checks as every other call.
    if (auto bytes = newsroom_->variant_reading().CachedAnswer(*request)) {
      ShareBytes(std::move(bytes), *out);
      finish.Finish(grpc::Status::OK);
      return reactor;
    }
  }
  const bool audited = kind == RpcKind::kWrite || permission == access::Permission::kReadDrafts ||
                       ShowsDrafts(*request, caller->caller);
  // The latest a call may start: its own deadline, or the server's default for calls with none.
  const auto arrived = std::chrono::system_clock::now();
  const auto start_by = context->deadline() == std::chrono::system_clock::time_point::max()
                            ? arrived + absl::ToChronoNanoseconds(default_deadline_)
                            : context->deadline();
  WorkerPool* pool = kind == RpcKind::kWrite ? pools_.writes : pools_.reads;
  const bool queued = pool->TrySchedule([this, method, context, finish, out, request, call, audited,
                                         start_by, caller = *std::move(caller)] {
    if (context->IsCancelled()) {
      finish.Finish(grpc::Status(grpc::StatusCode::CANCELLED, "the call was cancelled"));
      return;
    }
    if (start_by < std::chrono::system_clock::now()) {
      finish.Finish(grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                                 "the deadline passed before the server could start the call"));
      return;
    }
    absl::StatusOr<Response> response = call(*request, caller);
    absl::Status result = response.status();
    if (result.ok()) result = EncodeResponse(*response, *out);
    if (audited) {
      Audit(*context, caller, method, *request, response.ok() ? &*response : nullptr, result.code(),
            kind == RpcKind::kWrite);
    }
    finish.Finish(ToGrpcStatus(result, method));
  });
  if (!queued) {
    // Full: say so at once. Waiting would only make this call, and every call after it, late.
    finish.Finish(
        ToGrpcStatus(BusyError("SERVER_BUSY",
                               absl::StrCat("jisrd's ", pool->name(),
                                            " are all busy and their queue is full: retry "
                                            "after the delay in RetryInfo, with backoff"),
                               absl::Seconds(1), {{"pool", pool->name()}})));
  }
  return reactor;
}

absl::StatusOr<articles::CallContext> ArticleService::Admit(const Context& context,
                                                            access::Permission permission,
                                                            absl::string_view method) {
  absl::StatusOr<articles::CallContext> caller = authorizer_->Authenticate(context);
  absl::Status allowed =
      caller.ok() ? Authorizer::Authorize(*caller, permission, method) : caller.status();
  if (allowed.ok()) return caller;
  if (audit_ != nullptr && audit_->options().refused) {
    // Credentials that do not verify name nobody: the refusal is recorded as anonymous.
    static const access::Caller* const kUnverified = new access::Caller();
    audit_->Record({absl::Now(),
                    caller.ok() ? &caller->caller : kUnverified,
                    context.peer(),
                    std::string(method),
                    {},
                    "",
                    allowed.code(),
                    {},
                    ""});
  }
  return allowed;
}

void ArticleService::Audit(const Context& context, const articles::CallContext& caller,
                           absl::string_view method, const google::protobuf::Message& request,
                           const google::protobuf::Message* response, absl::StatusCode code,
                           bool write) {
  if (audit_ == nullptr || (!write && !audit_->options().draft_reads)) return;
  // Refused by the domain for the caller's roles (a desk outside its languages, back-dating
  // without administering): recorded only with --audit_refused, like refusals at the door.
  const bool refused =
      code == absl::StatusCode::kPermissionDenied || code == absl::StatusCode::kUnauthenticated;
  if (refused && !audit_->options().refused) return;
  audit_->Record(
      {absl::Now(), &caller.caller, context.peer(), std::string(method),
       AuditedResources(request, response), StringFieldOf(request, "request_id"), code,
       code == absl::StatusCode::kOk ? WrittenRevisions(method, response) : std::vector<int64_t>(),
       write ? StringFieldOf(request, "reason") : std::string()});
}

// One handler per line of rpc_table.h.
#define JISR_DEFINE_HANDLER(Method, Request, Response, component, kind, permission)          \
  ArticleService::Reactor* ArticleService::Method(Context* c, const Bytes* in, Bytes* out) { \
    return Serve<jisr::v1::Request, jisr::v1::Response, RpcKind::kind,                       \
                 access::Permission::permission>(                                            \
        #Method, c, in, out,                                                                 \
        [newsroom = newsroom_](const jisr::v1::Request& request,                             \
                               const articles::CallContext& caller) {                        \
          return newsroom->component().Method(request, caller);                              \
        });                                                                                  \
  }
JISR_ARTICLE_SERVICE_UNARY_RPCS(JISR_DEFINE_HANDLER)
#undef JISR_DEFINE_HANDLER

grpc::ServerWriteReactor<ArticleService::Bytes>* ArticleService::Watch(Context* c,
                                                                       const Bytes* in) {
  absl::StatusOr<articles::CallContext> caller =
      Admit(*c, access::Permission::kReadPublished, "Watch");
  jisr::v1::WatchRequest request;
  if (caller.ok()) {
    // A request that does not decode ends the stream at once, as a refused caller does.
    if (absl::Status decoded = DecodeRequest(*in, request); !decoded.ok()) caller = decoded;
  }
  return WatchReactor::Start(c, request, std::move(caller), newsroom_->config(), feed_,
                             pools_.watch, &watch_fanout_, watch_options_, &watch_streams_);
}

}  // namespace jisr::api
