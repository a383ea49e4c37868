#include "tests/testing/test_tokens.h"

#include <cjose/cjose.h>
#include <jansson.h>
#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <array>
#include <cstdint>
#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "services/identity/jose_util.h"

namespace jisr::testing {

using identity::CjoseJwkPtr;
using identity::CjoseJwsPtr;
using identity::DecodeBase64Url;
using identity::DumpJson;
using identity::EncodeBase64Url;
using identity::EvpMdCtxPtr;
using identity::EvpPkeyPtr;
using identity::JsonPtr;

// The private keys: OpenSSL's, and cjose's copies of the RSA and EC ones for cjose_jws_sign.
struct TestKeys::Keys {
  EvpPkeyPtr rsa;
  EvpPkeyPtr ec;
  EvpPkeyPtr ed;
  CjoseJwkPtr rsa_jwk;
  CjoseJwkPtr ec_jwk;
};

namespace {

absl::Status OpenSslError(absl::string_view what) {
  ERR_clear_error();
  return absl::InternalError(absl::StrCat("OpenSSL: ", what));
}

absl::Status CjoseError(absl::string_view what, const cjose_err& err) {
  ERR_clear_error();
  return absl::InternalError(absl::StrCat("cjose: ", what, ": ", err.message));
}

// The big-number parameter `name` of `pkey`, big-endian, left-padded to `width` bytes (0: none).
absl::StatusOr<std::vector<uint8_t>> BnParam(const EVP_PKEY* pkey, const char* name,
                                             int width = 0) {
  BIGNUM* bn = nullptr;
  if (EVP_PKEY_get_bn_param(pkey, name, &bn) != 1) return OpenSslError(name);
  std::vector<uint8_t> bytes(width != 0 ? width : BN_num_bytes(bn));
  const int written =
      width != 0 ? BN_bn2binpad(bn, bytes.data(), width) : BN_bn2bin(bn, bytes.data());
  BN_clear_free(bn);
  if (written < 0) return OpenSslError(name);
  return bytes;
}

absl::StatusOr<CjoseJwkPtr> WithKid(CjoseJwkPtr jwk, const std::string& kid, cjose_err& err) {
  if (jwk == nullptr) return CjoseError("key import", err);
  if (!cjose_jwk_set_kid(jwk.get(), kid.data(), kid.size(), &err)) return CjoseError("kid", err);
  return jwk;
}

absl::StatusOr<CjoseJwkPtr> RsaJwk(const EVP_PKEY* pkey, const std::string& kid) {
  static constexpr std::array<const char*, 8> kNames = {
      OSSL_PKEY_PARAM_RSA_E,         OSSL_PKEY_PARAM_RSA_N,           OSSL_PKEY_PARAM_RSA_D,
      OSSL_PKEY_PARAM_RSA_FACTOR1,   OSSL_PKEY_PARAM_RSA_FACTOR2,     OSSL_PKEY_PARAM_RSA_EXPONENT1,
      OSSL_PKEY_PARAM_RSA_EXPONENT2, OSSL_PKEY_PARAM_RSA_COEFFICIENT1};
  std::array<std::vector<uint8_t>, 8> p;
  for (size_t i = 0; i < kNames.size(); ++i) {
    JISR_ASSIGN_OR_RETURN(p[i], BnParam(pkey, kNames[i]));
  }
  cjose_jwk_rsa_keyspec spec = {p[0].data(), p[0].size(), p[1].data(), p[1].size(),
                                p[2].data(), p[2].size(), p[3].data(), p[3].size(),
                                p[4].data(), p[4].size(), p[5].data(), p[5].size(),
                                p[6].data(), p[6].size(), p[7].data(), p[7].size()};
  cjose_err err;
  return WithKid(CjoseJwkPtr(cjose_jwk_create_RSA_spec(&spec, &err)), kid, err);
}

absl::StatusOr<CjoseJwkPtr> EcP256Jwk(const EVP_PKEY* pkey, const std::string& kid) {
  JISR_ASSIGN_OR_RETURN(std::vector<uint8_t> d, BnParam(pkey, OSSL_PKEY_PARAM_PRIV_KEY, 32));
  JISR_ASSIGN_OR_RETURN(std::vector<uint8_t> x, BnParam(pkey, OSSL_PKEY_PARAM_EC_PUB_X, 32));
  JISR_ASSIGN_OR_RETURN(std::vector<uint8_t> y, BnParam(pkey, OSSL_PKEY_PARAM_EC_PUB_Y, 32));
  cjose_jwk_ec_keyspec spec = {CJOSE_JWK_EC_P_256, d.data(), d.size(), x.data(),
                               x.size(),           y.data(), y.size()};
  cjose_err err;
  return WithKid(CjoseJwkPtr(cjose_jwk_create_EC_spec(&spec, &err)), kid, err);
}

absl::StatusOr<JsonPtr> JsonValue(const std::string& text) {
  json_error_t error;
  JsonPtr value(json_loads(text.c_str(), JSON_DECODE_ANY, &error));
  if (value == nullptr) return absl::InvalidArgumentError(absl::StrCat("not JSON: ", text));
  return value;
}

absl::StatusOr<JsonPtr> JsonString(const std::string& text) {
  JsonPtr value(json_stringn(text.data(), text.size()));
  if (value == nullptr) return absl::InvalidArgumentError("a claim is not UTF-8");
  return value;
}

absl::StatusOr<JsonPtr> ClaimJson(const ClaimValue& value) {
  if (const auto* text = std::get_if<std::string>(&value)) return JsonString(*text);
  JsonPtr array(json_array());
  for (const std::string& text : std::get<std::vector<std::string>>(value)) {
    JISR_ASSIGN_OR_RETURN(JsonPtr entry, JsonString(text));
    json_array_append_new(array.get(), entry.release());
  }
  return array;
}

absl::Status Put(json_t* object, const std::string& name, absl::StatusOr<JsonPtr> value) {
  if (!value.ok()) return value.status();
  json_object_set_new(object, name.c_str(), value->release());
  return absl::OkStatus();
}

absl::StatusOr<std::string> ClaimsJson(const TokenSpec& spec) {
  if (spec.raw_payload.has_value()) return *spec.raw_payload;
  JsonPtr claims(json_object());
  if (spec.iss) JISR_RETURN_IF_ERROR(Put(claims.get(), "iss", JsonString(*spec.iss)));
  if (spec.sub) JISR_RETURN_IF_ERROR(Put(claims.get(), "sub", JsonString(*spec.sub)));
  if (spec.aud.size() == 1) JISR_RETURN_IF_ERROR(Put(claims.get(), "aud", JsonString(spec.aud[0])));
  if (spec.aud.size() > 1) JISR_RETURN_IF_ERROR(Put(claims.get(), "aud", ClaimJson(spec.aud)));
  if (spec.name) JISR_RETURN_IF_ERROR(Put(claims.get(), "name", JsonString(*spec.name)));
  const std::pair<const char*, const std::optional<absl::Time>*> times[] = {
      {"iat", &spec.iat}, {"nbf", &spec.nbf}, {"exp", &spec.exp}};
  for (const auto& [name, time] : times) {
    if (time->has_value()) {
      json_object_set_new(claims.get(), name, json_integer(absl::ToUnixSeconds(**time)));
    }
  }
  for (const auto& [name, value] : spec.claims) {
    JISR_RETURN_IF_ERROR(Put(claims.get(), name, ClaimJson(value)));
  }
  for (const auto& [name, text] : spec.raw_claims) {
    JISR_RETURN_IF_ERROR(Put(claims.get(), name, JsonValue(text)));
  }
  return DumpJson(claims.get());
}

// The header: alg, kid, typ, then the raw members. cjose's header type is jansson's json_t
// (cjose/header.h), so the same object serves cjose_jws_sign and the EdDSA signer.
absl::StatusOr<JsonPtr> MakeHeader(const std::string& alg, const std::optional<std::string>& kid,
                                   const TokenSpec& spec) {
  JsonPtr header(json_object());
  JISR_RETURN_IF_ERROR(Put(header.get(), "alg", JsonString(alg)));
  if (kid.has_value()) JISR_RETURN_IF_ERROR(Put(header.get(), "kid", JsonString(*kid)));
  JISR_RETURN_IF_ERROR(Put(header.get(), "typ", JsonString("JWT")));
  for (const auto& [name, text] : spec.raw_header) {
    JISR_RETURN_IF_ERROR(Put(header.get(), name, JsonValue(text)));
  }
  return header;
}

absl::StatusOr<std::string> SignWithCjose(const cjose_jwk_t* jwk, json_t* header,
                                          const std::string& payload) {
  cjose_err err;
  CjoseJwsPtr jws(cjose_jws_sign(jwk, header, reinterpret_cast<const uint8_t*>(payload.data()),
                                 payload.size(), &err));
  if (jws == nullptr) return CjoseError("sign", err);
  const char* compact = nullptr;  // owned by `jws`
  if (!cjose_jws_export(jws.get(), &compact, &err)) return CjoseError("export", err);
  return std::string(compact);
}

absl::StatusOr<std::string> SignEd25519(EVP_PKEY* key, const json_t* header,
                                        const std::string& payload) {
  const std::string input =
      absl::StrCat(EncodeBase64Url(DumpJson(header)), ".", EncodeBase64Url(payload));
  EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  std::string signature(64, '\0');
  size_t length = signature.size();
  if (ctx == nullptr || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key) != 1 ||
      EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                     reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1) {
    return OpenSslError("Ed25519 signing");
  }
  return absl::StrCat(input, ".", EncodeBase64Url(signature.substr(0, length)));
}

// The confused-deputy forgery: a verifier that took "alg" from the token would use the RSA
// public key, which anyone has, as an HMAC secret.
absl::StatusOr<std::string> SignHs256WithPublicPem(EVP_PKEY* rsa, json_t* header,
                                                   const std::string& payload) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
  if (bio == nullptr || PEM_write_bio_PUBKEY(bio.get(), rsa) != 1) return OpenSslError("PEM");
  char* pem = nullptr;
  const long pem_length = BIO_get_mem_data(bio.get(), &pem);
  cjose_err err;
  CjoseJwkPtr secret(
      cjose_jwk_create_oct_spec(reinterpret_cast<const uint8_t*>(pem), pem_length, &err));
  if (secret == nullptr) return CjoseError("oct key", err);
  return SignWithCjose(secret.get(), header, payload);
}

