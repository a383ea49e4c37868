// google.protobuf.Timestamp and absl::Time, both ways, and the range the contract allows.
#ifndef JISR_SERVICES_ARTICLES_TIMESTAMPS_H_
#define JISR_SERVICES_ARTICLES_TIMESTAMPS_H_

#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"

namespace jisr::articles {

google::protobuf::Timestamp ToProto(absl::Time time);
absl::Time FromProto(const google::protobuf::Timestamp& timestamp);

// True for 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z with nanos in range, the
// values google.protobuf.Timestamp documents.
bool IsValidTimestamp(const google::protobuf::Timestamp& timestamp);

// Whether two timestamps are the same instant.
bool SameInstant(const google::protobuf::Timestamp& a, const google::protobuf::Timestamp& b);

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_TIMESTAMPS_H_
