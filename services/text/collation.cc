#include "services/text/collation.h"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "services/text/icu_status.h"
#include "services/text/language.h"
#include "services/text/utf.h"
#include "unicode/coll.h"
#include "unicode/locid.h"

namespace jisr::text {
namespace {

constexpr size_t kMaxCachedCollators = 64;

class CollatorCache {
 public:
  absl::StatusOr<std::shared_ptr<const icu::Collator>> Get(absl::string_view language) {
    const std::string key(language);
    {
      absl::MutexLock lock(&mu_);
      auto it = collators_.find(key);
      if (it != collators_.end()) return it->second;
    }
    JISR_TEXT_RETURN_IF_ERROR(GetLanguageInfo(language).status());
    UErrorCode status = U_ZERO_ERROR;
    const icu::Locale locale = icu::Locale::forLanguageTag(key, status);
    std::shared_ptr<const icu::Collator> collator(icu::Collator::createInstance(locale, status));
    if (U_FAILURE(status) || collator == nullptr) {
      return internal::IcuError(status, "Collator::createInstance");
    }
    absl::MutexLock lock(&mu_);
    if (collators_.size() < kMaxCachedCollators) {
      return collators_.emplace(key, collator).first->second;
    }
    return collator;
  }

 private:
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::shared_ptr<const icu::Collator>> collators_
      ABSL_GUARDED_BY(mu_);
};

CollatorCache& Cache() {
  static CollatorCache* const cache = new CollatorCache();
  return *cache;
}

absl::StatusOr<std::string> SortKey(const icu::Collator& collator, absl::string_view utf8) {
  icu::UnicodeString text;
  JISR_TEXT_RETURN_IF_ERROR(DecodeUtf8(utf8, &text));
  std::string key(64, '\0');
  int32_t needed = collator.getSortKey(text, reinterpret_cast<uint8_t*>(key.data()),
                                       static_cast<int32_t>(key.size()));
  if (needed > static_cast<int32_t>(key.size())) {
    key.resize(needed);
    needed = collator.getSortKey(text, reinterpret_cast<uint8_t*>(key.data()), needed);
  }
  if (needed <= 0) return absl::InternalError("Collator::getSortKey failed");
  key.resize(needed - 1);  // drop the terminating zero byte
  return key;
}

}  // namespace

absl::Status SortByCollation(absl::string_view language, std::vector<std::string>* strings) {
  JISR_TEXT_ASSIGN_OR_RETURN(std::shared_ptr<const icu::Collator> collator, Cache().Get(language));
  // A sort key per string rather than a collation per comparison.
  struct Keyed {
    std::string key;
    std::string value;
  };
  std::vector<Keyed> keyed;
  keyed.reserve(strings->size());
  for (const std::string& s : *strings) {
    JISR_TEXT_ASSIGN_OR_RETURN(std::string key, SortKey(*collator, s));
    keyed.push_back({std::move(key), s});
  }
  std::sort(keyed.begin(), keyed.end(), [](const Keyed& a, const Keyed& b) {
    if (a.key != b.key) return a.key < b.key;
    return a.value < b.value;  // UTF-8 byte order is code point order
  });
  for (size_t i = 0; i < keyed.size(); ++i) {
    (*strings)[i] = std::move(keyed[i].value);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> CollationKey(absl::string_view utf8, absl::string_view language) {
  JISR_TEXT_ASSIGN_OR_RETURN(std::shared_ptr<const icu::Collator> collator, Cache().Get(language));
  return SortKey(*collator, utf8);
}

absl::StatusOr<std::string> CollationVersion(absl::string_view language) {
  JISR_TEXT_ASSIGN_OR_RETURN(std::shared_ptr<const icu::Collator> collator, Cache().Get(language));
  UVersionInfo version;
  collator->getVersion(version);
  return absl::StrCat(version[0], ".", version[1], ".", version[2], ".", version[3]);
}

}  // namespace jisr::text
