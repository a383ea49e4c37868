#include "clients/cpp/bearer_token.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace jisr::client {
namespace {

// More than this is not a token file (or is /dev/zero): stop reading, and say it is too long.
constexpr size_t kMaxTokenFileBytes = 4 * kMaxBearerTokenBytes;

std::string TokenFileSource(const std::string& path) {
  return absl::StrCat("the token file \"", path, "\"");
}

// What byte `c` is, for an error: never the token's own characters, only ones a token cannot
// hold.
std::string DescribeByte(unsigned char c) {
  if (c == ' ') return "a space";
  if (c == '\t') return "a tab";
  if (c < 0x20 || c == 0x7F) return absl::StrFormat("a control character (0x%02X)", c);
  return absl::StrFormat("a byte that is not ASCII (0x%02X)", c);
}

// The file's bytes, at most kMaxTokenFileBytes + 1 of them.
absl::StatusOr<std::string> ReadTokenFile(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                       &std::fclose);
  auto unreadable = [&path](int error) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot read ", TokenFileSource(path), ": ", std::strerror(error),
                     "; give the path of a readable file that holds the bearer token"));
  };
  if (file == nullptr) return unreadable(errno);
  std::string contents(kMaxTokenFileBytes + 1, '\0');
  const size_t read = std::fread(contents.data(), 1, contents.size(), file.get());
  // A directory opens, and fails only here (EISDIR).
  if (std::ferror(file.get())) return unreadable(errno);
  contents.resize(read);
  return contents;
}

}  // namespace

absl::Status CheckBearerToken(absl::string_view token, absl::string_view source) {
  if (token.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(source, " is empty: put the bearer token (a JWT) in it, on one line"));
  }
  if (absl::StartsWithIgnoreCase(token, "Bearer ")) {
    return absl::InvalidArgumentError(
        absl::StrCat(source,
                     " starts with \"Bearer \": give the token alone; the client adds the "
                     "\"Bearer \" of the authorization header itself"));
  }
  if (size_t newline = token.find('\n'); newline != absl::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat(source, " has more than one line (a line break at byte ", newline,
                     "): it must hold the token alone, on one line"));
  }
  for (size_t i = 0; i < token.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(token[i]);
    if (c > 0x20 && c < 0x7F) continue;
    std::string hint =
        "a token is printable ASCII with no spaces, such as a JWT (three base64url "
        "parts joined by dots)";
    // Editors on some systems save UTF-8 with a byte-order mark first.
    if (i == 0 && absl::StartsWith(token, "\xEF\xBB\xBF")) hint += "; remove the byte-order mark";
    return absl::InvalidArgumentError(
        absl::StrCat(source, " holds ", DescribeByte(c), " at byte ", i, ": ", hint));
  }
  if (token.size() > kMaxBearerTokenBytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        source, " is ", token.size(), " bytes long: jisrd refuses tokens over ",
        kMaxBearerTokenBytes, " bytes; check that it holds one token, or ask for a smaller one"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> LoadBearerToken(const ClientOptions& options) {
  if (!options.token.empty() && !options.token_path.empty()) {
    return absl::InvalidArgumentError(
        "both token and token_path are set: give the bearer token one way");
  }
  std::string token;
  std::string source;
  if (!options.token.empty()) {
    token = options.token;
    source = "ClientOptions.token";
  } else if (!options.token_path.empty()) {
    absl::StatusOr<std::string> contents = ReadTokenFile(options.token_path);
    if (!contents.ok()) return contents.status();
    token = *std::move(contents);
    source = TokenFileSource(options.token_path);
    // The trailing line feed an editor or `echo` writes is no part of the token.
    absl::StripTrailingAsciiWhitespace(&token);
  } else {
    return std::string();
  }
  if (absl::Status checked = CheckBearerToken(token, source); !checked.ok()) return checked;
  return token;
}

}  // namespace jisr::client
