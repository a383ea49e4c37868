// A newsroom over a fresh database of each storage engine, with a manual clock, for domain
// behaviour that lives partly in storage (bounded data, purges) and must hold on both: each
// TEST_P runs as .../sqlite and .../postgres. Header-only: each test binary includes it once.
#ifndef JISR_TESTS_ARTICLES_ENGINE_TEST_SUPPORT_H_
#define JISR_TESTS_ARTICLES_ENGINE_TEST_SUPPORT_H_

#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "services/articles/newsroom.h"
#include "services/articles/retention.h"
#include "tests/storage/storage_engines.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_newsroom.h"

namespace jisr::articles::engine_test {

class EngineDomainTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    JISR_ASSERT_OK_AND_ASSIGN(database_, testing::NewTestDatabase(GetParam()));
    JISR_ASSERT_OK_AND_ASSIGN(std::unique_ptr<storage::Storage> storage, database_->Open());
    env_ = std::make_unique<testing::TestNewsroom>(std::move(storage), Windows());
  }
  // The newsroom, and the storage it owns, go before their database.
  void TearDown() override {
    env_.reset();
    database_.reset();
  }

  // The retention the newsroom runs with (the defaults: 24 hours and 7 days).
  virtual RetentionOptions Windows() const { return RetentionOptions(); }
  // A pruner over the newsroom's storage and clock, telling `feed` (may be null).
  std::unique_ptr<Retention> Pruner(ChangeFeed* feed = nullptr) {
    return std::make_unique<Retention>(
        &env_->storage(), Windows(), [this] { return env_->clock().Now(); }, feed);
  }

  Newsroom& newsroom() { return env_->newsroom(); }
  storage::Storage& storage() { return env_->storage(); }
  testing::ManualClock& clock() { return env_->clock(); }
  testing::TestNewsroom& env() { return *env_; }
  testing::TestDatabase& database() { return *database_; }

 private:
  std::unique_ptr<testing::TestDatabase> database_;
  std::unique_ptr<testing::TestNewsroom> env_;
};

}  // namespace jisr::articles::engine_test

#endif  // JISR_TESTS_ARTICLES_ENGINE_TEST_SUPPORT_H_
