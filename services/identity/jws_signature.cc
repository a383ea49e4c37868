#include "services/identity/jws_signature.h"

#include <openssl/err.h>

#include "absl/strings/str_cat.h"
#include "services/identity/token_errors.h"

namespace jisr::identity {
namespace {

absl::Status BadSignature() {
  return TokenError(kTokenBadSignature,
                    "the bearer token's signature does not verify: send the token exactly as the "
                    "identity provider issued it, or get a new one");
}

// A failed check leaves errors on this thread's OpenSSL error queue; cleared so they cannot
// be mistaken for errors of the next OpenSSL call on the thread (gRPC's TLS among them).
absl::Status BadSignatureClearingOpenSsl() {
  ERR_clear_error();
  return BadSignature();
}

// cjose parses the token again (its own reading of the same checked parts) and verifies it.
absl::StatusOr<std::string> VerifyWithCjose(absl::string_view token, const VerificationKey& key) {
  cjose_err err;
  CjoseJwsPtr jws(cjose_jws_import(token.data(), token.size(), &err));
  if (jws == nullptr) {
    ERR_clear_error();
    return TokenError(kTokenMalformed,
                      "the bearer token is not a JWS cjose can read: send the token exactly as "
                      "the identity provider issued it");
  }
  if (!cjose_jws_verify(jws.get(), key.jwk.get(), &err)) return BadSignatureClearingOpenSsl();
  uint8_t* plaintext = nullptr;  // owned by `jws`
  size_t plaintext_len = 0;
  // cjose has no plaintext for an empty payload: a signed token without claims.
  if (!cjose_jws_get_plaintext(jws.get(), &plaintext, &plaintext_len, &err)) {
    return TokenError(kTokenMalformed,
                      "the bearer token has no claims: ask the identity provider for standard "
                      "JWTs");
  }
  return std::string(reinterpret_cast<const char*>(plaintext), plaintext_len);
}

// RFC 8037: Ed25519 over the signing input as sent, no digest of our own.
absl::Status VerifyEd25519(const CompactJws& jws, const VerificationKey& key) {
  EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  if (ctx == nullptr ||
      EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.ed25519.get()) != 1) {
    return BadSignatureClearingOpenSsl();
  }
  const int verified = EVP_DigestVerify(
      ctx.get(), reinterpret_cast<const unsigned char*>(jws.signature.data()), jws.signature.size(),
      reinterpret_cast<const unsigned char*>(jws.signing_input.data()), jws.signing_input.size());
  if (verified != 1) return BadSignatureClearingOpenSsl();
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<const VerificationKey*> SelectKey(const KeySet& keys, const CompactJws& jws) {
  const VerificationKey* key =
      jws.kid.has_value() ? keys.Find(absl::string_view(*jws.kid)) : keys.Find(std::nullopt);
  if (key == nullptr) {
    return TokenError(kTokenUnknownKey,
                      jws.kid.has_value()
                          ? "the bearer token's key (\"kid\") is not in the server's JWKS: get "
                            "a new token, or ask the operators to reload the JWKS if the "
                            "identity provider rotated its keys"
                          : "the bearer token names no key (\"kid\") and the server's JWKS has "
                            "several: use a token whose header has a \"kid\"");
  }
  const JwsAlgorithm& algorithm = *jws.algorithm;
  if (algorithm.key_type != key->type || (!key->alg.empty() && key->alg != algorithm.name)) {
    return TokenError(
        kTokenAlgorithmNotAllowed,
        absl::StrCat("the bearer token's algorithm does not fit its key (", KeyTypeName(key->type),
                     key->alg.empty() ? "" : absl::StrCat(", for ", key->alg),
                     "): use a token the identity provider signed with that key"));
  }
  return key;
}

absl::StatusOr<std::string> VerifySignature(absl::string_view token, const CompactJws& jws,
                                            const VerificationKey& key) {
  const JwsAlgorithm& algorithm = *jws.algorithm;
  // One length per algorithm and key: cjose also verifies ECDSA signatures whose halves carry
  // leading zeros and RSA-PSS ones shorter than the modulus, which would give one token
  // several spellings.
  const size_t expected =
      algorithm.signature_bytes != 0 ? algorithm.signature_bytes : key.rsa_modulus_bytes;
  if (jws.signature.size() != expected) return BadSignature();
  switch (algorithm.verified_by) {
    case VerifiedBy::kCjose:
      return VerifyWithCjose(token, key);
    case VerifiedBy::kOpenSslEd25519: {
      absl::Status verified = VerifyEd25519(jws, key);
      if (!verified.ok()) return verified;
      return jws.payload;
    }
  }
  return BadSignature();
}

}  // namespace jisr::identity