absl::StatusOr<std::string> CorruptSignature(const std::string& token) {
  const size_t dot = token.rfind('.');
  std::optional<std::string> signature = DecodeBase64Url(token.substr(dot + 1));
  if (!signature.has_value() || signature->empty()) {
    return absl::InvalidArgumentError("nothing to corrupt");
  }
  (*signature)[signature->size() / 2] ^= 0x01;
  return absl::StrCat(token.substr(0, dot + 1), EncodeBase64Url(*signature));
}

}  // namespace

TestKeys::TestKeys(TestKeyIds ids, std::unique_ptr<Keys> keys)
    : ids_(std::move(ids)), keys_(std::move(keys)) {}
TestKeys::TestKeys(TestKeys&&) noexcept = default;
TestKeys& TestKeys::operator=(TestKeys&&) noexcept = default;
TestKeys::~TestKeys() = default;

absl::StatusOr<TestKeys> TestKeys::Create(TestKeyIds ids) {
  auto keys = std::make_unique<Keys>();
  keys->rsa.reset(EVP_RSA_gen(2048));
  keys->ec.reset(EVP_EC_gen("P-256"));
  keys->ed.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  if (keys->rsa == nullptr || keys->ec == nullptr || keys->ed == nullptr) {
    return OpenSslError("key generation");
  }
  JISR_ASSIGN_OR_RETURN(keys->rsa_jwk, RsaJwk(keys->rsa.get(), ids.rsa));
  JISR_ASSIGN_OR_RETURN(keys->ec_jwk, EcP256Jwk(keys->ec.get(), ids.ec));
  return TestKeys(std::move(ids), std::move(keys));
}

