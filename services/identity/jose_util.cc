#include "services/identity/jose_util.h"

namespace jisr::identity {
namespace {

bool IsBase64UrlChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

}  // namespace

bool IsUnpaddedBase64Url(absl::string_view text) {
  // A final group of one character would carry 6 bits: not a whole byte.
  if (text.size() % 4 == 1) return false;
  for (char c : text) {
    if (!IsBase64UrlChar(c)) return false;
  }
  return true;
}

std::optional<std::string> DecodeBase64Url(absl::string_view text) {
  if (!IsUnpaddedBase64Url(text)) return std::nullopt;
  if (text.empty()) return std::string();
  uint8_t* decoded = nullptr;
  size_t decoded_len = 0;
  cjose_err err;
  if (!cjose_base64url_decode(text.data(), text.size(), &decoded, &decoded_len, &err)) {
    return std::nullopt;
  }
  std::string bytes(reinterpret_cast<const char*>(decoded), decoded_len);
  cjose_get_dealloc()(decoded);
  // cjose ignores the unused bits of the last group: "QU" and "QQ" both decode to "A".
  if (EncodeBase64Url(bytes) != text) return std::nullopt;
  return bytes;
}

std::string EncodeBase64Url(absl::string_view bytes) {
  if (bytes.empty()) return std::string();
  char* encoded = nullptr;
  size_t encoded_len = 0;
  cjose_err err;
  if (!cjose_base64url_encode(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(),
                              &encoded, &encoded_len, &err)) {
    return std::string();
  }
  std::string text(encoded, encoded_len);
  cjose_get_dealloc()(encoded);
  return text;
}

JsonPtr ParseJsonObject(absl::string_view bytes) {
  json_error_t error;
  JsonPtr json(json_loadb(bytes.data(), bytes.size(), JSON_REJECT_DUPLICATES, &error));
  if (json == nullptr || !json_is_object(json.get())) return nullptr;
  return json;
}

std::optional<absl::string_view> JsonStringMember(const json_t* object, const char* name) {
  const json_t* value = json_object_get(object, name);
  if (value == nullptr || !json_is_string(value)) return std::nullopt;
  return absl::string_view(json_string_value(value), json_string_length(value));
}

std::string DumpJson(const json_t* json) {
  char* text = json_dumps(json, JSON_COMPACT | JSON_ENCODE_ANY);
  if (text == nullptr) return std::string();
  std::string out(text);
  // Freed by jansson's own deallocator, whichever one the process installed.
  json_malloc_t malloc_fn;
  json_free_t free_fn;
  json_get_alloc_funcs(&malloc_fn, &free_fn);
  free_fn(text);
  return out;
}

}  // namespace jisr::identity
