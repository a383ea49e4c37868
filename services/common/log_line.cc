// How a log record becomes a line: text for people, or one JSON object.
#include <cstdio>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/common/log.h"
#include "services/common/utf8.h"

namespace jisr {
namespace {

absl::string_view LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarning:
      return "warning";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

// A JSON string: quotes, backslashes and control characters escaped; a byte that is not part
// of well-formed UTF-8 becomes U+FFFD, so the line always parses.
void AppendJsonString(absl::string_view text, std::string& out) {
  out.push_back('"');
  while (!text.empty()) {
    int64_t bad = FindInvalidUtf8(text);
    absl::string_view good = bad < 0 ? text : text.substr(0, static_cast<size_t>(bad));
    for (char c : good) {
      if (c == '"' || c == '\\') {
        out.push_back('\\');
        out.push_back(c);
      } else if (static_cast<unsigned char>(c) < 0x20) {
        absl::StrAppendFormat(&out, "\\u%04x", static_cast<unsigned char>(c));
      } else {
        out.push_back(c);
      }
    }
    if (bad < 0) break;
    out.append("\\ufffd");
    text.remove_prefix(static_cast<size_t>(bad) + 1);
  }
  out.push_back('"');
}

void AppendJsonValue(const LogFields::Value& value, std::string& out) {
  if (const auto* s = std::get_if<std::string>(&value)) {
    AppendJsonString(*s, out);
  } else if (const auto* i = std::get_if<int64_t>(&value)) {
    absl::StrAppend(&out, *i);
  } else if (const auto* d = std::get_if<double>(&value)) {
    absl::StrAppendFormat(&out, "%.6g", *d);
  } else {
    out.append(std::get<bool>(value) ? "true" : "false");
  }
}

// key=value, the value quoted when it has spaces or quotes.
void AppendTextValue(const LogFields::Value& value, std::string& out) {
  if (const auto* s = std::get_if<std::string>(&value)) {
    if (s->empty() || s->find_first_of(" \"=\n") != std::string::npos) {
      AppendJsonString(*s, out);
    } else {
      out.append(*s);
    }
    return;
  }
  AppendJsonValue(value, out);
}

// "2026-12-05T05:37:39.123Z". Formatting a civil time costs about a microsecond; calls are
// logged by the ten thousand a second, so each thread keeps the second it formatted last.
std::string Timestamp(absl::Time now) {
  const int64_t seconds = absl::ToUnixSeconds(now);
  thread_local int64_t cached_seconds = -1;
  thread_local std::string cached;
  if (seconds != cached_seconds) {
    cached =
        absl::FormatTime("%Y-%m-%dT%H:%M:%S", absl::FromUnixSeconds(seconds), absl::UTCTimeZone());
    cached_seconds = seconds;
  }
  const int64_t millis = absl::ToUnixMillis(now) - seconds * 1000;
  return absl::StrFormat("%s.%03dZ", cached, millis);
}

}  // namespace

std::string FormatLogLine(LogFormat format, LogLevel level, absl::string_view event,
                          absl::string_view message, const LogFields& fields) {
  return FormatLogLine(format, absl::Now(), level, event, message, fields);
}

std::string FormatLogLine(LogFormat format, absl::Time now, LogLevel level, absl::string_view event,
                          absl::string_view message, const LogFields& fields) {
  const std::string time = Timestamp(now);
  std::string line;
  if (format == LogFormat::kText) {
    absl::StrAppend(&line, time, " ", std::string(1, LevelName(level)[0] - 'a' + 'A'), " ",
                    message);
    for (const auto& [key, value] : fields.fields()) {
      absl::StrAppend(&line, " ", key, "=");
      AppendTextValue(value, line);
    }
  } else {
    absl::StrAppend(&line, "{\"time\":\"", time, "\",\"level\":\"", LevelName(level),
                    "\",\"event\":");
    AppendJsonString(event, line);
    line.append(",\"msg\":");
    AppendJsonString(message, line);
    for (const auto& [key, value] : fields.fields()) {
      line.push_back(',');
      AppendJsonString(key, line);
      line.push_back(':');
      AppendJsonValue(value, line);
    }
    line.push_back('}');
  }
  line.push_back('\n');
  return line;
}

}  // namespace jisr
