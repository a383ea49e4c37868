// libFuzzer entry point for jisr.v1.ArticleService: the first byte picks a unary method, the rest
// is its request on the wire, sent through the real server (decoding, the domain, SQLite) in
// process as an administrator. Promises:
//   - an answer, never a crash or a hang;
//   - a write answered OK left what it said: reading the variant or story back gives the answer;
//   - a write asked only to validate (validate_only) stored nothing;
//   - a call answered with an error changed nothing: no event was appended (every committed
//     write appends one, in the same transaction).
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/util/message_differencer.h"
#include "jisr/v1/article_service.pb.h"
#include "services/api/rpc_table.h"
#include "tests/fuzz/service_fuzz_server.h"

namespace {

constexpr char kTarget[] = "article_service_fuzz";
constexpr char kService[] = "jisr.v1.ArticleService";

struct Method {
  std::string name;
  bool write;
};

// The unary methods, from the RPC table, in its order.
const std::vector<Method>& Methods() {
#define JISR_METHOD(Method, Request, Response, component, kind, permission) \
  {#Method, jisr::api::RpcKind::kind == jisr::api::RpcKind::kWrite},
  static const auto* const methods =
      new std::vector<Method>{JISR_ARTICLE_SERVICE_UNARY_RPCS(JISR_METHOD)};
#undef JISR_METHOD
  return *methods;
}

// A write's answer is what a read now gives.
void CheckReadBack(jisr::fuzz::ServiceFuzzServer& server, const std::string& response) {
  jisr::v1::Variant variant;
  if (!variant.ParseFromString(response) || variant.name().rfind("variants/", 0) != 0 ||
      variant.language().empty()) {
    return;  // not a variant: stories and schedules are checked by their own tests
  }
  jisr::v1::GetVariantRequest get;
  get.set_name(variant.name());
  get.set_view(jisr::v1::VARIANT_VIEW_LATEST);
  std::string read;
  const grpc::Status status = server.Call(kService, "GetVariant", get.SerializeAsString(), &read);
  if (variant.has_purge()) {
    // A purge answers the tombstone; the variant is gone for readers and editors alike.
    jisr::fuzz::Require(status.error_code() == grpc::StatusCode::NOT_FOUND, kTarget,
                        "a purged variant is not found");
    return;
  }
  jisr::fuzz::Require(status.ok(), kTarget, "a variant a write returned can be read");
  jisr::v1::Variant stored;
  jisr::fuzz::Require(stored.ParseFromString(read), kTarget, "the read parses");
  // The answer of a write that did not change anything is read after it too: equal either way.
  google::protobuf::util::MessageDifferencer differencer;
  std::string differences;
  differencer.ReportDifferencesToString(&differences);
  if (!differencer.Compare(variant, stored)) {
    // Say what differs (answer first, read second) so the finding can be read without a debugger.
    std::fprintf(stderr, "%s: the write answered / the read gave:\n%s", kTarget,
                 differences.c_str());
  }
  jisr::fuzz::Require(differences.empty(), kTarget,
                      "the variant read back is the one the write answered");
}

// Whether the request asks only to check the write (validate_only): its answer is what the write
// would give, and nothing is stored.
bool ValidatesOnly(const std::string& method, const std::string& request) {
  const google::protobuf::MethodDescriptor* descriptor =
      google::protobuf::DescriptorPool::generated_pool()
          ->FindServiceByName(kService)
          ->FindMethodByName(method);
  const google::protobuf::FieldDescriptor* field =
      descriptor->input_type()->FindFieldByName("validate_only");
  if (field == nullptr) return false;
  std::unique_ptr<google::protobuf::Message> parsed(
      google::protobuf::MessageFactory::generated_factory()
          ->GetPrototype(descriptor->input_type())
          ->New());
  return parsed->ParseFromString(request) && parsed->GetReflection()->GetBool(*parsed, field);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0 || size > (256 << 10)) return 0;
  jisr::fuzz::ServiceFuzzServer& server = jisr::fuzz::ServiceFuzzServer::Get();
  const Method& method = Methods()[data[0] % Methods().size()];
  const std::string request(reinterpret_cast<const char*>(data) + 1, size - 1);
  const int64_t before = server.LastEvent();
  std::string response;
  const grpc::Status status = server.Call(kService, method.name, request, &response);
  if (!status.ok()) {
    jisr::fuzz::Require(status.error_code() != grpc::StatusCode::INTERNAL &&
                            status.error_code() != grpc::StatusCode::UNKNOWN &&
                            status.error_code() != grpc::StatusCode::DATA_LOSS,
                        kTarget, "bad input is the caller's error, never the server's");
    jisr::fuzz::Require(server.LastEvent() == before, kTarget, "an error changes nothing");
    return 0;
  }
  if (!method.write) return 0;
  if (ValidatesOnly(method.name, request)) {
    jisr::fuzz::Require(server.LastEvent() == before, kTarget, "validate_only changes nothing");
    return 0;
  }
  CheckReadBack(server, response);
  return 0;
}

namespace jisr::fuzz {
extern const char kFuzzTargetName[] = "article_service_fuzz";
const std::vector<std::string>& FuzzTokens() {
  static const auto* const tokens = new std::vector<std::string>{"variants/seed-en",
                                                                 "variants/seed-ar",
                                                                 "stories/seed-story",
                                                                 "\x0a\x10variants/seed-en",
                                                                 "en",
                                                                 "ar",
                                                                 "\xff",
                                                                 "\u202E",
                                                                 "headline",
                                                                 "*"};
  return *tokens;
}
}  // namespace jisr::fuzz
