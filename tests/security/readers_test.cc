// Readers (a reader's token, and anonymous callers on loopback) cannot tell a variant they may
// not see (a draft, an unpublished or a deleted variant) from a name that does not exist, through
// any method: each answer for the one equals the answer for a missing name of the same length,
// byte for byte once the one name is put for the other (code, message and every detail). Lists,
// alternates and the change feed leave such variants out, and the published view carries none of
// the newsroom's own state.
#include <functional>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/security/reader_probes.h"
#include "tests/security/security_support.h"

namespace jisr::security {
namespace {

// The id of a resource name ("variants/abc" → "abc").
std::string IdOf(const std::string& name) { return name.substr(name.find('/') + 1); }

// A name that does not exist, as long as `id`, so that lengths in the answers cannot differ.
std::string MissingLike(const std::string& id) { return std::string(id.size(), 'z'); }

class ReadersTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite();
  static void CacheByReading(const v1::Variant& variant);
  static void TearDownTestSuite() {
    delete client_;
    delete jisrd_;
    delete dir_;
  }

  // Every probe about `hidden` (a variant readers may not see) and about a missing variant,
  // story and slug of the same lengths, as `who`: the answers must be the same.
  void ExpectIndistinguishable(const std::string& who, const v1::Variant& hidden);

