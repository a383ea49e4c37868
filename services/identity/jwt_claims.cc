#include "services/identity/jwt_claims.h"

#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "services/common/utf8.h"
#include "services/identity/jose_util.h"
#include "services/identity/token_errors.h"

namespace jisr::identity {
namespace {

// Decodes the code point at `i` of well-formed UTF-8 and advances `i` past it.
char32_t NextCodePoint(absl::string_view text, size_t& i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  const int length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  char32_t cp = length == 1 ? lead : lead & (0x7F >> length);
  for (int k = 1; k < length; ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
  i += length;
  return cp;
}

bool IsForbiddenInIdentity(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) ||  // C0, DEL and C1 controls (line breaks)
         cp == 0x2028 || cp == 0x2029 ||             // line and paragraph separators
         (cp >= 0x202A && cp <= 0x202E) ||           // embeddings and overrides
         (cp >= 0x2066 && cp <= 0x2069);             // isolates
}

// A NumericDate claim (RFC 7519 section 2): seconds since the epoch, possibly fractional.
absl::StatusOr<std::optional<absl::Time>> NumericDate(const json_t* claims, const char* name) {
  const json_t* value = json_object_get(claims, name);
  if (value == nullptr) return std::nullopt;
  if (!json_is_number(value)) {
    return TokenError(kTokenMalformed, absl::StrCat("the bearer token's \"", name,
                                                    "\" is not a number of seconds: ask the "
                                                    "identity provider for standard JWTs"));
  }
  return absl::UnixEpoch() + absl::Seconds(json_number_value(value));
}

absl::Status CheckTimes(const json_t* claims, const ClaimRules& rules) {
  JISR_ASSIGN_OR_RETURN(std::optional<absl::Time> exp, NumericDate(claims, "exp"));
  if (!exp.has_value()) {
    return TokenError(kTokenMalformed,
                      "the bearer token has no expiry (\"exp\"), and tokens that never expire "
                      "are not accepted: configure the identity provider to set one");
  }
  if (rules.now >= *exp + rules.clock_skew) {
    return TokenError(kTokenExpired,
                      "the bearer token has expired: get a new one from the identity provider");
  }
  JISR_ASSIGN_OR_RETURN(std::optional<absl::Time> nbf, NumericDate(claims, "nbf"));
  if (nbf.has_value() && rules.now + rules.clock_skew < *nbf) {
    return TokenError(kTokenNotYetValid,
                      "the bearer token is not valid yet (\"nbf\"): check the clocks of the "
                      "client, the identity provider and this server");
  }
  return absl::OkStatus();
}

absl::Status CheckIssuerAndAudience(const json_t* claims, const ClaimRules& rules) {
  if (JsonStringMember(claims, "iss") != absl::string_view(rules.issuer)) {
    return TokenError(kTokenWrongIssuer,
                      absl::StrCat("the bearer token was not issued by \"", rules.issuer,
                                   "\": get a token from that identity provider"));
  }
  const json_t* aud = json_object_get(claims, "aud");
  bool ours = JsonStringMember(claims, "aud") == absl::string_view(rules.audience);
  size_t index;
  const json_t* entry;
  json_array_foreach(aud, index, entry) {
    if (json_is_string(entry) && absl::string_view(json_string_value(entry)) == rules.audience) {
      ours = true;
    }
  }
  if (!ours) {
    return TokenError(kTokenWrongAudience,
                      absl::StrCat("the bearer token is not meant for this service: ask the "
                                   "identity provider for a token with audience \"",
                                   rules.audience, "\""));
  }
  return absl::OkStatus();
}

// The (claim, value) pairs access policies match: strings, and arrays of only strings.
std::vector<std::pair<std::string, std::string>> StringClaims(const json_t* claims) {
  std::vector<std::pair<std::string, std::string>> pairs;
  const char* name;
  const json_t* value;
  // jansson's object iterator takes a non-const object; it only reads it.
  json_object_foreach(const_cast<json_t*>(claims), name, value) {
    if (json_is_string(value)) {
      pairs.emplace_back(name, json_string_value(value));
      continue;
    }
    if (!json_is_array(value)) continue;
    bool all_strings = true;
    size_t index;
    const json_t* entry;
    json_array_foreach(value, index, entry) all_strings = all_strings && json_is_string(entry);
    if (!all_strings) continue;
    json_array_foreach(value, index, entry) pairs.emplace_back(name, json_string_value(entry));
  }
  return pairs;
}

absl::Status CheckIdentityText(absl::string_view text, absl::string_view claim) {
  if (IsDisplayableIdentityText(text)) return absl::OkStatus();
  return TokenError(kTokenMalformed,
                    absl::StrCat("the bearer token's \"", claim, "\" is not one line of at most ",
                                 kMaxIdentityTextBytes,
                                 " bytes of UTF-8 without control or bidi override characters: "
                                 "ask the identity provider's administrators to fix it"));
}

}  // namespace

absl::StatusOr<Identity> IdentityFromClaims(const json_t* claims, const ClaimRules& rules) {
  JISR_RETURN_IF_ERROR(CheckIssuerAndAudience(claims, rules));
  JISR_RETURN_IF_ERROR(CheckTimes(claims, rules));
  std::optional<absl::string_view> sub = JsonStringMember(claims, "sub");
  if (!sub.has_value() || sub->empty()) {
    return TokenError(kTokenNoSubject,
                      "the bearer token names no subject (\"sub\"): get a token issued to a "
                      "user or a service, not an anonymous one");
  }
  JISR_RETURN_IF_ERROR(CheckIdentityText(*sub, "sub"));
  Identity identity;
  identity.source = IdentitySource::kToken;
  identity.principal = std::string(*sub);
  if (std::optional<absl::string_view> name = JsonStringMember(claims, "name")) {
    JISR_RETURN_IF_ERROR(CheckIdentityText(*name, "name"));
    identity.display_name = std::string(*name);
  }
  identity.claims = StringClaims(claims);
  return identity;
}

bool IsDisplayableIdentityText(absl::string_view text) {
  if (text.size() > kMaxIdentityTextBytes || FindInvalidUtf8(text) >= 0) return false;
  for (size_t i = 0; i < text.size();) {
    if (IsForbiddenInIdentity(NextCodePoint(text, i))) return false;
  }
  return true;
}

}  // namespace jisr::identity
