// libFuzzer entry point for jisr.v1.TextService: the first byte picks a method, the rest is its
// request on the wire, sent through the real server in process. Every answer is OK, or
// INVALID_ARGUMENT (naming a field) or RESOURCE_EXHAUSTED, never a crash or a server error, and
// no answer is larger than the server sends.
#include <cstdint>
#include <string>
#include <vector>

#include "services/api/rpc_table.h"
#include "tests/fuzz/service_fuzz_server.h"

namespace {

constexpr char kTarget[] = "text_service_fuzz";

const std::vector<std::string>& Methods() {
#define JISR_METHOD(Method, Request, Response) #Method,
  static const auto* const methods =
      new std::vector<std::string>{JISR_TEXT_SERVICE_RPCS(JISR_METHOD)};
#undef JISR_METHOD
  return *methods;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0 || size > (1 << 20) + 64) return 0;
  jisr::fuzz::ServiceFuzzServer& server = jisr::fuzz::ServiceFuzzServer::Get();
  const std::string& method = Methods()[data[0] % Methods().size()];
  const std::string request(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::string response;
  const grpc::Status status = server.Call("jisr.v1.TextService", method, request, &response);
  const grpc::StatusCode code = status.error_code();
  jisr::fuzz::Require(code == grpc::StatusCode::OK || code == grpc::StatusCode::INVALID_ARGUMENT ||
                          code == grpc::StatusCode::RESOURCE_EXHAUSTED,
                      kTarget, "OK, INVALID_ARGUMENT or RESOURCE_EXHAUSTED");
  jisr::fuzz::Require(response.size() <= (8u << 20), kTarget, "no answer over the send limit");
  return 0;
}

namespace jisr::fuzz {
extern const char kFuzzTargetName[] = "text_service_fuzz";
const std::vector<std::string>& FuzzTokens() {
  static const auto* const tokens = new std::vector<std::string>{"\x0a",
                                                                 "\x12\x02"
                                                                 "ar",
                                                                 "\x12\x02"
                                                                 "en",
                                                                 "\u202E",
                                                                 "\u2067",
                                                                 "AFP",
                                                                 "١٢٣",
                                                                 "\xff\xfe",
                                                                 "https://x.test/a",
                                                                 "Asia/Dubai",
                                                                 "islamic-umalqura"};
  return *tokens;
}
}  // namespace jisr::fuzz
