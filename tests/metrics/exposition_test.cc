// What Prometheus reads from the registry: the text format to the byte, for every kind of
// metric, labels, escaping and scrape-time callbacks.
#include "services/metrics/exposition.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/metrics/registry.h"
#include "tests/testing/status_matchers.h"

namespace jisr::metrics {
namespace {

using ::jisr::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(ExpositionTest, CounterWithoutLabelsIsExposedAsZeroBeforeItsFirstIncrement) {
  Registry registry;
  Counter& calls = registry.AddCounter("jisr_calls_total", "Calls handled.", {}).Get({});
  EXPECT_EQ(registry.Expose(),
            "# HELP jisr_calls_total Calls handled.\n"
            "# TYPE jisr_calls_total counter\n"
            "jisr_calls_total 0\n");
  calls.Increment();
  calls.Increment(2.5);
  calls.Increment(-7);  // a counter never goes down: ignored
  EXPECT_EQ(calls.value(), 3.5);
  EXPECT_THAT(registry.Expose(), HasSubstr("\njisr_calls_total 3.5\n"));
}

TEST(ExpositionTest, LabelledFamilyListsEachChildInLabelOrder) {
  Registry registry;
  Family<Counter>& handled =
      registry.AddCounter("jisr_handled_total", "Handled.", {"method", "code"});
  handled.Get({"Get", "OK"}).Increment(3);
  handled.Get({"Get", "NOT_FOUND"}).Increment();
  handled.Get({"Create", "OK"}).Increment(2);
  // The same label values are the same child.
  handled.Get({"Get", "OK"}).Increment();
  EXPECT_EQ(registry.Expose(),
            "# HELP jisr_handled_total Handled.\n"
            "# TYPE jisr_handled_total counter\n"
            "jisr_handled_total{method=\"Create\",code=\"OK\"} 2\n"
            "jisr_handled_total{method=\"Get\",code=\"NOT_FOUND\"} 1\n"
            "jisr_handled_total{method=\"Get\",code=\"OK\"} 4\n");
}

TEST(ExpositionTest, GaugeIsSetAndAddedToInBothDirections) {
  Registry registry;
  Gauge& open = registry.AddGauge("jisr_streams_open", "Open streams.", {}).Get({});
  open.Set(10);
  open.Add(-3);
  open.Add(0.5);
  EXPECT_EQ(registry.Expose(),
            "# HELP jisr_streams_open Open streams.\n"
            "# TYPE jisr_streams_open gauge\n"
            "jisr_streams_open 7.5\n");
}

TEST(ExpositionTest, HistogramBucketsAreCumulativeWithSumAndCount) {
  Registry registry;
  Histogram& latency =
      registry.AddHistogram("jisr_latency_seconds", "Latency.", {"kind"}, {0.5, 1, 4, 16})
          .Get({"read"});
  // 0.5 is counted in le="0.5": bounds are inclusive.
  for (double seconds : {0.25, 0.5, 2.0, 8.0, 64.0}) latency.Observe(seconds);
  EXPECT_EQ(registry.Expose(),
            "# HELP jisr_latency_seconds Latency.\n"
            "# TYPE jisr_latency_seconds histogram\n"
            "jisr_latency_seconds_bucket{kind=\"read\",le=\"0.5\"} 2\n"
            "jisr_latency_seconds_bucket{kind=\"read\",le=\"1\"} 2\n"
            "jisr_latency_seconds_bucket{kind=\"read\",le=\"4\"} 3\n"
            "jisr_latency_seconds_bucket{kind=\"read\",le=\"16\"} 4\n"
            "jisr_latency_seconds_bucket{kind=\"read\",le=\"+Inf\"} 5\n"
            "jisr_latency_seconds_sum{kind=\"read\"} 74.75\n"
            "jisr_latency_seconds_count{kind=\"read\"} 5\n");
}

TEST(ExpositionTest, HistogramBoundsAreWrittenAsPrometheusClientsWriteThem) {
  Registry registry;
  registry.AddHistogram("jisr_rpc_seconds", "RPC latency.", {},
                        {0.0005, 0.001, 0.0025, 0.1, 2.5, 10});
  const std::string text = registry.Expose();
  for (const char* le : {"0.0005", "0.001", "0.0025", "0.1", "2.5", "10", "+Inf"}) {
    EXPECT_THAT(text, HasSubstr(std::string("jisr_rpc_seconds_bucket{le=\"") + le + "\"} 0\n"));
  }
}

TEST(ExpositionTest, ValuesAreTheShortestTextThatReadsBackTheSame) {
  EXPECT_EQ(FormatValue(0), "0");
  EXPECT_EQ(FormatValue(42), "42");
  EXPECT_EQ(FormatValue(1234567), "1234567");
  EXPECT_EQ(FormatValue(0.1), "0.1");
  EXPECT_EQ(FormatValue(-2.5), "-2.5");
  EXPECT_EQ(FormatValue(-3), "-3");
  EXPECT_EQ(FormatValue(1234567.5), "1.2345675e+06");
  EXPECT_EQ(FormatValue(123456789012345), "123456789012345");
  EXPECT_EQ(FormatValue(0.00001), "1e-05");
  EXPECT_EQ(FormatValue(1e21), "1e+21");
  EXPECT_EQ(FormatValue(1.0 / 0.0), "+Inf");
  EXPECT_EQ(FormatValue(-1.0 / 0.0), "-Inf");
  EXPECT_EQ(FormatValue(0.0 / 0.0), "NaN");
}

TEST(ExpositionTest, LabelValuesAndHelpAreEscaped) {
  Registry registry;
  registry.AddGauge("jisr_escaped", "Help with a \\ and\na newline.", {"path"})
      .Get({"C:\\dir \"quoted\"\nnext"})
      .Set(1);
  EXPECT_EQ(registry.Expose(),
            "# HELP jisr_escaped Help with a \\\\ and\\na newline.\n"
            "# TYPE jisr_escaped gauge\n"
            "jisr_escaped{path=\"C:\\\\dir \\\"quoted\\\"\\nnext\"} 1\n");
}

TEST(ExpositionTest, CallbacksAreReadAtEachScrape) {
  Registry registry;
  double entries = 3;
  registry.AddGaugeCallback("jisr_cache_entries", "Entries.", [&] { return entries; });
  registry.AddCounterCallback("jisr_refused_total", "Refused.", [] { return 9; });
  EXPECT_THAT(registry.Expose(), HasSubstr("\njisr_cache_entries 3\n"));
  entries = 5;
  const std::string text = registry.Expose();
  EXPECT_THAT(text, HasSubstr("\njisr_cache_entries 5\n"));
  EXPECT_THAT(text, HasSubstr("# TYPE jisr_refused_total counter\njisr_refused_total 9\n"));
}

TEST(ExpositionTest, LabelledCallbacksAreSortedAndMalformedValuesLeftOut) {
  Registry registry;
  registry.AddGaugeFamilyCallback("jisr_queue_depth", "Queued.", {"pool"}, [] {
    return LabelledValues{{{"write"}, 2}, {{"read"}, 7}, {{"read", "extra"}, 1}, {{"read"}, 8}};
  });
  EXPECT_EQ(registry.Expose(),
            "# HELP jisr_queue_depth Queued.\n"
            "# TYPE jisr_queue_depth gauge\n"
            "jisr_queue_depth{pool=\"read\"} 7\n"
            "jisr_queue_depth{pool=\"write\"} 2\n");
}

TEST(ExpositionTest, FamiliesAreSortedByName) {
  Registry registry;
  registry.AddGauge("jisr_b", "B.", {});
  registry.AddCounter("jisr_a_total", "A.", {});
  registry.AddGaugeCallback("jisr_c", "C.", [] { return 1; });
  const std::string text = registry.Expose();
  const size_t a = text.find("# HELP jisr_a_total"), b = text.find("# HELP jisr_b"),
               c = text.find("# HELP jisr_c");
  ASSERT_NE(c, std::string::npos);
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
}

TEST(RegistrationTest, BadNamesAreRefusedAndNotExposed) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> bad = {
      {"0starts_with_digit", {}},  {"has-dash", {}},           {"", {}},
      {"ok_name", {"__reserved"}}, {"ok_name", {"bad-label"}}, {"ok_name", {"a", "a"}},
      {"ok_name", {"colon:label"}}};
  for (const auto& [name, labels] : bad) {
    Registry registry;
    registry.AddCounter(name, "Bad.", labels).Get(std::vector<std::string>(labels.size(), "x"));
    EXPECT_THAT(registry.status(), StatusIs(absl::StatusCode::kInvalidArgument))
        << name << " " << labels.size();
    EXPECT_EQ(registry.Expose(), "") << name;
  }
}

TEST(RegistrationTest, GoodNamesAreAccepted) {
  Registry registry;
  registry.AddCounter("jisr:recorded_rule_total", "Colons are for recording rules.", {"_x", "a1"});
  registry.AddGauge("_private_gauge", "Underscore first.", {"le"});  // le is only a histogram's
  JISR_EXPECT_OK(registry.status());
}

TEST(RegistrationTest, ASecondFamilyWithTheSameNameIsRefusedAndTheFirstKept) {
  Registry registry;
  registry.AddCounter("jisr_twice_total", "First.", {}).Get({}).Increment(4);
  Counter& second = registry.AddCounter("jisr_twice_total", "Second.", {}).Get({});
  second.Increment();  // usable, but not exposed
  EXPECT_THAT(registry.status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("registered twice")));
  EXPECT_EQ(registry.Expose(),
            "# HELP jisr_twice_total First.\n"
            "# TYPE jisr_twice_total counter\n"
            "jisr_twice_total 4\n");
}

