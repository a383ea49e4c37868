// What the access-control tests share: a jisrd process on its own SQLite file, stubs for both
// services, calls made as a principal of the test policy (or as nobody), the ErrorInfo of a
// refusal, and content an administrator sets up for the other callers to be tried on.
#ifndef JISR_TESTS_SECURITY_SECURITY_SUPPORT_H_
#define JISR_TESTS_SECURITY_SECURITY_SUPPORT_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "google/rpc/error_details.pb.h"
#include "jisr/v1/article_service.grpc.pb.h"
#include "jisr/v1/text_service.grpc.pb.h"
#include "tests/testing/jisrd_process.h"
#include "tests/testing/temp_dir.h"
#include "tests/testing/test_credentials.h"

namespace jisr::security {

namespace v1 = ::jisr::v1;

// Starts jisrd on `dir`'s jisr.db with `flags` (and the test credentials unless `flags` name
// their own policy or JWKS).
absl::StatusOr<testing::JisrdProcess> StartJisrd(const testing::TempDir& dir,
                                                 const std::vector<std::string>& flags = {});

// A token of the test credentials for `principal`, made once per principal: the server's token
// cache then sees the same token again, as it would from a real client.
const std::string& TokenFor(const std::string& principal);
// From now on TokenFor(principal) is `token`: for a helper process calling the jisrd of the
// process that made the credentials (each process's are its own).
void RememberToken(const std::string& principal, const std::string& token);

// A call context with a deadline, carrying `principal`'s bearer token; none when `principal`
// is empty (an anonymous call).
std::unique_ptr<grpc::ClientContext> CallAs(const std::string& principal, int seconds = 30);
// The same with `token` as it is (a hostile one, or one with claims of its own).
std::unique_ptr<grpc::ClientContext> CallWithToken(const std::string& token, int seconds = 30);

// Both services' stubs over one channel to a jisrd.
class Client {
 public:
  explicit Client(const std::string& target);
  v1::ArticleService::Stub& articles() { return *articles_; }
  v1::TextService::Stub& text() { return *text_; }

 private:
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::ArticleService::Stub> articles_;
  std::unique_ptr<v1::TextService::Stub> text_;
};

// The google.rpc.ErrorInfo in a status's details; empty when there is none.
google::rpc::ErrorInfo ErrorInfoOf(const grpc::Status& status);
// A status's google.rpc details in type order, each serialized deterministically: jisrd attaches
// details, and serializes ErrorInfo's metadata map, in no fixed order, so two equal answers can
// differ in their bytes.
std::string CanonicalDetails(const grpc::Status& status);
// "PERMISSION_DENIED LANGUAGE_NOT_GRANTED: <message>", for failure messages.
std::string Describe(const grpc::Status& status);
// The short name of a code in the role matrix: OK, PERMISSION_DENIED, ...
std::string CodeName(grpc::StatusCode code);
absl::Status ToAbsl(const grpc::Status& status);

struct StoryPair;

// Calls the administrator makes to set content up, each failing with the call's status.
class Admin {
 public:
  explicit Admin(Client& client) : client_(client) {}

  absl::StatusOr<v1::Variant> CreateVariant(const std::string& language,
                                            const std::string& headline,
                                            const std::string& translation_of = "");
  absl::StatusOr<v1::Variant> UpdateHeadline(const std::string& variant,
                                             const std::string& headline);
  absl::StatusOr<v1::Variant> Publish(const std::string& variant);
  absl::StatusOr<v1::Variant> GetLatest(const std::string& variant);
  absl::StatusOr<v1::Story> CreateStory(const std::string& title);
  absl::StatusOr<v1::Story> DeleteStory(const std::string& story);
  absl::StatusOr<v1::Variant> DeleteVariant(const std::string& variant);
  // A pending schedule publishing `variant` in an hour.
  absl::StatusOr<v1::Schedule> ScheduleInAnHour(const std::string& variant);
  // Publishes a correction on `variant`; returns its id.
  absl::StatusOr<std::string> AddCorrection(const std::string& variant);

  // Every variant, deleted ones too (the LATEST-basic list).
  absl::StatusOr<int> CountVariants();
  // What any write to `pair` or beside it changes: its variants' and story's etags, and how
  // many stories and variants there are. Read from storage, so equal before and after a call
  // means the call wrote nothing (the feed's head follows commits a moment later).
  absl::StatusOr<std::string> StateOf(const StoryPair& pair);
  // The cursor a Watch without one starts after: the newest event's.
  absl::StatusOr<std::string> HeadCursor();
  // Every event of the feed up to the newest, once the feed has caught up with what was
  // committed: read from the oldest up to the settled head cursor.
  absl::StatusOr<int> CountEvents();

 private:
  Client& client_;
};

// A story with an English variant and its Arabic translation, each published at revision 1
// and then edited (revision 2, unpublished), so each can be published, unpublished, corrected,
// diffed and restored; and, when asked, a draft in each language in stories of their own.
struct StoryPair {
  std::string story;
  v1::Variant en;
  v1::Variant ar;
  std::optional<v1::Variant> draft_en;
  std::optional<v1::Variant> draft_ar;

  const v1::Variant& In(const std::string& language) const { return language == "ar" ? ar : en; }
  const v1::Variant& Sibling(const std::string& language) const {
    return language == "ar" ? en : ar;
  }
  const v1::Variant& DraftIn(const std::string& language) const {
    return language == "ar" ? *draft_ar : *draft_en;
  }
};

// Made by the administrator; `tag` keeps headlines (and so slugs) apart.
absl::StatusOr<StoryPair> MakeStoryPair(Admin& admin, const std::string& tag, bool with_drafts);

}  // namespace jisr::security

#endif  // JISR_TESTS_SECURITY_SECURITY_SUPPORT_H_
