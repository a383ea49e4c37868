// The write kernel (services/articles/write_runner.h), over a real SQLite file: what every
// mutating call promises its caller. A retry with the same request_id gets the first answer and
// writes nothing again; the same id for other content, or a malformed id, is refused;
// validate_only answers what the call would return and writes nothing (no story, variant,
// revision, event or cached page); a write with no author is refused; a bare ALREADY_EXISTS from
// storage is a conflict, retried as a whole and ABORTED when it keeps conflicting, while the
// domain's own ALREADY_EXISTS (with a reason) is final; the server's own writes are recorded as
// their actor; and the answer is read after the derived state is refreshed. Tested through the
// real components and, where the kernel must be driven directly, through a WriteRunner built
// over the same storage.
#include "services/articles/write_runner.h"

#include <memory>

#include "services/articles/article_store.h"
#include "services/articles/derived_state.h"
#include "services/articles/names.h"
#include "services/articles/newsroom.h"
#include "services/articles/publish_steps.h"
#include "services/articles/published_cache.h"
#include "services/articles/view_builder.h"
#include "services/common/errors.h"
#include "services/config/newsroom_config.h"
#include "tests/articles/domain_test_support.h"

namespace jisr::articles {
namespace {

using ::jisr::testing::Editor;
using ::jisr::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;
namespace v1 = ::jisr::v1;

constexpr int kRetries = 3;

// A write kernel of its own over the test newsroom's storage, as Newsroom assembles one.
struct Kernel {
  Kernel(storage::Storage* storage, std::function<absl::Time()> clock)
      : config(*config::ParseLanguages("en,ar", "Asia/Dubai")),
        store(config),
        views(config, store),
        derived(store, views),
        cache(1 << 20),
        steps(store),
        runner(WriteRunner::Options{std::move(clock), kRetries}, storage, &derived, &cache) {}

  const config::NewsroomConfig config;
  const ArticleStore store;
  const ViewBuilder views;
  const DerivedState derived;
  PublishedCache cache;
  const PublishSteps steps;
  const WriteRunner runner;
};

class WriteRunnerTest : public domain_test::DomainTest {
 protected:
  WriteRunnerTest() : kernel_(&env_.storage(), [this] { return env_.clock().Now(); }) {}

  // A call with no request and no request_id.
  WriteCall Call(bool validate_only = false) {
    return WriteCall{"TestWrite", nullptr, "", validate_only, &caller_};
  }
  // A change that founds a story, as a variant without one does.
  absl::Status NewStory(WriteContext& write, std::string& story_id) {
    auto story = kernel_.store.NewStory(write, "Founded by the test");
    if (story.ok()) story_id = story->id();
    return story.status();
  }
  absl::StatusOr<v1::Story> StoryAnswer(WriteContext& write, const std::string& story_id) {
    JISR_ASSIGN_OR_RETURN(StoredStory s, kernel_.store.LoadStory(write.txn(), story_id, "name"));
    return kernel_.views.Story(write.txn(), s);
  }

  int Count(bool stories) {
    v1::ListStoriesRequest list_stories;
    list_stories.set_show_deleted(true);
    v1::ListVariantsRequest list_variants;
    list_variants.set_show_deleted(true);
    if (stories) {
      auto list = newsroom().stories().ListStories(list_stories, Editor());
      return list.ok() ? list->stories_size() : -1;
    }
    auto list = newsroom().variant_reading().ListVariants(list_variants, Editor());
    return list.ok() ? list->variants_size() : -1;
  }

  static std::string IdOf(const std::string& variant_name) {
    return *ParseVariantName("name", variant_name);
  }

