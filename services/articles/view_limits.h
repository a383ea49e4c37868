// The byte limit on what a write stores for readers or answers with. Each view is serialized
// whole into one gRPC message, so a view over the transport's message limit could be written but
// never read: writes are refused before they store one (INVALID_ARGUMENT, reason
// VIEW_TOO_LARGE), naming the view's largest field so the caller knows what to shorten. The
// limit sits below the transport's (jisrd: three quarters of --max_message_bytes), leaving room
// for a page token, a requested dateline style, and the framing around the view.
#ifndef JISR_SERVICES_ARTICLES_VIEW_LIMITS_H_
#define JISR_SERVICES_ARTICLES_VIEW_LIMITS_H_

#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace jisr::articles {

// The ErrorInfo reason of a view over the limit: a write refused (INVALID_ARGUMENT), or a list
// item stored before the limit that no page can hold (FAILED_PRECONDITION).
inline constexpr char kViewTooLarge[] = "VIEW_TOO_LARGE";

// 6 MiB: three quarters of jisrd's default 8 MiB message limit.
inline constexpr size_t kDefaultMaxViewBytes = size_t{6} << 20;

// The field of a message that takes the most bytes, as a request names it.
struct LargestField {
  // "variant.blocks" (a repeated field whose elements share the bytes), "variant.blocks[12]"
  // (one element is over a quarter of the whole message), "variant.text" (a singular field).
  std::string path;
  size_t bytes = 0;
};

// The largest top-level field of `message`; in a repeated field, its largest element when that
// element is over a quarter of the whole. `prefix` starts the path ("variant"; "" for none).
LargestField FindLargestField(const google::protobuf::Message& message, absl::string_view prefix);

// INVALID_ARGUMENT (VIEW_TOO_LARGE) for `view`, `bytes` long when serialized, which is over
// `max_bytes`: the BadRequest names its largest field, and the description says how big the view
// is, the limit, and what to shorten. `what` says which view it is ("the published view of
// variants/x").
absl::Status ViewTooLarge(const google::protobuf::Message& view, size_t bytes, size_t max_bytes,
                          absl::string_view what);

// OK when a write's answer (a Variant, a Story, or a response of several) fits in `max_bytes`;
// otherwise ViewTooLarge naming the answer's largest field.
absl::Status CheckAnswerSize(const google::protobuf::Message& answer, size_t max_bytes);

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_VIEW_LIMITS_H_