absl::StatusOr<std::string> TestKeys::PublicJwk(const std::string& kid) const {
  JsonPtr jwk;
  if (kid == ids_.rsa || kid == ids_.ec) {
    cjose_err err;
    char* json = cjose_jwk_to_json(kid == ids_.rsa ? keys_->rsa_jwk.get() : keys_->ec_jwk.get(),
                                   false, &err);
    if (json == nullptr) return CjoseError("public JWK", err);
    jwk = identity::ParseJsonObject(json);
    cjose_get_dealloc()(json);
  } else if (kid == ids_.ed) {
    std::string x(32, '\0');
    size_t length = x.size();
    if (EVP_PKEY_get_raw_public_key(keys_->ed.get(), reinterpret_cast<unsigned char*>(x.data()),
                                    &length) != 1) {
      return OpenSslError("Ed25519 public key");
    }
    jwk.reset(json_pack("{s:s, s:s, s:s, s:s}", "kty", "OKP", "crv", "Ed25519", "kid", kid.c_str(),
                        "x", EncodeBase64Url(x).c_str()));
  } else {
    return absl::NotFoundError(absl::StrCat("no test key has kid ", kid));
  }
  json_object_set_new(jwk.get(), "use", json_string("sig"));
  return DumpJson(jwk.get());
}

