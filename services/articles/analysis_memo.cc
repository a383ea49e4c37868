#include "services/articles/analysis_memo.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "services/common/status_macros.h"
#include "services/textproto/text_messages.h"

namespace jisr::articles {
namespace {

// Every option Analyze reads is in the key, so equal keys give equal analyses.
std::string KeyOf(absl::string_view utf8, const text::AnalyzeOptions& options) {
  return absl::StrCat(options.language, "\n", options.allow_newlines ? 1 : 0, "\n",
                      options.excerpt_max_chars, "\n", static_cast<int>(options.direction_rule),
                      "\n", utf8);
}

// What an entry holds: the key (twice: the map and the order), the text and the message.
size_t SizeOf(const std::string& key, const AnalyzedText& entry) {
  return 2 * key.size() + entry.text.size() + entry.field_text.SpaceUsedLong() + 256;
}

absl::StatusOr<std::shared_ptr<const AnalyzedText>> AnalyzeNow(
    absl::string_view utf8, const text::AnalyzeOptions& options) {
  absl::StatusOr<text::FieldAnalysis> analysis = text::Analyze(utf8, options);
  if (!analysis.ok()) return analysis.status();
  auto out = std::make_shared<AnalyzedText>();
  out->field_text = textproto::ToFieldText(*analysis, "");
  out->text = std::move(analysis->text);
  out->warnings = std::move(analysis->warnings);
  out->word_count = analysis->word_count;
  return out;
}

}  // namespace

absl::StatusOr<std::shared_ptr<const AnalyzedText>> AnalyzeText(absl::string_view utf8,
                                                                const text::AnalyzeOptions& options,
                                                                AnalysisMemo* memo) {
  return memo != nullptr ? memo->Analyze(utf8, options) : AnalyzeNow(utf8, options);
}

absl::StatusOr<std::shared_ptr<const AnalyzedText>> AnalysisMemo::Analyze(
    absl::string_view utf8, const text::AnalyzeOptions& options) {
  std::string key = KeyOf(utf8, options);
  {
    absl::MutexLock lock(&mu_);
    auto it = entries_.find(key);
    if (it != entries_.end()) {
      ++hits_;
      return it->second;
    }
    ++misses_;
  }
  JISR_ASSIGN_OR_RETURN(std::shared_ptr<const AnalyzedText> entry, AnalyzeNow(utf8, options));
  const size_t size = SizeOf(key, *entry);
  if (size > max_bytes_ / 4) return entry;  // one huge text must not empty the memo
  absl::MutexLock lock(&mu_);
  auto [it, inserted] = entries_.try_emplace(key, entry);
  if (!inserted) return it->second;  // another thread analysed it meanwhile
  insertion_order_.push_back(std::move(key));
  bytes_ += size;
  while (bytes_ > max_bytes_ && insertion_order_.size() > 1) {
    auto oldest = entries_.find(insertion_order_.front());
    bytes_ -= SizeOf(insertion_order_.front(), *oldest->second);
    entries_.erase(oldest);
    insertion_order_.pop_front();
  }
  return entry;
}

AnalysisMemo::Stats AnalysisMemo::stats() const {
  absl::MutexLock lock(&mu_);
  return Stats{entries_.size(), bytes_, hits_, misses_};
}

}  // namespace jisr::articles
