#ifndef JISR_SERVICES_TEXT_COLLATION_H_
#define JISR_SERVICES_TEXT_COLLATION_H_

// Language-aware ordering (ICU collation, CLDR rules for the language):
// lists of names, tags and titles sorted as a reader of that language
// expects, and sort keys an index can store and compare bytewise.
//
// Collators are built once per language and shared (bounded, thread-safe
// cache). A shared collator is only used through its const methods
// (compare, getSortKey), which ICU documents as safe to call concurrently on
// one instance; nothing ever changes its attributes after construction.
// The strength is the locale's default (tertiary): case and accent
// differences order but do not merge. Arabic collation already treats alef
// forms alike at the primary level and ignores tatweel and harakat there;
// ties are broken by code point order so sorting is deterministic.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace jisr::text {

// Sorts UTF-8 strings in place by collation for `language` (BCP 47).
// InvalidArgument on an ill-formed language tag or ill-formed UTF-8.
absl::Status SortByCollation(absl::string_view language, std::vector<std::string>* strings);

// The ICU sort key of `utf8` for `language` (without ICU's terminating zero
// byte): comparing two keys bytewise (memcmp, a database bytea/BLOB column)
// orders the strings as the collator does. Keys depend on the ICU version;
// store the version beside them and rebuild after an ICU upgrade.
absl::StatusOr<std::string> CollationKey(absl::string_view utf8, absl::string_view language);

// ICU's collation version for `language` (e.g. "153.112.40.0"), to store
// beside keys.
absl::StatusOr<std::string> CollationVersion(absl::string_view language);

}  // namespace jisr::text

#endif  // JISR_SERVICES_TEXT_COLLATION_H_
