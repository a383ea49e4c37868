#include "services/identity/jwk_import.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"

namespace jisr::identity {
namespace {

constexpr size_t kMinRsaBits = 2048;

struct Curve {
  absl::string_view crv;
  KeyType type;
  cjose_jwk_ec_curve cjose_curve;
  size_t coordinate_bytes;
};

constexpr Curve kCurves[] = {
    {"P-256", KeyType::kEcP256, CJOSE_JWK_EC_P_256, 32},
    {"P-384", KeyType::kEcP384, CJOSE_JWK_EC_P_384, 48},
    {"P-521", KeyType::kEcP521, CJOSE_JWK_EC_P_521, 66},
};

// The message is the reason the key is left out; the caller prefixes which key.
absl::Status Unusable(absl::string_view why) { return absl::InvalidArgumentError(why); }

// "use" and "key_ops" say what a key is for: an encryption key must not verify tokens.
absl::Status CheckPurpose(const json_t* jwk) {
  if (json_object_get(jwk, "use") != nullptr &&
      JsonStringMember(jwk, "use") != absl::string_view("sig")) {
    return Unusable("its \"use\" is not \"sig\"");
  }
  const json_t* ops = json_object_get(jwk, "key_ops");
  if (ops == nullptr) return absl::OkStatus();
  size_t index;
  const json_t* op;
  json_array_foreach(ops, index, op) {
    if (json_is_string(op) && absl::string_view(json_string_value(op)) == "verify") {
      return absl::OkStatus();
    }
  }
  return Unusable("its \"key_ops\" do not include \"verify\"");
}

// The decoded base64url member `name`. Checked strictly here because cjose's decoder aborts
// on some malformed input, and only members that pass reach cjose.
absl::StatusOr<std::string> KeyBytes(const json_t* jwk, const char* name) {
  std::optional<absl::string_view> text = JsonStringMember(jwk, name);
  if (!text.has_value()) return Unusable(absl::StrCat("it has no string \"", name, "\""));
  std::optional<std::string> bytes = DecodeBase64Url(*text);
  if (!bytes.has_value() || bytes->empty()) {
    return Unusable(absl::StrCat("its \"", name, "\" is not unpadded base64url (RFC 7515)"));
  }
  return *std::move(bytes);
}

// Imports `public_jwk`, a copy holding only checked public members, through cjose.
absl::StatusOr<CjoseJwkPtr> CjoseImport(JsonPtr public_jwk) {
  if (public_jwk == nullptr) return Unusable("it cannot be copied");
  std::string json = DumpJson(public_jwk.get());
  cjose_err err;
  CjoseJwkPtr jwk(cjose_jwk_import(json.data(), json.size(), &err));
  if (jwk == nullptr) return Unusable(absl::StrCat("cjose cannot import it (", err.message, ")"));
  return jwk;
}

absl::StatusOr<VerificationKey> ImportRsa(const json_t* jwk) {
  JISR_RETURN_IF_ERROR(KeyBytes(jwk, "n").status());
  JISR_RETURN_IF_ERROR(KeyBytes(jwk, "e").status());
  JISR_ASSIGN_OR_RETURN(
      CjoseJwkPtr imported,
      CjoseImport(JsonPtr(json_pack("{s:s, s:O, s:O}", "kty", "RSA", "n", json_object_get(jwk, "n"),
                                    "e", json_object_get(jwk, "e")))));
  cjose_err err;
  const size_t bits = cjose_jwk_get_keysize(imported.get(), &err);
  if (bits < kMinRsaBits) {
    return Unusable(
        absl::StrCat("its RSA modulus has ", bits, " bits; jisrd needs at least ", kMinRsaBits));
  }
  VerificationKey key;
  key.type = KeyType::kRsa;
  key.rsa_modulus_bytes = (bits + 7) / 8;
  key.jwk = std::move(imported);
  return key;
}

absl::StatusOr<VerificationKey> ImportEc(const json_t* jwk) {
  std::optional<absl::string_view> crv = JsonStringMember(jwk, "crv");
  const Curve* curve = nullptr;
  for (const Curve& c : kCurves) {
    if (crv == c.crv) curve = &c;
  }
  if (curve == nullptr) return Unusable("its \"crv\" is not P-256, P-384 or P-521");
  JISR_ASSIGN_OR_RETURN(std::string x, KeyBytes(jwk, "x"));
  JISR_ASSIGN_OR_RETURN(std::string y, KeyBytes(jwk, "y"));
  if (x.size() != curve->coordinate_bytes || y.size() != curve->coordinate_bytes) {
    return Unusable(absl::StrCat("its \"x\" and \"y\" are not ", curve->coordinate_bytes,
                                 " bytes each, as ", curve->crv, " coordinates are"));
  }
  JISR_ASSIGN_OR_RETURN(CjoseJwkPtr imported,
                        CjoseImport(JsonPtr(json_pack(
                            "{s:s, s:O, s:O, s:O}", "kty", "EC", "crv", json_object_get(jwk, "crv"),
                            "x", json_object_get(jwk, "x"), "y", json_object_get(jwk, "y")))));
  cjose_err err;
  if (cjose_jwk_EC_get_curve(imported.get(), &err) != curve->cjose_curve) {
    return Unusable("cjose read another curve than its \"crv\"");
  }
  VerificationKey key;
  key.type = curve->type;
  key.jwk = std::move(imported);
  return key;
}

// cjose 0.6.2 has no OKP keys: the raw 32-byte public key goes to OpenSSL.
absl::StatusOr<VerificationKey> ImportEd25519(const json_t* jwk) {
  if (JsonStringMember(jwk, "crv") != absl::string_view("Ed25519")) {
    return Unusable("its OKP \"crv\" is not Ed25519");
  }
  JISR_ASSIGN_OR_RETURN(std::string x, KeyBytes(jwk, "x"));
  if (x.size() != 32) return Unusable("its \"x\" is not 32 bytes, as Ed25519 public keys are");
  EvpPkeyPtr pkey(EVP_PKEY_new_raw_public_key(
      EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(x.data()), x.size()));
  if (pkey == nullptr) return Unusable("OpenSSL cannot read its \"x\" as an Ed25519 key");
  VerificationKey key;
  key.type = KeyType::kEd25519;
  key.ed25519 = std::move(pkey);
  return key;
}

absl::StatusOr<VerificationKey> ImportByType(const json_t* jwk) {
  std::optional<absl::string_view> kty = JsonStringMember(jwk, "kty");
  if (kty == absl::string_view("RSA")) return ImportRsa(jwk);
  if (kty == absl::string_view("EC")) return ImportEc(jwk);
  if (kty == absl::string_view("OKP")) return ImportEd25519(jwk);
  if (kty == absl::string_view("oct")) {
    return Unusable("kty oct is a shared secret, and jisrd accepts no HMAC tokens");
  }
  return Unusable("its \"kty\" is not RSA, EC or OKP");
}

}  // namespace

absl::StatusOr<VerificationKey> ImportVerificationKey(const json_t* jwk) {
  if (!json_is_object(jwk)) return Unusable("it is not a JSON object");
  JISR_RETURN_IF_ERROR(CheckPurpose(jwk));
  std::optional<absl::string_view> kid = JsonStringMember(jwk, "kid");
  if (json_object_get(jwk, "kid") != nullptr && !kid.has_value()) {
    return Unusable("its \"kid\" is not a string");
  }
  std::optional<absl::string_view> alg = JsonStringMember(jwk, "alg");
  const JwsAlgorithm* algorithm = alg.has_value() ? FindAllowedAlgorithm(*alg) : nullptr;
  if (json_object_get(jwk, "alg") != nullptr && algorithm == nullptr) {
    return Unusable("its \"alg\" is not one jisrd accepts (RS, PS or ES 256/384/512, or EdDSA)");
  }
  JISR_ASSIGN_OR_RETURN(VerificationKey key, ImportByType(jwk));
  if (algorithm != nullptr && algorithm->key_type != key.type) {
    return Unusable(absl::StrCat("its \"alg\" ", algorithm->name, " does not fit its ",
                                 KeyTypeName(key.type), " key"));
  }
  key.kid = std::string(kid.value_or(""));
  key.alg = std::string(alg.value_or(""));
  return key;
}

}  // namespace jisr::identity
