// A TextService response's size, counted while it is built, so that a response over the limit is
// refused the moment it passes it. A megabyte of text dense with words of the other direction
// analyses to over 20 MB of spans and runs: building all of them only to refuse them would cost
// the memory and the time the limit is there to save.
#ifndef JISR_SERVICES_TEXTSERVICE_RESPONSE_BUDGET_H_
#define JISR_SERVICES_TEXTSERVICE_RESPONSE_BUDGET_H_

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "google/protobuf/message_lite.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "jisr/v1/text.pb.h"
#include "services/text/analyze.h"

namespace jisr::textservice {

class ResponseBudget {
 public:
  // No limit: what in-process callers get unless they ask for one.
  static constexpr int64_t kUnlimited = std::numeric_limits<int64_t>::max();

  explicit ResponseBudget(int64_t max_bytes = kUnlimited) : max_bytes_(max_bytes) {}

  // Counts one length-delimited field of the response, `payload_bytes` long: a string, or one
  // element of a repeated message, with its length prefix and a one-byte tag (every field of the
  // responses has a number below 16). The tags and lengths of the messages around it are not
  // counted, so the count never exceeds the size of the finished response: what it refuses is
  // always too large. False once the count has passed the limit: stop, and answer TooLarge().
  bool Add(size_t payload_bytes);
  bool Add(const google::protobuf::MessageLite& element) { return Add(element.ByteSizeLong()); }
  // A singular string field: proto3 leaves an empty one out, so it counts nothing.
  bool AddString(const std::string& value) { return value.empty() || Add(value.size()); }

  int64_t max_bytes() const { return max_bytes_; }
  // Bytes and fields counted so far (where building stopped, after a refusal).
  int64_t counted_bytes() const { return counted_bytes_; }
  int64_t counted_fields() const { return counted_fields_; }
  bool exceeded() const { return counted_bytes_ > max_bytes_; }

  // INVALID_ARGUMENT naming "text" (reason RESPONSE_TOO_LARGE): the answer once exceeded().
  absl::Status TooLarge() const;
  // The finished response's exact size against the limit, as gRPC will send it: OK, or
  // TooLarge() with that size.
  absl::Status Check(const google::protobuf::MessageLite& response) const;

 private:
  // `bytes`: the finished response's size, or -1 when building stopped before the end.
  absl::Status TooLarge(int64_t bytes) const;

  const int64_t max_bytes_;
  int64_t counted_bytes_ = 0;
  int64_t counted_fields_ = 0;
};

// The pieces of the responses that grow with the text, built into `out` one element at a time
// with each counted in `budget`: false as soon as the budget is exceeded (`out` is then partial).
// What they build is what textproto's ToProto and ToFieldText build.

bool AddWarnings(const std::vector<text::TextWarning>& warnings, ResponseBudget& budget,
                 google::protobuf::RepeatedPtrField<jisr::v1::TextWarning>* out);

bool AddIsolates(const std::vector<text::IsolationSpan>& spans, ResponseBudget& budget,
                 google::protobuf::RepeatedPtrField<jisr::v1::IsolateSpan>* out);

bool AddLines(std::vector<std::string> lines, ResponseBudget& budget,
              google::protobuf::RepeatedPtrField<std::string>* out);

// textproto::ToFieldText(analysis, ""), taking the analysis' strings instead of copying them.
bool MoveFieldText(text::FieldAnalysis& analysis, ResponseBudget& budget, jisr::v1::FieldText* out);

}  // namespace jisr::textservice

#endif  // JISR_SERVICES_TEXTSERVICE_RESPONSE_BUDGET_H_