absl::StatusOr<std::string> TestKeys::JwksJson() const {
  std::string keys;
  for (const std::string* kid : {&ids_.rsa, &ids_.ec, &ids_.ed}) {
    JISR_ASSIGN_OR_RETURN(std::string jwk, PublicJwk(*kid));
    absl::StrAppend(&keys, keys.empty() ? "" : ",", jwk);
  }
  return absl::StrCat("{\"keys\":[", keys, "]}");
}

absl::Status TestKeys::WriteJwks(const std::string& path) const {
  JISR_ASSIGN_OR_RETURN(std::string jwks, JwksJson());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << jwks;
  out.close();
  if (!out) return absl::InternalError(absl::StrCat("cannot write ", path));
  return absl::OkStatus();
}

absl::StatusOr<std::string> TestKeys::Mint(const TokenSpec& spec) const {
  JISR_ASSIGN_OR_RETURN(std::string payload, ClaimsJson(spec));
  const bool rsa = absl::StartsWith(spec.alg, "RS") || absl::StartsWith(spec.alg, "PS");
  const bool ed = spec.alg == "EdDSA";
  std::optional<std::string> kid;
  if (spec.include_kid) kid = spec.kid.value_or(rsa ? ids_.rsa : ed ? ids_.ed : ids_.ec);
  const std::string alg = spec.attack == TokenAttack::kAlgNone              ? "none"
                          : spec.attack == TokenAttack::kHs256WithPublicKey ? "HS256"
                                                                            : spec.alg;
  JISR_ASSIGN_OR_RETURN(JsonPtr header, MakeHeader(alg, kid, spec));
  std::string token;
  if (spec.attack == TokenAttack::kAlgNone) {
    token =
        absl::StrCat(EncodeBase64Url(DumpJson(header.get())), ".", EncodeBase64Url(payload), ".");
  } else if (spec.attack == TokenAttack::kHs256WithPublicKey) {
    JISR_ASSIGN_OR_RETURN(token, SignHs256WithPublicPem(keys_->rsa.get(), header.get(), payload));
  } else if (ed) {
    JISR_ASSIGN_OR_RETURN(token, SignEd25519(keys_->ed.get(), header.get(), payload));
  } else {
    JISR_ASSIGN_OR_RETURN(token, SignWithCjose(rsa ? keys_->rsa_jwk.get() : keys_->ec_jwk.get(),
                                               header.get(), payload));
  }
  if (spec.attack == TokenAttack::kCorruptSignature) return CorruptSignature(token);
  return token;
}

}  // namespace jisr::testing
