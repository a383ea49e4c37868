// Alters opaque tokens the ways clients and proxies do by accident and attackers on purpose: a
// character changed, dropped, added or moved, the token cut short or run on, padding added,
// case changed, or bytes that were never a token. Seeded, so a failure can be replayed.
#ifndef JISR_TESTS_ABUSE_TOKEN_MANGLER_H_
#define JISR_TESTS_ABUSE_TOKEN_MANGLER_H_

#include <cctype>
#include <random>
#include <string>
#include <utility>

namespace jisr::abuse {

class TokenMangler {
 public:
  explicit TokenMangler(unsigned seed) : random_(seed) {}

  // A token that differs from `token` and is not empty (an empty token means "from the start").
  std::string Alter(const std::string& token) {
    for (;;) {
      std::string altered = AlterOnce(token);
      if (!altered.empty() && altered != token) return altered;
    }
  }

 private:
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/= .%";

  size_t Below(size_t n) {
    return n == 0 ? 0 : std::uniform_int_distribution<size_t>(0, n - 1)(random_);
  }
  char AnyChar() { return kAlphabet[Below(sizeof(kAlphabet) - 1)]; }

  std::string AlterOnce(std::string token) {
    const size_t at = Below(token.size());
    switch (Below(9)) {
      case 0:  // one character changed
        token[at] = AnyChar();
        break;
      case 1:  // one character dropped
        token.erase(at, 1);
        break;
      case 2:  // one character added
        token.insert(at, 1, AnyChar());
        break;
      case 3:  // two neighbours swapped
        if (at + 1 < token.size()) std::swap(token[at], token[at + 1]);
        break;
      case 4:  // cut short
        token.resize(at);
        break;
      case 5:  // run on
        token += std::string(1 + Below(4), AnyChar());
        break;
      case 6:  // padded, as another base64 encoder would
        token += Below(2) == 0 ? "=" : "==";
        break;
      case 7:  // one letter's case flipped
        token[at] = static_cast<char>(std::isupper(static_cast<unsigned char>(token[at]))
                                          ? std::tolower(static_cast<unsigned char>(token[at]))
                                          : std::toupper(static_cast<unsigned char>(token[at])));
        break;
      default:  // several characters changed at once
        for (int i = 0; i < 3; ++i) token[Below(token.size())] = AnyChar();
        break;
    }
    return token;
  }

  std::mt19937 random_;
};

}  // namespace jisr::abuse

#endif  // JISR_TESTS_ABUSE_TOKEN_MANGLER_H_
