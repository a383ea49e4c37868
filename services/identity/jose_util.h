// Owning handles for the C libraries JOSE goes through (cjose, jansson, OpenSSL), and the
// strict base64url and JSON reading every token and JWKS member passes before cjose sees it.
#ifndef JISR_SERVICES_IDENTITY_JOSE_UTIL_H_
#define JISR_SERVICES_IDENTITY_JOSE_UTIL_H_

#include <cjose/cjose.h>
#include <jansson.h>
#include <openssl/evp.h>

#include <memory>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace jisr::identity {

struct JsonDecref {
  void operator()(json_t* json) const { json_decref(json); }
};
struct CjoseJwkRelease {
  void operator()(cjose_jwk_t* jwk) const { cjose_jwk_release(jwk); }
};
struct CjoseJwsRelease {
  void operator()(cjose_jws_t* jws) const { cjose_jws_release(jws); }
};
struct EvpPkeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct EvpMdCtxFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

using JsonPtr = std::unique_ptr<json_t, JsonDecref>;
using CjoseJwkPtr = std::unique_ptr<cjose_jwk_t, CjoseJwkRelease>;
using CjoseJwsPtr = std::unique_ptr<cjose_jws_t, CjoseJwsRelease>;
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, EvpPkeyFree>;
using EvpMdCtxPtr = std::unique_ptr<EVP_MD_CTX, EvpMdCtxFree>;

// True when `text` is base64url as RFC 7515 writes it: only [A-Za-z0-9_-], no padding, and a
// length a whole number of bytes can have. cjose_base64url_decode (0.6.2) aborts the process
// on some strings with '=' in them, so nothing from outside reaches it without this check.
bool IsUnpaddedBase64Url(absl::string_view text);

// The bytes `text` encodes, or nullopt unless it is unpadded base64url in its one canonical
// spelling (unused trailing bits zero), so one signature has exactly one spelling.
std::optional<std::string> DecodeBase64Url(absl::string_view text);

// base64url without padding.
std::string EncodeBase64Url(absl::string_view bytes);

// `bytes` parsed as one JSON object (jansson; duplicate member names rejected, so no two
// readers of the same token can disagree on its "alg" or "sub"), or null when it is not one.
JsonPtr ParseJsonObject(absl::string_view bytes);

// The string value of member `name` of `object`, or nullopt when it is missing or not a string.
std::optional<absl::string_view> JsonStringMember(const json_t* object, const char* name);

// `json` serialized compactly.
std::string DumpJson(const json_t* json);

}  // namespace jisr::identity

#endif  // JISR_SERVICES_IDENTITY_JOSE_UTIL_H_
