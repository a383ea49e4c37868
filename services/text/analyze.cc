#include "services/text/analyze.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/text/excerpt.h"
#include "services/text/icu_status.h"
#include "services/text/language.h"
#include "services/text/normalize.h"
#include "services/text/search_key.h"
#include "services/text/utf.h"
#include "services/text/word_count.h"
#include "unicode/uscript.h"

namespace jisr::text {
namespace {

std::string ScriptName(UScriptCode script) {
  const char* name = uscript_getName(script);
  return name != nullptr ? name : "unknown";
}

TextWarning WrongScriptWarning(const ScriptCheck& check, const TextRange& whole_input) {
  TextWarning warning;
  warning.code = WarningCode::kWrongScript;
  warning.range = whole_input;
  warning.message =
      absl::StrCat(check.counts.total() - check.expected_script_letters, " of ",
                   check.counts.total(), " letters are not in ", ScriptName(check.expected_script),
                   " script, the script of the variant's language");
  return warning;
}

// Working buffers reused across calls on one thread, so analysing a short
// field allocates little besides its results. Buffers grown by a large field
// are released afterwards.
struct Scratch {
  icu::UnicodeString input;
  icu::UnicodeString normalized;
  std::vector<internal::ParagraphRuns> paragraphs;
  std::vector<internal::Span16> spans16;

  void Release() {
    constexpr int32_t kKeepUnits = 64 * 1024;
    if (input.getCapacity() > kKeepUnits) input = icu::UnicodeString();
    if (normalized.getCapacity() > kKeepUnits) normalized = icu::UnicodeString();
    if (spans16.capacity() > 4096) std::vector<internal::Span16>().swap(spans16);
    if (paragraphs.size() > 64) {
      std::vector<internal::ParagraphRuns>().swap(paragraphs);
    }
  }
};

}  // namespace

absl::StatusOr<FieldAnalysis> Analyze(absl::string_view utf8, const AnalyzeOptions& options) {
  if (options.excerpt_max_chars < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("excerpt_max_chars must not be negative, got ", options.excerpt_max_chars));
  }
  JISR_TEXT_ASSIGN_OR_RETURN(const LanguageInfo language, GetLanguageInfo(options.language));

  thread_local Scratch scratch;
  struct ReleaseOnExit {
    Scratch& scratch;
    ~ReleaseOnExit() { scratch.Release(); }
  } release_on_exit{scratch};

  // The one UTF-16 conversion every step below works on.
  icu::UnicodeString& input = scratch.input;
  JISR_TEXT_RETURN_IF_ERROR(DecodeUtf8(utf8, &input));

  FieldAnalysis analysis;
  NormalizeOptions normalize_options;
  normalize_options.allow_newlines = options.allow_newlines;
  icu::UnicodeString& normalized = scratch.normalized;
  bool changed = false;
  JISR_TEXT_RETURN_IF_ERROR(internal::NormalizeUtf16(input, normalize_options, &normalized,
                                                     &changed, &analysis.warnings));
  const icu::UnicodeString& text = changed ? normalized : input;
  analysis.text = changed ? ToUtf8(normalized) : std::string(utf8);

  analysis.script = internal::CheckScriptUtf16(text, language);
  if (analysis.script.wrong_script) {
    analysis.warnings.push_back(WrongScriptWarning(analysis.script, OffsetIndex(input).Whole()));
  }

  std::vector<internal::ParagraphRuns>& paragraphs = scratch.paragraphs;
  JISR_TEXT_RETURN_IF_ERROR(
      internal::AnalyzeParagraphs(text, language.direction, options.direction_rule, &paragraphs));
  const OffsetIndex index(text);
  BidiAnalysis bidi;
  internal::ToBidiAnalysis(paragraphs, index, language.direction, &bidi);
  analysis.base_direction = bidi.base_direction;
  analysis.direction_source = bidi.direction_source;
  analysis.paragraphs = std::move(bidi.paragraphs);

  std::vector<internal::Span16>& spans16 = scratch.spans16;
  internal::FindIsolationSpans(text, paragraphs, &spans16);
  internal::ToIsolationSpans(spans16, index, &analysis.isolation_spans);
  analysis.isolated_text = spans16.empty() ? analysis.text
                                           : internal::BuildIsolatedText(analysis.text, spans16,
                                                                         analysis.isolation_spans);

  JISR_TEXT_RETURN_IF_ERROR(internal::AppendSearchKey(text, &analysis.search_key));

  JISR_TEXT_ASSIGN_OR_RETURN(analysis.word_count, internal::CountWordsUtf16(text, language));
  analysis.reading_time_seconds =
      ReadingTimeSeconds(analysis.word_count, language.words_per_minute);

  if (options.excerpt_max_chars > 0) {
    icu::UnicodeString excerpt;
    JISR_TEXT_RETURN_IF_ERROR(internal::ExcerptUtf16(text, options.excerpt_max_chars, &excerpt,
                                                     &analysis.excerpt_truncated));
    analysis.excerpt = analysis.excerpt_truncated ? ToUtf8(excerpt) : analysis.text;
  }
  return analysis;
}

}  // namespace jisr::text
