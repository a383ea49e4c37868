// Every finished call, seen once: the access log writes a line for it and the metrics count it
// (metrics_observer.h). The handlers finish unary calls through UnaryCall, which measures them.
#ifndef JISR_SERVICES_API_CALL_OBSERVER_H_
#define JISR_SERVICES_API_CALL_OBSERVER_H_

#include <grpcpp/grpcpp.h>

#include <cstddef>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace jisr::api {

// gRPC's name for a code, as clients, the log and the metrics spell it ("NOT_FOUND").
absl::string_view StatusCodeName(grpc::StatusCode code);

struct FinishedCall {
  absl::string_view service;  // "jisr.v1.ArticleService"
  absl::string_view method;   // "GetVariant"
  grpc::StatusCode code = grpc::StatusCode::OK;
  absl::Duration latency;
  absl::Time finished;  // when the status was decided: the access log's time
  size_t request_bytes = 0;
  size_t response_bytes = 0;
  absl::string_view request_id;  // of a mutating call; "" otherwise
  absl::string_view principal;   // "" when anonymous or refused before it was known
  absl::string_view peer;
};

class CallObserver {
 public:
  virtual ~CallObserver() = default;
  // Called on the thread that finishes the call: must not block.
  virtual void Observe(const FinishedCall& call) = 0;
};

// Several observers as one; observers added must outlive it.
class CallObservers final : public CallObserver {
 public:
  void Add(CallObserver* observer) { observers_.push_back(observer); }
  void Observe(const FinishedCall& call) override {
    for (CallObserver* observer : observers_) observer->Observe(call);
  }

 private:
  std::vector<CallObserver*> observers_;
};

// The access log: one record per call (event "call"), at info level, without content or tokens.
// The record is queued raw; the log's writer thread formats and writes it (log_writer.h).
class AccessLog final : public CallObserver {
 public:
  void Observe(const FinishedCall& call) override;
};

// A unary call from its arrival: finishing it through here records it with the observer.
// Copyable, so that work queued for a pool can carry it.
class UnaryCall {
 public:
  UnaryCall(CallObserver* observer, absl::string_view service, absl::string_view method,
            grpc::CallbackServerContext* context, grpc::ServerUnaryReactor* reactor,
            const grpc::ByteBuffer* in, grpc::ByteBuffer* out);

  void set_principal(std::string principal) { principal_ = std::move(principal); }
  void set_request_id(std::string request_id) { request_id_ = std::move(request_id); }
  // Finishes the call with `status`; the response's size counts when it is OK.
  void Finish(const grpc::Status& status) const;

 private:
  CallObserver* observer_;
  absl::string_view service_;
  absl::string_view method_;
  grpc::CallbackServerContext* context_;
  grpc::ServerUnaryReactor* reactor_;
  size_t request_bytes_;
  grpc::ByteBuffer* out_;
  absl::Time arrived_;
  std::string principal_;
  std::string request_id_;
};

}  // namespace jisr::api

#endif  // JISR_SERVICES_API_CALL_OBSERVER_H_
