#include "services/identity/jwks.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/common/errors.h"
#include "services/identity/jwk_import.h"

namespace jisr::identity {
namespace {

// A JWKS is a few kilobytes; a bigger file is the wrong file.
constexpr size_t kMaxJwksBytes = 1 << 20;

absl::Status JwksError(absl::string_view source, absl::string_view problem) {
  return InvalidFieldError("--jwks_file", absl::StrCat(source, " ", problem), "JWKS_INVALID");
}

absl::StatusOr<std::string> ReadJwksFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return JwksError(path, absl::StrCat("cannot be read (", std::strerror(errno),
                                        "): point --jwks_file at the identity provider's JWKS "
                                        "file, readable by jisrd"));
  }
  std::string text;
  text.resize(kMaxJwksBytes + 1);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) return JwksError(path, "cannot be read: check the file and the disk");
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > kMaxJwksBytes) {
    return JwksError(path, absl::StrCat("is over ", kMaxJwksBytes,
                                        " bytes, too big for a JWKS: check the path"));
  }
  return text;
}

// "key 2 (kid \"ec-1\")" for messages about one JWK of the set.
std::string DescribeJwk(size_t index, const json_t* jwk) {
  std::optional<absl::string_view> kid = JsonStringMember(jwk, "kid");
  if (!kid.has_value()) return absl::StrCat("key ", index);
  return absl::StrCat("key ", index, " (kid \"", *kid, "\")");
}

}  // namespace

absl::StatusOr<std::shared_ptr<const KeySet>> KeySet::Load(const std::string& path) {
  if (path.empty()) {
    return InvalidFieldError("--jwks_file",
                             "is empty: set it to the path of the identity provider's JWKS "
                             "(JSON Web Key Set) file",
                             "JWKS_INVALID");
  }
  absl::StatusOr<std::string> text = ReadJwksFile(path);
  if (!text.ok()) return text.status();
  return Parse(*text, path);
}

absl::StatusOr<std::shared_ptr<const KeySet>> KeySet::Parse(absl::string_view json,
                                                            absl::string_view source) {
  JsonPtr document = ParseJsonObject(json);
  if (document == nullptr) {
    return JwksError(source, "is not a JSON object: it must be a JWKS, {\"keys\": [...]}");
  }
  const json_t* keys = json_object_get(document.get(), "keys");
  if (!json_is_array(keys)) {
    return JwksError(source, "has no \"keys\" array: it must be a JWKS, {\"keys\": [...]}");
  }
  auto set = std::shared_ptr<KeySet>(new KeySet());
  size_t index;
  const json_t* jwk;
  json_array_foreach(keys, index, jwk) {
    absl::StatusOr<VerificationKey> key = ImportVerificationKey(jwk);
    if (!key.ok()) {
      set->skipped_.push_back(absl::StrCat(DescribeJwk(index, jwk), ": ", key.status().message()));
      continue;
    }
    if (!key->kid.empty() && set->Find(key->kid) != nullptr) {
      return JwksError(source, absl::StrCat("has two keys with kid \"", key->kid,
                                            "\": give each key its own kid"));
    }
    set->keys_.push_back(*std::move(key));
  }
  if (set->keys_.empty()) {
    return JwksError(source,
                     absl::StrCat("has no key jisrd can verify tokens with (RSA of 2048 "
                                  "bits or more, EC P-256/P-384/P-521 or OKP Ed25519, "
                                  "for signatures): ",
                                  set->skipped_.empty() ? std::string("its \"keys\" array is empty")
                                                        : absl::StrJoin(set->skipped_, "; ")));
  }
  return std::shared_ptr<const KeySet>(std::move(set));
}

const VerificationKey* KeySet::Find(std::optional<absl::string_view> kid) const {
  if (!kid.has_value()) return keys_.size() == 1 ? &keys_.front() : nullptr;
  for (const VerificationKey& key : keys_) {
    if (!key.kid.empty() && key.kid == *kid) return &key;
  }
  return nullptr;
}

std::vector<std::string> KeySet::Kids() const {
  std::vector<std::string> kids;
  for (const VerificationKey& key : keys_) kids.push_back(key.kid.empty() ? "(no kid)" : key.kid);
  return kids;
}

}  // namespace jisr::identity
