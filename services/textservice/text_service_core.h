// Jisr's text pipeline for text it does not store (social cards, push notifications, tickers):
// one method per jisr.v1.TextService RPC, each validating every field of its request and naming
// the bad ones, then running the same services/text code the article service runs on write.
// Plain C++ (no gRPC); the transport is services/api/text_service.h.
#ifndef JISR_SERVICES_TEXTSERVICE_TEXT_SERVICE_CORE_H_
#define JISR_SERVICES_TEXTSERVICE_TEXT_SERVICE_CORE_H_

#include <cstdint>
#include <utility>

#include "absl/status/statusor.h"
#include "jisr/v1/text_service.pb.h"
#include "services/config/newsroom_config.h"
#include "services/textservice/response_budget.h"

namespace jisr::textservice {

// The largest text a TextService request may carry, in UTF-8 bytes (text_service.proto).
inline constexpr int64_t kMaxToolTextBytes = int64_t{1} << 20;

// The longest excerpt Analyze makes, in characters.
inline constexpr int32_t kMaxToolExcerptChars = 10000;

class TextServiceCore {
 public:
  // `config` gives each configured language's dateline locale, time zone, digits and calendar.
  explicit TextServiceCore(config::NewsroomConfig config) : config_(std::move(config)) {}

  // Every method is const and thread-safe; errors are INVALID_ARGUMENT with a BadRequest
  // naming each bad field (see services/common/errors.h).
  //
  // `limit`, when given, bounds the response's size on the wire (a transport's largest message):
  // building the response stops as soon as it passes limit->max_bytes(), and the answer is
  // INVALID_ARGUMENT naming "text" with reason RESPONSE_TOO_LARGE. The limit counts what the call
  // built (one call per ResponseBudget). Without one, responses are as large as the text makes
  // them.
  absl::StatusOr<jisr::v1::AnalyzeTextResponse> Analyze(const jisr::v1::AnalyzeTextRequest& request,
                                                        ResponseBudget* limit = nullptr) const;
  absl::StatusOr<jisr::v1::NormalizeTextResponse> Normalize(
      const jisr::v1::NormalizeTextRequest& request, ResponseBudget* limit = nullptr) const;
  absl::StatusOr<jisr::v1::IsolateTextResponse> Isolate(const jisr::v1::IsolateTextRequest& request,
                                                        ResponseBudget* limit = nullptr) const;
  absl::StatusOr<jisr::v1::VisualOrderResponse> VisualOrder(
      const jisr::v1::VisualOrderRequest& request, ResponseBudget* limit = nullptr) const;
  absl::StatusOr<jisr::v1::SlugifyResponse> Slugify(const jisr::v1::SlugifyRequest& request,
                                                    ResponseBudget* limit = nullptr) const;
  absl::StatusOr<jisr::v1::SearchKeyResponse> SearchKey(const jisr::v1::SearchKeyRequest& request,
                                                        ResponseBudget* limit = nullptr) const;
  absl::StatusOr<jisr::v1::FormatDateResponse> FormatDate(
      const jisr::v1::FormatDateRequest& request, ResponseBudget* limit = nullptr) const;

 private:
  const config::NewsroomConfig config_;
};

}  // namespace jisr::textservice

#endif  // JISR_SERVICES_TEXTSERVICE_TEXT_SERVICE_CORE_H_
