// Text analyses a newsroom made recently, so that an edit analyses only the fields it changed:
// a headline fix to a ten-paragraph article ran ICU over all eleven fields, a ninth of the
// write's CPU. text::Analyze is a pure function of the text and its options, so an entry never
// goes stale; it only takes memory, which is bounded (the oldest entries go first).
#ifndef JISR_SERVICES_ARTICLES_ANALYSIS_MEMO_H_
#define JISR_SERVICES_ARTICLES_ANALYSIS_MEMO_H_

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "jisr/v1/text.pb.h"
#include "services/articles/memory_stats.h"
#include "services/text/analyze.h"

namespace jisr::articles {

// What the write path keeps of one field's analysis (text::FieldAnalysis).
struct AnalyzedText {
  std::string text;                         // normalized: what is stored
  std::vector<text::TextWarning> warnings;  // ranges in the input
  int32_t word_count = 0;
  jisr::v1::FieldText field_text;  // the message form the variant stores, without its `field`
};

class AnalysisMemo;

// text::Analyze of `utf8` as an AnalyzedText: through `memo` when there is one.
absl::StatusOr<std::shared_ptr<const AnalyzedText>> AnalyzeText(absl::string_view utf8,
                                                                const text::AnalyzeOptions& options,
                                                                AnalysisMemo* memo);

class AnalysisMemo {
 public:
  explicit AnalysisMemo(size_t max_bytes) : max_bytes_(max_bytes) {}

  // text::Analyze(utf8, options) with its message form, from memory when this text was analysed
  // with these options before. Errors (ill-formed text) are returned, never kept.
  absl::StatusOr<std::shared_ptr<const AnalyzedText>> Analyze(absl::string_view utf8,
                                                              const text::AnalyzeOptions& options);

  // What an operator watches: the entries held, their bytes, and how lookups fared.
  using Stats = MemoryStats;
  Stats stats() const;

 private:
  const size_t max_bytes_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::shared_ptr<const AnalyzedText>> entries_
      ABSL_GUARDED_BY(mu_);
  std::deque<std::string> insertion_order_ ABSL_GUARDED_BY(mu_);
  size_t bytes_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t hits_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t misses_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace jisr::articles

#endif  // JISR_SERVICES_ARTICLES_ANALYSIS_MEMO_H_
