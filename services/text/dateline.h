#ifndef JISR_SERVICES_TEXT_DATELINE_H_
#define JISR_SERVICES_TEXT_DATELINE_H_

// Datelines ("Updated: June 19, 2023, 5:06 PM"), formatted on the server so
// every renderer prints the same line.
//
// A DateStyle is a locale, a time zone, a numbering system (latn: 0-9, arab:
// Arabic-Indic ٠-٩) and a calendar (gregorian, or islamic-umalqura for the
// Hijri date), applied through the locale's -u-nu- and -u-ca- keywords.
// The pattern (ICU date pattern syntax) defaults to the newsroom pattern for
// the locale's language and calendar:
//   English, Gregorian  "MMMM d, y, h:mm a"      June 19, 2023, 5:06 PM
//   English, Hijri      "MMMM d, y G, h:mm a"    Dhuʻl-Hijjah 1, 1444 AH, 5:06 PM
//   Arabic, Gregorian   "d MMMM y، h:mm a"       19 يونيو 2023، 5:06 م
//   Arabic, Hijri       "d MMMM y G، h:mm a"     1 ذو الحجة 1444 هـ، 5:06 م
// (an ASCII comma and ASCII spaces in English, where ICU's own medium format
// would give "at" and a narrow no-break space before PM; the Arabic comma
// U+060C in Arabic). Other languages get ICU's best pattern for the skeleton
// "yMMMMdjmm".
// Labels default to "Published:" / "Updated:" in English and
// "تاريخ النشر:" (date of publication) / "آخر تحديث:" (last update, the
// phrase Arabic news sites print) in Arabic, followed by one space; other
// languages must set them. Formatters are built once per style and cached
// (bounded, thread-safe, shared read-only): a call costs a cache lookup and
// the formatting, about 1-2 microseconds.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace jisr::text {

enum class DatelineKind {
  kPublished = 0,
  kUpdated = 1,
};

struct DateStyle {
  std::string locale = "en-AE";          // BCP 47
  std::string time_zone = "Asia/Dubai";  // IANA
  std::string numbering = "latn";        // "latn" | "arab"
  std::string calendar = "gregorian";    // "gregorian" | "islamic-umalqura"
  std::string pattern;                   // empty: the newsroom pattern (see above)
  std::string published_label;           // empty: the newsroom label (see above)
  std::string updated_label;
};

// The newsroom's style for a variant language: Arabic ("ar", "ar-AE") ->
// ar-AE, anything else -> en-AE; both Asia/Dubai, Latin digits, Gregorian
// calendar.
DateStyle NewsroomDateStyle(absl::string_view language);

// The date and time alone. InvalidArgument for an unknown locale, time
// zone, numbering system or calendar, an invalid pattern or an infinite time.
absl::StatusOr<std::string> FormatDate(absl::Time time, const DateStyle& style);

// "<label> <date>".
absl::StatusOr<std::string> FormatDateline(absl::Time time, const DateStyle& style,
                                           DatelineKind kind);

}  // namespace jisr::text

#endif  // JISR_SERVICES_TEXT_DATELINE_H_
