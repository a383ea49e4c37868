// libFuzzer entry point for the access policy parser: any bytes give a policy that keeps the
// parser's promises or INVALID_ARGUMENT, never a crash. What parses is a policy jisrd can enforce:
// every grant has one matcher and roles, a desk names configured languages, principals and
// display names are short single lines of UTF-8 without bidi controls; and parsing its own text
// form again gives the same policy.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "google/protobuf/text_format.h"
#include "google/protobuf/util/message_differencer.h"
#include "services/access/access_policy.h"
#include "services/config/newsroom_config.h"

namespace {

void Require(bool condition, const char* what) {
  if (condition) return;
  std::fprintf(stderr, "policy_fuzz: broken promise: %s\n", what);
  std::abort();
}

const jisr::config::NewsroomConfig& Config() {
  static const auto* const config =
      new jisr::config::NewsroomConfig(*jisr::config::ParseLanguages("en,ar", "Asia/Dubai"));
  return *config;
}

bool IsOneShortLine(const std::string& text) {
  return !text.empty() && text.size() <= 200 && text.find('\n') == std::string::npos;
}

void CheckGrant(const jisr::v1::AccessGrant& grant) {
  Require(grant.has_claim() != !grant.principal().empty(), "exactly one matcher");
  if (!grant.principal().empty()) Require(IsOneShortLine(grant.principal()), "a short principal");
  Require(grant.roles_size() > 0, "roles");
  bool desk = false;
  for (int role : grant.roles()) desk |= role == jisr::v1::ACCESS_ROLE_DESK;
  Require(desk || grant.languages_size() == 0, "languages only with a desk");
  for (const std::string& language : grant.languages()) {
    Require(Config().FindLanguage(language) != nullptr, "configured languages");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (64 << 10)) return 0;
  const std::string text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<jisr::v1::AccessPolicy> policy = jisr::access::ParseAccessPolicy(text, Config());
  if (!policy.ok()) {
    Require(absl::IsInvalidArgument(policy.status()), "INVALID_ARGUMENT for a bad policy");
    return 0;
  }
  for (const auto& grant : policy->grants()) CheckGrant(grant);
  std::string again;
  google::protobuf::TextFormat::PrintToString(*policy, &again);
  absl::StatusOr<jisr::v1::AccessPolicy> reparsed =
      jisr::access::ParseAccessPolicy(again, Config());
  Require(reparsed.ok(), "a parsed policy's text form parses");
  Require(google::protobuf::util::MessageDifferencer::Equals(*policy, *reparsed),
          "and gives the same policy");
  return 0;
}

namespace jisr::fuzz {
extern const char kFuzzTargetName[] = "policy_fuzz";
const std::vector<std::string>& FuzzTokens() {
  static const auto* const tokens = new std::vector<std::string>{"grants {",
                                                                 "}",
                                                                 "principal: ",
                                                                 "\"spiffe://newsroom/x\"",
                                                                 "claim { claim: \"groups\" ",
                                                                 "value: \"editors\" }",
                                                                 "roles: ACCESS_ROLE_DESK ",
                                                                 "roles: ACCESS_ROLE_ADMIN ",
                                                                 "languages: \"ar\" ",
                                                                 "languages: \"fr\" ",
                                                                 "display_name: \"سارة\" ",
                                                                 "\u202E",
                                                                 "#",
                                                                 "\n",
                                                                 "roles: 9 ",
                                                                 "\"\\xff\""};
  return *tokens;
}
}  // namespace jisr::fuzz
