#include "services/metrics/exposition.h"

#include <charconv>
#include <cmath>
#include <cstdint>

#include "absl/strings/str_cat.h"

namespace jisr::metrics {

std::string FormatValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buffer[32];
  std::to_chars_result result;
  if (std::trunc(value) == value && std::fabs(value) < 1e15) {
    // Counts and byte totals as integers, exactly, where %g would write 1.234567e+06.
    result = std::to_chars(buffer, buffer + sizeof(buffer), static_cast<int64_t>(value));
  } else {
    // Shortest round-trip text in %g style, as Go's strconv.FormatFloat(v, 'g', -1, 64) writes
    // it (what Prometheus' own clients print, so fractional `le` labels match theirs).
    result = std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::general);
  }
  return std::string(buffer, result.ptr);
}

namespace {

std::string Escape(absl::string_view text, bool quotes) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && quotes) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
  return out;
}

void AppendSample(const Sample& sample, std::string* out) {
  absl::StrAppend(out, sample.name);
  if (!sample.labels.empty()) {
    out->push_back('{');
    for (size_t i = 0; i < sample.labels.size(); ++i) {
      absl::StrAppend(out, i == 0 ? "" : ",", sample.labels[i].first, "=\"",
                      EscapeLabelValue(sample.labels[i].second), "\"");
    }
    out->push_back('}');
  }
  absl::StrAppend(out, " ", FormatValue(sample.value), "\n");
}

}  // namespace

std::string EscapeLabelValue(absl::string_view value) { return Escape(value, /*quotes=*/true); }

std::string EscapeHelp(absl::string_view help) { return Escape(help, /*quotes=*/false); }

void AppendFamily(absl::string_view name, absl::string_view help, absl::string_view type,
                  const std::vector<Sample>& samples, std::string* out) {
  absl::StrAppend(out, "# HELP ", name, " ", EscapeHelp(help), "\n");
  absl::StrAppend(out, "# TYPE ", name, " ", type, "\n");
  for (const Sample& sample : samples) AppendSample(sample, out);
}

}  // namespace jisr::metrics
