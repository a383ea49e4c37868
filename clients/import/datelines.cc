#include "clients/import/datelines.h"

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "clients/import/text_utils.h"

namespace jisr::import {
namespace {

constexpr char kExpected[] =
    "expected a line like \"Updated: June 19, 2023, 5:06 PM\" or "
    "\"تاريخ التحديث: 19 يونيو 2023، 5:06 م\" (day, month name, year, then an optional time)";

struct LabelKind {
  const char* label;
  DatelineKind kind;
};

constexpr LabelKind kLabels[] = {
    {"Updated", DatelineKind::kUpdated},       {"Last updated", DatelineKind::kUpdated},
    {"Published", DatelineKind::kPublished},   {"First published", DatelineKind::kPublished},
    {"تاريخ التحديث", DatelineKind::kUpdated}, {"آخر تحديث", DatelineKind::kUpdated},
    {"تم التحديث", DatelineKind::kUpdated},    {"محدث", DatelineKind::kUpdated},
    {"تاريخ النشر", DatelineKind::kPublished}, {"تم النشر", DatelineKind::kPublished},
    {"نشر في", DatelineKind::kPublished},
};

// Month names by MatchKey, so alef forms and case do not matter.
const absl::flat_hash_map<std::string, int>& Months() {
  static const auto* months = [] {
    struct Names {
      int month;
      std::vector<const char*> names;
    };
    const std::vector<Names> table = {
        {1, {"January", "Jan", "يناير", "كانون الثاني", "جانفي"}},
        {2, {"February", "Feb", "فبراير", "شباط", "فيفري"}},
        {3, {"March", "Mar", "مارس", "آذار"}},
        {4, {"April", "Apr", "أبريل", "إبريل", "نيسان", "أفريل"}},
        {5, {"May", "مايو", "أيار", "ماي"}},
        {6, {"June", "Jun", "يونيو", "يونيه", "حزيران", "جوان"}},
        {7, {"July", "Jul", "يوليو", "يوليه", "تموز", "يوليوز", "جويلية"}},
        {8, {"August", "Aug", "أغسطس", "آب", "غشت", "أوت"}},
        {9, {"September", "Sep", "Sept", "سبتمبر", "أيلول", "شتنبر"}},
        {10, {"October", "Oct", "أكتوبر", "تشرين الأول"}},
        {11, {"November", "Nov", "نوفمبر", "تشرين الثاني", "نونبر"}},
        {12, {"December", "Dec", "ديسمبر", "كانون الأول", "دجنبر"}},
    };
    auto* map = new absl::flat_hash_map<std::string, int>();
    for (const Names& entry : table) {
      for (const char* name : entry.names) (*map)[MatchKey(name)] = entry.month;
    }
    return map;
  }();
  return *months;
}

enum class Meridiem { kNone, kAm, kPm };

Meridiem MeridiemOf(absl::string_view token) {
  static const auto* am = new absl::flat_hash_set<std::string>{
      "am", "a.m.", "a.m", "ص", MatchKey("صباحا"), MatchKey("صباحًا"), MatchKey("صباحاً")};
  static const auto* pm = new absl::flat_hash_set<std::string>{
      "pm", "p.m.", "p.m", "م", MatchKey("مساء"), MatchKey("مساءً"), MatchKey("مساءا")};
  const std::string key = MatchKey(token);
  if (am->contains(key)) return Meridiem::kAm;
  if (pm->contains(key)) return Meridiem::kPm;
  return Meridiem::kNone;
}

bool IsFiller(absl::string_view token) {
  static const auto* fillers = new absl::flat_hash_set<std::string>{
      "at", "on", "-", "–", "|", MatchKey("في"), MatchKey("الساعة"), MatchKey("الموافق")};
  return fillers->contains(MatchKey(token));
}

bool AllDigits(absl::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// Day with an optional English ordinal suffix: "19", "19th".
bool ParseDay(absl::string_view token, int* day) {
  for (absl::string_view suffix : {"st", "nd", "rd", "th"}) {
    if (token.size() > suffix.size() && absl::EndsWithIgnoreCase(token, suffix)) {
      token.remove_suffix(suffix.size());
      break;
    }
  }
  if (!AllDigits(token) || token.size() > 2) return false;
  return absl::SimpleAtoi(token, day);
}

// "5:06" or "17:06:30"; the seconds are read and dropped (datelines show minutes).
bool ParseClock(absl::string_view token, int* hour, int* minute) {
  std::vector<absl::string_view> parts = absl::StrSplit(token, ':');
  if (parts.size() < 2 || parts.size() > 3) return false;
  for (absl::string_view part : parts) {
    if (!AllDigits(part) || part.size() > 2) return false;
  }
  int second = 0;
  if (!absl::SimpleAtoi(parts[0], hour) || !absl::SimpleAtoi(parts[1], minute) ||
      parts[1].size() != 2) {
    return false;
  }
  if (parts.size() == 3 && (!absl::SimpleAtoi(parts[2], &second) || second > 59)) return false;
  return *minute <= 59;
}

absl::Status DateError(absl::string_view text, absl::string_view problem) {
  return absl::InvalidArgumentError(
      absl::StrCat("cannot read the date \"", text, "\": ", problem, "; ", kExpected));
}

}  // namespace

absl::TimeZone GulfTimeZone() {
  absl::TimeZone zone;
  if (absl::LoadTimeZone("Asia/Dubai", &zone)) return zone;
  return absl::FixedTimeZone(4 * 60 * 60);
}

absl::StatusOr<absl::Time> ParseNewsroomDate(absl::string_view text, absl::TimeZone zone) {
  std::string normalized = ToAsciiDigits(text);
  normalized = absl::StrReplaceAll(normalized, {{",", " "},
                                                {"،", " "},
                                                {"\xC2\xA0", " "},        // NBSP
                                                {"\xE2\x80\xAF", " "}});  // Narrow NBSP
  std::vector<std::string> tokens =
      absl::StrSplit(normalized, absl::ByAnyChar(" \t"), absl::SkipEmpty());

  int day = 0, month = 0, year = 0, hour = -1, minute = 0;
  Meridiem meridiem = Meridiem::kNone;
  for (size_t i = 0; i < tokens.size(); ++i) {
    std::string token = tokens[i];
    if (IsFiller(token)) continue;
    // Two-word month names first ("كانون الثاني").
    if (i + 1 < tokens.size()) {
      auto it = Months().find(MatchKey(absl::StrCat(token, " ", tokens[i + 1])));
      if (it != Months().end()) {
        if (month != 0) return DateError(text, "it names two months");
        month = it->second;
        ++i;
        continue;
      }
    }
    if (auto it = Months().find(MatchKey(token)); it != Months().end()) {
      if (month != 0) return DateError(text, "it names two months");
      month = it->second;
      continue;
    }
    if (Meridiem m = MeridiemOf(token); m != Meridiem::kNone) {
      meridiem = m;
      continue;
    }
    // A clock with its meridiem attached: "5:06PM".
    for (absl::string_view suffix : {"pm", "am", "p.m.", "a.m."}) {
      if (token.size() > suffix.size() && absl::EndsWithIgnoreCase(token, suffix) &&
          token.find(':') != std::string::npos) {
        meridiem = MeridiemOf(suffix);
        token.resize(token.size() - suffix.size());
        break;
      }
    }
    int h = 0, m = 0;
    if (ParseClock(token, &h, &m)) {
      if (hour >= 0) return DateError(text, "it has two times");
      hour = h;
      minute = m;
      continue;
    }
    // Arabic marks a Gregorian year with a trailing meem: "2023م".
    if (token.size() == 6 && AllDigits(token.substr(0, 4)) && token.substr(4) == "م") {
      token.resize(4);
    }
    if (AllDigits(token) && token.size() == 4) {
      if (year != 0) return DateError(text, "it has two years");
      if (!absl::SimpleAtoi(token, &year)) return DateError(text, "the year is out of range");
      continue;
    }
    int d = 0;
    if (ParseDay(token, &d)) {
      if (day != 0) return DateError(text, "it has two day numbers");
      day = d;
      continue;
    }
    return DateError(text, absl::StrCat("\"", token, "\" is not a day, month, year or time"));
  }

  if (month == 0) return DateError(text, "no month name found");
  if (year == 0) return DateError(text, "no four-digit year found");
  if (day == 0) return DateError(text, "no day of the month found");
  if (year < 1900 || year > 2200) return DateError(text, "the year is out of range");
  const absl::CivilDay civil_day(year, month, day);
  if (civil_day.day() != day || civil_day.month() != month) {
    return DateError(text, absl::StrCat("the month has no day ", day));
  }
  if (hour < 0) {
    hour = 0;
    if (meridiem != Meridiem::kNone) return DateError(text, "AM/PM without a time");
  } else if (meridiem != Meridiem::kNone) {
    if (hour < 1 || hour > 12) return DateError(text, "a 12-hour time must be 1:00 to 12:59");
    hour = hour % 12 + (meridiem == Meridiem::kPm ? 12 : 0);
  } else if (hour > 23) {
    return DateError(text, "the hour is out of range");
  }
  return absl::FromCivil(absl::CivilMinute(year, month, day, hour, minute), zone);
}

absl::StatusOr<std::optional<Dateline>> ParseDatelineLine(absl::string_view line,
                                                          absl::TimeZone zone) {
  const size_t colon = line.find(':');
  if (colon == absl::string_view::npos) return std::optional<Dateline>();
  const std::string label_key = MatchKey(TrimUnicodeSpace(line.substr(0, colon)));
  const absl::string_view value = TrimUnicodeSpace(line.substr(colon + 1));
  const LabelKind* found = nullptr;
  for (const LabelKind& label : kLabels) {
    if (label_key == MatchKey(label.label)) found = &label;
  }
  // A paragraph that merely starts "Updated:" is prose, not a dateline: a date has digits.
  const std::string digits = ToAsciiDigits(value);
  const bool has_digit = digits.find_first_of("0123456789") != std::string::npos;
  if (found == nullptr || !has_digit) return std::optional<Dateline>();

  absl::StatusOr<absl::Time> time = ParseNewsroomDate(value, zone);
  if (!time.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("in the line \"", line, "\": ", time.status().message()));
  }
  return std::optional<Dateline>(Dateline{found->kind, *time});
}

}  // namespace jisr::import