  const CallContext caller_ = Editor();
  Kernel kernel_;
};

TEST_F(WriteRunnerTest, ARepeatedRequestIdReturnsTheFirstResultAndWritesNothingTwice) {
  v1::Variant v = Create("en", "Idempotent");
  v1::UpdateVariantRequest request;
  request.mutable_variant()->set_name(v.name());
  request.mutable_variant()->set_headline("Retried edit");
  request.mutable_update_mask()->add_paths("headline");
  request.set_request_id("0b7c5f0e-4d1a-4f7e-9a51-1f7c2b1d9e01");
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant first,
                            newsroom().variant_editing().UpdateVariant(request, Editor()));
  env_.clock().Advance(absl::Minutes(1));
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant second,
                            newsroom().variant_editing().UpdateVariant(request, Editor()));
  EXPECT_EQ(first.SerializeAsString(), second.SerializeAsString());
  EXPECT_EQ(RevisionCount(v.name()), 2);

  request.mutable_variant()->set_headline("A different edit");
  auto reused = newsroom().variant_editing().UpdateVariant(request, Editor());
  EXPECT_THAT(reused, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(ErrorReason(reused.status()), "REQUEST_ID_REUSED");
  EXPECT_EQ(RevisionCount(v.name()), 2);
}

TEST_F(WriteRunnerTest, ACreateRetriedWithItsRequestIdWritesOneVariantWithOneRevision) {
  v1::CreateVariantRequest request;
  request.mutable_variant()->set_language("en");
  request.mutable_variant()->set_headline("Sent twice");
  request.set_request_id("req-create-1");
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant first,
                            newsroom().variant_editing().CreateVariant(request, Editor()));
  env_.clock().Advance(absl::Minutes(1));
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant second,
                            newsroom().variant_editing().CreateVariant(request, Editor()));
  EXPECT_EQ(first.SerializeAsString(), second.SerializeAsString());
  EXPECT_EQ(Count(/*stories=*/false), 1);
  EXPECT_EQ(Count(/*stories=*/true), 1);
  EXPECT_EQ(RevisionCount(first.name()), 1);

  // The request_id belongs to CreateVariant with this content, in any other call too.
  v1::CreateStoryRequest other;
  other.set_request_id("req-create-1");
  auto reused = newsroom().stories().CreateStory(other, Editor());
  EXPECT_THAT(reused, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("already used")));
  EXPECT_EQ(ErrorReason(reused.status()), "REQUEST_ID_REUSED");
  EXPECT_EQ(Count(/*stories=*/true), 1);
}

TEST_F(WriteRunnerTest, AMalformedRequestIdIsInvalidArgumentNamingRequestId) {
  for (const std::string& bad : {std::string("not a uuid!"), std::string(65, 'a')}) {
    v1::CreateVariantRequest request;
    request.mutable_variant()->set_language("en");
    request.mutable_variant()->set_headline("Never written");
    request.set_request_id(bad);
    auto status = newsroom().variant_editing().CreateVariant(request, Editor()).status();
    EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument)) << bad;
    ASSERT_THAT(FieldViolationsOf(status), SizeIs(1)) << bad;
    EXPECT_EQ(FieldViolationsOf(status)[0].field, "request_id");
  }
  EXPECT_EQ(Count(/*stories=*/false), 0);
  EXPECT_THAT(Events(), SizeIs(0));
}