TEST(RegistrationTest, HistogramBucketsMustIncreaseAndLeIsReserved) {
  Registry unordered;
  unordered.AddHistogram("jisr_h_seconds", "H.", {}, {1, 0.5});
  EXPECT_THAT(unordered.status(),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("strictly increasing")));
  Registry repeated;
  repeated.AddHistogram("jisr_h_seconds", "H.", {}, {1, 1});
  EXPECT_THAT(repeated.status(), StatusIs(absl::StatusCode::kInvalidArgument));
  Registry le;
  le.AddHistogram("jisr_h_seconds", "H.", {"le"}, {1});
  EXPECT_THAT(le.status(), StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("\"le\"")));
  // A last +Inf is the one the format adds anyway.
  Registry inf;
  inf.AddHistogram("jisr_h_seconds", "H.", {}, {1, 1.0 / 0.0}).Get({}).Observe(3);
  JISR_EXPECT_OK(inf.status());
  EXPECT_THAT(inf.Expose(), HasSubstr("jisr_h_seconds_bucket{le=\"1\"} 0\n"
                                      "jisr_h_seconds_bucket{le=\"+Inf\"} 1\n"));
}

TEST(RegistrationTest, WrongNumberOfLabelValuesGetsAChildThatIsNeverExposed) {
  Registry registry;
  Family<Counter>& family = registry.AddCounter("jisr_x_total", "X.", {"a", "b"});
  family.Get({"only-one"}).Increment(100);
  family.Get({"1", "2", "3"}).Increment(100);
  family.Get({"1", "2"}).Increment();
  JISR_EXPECT_OK(registry.status());
  const std::string text = registry.Expose();
  EXPECT_THAT(text, HasSubstr("jisr_x_total{a=\"1\",b=\"2\"} 1\n"));
  EXPECT_THAT(text, Not(HasSubstr("100")));
  EXPECT_THAT(text, Not(HasSubstr("only-one")));
}

}  // namespace
}  // namespace jisr::metrics
