// Write-time text pipeline throughput (MB/s of UTF-8 input).
//
// BM_RawUbidi is the yardstick: for each paragraph, UTF-8 -> UTF-16
// (u_strFromUTF8 into a reused buffer), ubidi_setPara with a default level,
// and every run (ubidi_countRuns, ubidi_getVisualRun). BM_Analyze runs the
// whole jisr_text pipeline (Analyze: validation, storage normalization,
// script check, bidi runs per paragraph, isolation spans and isolated text,
// search key, word count) on the same paragraphs. The goal is Analyze at no
// less than a third of raw ubidi. The remaining benchmarks show where the
// pipeline's time goes.
//
// Text: every <p>, <h1> and <h2> of the UDHR (fixtures/udhr), one field per
// element, as Jisr stores an article: Arabic (arb) and English (eng).

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "benchmark/benchmark.h"
#include "services/text/analyze.h"
#include "services/text/dateline.h"
#include "services/text/normalize.h"
#include "services/text/search_key.h"
#include "services/text/word_count.h"
#include "tests/text/fixtures.h"
#include "unicode/ubidi.h"
#include "unicode/ustring.h"

namespace jisr::text {
namespace {

struct Corpus {
  std::vector<std::string> fields;
  int64_t bytes = 0;
  std::string language;
};

const Corpus& GetCorpus(int index) {
  static const Corpus* const corpora = [] {
    auto* corpora = new Corpus[2];
    const char* codes[] = {"arb", "eng"};
    const char* languages[] = {"ar", "en"};
    for (int i = 0; i < 2; ++i) {
      absl::StatusOr<std::vector<std::string>> fields =
          testing::UdhrElements(codes[i], {"p", "h1", "h2"});
      if (!fields.ok()) {
        fprintf(stderr, "%s\n", std::string(fields.status().message()).c_str());
        std::abort();
      }
      corpora[i].fields = *std::move(fields);
      for (const std::string& field : corpora[i].fields) {
        corpora[i].bytes += static_cast<int64_t>(field.size());
      }
      corpora[i].language = languages[i];
    }
    return corpora;
  }();
  return corpora[index];
}

void SetUp(benchmark::State& state, const Corpus& corpus) {
  state.SetLabel(corpus.language == "ar" ? "UDHR arb" : "UDHR eng");
  state.SetBytesProcessed(state.iterations() * corpus.bytes);
  state.counters["fields"] = static_cast<double>(corpus.fields.size());
}

void BM_RawUbidi(benchmark::State& state) {
  const Corpus& corpus = GetCorpus(static_cast<int>(state.range(0)));
  UBiDi* bidi = ubidi_open();
  std::vector<UChar> buffer;
  for (auto _ : state) {
    int64_t runs_seen = 0;
    for (const std::string& field : corpus.fields) {
      buffer.resize(field.size() + 1);
      UErrorCode status = U_ZERO_ERROR;
      int32_t length = 0;
      u_strFromUTF8(buffer.data(), static_cast<int32_t>(buffer.size()), &length, field.data(),
                    static_cast<int32_t>(field.size()), &status);
      ubidi_setPara(bidi, buffer.data(), length, UBIDI_DEFAULT_LTR, nullptr, &status);
      const int32_t runs = ubidi_countRuns(bidi, &status);
      for (int32_t i = 0; i < runs; ++i) {
        int32_t start = 0;
        int32_t run_length = 0;
        runs_seen += ubidi_getVisualRun(bidi, i, &start, &run_length);
        runs_seen += start + run_length;
      }
      if (U_FAILURE(status)) state.SkipWithError("ubidi failed");
    }
    benchmark::DoNotOptimize(runs_seen);
  }
  ubidi_close(bidi);
  SetUp(state, corpus);
}
BENCHMARK(BM_RawUbidi)->Arg(0)->Arg(1);

void BM_Analyze(benchmark::State& state) {
  const Corpus& corpus = GetCorpus(static_cast<int>(state.range(0)));
  AnalyzeOptions options;
  options.language = corpus.language;
  for (auto _ : state) {
    for (const std::string& field : corpus.fields) {
      absl::StatusOr<FieldAnalysis> analysis = Analyze(field, options);
      if (!analysis.ok()) state.SkipWithError("Analyze failed");
      benchmark::DoNotOptimize(analysis);
    }
  }
  SetUp(state, corpus);
}
BENCHMARK(BM_Analyze)->Arg(0)->Arg(1);

void BM_NormalizeForStorage(benchmark::State& state) {
  const Corpus& corpus = GetCorpus(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    for (const std::string& field : corpus.fields) {
      absl::StatusOr<NormalizedText> normalized = NormalizeForStorage(field, NormalizeOptions{});
      benchmark::DoNotOptimize(normalized);
    }
  }
  SetUp(state, corpus);
}
BENCHMARK(BM_NormalizeForStorage)->Arg(0)->Arg(1);

void BM_SearchKey(benchmark::State& state) {
  const Corpus& corpus = GetCorpus(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    for (const std::string& field : corpus.fields) {
      absl::StatusOr<std::string> key = SearchKey(field);
      benchmark::DoNotOptimize(key);
    }
  }
  SetUp(state, corpus);
}
BENCHMARK(BM_SearchKey)->Arg(0)->Arg(1);

void BM_CountWords(benchmark::State& state) {
  const Corpus& corpus = GetCorpus(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    for (const std::string& field : corpus.fields) {
      absl::StatusOr<WordCount> count = CountWords(field, corpus.language);
      benchmark::DoNotOptimize(count);
    }
  }
  SetUp(state, corpus);
}
BENCHMARK(BM_CountWords)->Arg(0)->Arg(1);

// A request-time dateline: cached formatter, clone, format.
void BM_FormatDateline(benchmark::State& state) {
  const DateStyle style = NewsroomDateStyle(state.range(0) == 0 ? "ar" : "en");
  const absl::Time time = absl::FromUnixSeconds(1687179960);
  for (auto _ : state) {
    absl::StatusOr<std::string> line = FormatDateline(time, style, DatelineKind::kUpdated);
    benchmark::DoNotOptimize(line);
  }
}
BENCHMARK(BM_FormatDateline)->Arg(0)->Arg(1);

}  // namespace
}  // namespace jisr::text

BENCHMARK_MAIN();