TEST_F(WriteRunnerTest, ValidateOnlyAnswersWhatItWouldWriteAndWritesNothing) {
  v1::CreateVariantRequest create;
  create.mutable_variant()->set_language("en");
  create.mutable_variant()->set_headline("Only checked");
  create.set_request_id("req-validate-1");
  create.set_validate_only(true);
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant would_be,
                            newsroom().variant_editing().CreateVariant(create, Editor()));
  EXPECT_EQ(would_be.headline(), "Only checked");
  EXPECT_EQ(would_be.slug(), "only-checked");
  EXPECT_EQ(would_be.latest_revision(), 1);
  EXPECT_THAT(Read(would_be.name(), v1::VARIANT_VIEW_LATEST),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(Count(/*stories=*/false), 0) << "no variant";
  EXPECT_EQ(Count(/*stories=*/true), 0) << "no story";
  EXPECT_THAT(Events(), SizeIs(0)) << "no event";

  // An update checked only: the would-be revision 2, while revision 1 stays the latest.
  v1::Variant v = Create("en", "Kept headline");
  const size_t events = Events().size();
  v1::UpdateVariantRequest update;
  update.mutable_variant()->set_name(v.name());
  update.mutable_variant()->set_headline("Checked headline");
  update.set_validate_only(true);
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant checked,
                            newsroom().variant_editing().UpdateVariant(update, Editor()));
  EXPECT_EQ(checked.headline(), "Checked headline");
  EXPECT_EQ(checked.latest_revision(), 2);
  v1::Variant stored = Latest(v.name());
  EXPECT_EQ(stored.headline(), "Kept headline");
  EXPECT_EQ(stored.etag(), v.etag());
  EXPECT_EQ(RevisionCount(v.name()), 1) << "no revision";
  EXPECT_EQ(Events().size(), events) << "no event";

  // Checking did not spend the request_id: the real call with it runs.
  create.set_validate_only(false);
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant created,
                            newsroom().variant_editing().CreateVariant(create, Editor()));
  EXPECT_EQ(created.headline(), "Only checked");
}

TEST_F(WriteRunnerTest, ValidateOnlyPublishesNothingToStorageOrTheCache) {
  v1::Variant en = Create("en", "English headline");
  v1::Variant ar = Create("ar", "عنوان عربي", "", en.name());
  JISR_ASSERT_OK(Publish(en.name()));
  JISR_ASSERT_OK_AND_ASSIGN(
      v1::Variant answer,
      kernel_.runner.Run<v1::Variant>(
          Call(/*validate_only=*/true),
          [&](WriteContext& write) -> absl::Status {
            JISR_ASSIGN_OR_RETURN(StoredVariant v,
                                  kernel_.store.LoadVariant(write.txn(), IdOf(ar.name()), "name"));
            return kernel_.steps.Publish(write, v, 0, write.now(), false);
          },
          [&](WriteContext& write) {
            return kernel_.views.LatestById(write.txn(), IdOf(ar.name()));
          }));
  EXPECT_EQ(answer.state(), v1::VARIANT_STATE_PUBLISHED) << "the answer it would give";
  EXPECT_FALSE(kernel_.cache.Get(IdOf(ar.name())).has_value());
  EXPECT_FALSE(kernel_.cache.Get(IdOf(en.name())).has_value());
  JISR_ASSERT_OK_AND_ASSIGN(auto row, env_.storage().ReadPublished(IdOf(ar.name())));
  EXPECT_FALSE(row.has_value());
  EXPECT_EQ(Latest(ar.name()).state(), v1::VARIANT_STATE_DRAFT);
}

TEST_F(WriteRunnerTest, WritesNeedTheCallersIdentity) {
  v1::CreateVariantRequest request;
  request.mutable_variant()->set_language("en");
  request.mutable_variant()->set_headline("Anonymous");
  auto status = newsroom().variant_editing().CreateVariant(request, CallContext{}).status();
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("credentials")));
}

TEST_F(WriteRunnerTest, AnAnonymousCallerIsUnauthenticatedWithReasonCredentialsRequired) {
  int attempts = 0;
  const CallContext nobody{};
  auto status = kernel_.runner
                    .Run<v1::Story>(
                        WriteCall{"TestWrite", nullptr, "", false, &nobody},
                        [&](WriteContext&) {
                          ++attempts;
                          return absl::OkStatus();
                        },
                        [](WriteContext&) { return v1::Story(); })
                    .status();
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_EQ(ErrorReason(status), "CREDENTIALS_REQUIRED");
  EXPECT_EQ(attempts, 0) << "refused before anything runs";

  v1::CreateStoryRequest request;
  request.mutable_story()->set_title("Anonymous");
  auto refused = newsroom().stories().CreateStory(request, CallContext{});
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kUnauthenticated));
  EXPECT_EQ(ErrorReason(refused.status()), "CREDENTIALS_REQUIRED");
  EXPECT_EQ(Count(/*stories=*/true), 0);
}

