#include "clients/import/credits.h"

#include <algorithm>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "clients/import/text_utils.h"

namespace jisr::import {
namespace {

// Agencies, pools and house credits, in the forms printed under pictures. Arabic forms follow
// the English ones they translate.
constexpr const char* kKnownCredits[] = {
    "AFP",
    "AFP via Getty Images",
    "Agence France-Presse",
    "Reuters",
    "AP",
    "Associated Press",
    "Getty Images",
    "Getty",
    "EPA",
    "EPA-EFE",
    "WAM",
    "Bloomberg",
    "Bloomberg via Getty Images",
    "Xinhua",
    "Anadolu",
    "Anadolu Agency",
    "SPA",
    "PA",
    "PA Wire",
    "Shutterstock",
    "Alamy",
    "The National",
    "Supplied",
    "Handout",
    "Pool",
    // Arabic: AFP, Reuters, AP, Getty Images, EPA, WAM, Bloomberg, Xinhua, Anadolu, SPA and
    // The National.
    "أ ف ب",
    "ا ف ب",
    "أ.ف.ب",
    "فرانس برس",
    "وكالة فرانس برس",
    "رويترز",
    "أ ب",
    "أسوشيتد برس",
    "غيتي إيمجز",
    "غيتي",
    "جيتي",
    "إي بي إيه",
    "وام",
    "بلومبرغ",
    "بلومبيرغ",
    "شينخوا",
    "الأناضول",
    "واس",
    "ذا ناشيونال",
};

// Labels a credit may follow: "Photo: AFP", "صورة: أ ف ب".
constexpr const char* kCreditLabels[] = {
    "photo:", "picture:", "image:", "photograph:", "صورة:", "الصورة:", "تصوير:"};

// Punctuation that ends a caption sentence before its credit.
constexpr const char* kSentenceEnds[] = {".", "!", "?", "…", "”", "\"",
                                         "’", "'", "»", ")", "؟", "۔"};

constexpr const char* kSeparators[] = {"|", "-", "–", "—", "/"};

// MatchKey without the characters that vary between spellings of one credit.
std::string CreditKey(absl::string_view text) {
  std::string key;
  for (char c : MatchKey(text)) {
    if (c == ' ' || c == '.' || c == '-') continue;
    key.push_back(c);
  }
  return key;
}

const absl::flat_hash_set<std::string>& CreditKeys() {
  static const auto* keys = [] {
    auto* set = new absl::flat_hash_set<std::string>();
    for (const char* credit : kKnownCredits) set->insert(CreditKey(credit));
    return set;
  }();
  return *keys;
}

bool EndsWithAny(absl::string_view text, const char* const* begin, const char* const* end) {
  return std::any_of(begin, end, [&](const char* s) { return absl::EndsWith(text, s); });
}

bool IsCreditLabel(absl::string_view word) {
  const std::string key = MatchKey(word);
  return std::any_of(std::begin(kCreditLabels), std::end(kCreditLabels),
                     [&](const char* label) { return key == MatchKey(label); });
}

}  // namespace

bool IsKnownCredit(absl::string_view text) {
  const std::string key = CreditKey(text);
  return !key.empty() && CreditKeys().contains(key);
}

CaptionCredit SplitCaptionCredit(absl::string_view line) {
  const std::vector<absl::string_view> words = Words(line);
  // Longest candidate first, so "AFP via Getty Images" wins over "Getty Images".
  for (size_t n = std::min<size_t>(4, words.size() > 0 ? words.size() - 1 : 0); n >= 1; --n) {
    const size_t first = words.size() - n;
    std::string candidate =
        absl::StrJoin(words.begin() + static_cast<std::ptrdiff_t>(first), words.end(), " ");
    bool parenthesised = false;
    absl::string_view bare = candidate;
    if (absl::ConsumePrefix(&bare, "(") && absl::ConsumeSuffix(&bare, ")")) parenthesised = true;
    if (!IsKnownCredit(bare)) continue;

    std::vector<absl::string_view> rest(words.begin(),
                                        words.begin() + static_cast<std::ptrdiff_t>(first));
    bool set_off = parenthesised;
    if (!rest.empty() && IsCreditLabel(rest.back())) {
      rest.pop_back();
      set_off = true;
    } else if (!rest.empty() &&
               EndsWithAny(rest.back(), std::begin(kSeparators), std::end(kSeparators)) &&
               rest.back().size() <= 3) {
      rest.pop_back();  // A lone separator word: "... Beijing | AFP".
      set_off = true;
    } else if (!rest.empty() &&
               EndsWithAny(rest.back(), std::begin(kSentenceEnds), std::end(kSentenceEnds))) {
      set_off = true;
    }
    if (!set_off || rest.empty()) continue;
    return CaptionCredit{absl::StrJoin(rest, " "), std::string(bare)};
  }
  return CaptionCredit{std::string(line), ""};
}

}  // namespace jisr::import
