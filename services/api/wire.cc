#include "services/api/wire.h"

#include <grpc/slice.h>
#include <grpcpp/support/slice.h>

#include <map>
#include <vector>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/wire_format_lite.h"
#include "services/common/errors.h"
#include "services/common/utf8.h"

namespace jisr::api {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::internal::WireFormatLite;

// Walks the wire format with the descriptor; returns the path of a bad string field.
std::string FindInField(const google::protobuf::Descriptor& descriptor, const std::string& bytes,
                        const std::string& prefix, int depth) {
  if (depth > 64) return "";
  google::protobuf::io::CodedInputStream input(reinterpret_cast<const uint8_t*>(bytes.data()),
                                               static_cast<int>(bytes.size()));
  std::map<int, int> occurrences;
  while (true) {
    uint32_t tag = input.ReadTag();
    if (tag == 0) return "";
    const int number = WireFormatLite::GetTagFieldNumber(tag);
    const auto wire_type = WireFormatLite::GetTagWireType(tag);
    const FieldDescriptor* field = descriptor.FindFieldByNumber(number);
    if (wire_type != WireFormatLite::WIRETYPE_LENGTH_DELIMITED) {
      if (!WireFormatLite::SkipField(&input, tag)) return "";
      continue;
    }
    uint32_t length = 0;
    std::string value;
    if (!input.ReadVarint32(&length) || !input.ReadString(&value, static_cast<int>(length))) {
      return "";
    }
    if (field == nullptr) continue;
    std::string path = prefix.empty() ? field->name() : absl::StrCat(prefix, ".", field->name());
    if (field->is_repeated() && !field->is_map()) {
      absl::StrAppend(&path, "[", occurrences[number]++, "]");
    }
    if (field->type() == FieldDescriptor::TYPE_STRING) {
      int64_t bad = FindInvalidUtf8(value);
      if (bad >= 0) return absl::StrCat(path, "\n", bad);
    } else if (field->type() == FieldDescriptor::TYPE_MESSAGE) {
      std::string inner = FindInField(*field->message_type(), value, path, depth + 1);
      if (!inner.empty()) return inner;
    }
  }
}

}  // namespace

std::string FindInvalidUtf8Field(const google::protobuf::Descriptor& descriptor,
                                 const std::string& wire) {
  std::string found = FindInField(descriptor, wire, "", 0);
  return found;
}

absl::Status DecodeRequest(const grpc::ByteBuffer& buffer, google::protobuf::Message& message) {
  std::vector<grpc::Slice> slices;
  if (!buffer.Dump(&slices).ok()) {
    return absl::InvalidArgumentError("the request could not be read");
  }
  if (slices.size() == 1) {
    if (message.ParseFromArray(slices[0].begin(), static_cast<int>(slices[0].size()))) {
      return absl::OkStatus();
    }
  }
  std::string bytes;
  bytes.reserve(buffer.Length());
  for (const grpc::Slice& slice : slices) {
    bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  if (slices.size() != 1 && message.ParseFromString(bytes)) return absl::OkStatus();
  std::string bad = FindInvalidUtf8Field(*message.GetDescriptor(), bytes);
  if (!bad.empty()) {
    size_t newline = bad.find('\n');
    return InvalidFieldError(
        bad.substr(0, newline),
        absl::StrCat("invalid UTF-8 at byte ", bad.substr(newline + 1),
                     ": string fields must be UTF-8; send binary data as base64 text"),
        "INVALID_UTF8");
  }
  return ReasonedError(absl::StatusCode::kInvalidArgument, "MALFORMED_REQUEST",
                       absl::StrCat("the request is not a valid ", message.GetTypeName(),
                                    " message: generate the client from proto/jisr/v1"));
}

absl::Status EncodeResponse(const google::protobuf::Message& message, grpc::ByteBuffer& buffer) {
  auto bytes = std::make_shared<std::string>();
  if (!message.SerializeToString(bytes.get())) {
    return absl::InternalError(absl::StrCat("cannot serialize ", message.GetTypeName()));
  }
  ShareBytes(std::move(bytes), buffer);
  return absl::OkStatus();
}

void ShareBytes(std::shared_ptr<const std::string> bytes, grpc::ByteBuffer& buffer) {
  auto* holder = new std::shared_ptr<const std::string>(std::move(bytes));
  grpc_slice slice = grpc_slice_new_with_user_data(
      const_cast<char*>((*holder)->data()), (*holder)->size(),
      [](void* p) { delete static_cast<std::shared_ptr<const std::string>*>(p); }, holder);
  grpc::Slice owned(slice, grpc::Slice::STEAL_REF);
  grpc::ByteBuffer out(&owned, 1);
  buffer.Swap(&out);
}

}  // namespace jisr::api