TEST_F(WriteRunnerTest, ABareAlreadyExistsIsRetriedAsAConflictAndEndsAborted) {
  int attempts = 0;
  auto result = kernel_.runner.Run<v1::Story>(
      Call(),
      [&](WriteContext& write) -> absl::Status {
        ++attempts;
        std::string story_id;
        JISR_RETURN_IF_ERROR(NewStory(write, story_id));
        // What storage returns when a concurrent transaction took a unique key first.
        return absl::AlreadyExistsError("UNIQUE constraint failed: stories.id");
      },
      [](WriteContext&) { return v1::Story(); });
  EXPECT_THAT(result, StatusIs(absl::StatusCode::kAborted, HasSubstr("retry")));
  EXPECT_EQ(ErrorReason(result.status()), "WRITE_CONFLICT")
      << "told apart from ETAG_MISMATCH: send it again as it is";
  EXPECT_EQ(attempts, kRetries + 1);
  EXPECT_EQ(Count(/*stories=*/true), 0) << "every attempt rolled back";
  EXPECT_THAT(Events(), SizeIs(0));
}

TEST_F(WriteRunnerTest, AConflictThatClearsOnRetryCommitsTheWholeRunOnce) {
  int attempts = 0;
  std::string story_id;
  JISR_ASSERT_OK_AND_ASSIGN(v1::Story story,
                            kernel_.runner.Run<v1::Story>(
                                Call(),
                                [&](WriteContext& write) -> absl::Status {
                                  ++attempts;
                                  JISR_RETURN_IF_ERROR(NewStory(write, story_id));
                                  if (attempts < 3)
                                    return absl::AlreadyExistsError("UNIQUE constraint failed");
                                  return absl::OkStatus();
                                },
                                [&](WriteContext& write) { return StoryAnswer(write, story_id); }));
  EXPECT_EQ(attempts, 3);
  EXPECT_EQ(story.name(), StoryName(story_id));
  EXPECT_EQ(Count(/*stories=*/true), 1) << "only the attempt that committed left a story";
  EXPECT_THAT(Events(), SizeIs(1));
}

