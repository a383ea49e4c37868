#include "services/common/ids.h"

#include "absl/random/random.h"
#include "absl/strings/ascii.h"

namespace jisr {
namespace {

constexpr absl::string_view kLetters = "abcdefghijklmnopqrstuvwxyz";
constexpr absl::string_view kAlphanumerics = "abcdefghijklmnopqrstuvwxyz0123456789";

std::string RandomString(char first, size_t rest) {
  // absl::BitGen is not safe to share between threads; one per thread is cheap.
  thread_local absl::BitGen gen;
  std::string out(1, first);
  for (size_t i = 0; i < rest; ++i) {
    out.push_back(kAlphanumerics[absl::Uniform<size_t>(gen, 0, kAlphanumerics.size())]);
  }
  return out;
}

}  // namespace

bool IsValidResourceId(absl::string_view id) {
  if (id.empty() || id.size() > 63) return false;
  if (!absl::ascii_islower(id.front()) || id.back() == '-') return false;
  for (char c : id) {
    if (!(absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '-')) return false;
  }
  return true;
}

std::string NewResourceId() {
  thread_local absl::BitGen gen;
  char first = kLetters[absl::Uniform<size_t>(gen, 0, kLetters.size())];
  return RandomString(first, 11);
}

bool IsValidToken(absl::string_view token, size_t max_length) {
  if (token.empty() || token.size() > max_length) return false;
  for (char c : token) {
    if (!(absl::ascii_isalnum(c) || c == '-' || c == '_')) return false;
  }
  return true;
}

std::string NewBlockId() { return RandomString('b', 9); }

}  // namespace jisr
