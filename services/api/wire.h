// Request decoding and response encoding for the raw (ByteBuffer) handlers. Decoding ourselves
// lets a request with invalid UTF-8 in a string field get INVALID_ARGUMENT naming that field,
// where protobuf's own parser only says that parsing failed; encoding ourselves lets a cached,
// already-serialized published view go out without being copied or serialized again.
#ifndef JISR_SERVICES_API_WIRE_H_
#define JISR_SERVICES_API_WIRE_H_

#include <grpcpp/support/byte_buffer.h>

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "google/protobuf/message.h"

namespace jisr::api {

// Parses `buffer` into `message`. Malformed input is INVALID_ARGUMENT; a string field holding
// invalid UTF-8 is named by its path ("variant.blocks[2].paragraph.text").
absl::Status DecodeRequest(const grpc::ByteBuffer& buffer, google::protobuf::Message& message);

// Serializes `message` into `buffer`.
absl::Status EncodeResponse(const google::protobuf::Message& message, grpc::ByteBuffer& buffer);

// Makes `buffer` refer to `bytes` without copying them; the buffer keeps them alive.
void ShareBytes(std::shared_ptr<const std::string> bytes, grpc::ByteBuffer& buffer);

// The path of the first string field of `descriptor`'s message in `wire` whose value is not
// valid UTF-8, or "" when there is none.
std::string FindInvalidUtf8Field(const google::protobuf::Descriptor& descriptor,
                                 const std::string& wire);

}  // namespace jisr::api

#endif  // JISR_SERVICES_API_WIRE_H_