TEST_F(WriteRunnerTest, ADomainAlreadyExistsWithAReasonIsFinalAndNotRetried) {
  int attempts = 0;
  auto result = kernel_.runner.Run<v1::Story>(
      Call(),
      [&](WriteContext&) {
        ++attempts;
        return ReasonedError(absl::StatusCode::kAlreadyExists, "SLUG_TAKEN", "slug is taken");
      },
      [](WriteContext&) { return v1::Story(); });
  EXPECT_THAT(result, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_EQ(ErrorReason(result.status()), "SLUG_TAKEN");
  EXPECT_EQ(attempts, 1);

  // The same through CreateVariant: the slug is taken, and the caller is told so at once.
  Create("en", "Taken slug");
  v1::CreateVariantRequest request;
  request.mutable_variant()->set_language("en");
  request.mutable_variant()->set_headline("Another headline");
  request.mutable_variant()->set_slug("taken-slug");
  auto taken = newsroom().variant_editing().CreateVariant(request, Editor());
  EXPECT_THAT(taken, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_EQ(ErrorReason(taken.status()), "SLUG_TAKEN");
  EXPECT_EQ(ErrorMetadata(taken.status(), "field"), "variant.slug");
  EXPECT_EQ(Count(/*stories=*/false), 1);
}

TEST_F(WriteRunnerTest, TheServersOwnWritesAreRecordedAsTheirActor) {
  std::string story_id;
  JISR_ASSERT_OK(kernel_.runner.RunAsSystem<v1::Story>(
      "TestSystemWrite", "jisr-test-robot",
      [&](WriteContext& write) { return NewStory(write, story_id); },
      [&](WriteContext& write) { return StoryAnswer(write, story_id); }));
  std::vector<std::string> authors;
  for (const auto& e : Events()) authors.push_back(e.author());
  EXPECT_THAT(authors, ElementsAre("jisr-test-robot"));

  // The scheduler's publish is recorded as jisr-scheduler; the editor's schedule as the editor.
  v1::Variant v = Create("en", "Embargoed");
  v1::CreateScheduleRequest create;
  create.mutable_schedule()->add_variants(v.name());
  create.mutable_schedule()->set_action(v1::SCHEDULE_ACTION_PUBLISH);
  create.mutable_schedule()->mutable_due_time()->set_seconds(
      absl::ToUnixSeconds(env_.clock().Now() + absl::Minutes(5)));
  JISR_ASSERT_OK(newsroom().schedules().CreateSchedule(create, Editor()));
  env_.clock().Advance(absl::Minutes(6));
  JISR_ASSERT_OK_AND_ASSIGN(auto ran, newsroom().schedules().RunDueSchedules());
  ASSERT_THAT(ran, SizeIs(1));
  std::string publisher;
  for (const auto& e : Events()) {
    if (e.variant() == v.name() && e.kind() == v1::CHANGE_KIND_PUBLISHED) publisher = e.author();
    if (e.variant() == v.name() && e.kind() == v1::CHANGE_KIND_CREATED) {
      EXPECT_EQ(e.author(), "editor@newsroom.test");
    }
  }
  EXPECT_EQ(publisher, "jisr-scheduler");
}

TEST_F(WriteRunnerTest, TheAnswerIsReadAfterTheDerivedStateIsRefreshed) {
  v1::Variant en = Create("en", "English headline");
  v1::Variant ar = Create("ar", "عنوان عربي", "", en.name());
  JISR_ASSERT_OK(Publish(en.name()));
  // PublishVariant answers with the Arabic page's alternates already listing the English one.
  v1::PublishVariantRequest publish;
  publish.set_name(ar.name());
  JISR_ASSERT_OK_AND_ASSIGN(v1::Variant published,
                            newsroom().publishing().PublishVariant(publish, Editor()));
  EXPECT_THAT(published.alternates(), SizeIs(2));

  // Driven directly: a change that only publishes the Arabic variant is answered with the
  // English page already rebuilt in the same transaction, and that page is cached after commit.
  v1::Variant en2 = Create("en", "Second English headline");
  v1::Variant ar2 = Create("ar", "عنوان عربي ثان", "", en2.name());
  JISR_ASSERT_OK(Publish(en2.name()));
  JISR_ASSERT_OK_AND_ASSIGN(
      v1::Variant english_page,
      kernel_.runner.Run<v1::Variant>(
          Call(),
          [&](WriteContext& write) -> absl::Status {
            JISR_ASSIGN_OR_RETURN(StoredVariant v,
                                  kernel_.store.LoadVariant(write.txn(), IdOf(ar2.name()), "name"));
            return kernel_.steps.Publish(write, v, 0, write.now(), false);
          },
          [&](WriteContext& write) -> absl::StatusOr<v1::Variant> {
            JISR_ASSIGN_OR_RETURN(auto row, write.txn().GetPublished(IdOf(en2.name())));
            v1::Variant page;
            if (!row.has_value() || !page.ParseFromString(row->data)) {
              return absl::InternalError("no published English page");
            }
            return page;
          }));
  ASSERT_THAT(english_page.alternates(), SizeIs(2));
  EXPECT_EQ(english_page.alternates(1).language(), "ar");
  auto cached = kernel_.cache.Get(IdOf(en2.name()));
  ASSERT_TRUE(cached.has_value() && cached->bytes != nullptr);
  v1::Variant cached_page;
  ASSERT_TRUE(cached_page.ParseFromString(*cached->bytes));
  EXPECT_THAT(cached_page.alternates(), SizeIs(2));
}

}  // namespace
}  // namespace jisr::articles
