// Reads the "Updated:" and "Published:" lines of a scraped article page, in English or Arabic
// ("Updated: June 19, 2023, 5:06 PM", "تاريخ التحديث: 19 يونيو 2023، 5:06 م"), as instants.
#ifndef JISR_CLIENTS_IMPORT_DATELINES_H_
#define JISR_CLIENTS_IMPORT_DATELINES_H_

#include <optional>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace jisr::import {

enum class DatelineKind { kPublished, kUpdated };

struct Dateline {
  DatelineKind kind;
  absl::Time time;
};

// The zone the publisher prints its datelines in: Gulf Standard Time. Asia/Dubai from the
// system's tzdata when installed, else the fixed UTC+4 it has kept, without daylight saving,
// since 1920.
absl::TimeZone GulfTimeZone();

// A dateline, when `line` (cleaned) is "<label>: <date>" with a known label (Updated, Last
// updated, Published, تاريخ التحديث, آخر تحديث, تاريخ النشر, ...) and a date containing a digit;
// std::nullopt for any other line. InvalidArgument when the label is known but the date cannot be
// read, with the line quoted and an example of what is expected.
absl::StatusOr<std::optional<Dateline>> ParseDatelineLine(absl::string_view line,
                                                          absl::TimeZone zone);

// Reads a newsroom date in any order of its parts: day, month name (English, or Arabic in the
// Gulf, Levantine or Maghrebi form), four-digit year, optional "H:MM" time with AM/PM, a.m./p.m.,
// ص/م, صباحًا/مساءً; Latin or Arabic-Indic digits; ASCII or Arabic commas. No time means
// midnight. The wall time is read in `zone`.
absl::StatusOr<absl::Time> ParseNewsroomDate(absl::string_view text, absl::TimeZone zone);

}  // namespace jisr::import

#endif  // JISR_CLIENTS_IMPORT_DATELINES_H_