  static testing::TempDir* dir_;
  static testing::JisrdProcess* jisrd_;
  static Client* client_;
  // Published English variant whose Arabic translation is a draft.
  static v1::Variant published_, draft_translation_;
  // Published alone, for comparing alternates.
  static v1::Variant alone_;
  static v1::Variant unpublished_, deleted_;
};

testing::TempDir* ReadersTest::dir_ = nullptr;
testing::JisrdProcess* ReadersTest::jisrd_ = nullptr;
Client* ReadersTest::client_ = nullptr;
v1::Variant ReadersTest::published_, ReadersTest::draft_translation_, ReadersTest::alone_,
    ReadersTest::unpublished_, ReadersTest::deleted_;

#define JISR_ASSIGN_OR_FAIL(lhs, expr)           \
  do {                                           \
    auto result = (expr);                        \
    ASSERT_TRUE(result.ok()) << result.status(); \
    lhs = *std::move(result);                    \
  } while (false)

// Reads a published variant as a reader, by name and by slug, so that jisrd holds its published
// view in memory: what readers are told after it is withdrawn must not depend on that.
void ReadersTest::CacheByReading(const v1::Variant& variant) {
  v1::GetVariantRequest get;
  get.set_name(variant.name());
  EXPECT_TRUE(Send(*client_, testing::kTestReader, &Articles::GetVariant, get).ok());
  v1::LookupVariantRequest lookup;
  lookup.set_language(variant.language());
  lookup.set_slug(variant.slug());
  EXPECT_TRUE(Send(*client_, testing::kTestReader, &Articles::LookupVariant, lookup).ok());
}

void ReadersTest::SetUpTestSuite() {
  dir_ = new testing::TempDir();
  absl::StatusOr<testing::JisrdProcess> started = StartJisrd(*dir_);  // anonymous callers read
  ASSERT_TRUE(started.ok()) << started.status();
  jisrd_ = new testing::JisrdProcess(*std::move(started));
  client_ = new Client(jisrd_->target());
  Admin admin(*client_);
  JISR_ASSIGN_OR_FAIL(published_, admin.CreateVariant("en", "Talks resume in Geneva"));
  JISR_ASSIGN_OR_FAIL(published_, admin.Publish(published_.name()));
  JISR_ASSIGN_OR_FAIL(draft_translation_,
                      admin.CreateVariant("ar", "استئناف المحادثات في جنيف", published_.name()));
  // The source's pending schedule and unpublished edit are the newsroom's to know.
  ASSERT_TRUE(admin.ScheduleInAnHour(published_.name()).ok());
  JISR_ASSIGN_OR_FAIL(published_, admin.UpdateHeadline(published_.name(), "Talks resume (2)"));
  JISR_ASSIGN_OR_FAIL(alone_, admin.CreateVariant("en", "Floods in the south"));
  JISR_ASSIGN_OR_FAIL(alone_, admin.Publish(alone_.name()));
  JISR_ASSIGN_OR_FAIL(unpublished_, admin.CreateVariant("en", "Withdrawn report"));
  JISR_ASSIGN_OR_FAIL(unpublished_, admin.Publish(unpublished_.name()));
  CacheByReading(unpublished_);
  v1::UnpublishVariantRequest unpublish;
  unpublish.set_name(unpublished_.name());
  ASSERT_TRUE(Send(*client_, testing::kTestAdmin, &Articles::UnpublishVariant, unpublish).ok());
  JISR_ASSIGN_OR_FAIL(deleted_, admin.CreateVariant("en", "Deleted report"));
  JISR_ASSIGN_OR_FAIL(deleted_, admin.Publish(deleted_.name()));
  CacheByReading(deleted_);
  ASSERT_TRUE(admin.DeleteVariant(deleted_.name()).ok());
}

void ReadersTest::ExpectIndistinguishable(const std::string& who, const v1::Variant& hidden) {
  const std::string id = IdOf(hidden.name());
  const std::string story = IdOf(hidden.story());
  const Names seen_names{hidden.name(), hidden.story(), hidden.slug(), hidden.language()};
  const Names missing_names{"variants/" + MissingLike(id), "stories/" + MissingLike(story),
                            MissingLike(hidden.slug()), hidden.language()};
  const std::vector<std::pair<std::string, std::string>> to_missing = {
      {id, MissingLike(id)},
      {story, MissingLike(story)},
      {hidden.slug(), MissingLike(hidden.slug())},
      // Messages quote slugs C-escaped.
      {absl::CHexEscape(hidden.slug()), MissingLike(hidden.slug())}};
  for (const Probe& probe : Probes()) {
    SCOPED_TRACE(probe.name);
    const grpc::Status seen = probe.call(*client_, who, seen_names);
    const grpc::Status missing = probe.call(*client_, who, missing_names);
    EXPECT_FALSE(seen.ok()) << "a reader read what it may not see";
    EXPECT_EQ(seen.error_code(), missing.error_code()) << Describe(seen) << "\n"
                                                       << Describe(missing);
    EXPECT_EQ(ErrorInfoOf(seen).reason(), ErrorInfoOf(missing).reason());
    EXPECT_EQ(absl::StrReplaceAll(seen.error_message(), to_missing), missing.error_message());
    EXPECT_EQ(absl::StrReplaceAll(CanonicalDetails(seen), to_missing), CanonicalDetails(missing))
        << "the details differ: " << Describe(seen) << "\n"
        << Describe(missing);
  }
}

// The readers: a reader's token, and no credentials on loopback.
const std::vector<std::pair<std::string, std::string>> kReaders = {{"reader", testing::kTestReader},
                                                                   {"anonymous", ""}};

TEST_F(ReadersTest, AHiddenVariantAnswersEveryMethodAsAMissingNameDoes) {
  for (const auto& [label, who] : kReaders) {
    for (const v1::Variant* hidden : {&draft_translation_, &unpublished_, &deleted_}) {
      SCOPED_TRACE(absl::StrCat(label, " on ", hidden->headline()));
      ExpectIndistinguishable(who, *hidden);
    }
  }
}

// Every variant a list shows `who`, over all its pages.
std::vector<std::string> Listed(Client& client, const std::string& who,
                                v1::ListVariantsRequest request) {
  std::vector<std::string> names;
  request.set_page_size(2);  // several pages: page tokens must not carry drafts either
  do {
    v1::ListVariantsResponse page;
    grpc::Status status = Send(client, who, &Articles::ListVariants, request, &page);
    EXPECT_TRUE(status.ok()) << Describe(status);
    if (!status.ok()) break;
    for (const v1::Variant& v : page.variants()) names.push_back(v.name());
    request.set_page_token(page.next_page_token());
  } while (!request.page_token().empty());
  return names;
}

TEST_F(ReadersTest, ListsShowReadersPublishedVariantsOnlyWhateverTheyAskFor) {
  for (const auto& [label, who] : kReaders) {
    SCOPED_TRACE(label);
    v1::ListVariantsRequest all;
    EXPECT_THAT(Listed(*client_, who, all),
                ::testing::UnorderedElementsAre(published_.name(), alone_.name()));
    v1::ListVariantsRequest drafts;
    drafts.set_state(v1::VARIANT_STATE_DRAFT);
    drafts.set_show_deleted(true);
    EXPECT_THAT(Listed(*client_, who, drafts),
                ::testing::UnorderedElementsAre(published_.name(), alone_.name()));
    for (const v1::Variant* hidden : {&draft_translation_, &unpublished_, &deleted_}) {
      v1::ListVariantsRequest of_story;
      of_story.set_story(hidden->story());
      v1::ListVariantsRequest of_missing;
      of_missing.set_story("stories/" + MissingLike(IdOf(hidden->story())));
      const std::vector<std::string> seen = Listed(*client_, who, of_story);
      if (hidden == &draft_translation_) {
        EXPECT_THAT(seen, ::testing::ElementsAre(published_.name()));
      } else {
        EXPECT_EQ(seen, Listed(*client_, who, of_missing));
      }
    }
    v1::ListVariantsRequest basic;
    basic.set_view(v1::VARIANT_VIEW_BASIC);
    grpc::Status status = Send(*client_, who, &Articles::ListVariants, basic);
    EXPECT_EQ(status.error_code(),
              who.empty() ? grpc::StatusCode::UNAUTHENTICATED : grpc::StatusCode::PERMISSION_DENIED)
        << Describe(status);
  }
}

// Alternates in the published view list published siblings only: the English page whose Arabic
// translation is a draft has the alternates of a page alone in its story.
TEST_F(ReadersTest, AlternatesOfAPublishedSiblingDoNotLinkItsDraft) {
  for (const auto& [label, who] : kReaders) {
    SCOPED_TRACE(label);
    v1::GetVariantRequest get;
    get.set_name(published_.name());
    v1::Variant page;
    ASSERT_TRUE(Send(*client_, who, &Articles::GetVariant, get, &page).ok());
    v1::LookupVariantRequest lookup;
    lookup.set_language("en");
    lookup.set_slug(published_.slug());
    v1::Variant looked_up;
    ASSERT_TRUE(Send(*client_, who, &Articles::LookupVariant, lookup, &looked_up).ok());
    get.set_name(alone_.name());
    v1::Variant lone_page;
    ASSERT_TRUE(Send(*client_, who, &Articles::GetVariant, get, &lone_page).ok());
    for (const v1::Variant* v : {&page, &looked_up}) {
      ASSERT_EQ(v->alternates_size(), lone_page.alternates_size());
      for (int i = 0; i < v->alternates_size(); ++i) {
        const v1::Alternate& a = v->alternates(i);
        const v1::Alternate& lone = lone_page.alternates(i);
        EXPECT_NE(a.variant(), draft_translation_.name());
        EXPECT_EQ(a.language(), lone.language());
        EXPECT_EQ(a.state(), lone.state());
        EXPECT_EQ(a.self(), lone.self());
        EXPECT_EQ(a.x_default(), lone.x_default());
      }
      EXPECT_EQ(v->SerializeAsString().find(IdOf(draft_translation_.name())), std::string::npos)
          << "the published view names the draft";
    }
  }
}

// The published view is the readers': no latest revision, unpublished changes, schedules,
// authors, change notes, modify time or translation source, whoever reads it.
TEST_F(ReadersTest, ThePublishedViewCarriesNoneOfTheNewsroomsOwnState) {
  for (const std::string who : {testing::kTestReader, "", testing::kTestAdmin}) {
    SCOPED_TRACE(who.empty() ? "anonymous" : who);
    v1::GetVariantRequest get;
    get.set_name(published_.name());
    v1::Variant page;
    ASSERT_TRUE(Send(*client_, who, &Articles::GetVariant, get, &page).ok());
    EXPECT_EQ(page.headline(), "Talks resume in Geneva") << "the published revision's";
    EXPECT_EQ(page.latest_revision(), 0);
    EXPECT_FALSE(page.has_unpublished_changes());
    EXPECT_EQ(page.scheduled_changes_size(), 0);
    EXPECT_EQ(page.pending_corrections_size(), 0);
    EXPECT_TRUE(page.revision().author().empty());
    EXPECT_TRUE(page.revision().author_name().empty());
    EXPECT_TRUE(page.revision().change_note().empty());
    EXPECT_FALSE(page.has_modify_time());
    EXPECT_FALSE(page.has_translation_source());
    EXPECT_EQ(page.translation_status().source_latest_revision(), 0);
  }
}

// Reads `who`'s feed until `done` says so (or 20 s pass), sending a heartbeat after each quiet
// second; returns the events, heartbeats left out, and runs `then` once the stream is quiet.
std::vector<v1::ChangeEvent> ReadFeed(Client& client, const std::string& who,
                                      const std::function<void()>& then,
                                      const std::function<bool(const v1::ChangeEvent&)>& done) {
  std::unique_ptr<grpc::ClientContext> context = CallAs(who, 20);
  v1::WatchRequest request;
  request.set_from_oldest(true);
  request.mutable_heartbeat_interval()->set_seconds(1);
  auto reader = client.articles().Watch(context.get(), request);
  std::vector<v1::ChangeEvent> events;
  v1::ChangeEvent event;
  bool quiet = false;
  while (reader->Read(&event)) {
    if (event.kind() == v1::CHANGE_KIND_HEARTBEAT) {
      if (!quiet) then();
      quiet = true;
      continue;
    }
    events.push_back(event);
    if (quiet && done(event)) break;
  }
  context->TryCancel();
  reader->Finish();
  return events;
}

TEST_F(ReadersTest, AReadersFeedCarriesPublicationsOnlyWithoutAuthors) {
  for (const auto& kind_of_reader : kReaders) {
    // Named references: a lambda cannot capture a structured binding in C++17.
    const std::string& label = kind_of_reader.first;
    const std::string& who = kind_of_reader.second;
    SCOPED_TRACE(label);
    Admin admin(*client_);
    const std::vector<v1::ChangeEvent> events = ReadFeed(
        *client_, who,
        [&] {
          // While the reader watches: the draft is edited, then the lone page is republished.
          ASSERT_TRUE(admin.UpdateHeadline(draft_translation_.name(), "مسودة " + label).ok());
          ASSERT_TRUE(admin.UpdateHeadline(alone_.name(), "Floods in the south, " + label).ok());
          ASSERT_TRUE(admin.Publish(alone_.name()).ok());
        },
        [&](const v1::ChangeEvent& e) { return e.variant() == alone_.name(); });
    ASSERT_FALSE(events.empty());
    EXPECT_EQ(events.back().variant(), alone_.name()) << "the live publication arrived";
    for (const v1::ChangeEvent& e : events) {
      SCOPED_TRACE(e.ShortDebugString());
      EXPECT_TRUE(e.kind() == v1::CHANGE_KIND_PUBLISHED || e.kind() == v1::CHANGE_KIND_UNPUBLISHED);
      EXPECT_TRUE(e.author().empty());
      EXPECT_TRUE(e.author_name().empty());
      EXPECT_NE(e.variant(), draft_translation_.name());
    }
    v1::WatchRequest updates;
    updates.add_kinds(v1::CHANGE_KIND_UPDATED);
    std::unique_ptr<grpc::ClientContext> context = CallAs(who);
    auto reader = client_->articles().Watch(context.get(), updates);
    v1::ChangeEvent event;
    EXPECT_FALSE(reader->Read(&event));
    grpc::Status status = reader->Finish();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << Describe(status);
  }
}

// Readers follow the feed to take pages down (renderers' caches, search indexers): a published
// variant that is deleted leaves readers' views at once, so their feed says so, as
// CHANGE_KIND_UNPUBLISHED (a reader's stream carries no DELETED events, which drafts have too).
TEST_F(ReadersTest, APublishedVariantDeletedWhileAReaderWatchesIsAnnouncedToIt) {
  Admin admin(*client_);
  absl::StatusOr<v1::Variant> doomed = admin.CreateVariant("en", "Story pulled for legal reasons");
  ASSERT_TRUE(doomed.ok()) << doomed.status();
  ASSERT_TRUE(admin.Publish(doomed->name()).ok());
  const std::vector<v1::ChangeEvent> events = ReadFeed(
      *client_, testing::kTestReader,
      [&] { ASSERT_TRUE(admin.DeleteVariant(doomed->name()).ok()); },
      [&](const v1::ChangeEvent& e) {
        return e.variant() == doomed->name() && e.kind() != v1::CHANGE_KIND_PUBLISHED;
      });
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().variant(), doomed->name())
      << "the reader's feed never said the page went away";
  EXPECT_EQ(events.back().kind(), v1::CHANGE_KIND_UNPUBLISHED);
  EXPECT_TRUE(events.back().author().empty());
}

}  // namespace
}  // namespace jisr::security
