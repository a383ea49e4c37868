// Every method of both services, called by every kind of caller, through a real jisrd: the
// codes must be exactly those of the table below, which is docs/security.md's roles written out
// per method. Each call is one that succeeds for a caller allowed to make it (the administrator
// set up what it needs), so a refusal can only be the access control's. A method added to the
// contract without a row here fails the test.
#include <algorithm>
#include <iomanip>
#include <map>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/security/matrix_requests.h"
#include "tests/security/security_support.h"

namespace jisr::security {
namespace {

// What a cell expects: OK; PERMISSION_DENIED (reason PERMISSION_DENIED, or LANGUAGE_NOT_GRANTED
// for PDL); UNAUTHENTICATED (CREDENTIALS_REQUIRED); NOT_FOUND (any reason).
enum Expect { OK, PD, PDL, UA, NF };

// Whether the row is tried on the English and the Arabic variant (a desk on its own language
// and on the other), or once; and whether each call needs content of its own (it changes it)
// or shares content set up once.
enum Scope { kOnce, kPerLanguage };
enum Content { kShared, kFresh };

struct Row {
  const char* label;  // the method, then what the request does when a method has several rows
  Scope scope;
  Content content;
  // anonymous with --anonymous=refuse, anonymous on a loopback listener (a reader), reader,
  // a desk on its own language, a desk on the other, editor, admin.
  Expect anon_refused, anon_loopback, reader, desk_own, desk_other, editor, admin;
};

// clang-format off
constexpr Row kMatrix[] = {
//  label                           scope         content   anon- anon+ reader own other editor admin
  {"ListLanguages",                 kOnce,        kShared,  UA,   OK,   OK,   OK,  OK,   OK,   OK},
  {"CreateStory",                   kOnce,        kFresh,   UA,   UA,   PD,   PD,  PD,   OK,   OK},
  {"GetStory",                      kOnce,        kShared,  UA,   UA,   PD,   OK,  OK,   OK,   OK},
  {"ListStories",                   kOnce,        kShared,  UA,   UA,   PD,   OK,  OK,   OK,   OK},
  {"UpdateStory",                   kOnce,        kFresh,   UA,   UA,   PD,   PD,  PD,   OK,   OK},
  {"DeleteStory",                   kOnce,        kFresh,   UA,   UA,   PD,   PD,  PD,   PD,   OK},
  {"UndeleteStory",                 kOnce,        kFresh,   UA,   UA,   PD,   PD,  PD,   PD,   OK},
  {"CreateVariant",                 kPerLanguage, kFresh,   UA,   UA,   PD,   OK,  PDL,  OK,   OK},
  {"GetVariant",                    kPerLanguage, kShared,  UA,   OK,   OK,   OK,  OK,   OK,   OK},
  {"GetVariant LATEST",             kPerLanguage, kShared,  UA,   UA,   PD,   OK,  OK,   OK,   OK},
  {"GetVariant draft",              kPerLanguage, kShared,  UA,   NF,   NF,   NF,  NF,   NF,   NF},
  {"LookupVariant",                 kPerLanguage, kShared,  UA,   OK,   OK,   OK,  OK,   OK,   OK},
  {"LookupVariant LATEST",          kPerLanguage, kShared,  UA,   UA,   PD,   OK,  OK,   OK,   OK},
  {"LookupVariant draft",           kPerLanguage, kShared,  UA,   NF,   NF,   NF,  NF,   NF,   NF},
  {"ListVariants",                  kPerLanguage, kShared,  UA,   OK,   OK,   OK,  OK,   OK,   OK},
  {"ListVariants LATEST",           kPerLanguage, kShared,  UA,   UA,   PD,   OK,  OK,   OK,   OK},
  {"UpdateVariant",                 kPerLanguage, kFresh,   UA,   UA,   PD,   OK,  PDL,  OK,   OK},
  {"DeleteVariant",                 kPerLanguage, kFresh,   UA,   UA,   PD,   PD,  PD,   PD,   OK},
  {"UndeleteVariant",               kPerLanguage, kFresh,   UA,   UA,   PD,   PD,  PD,   PD,   OK},
  {"PurgeVariant",                  kPerLanguage, kFresh,   UA,   UA,   PD,   PD,  PD,   PD,   OK},
  {"PublishVariant",                kPerLanguage, kFresh,   UA,   UA,   PD,   OK,  PDL,  OK,   OK},
  {"PublishVariant publish_time",   kPerLanguage, kFresh,   UA,   UA,   PD,   PD,  PD,   PD,   OK},
  {"UnpublishVariant",              kPerLanguage, kFresh,   UA,   UA,   PD,   OK,  PDL,  OK,   OK},
  {"LinkVariant",                   kPerLanguage, kFresh,   UA,   UA,   PD,   OK,  PDL,  OK,   OK},
  {"UnlinkVariant",                 kPerLanguage, kFresh,   UA,   UA,   PD,   OK,  PDL,  OK,   OK},
  {"ListRevisions",                 kPerLanguage, kShared,  UA,   UA,   PD,   OK,  OK,   OK,   OK},
  {"GetRevision",                   kPerLanguage, kShared,  UA,   UA,   PD,   OK,  OK,   OK,   OK},
  {"DiffRevisions",                 kPerLanguage, kShared,  UA,   UA,   PD,   OK,  OK,   OK,   OK},
  {"RestoreRevision",               kPerLanguage, kFresh,   UA,   UA,   PD,   OK,  PDL,  OK,   OK},
  {"BatchPublishVariants",          kPerLanguage, kFresh,   UA,   UA,   PD,   OK,  PDL,  OK,   OK},
  {"GetTranslationDiff",            kOnce,        kShared,  UA,   UA,   PD,   OK,  OK,   OK,   OK},
  {"ListStaleTranslations",         kPerLanguage, kShared,  UA,   UA,   PD,   OK,  OK,   OK,   OK},
  {"AddCorrection",                 kPerLanguage, kFresh,   UA,   UA,   PD,   OK,  PDL,  OK,   OK},
  {"DismissCorrection",             kPerLanguage, kFresh,   UA,   UA,   PD,   OK,  PDL,  OK,   OK},
  {"CreateSchedule",                kPerLanguage, kFresh,   UA,   UA,   PD,   OK,  PDL,  OK,   OK},
  {"GetSchedule",                   kPerLanguage, kShared,  UA,   UA,   PD,   OK,  OK,   OK,   OK},
  {"ListSchedules",                 kPerLanguage, kShared,  UA,   UA,   PD,   OK,  OK,   OK,   OK},
  {"CancelSchedule",                kPerLanguage, kFresh,   UA,   UA,   PD,   OK,  PDL,  OK,   OK},
  {"Watch",                         kOnce,        kShared,  UA,   OK,   OK,   OK,  OK,   OK,   OK},
  {"Analyze",                       kOnce,        kShared,  UA,   OK,   OK,   OK,  OK,   OK,   OK},
  {"Normalize",                     kOnce,        kShared,  UA,   OK,   OK,   OK,  OK,   OK,   OK},
  {"Isolate",                       kOnce,        kShared,  UA,   OK,   OK,   OK,  OK,   OK,   OK},
  {"VisualOrder",                   kOnce,        kShared,  UA,   OK,   OK,   OK,  OK,   OK,   OK},
  {"Slugify",                       kOnce,        kShared,  UA,   OK,   OK,   OK,  OK,   OK,   OK},
  {"SearchKey",                     kOnce,        kShared,  UA,   OK,   OK,   OK,  OK,   OK,   OK},
  {"FormatDate",                    kOnce,        kShared,  UA,   OK,   OK,   OK,  OK,   OK,   OK},
};
// clang-format on

// The method a row calls: its label up to the first space.
std::string MethodOf(const Row& row) {
  const std::string label = row.label;
  return label.substr(0, label.find(' '));
}

struct CallerSpec {
  std::string label;
  std::string principal;      // "" for anonymous
  std::string desk_language;  // for a desk
};

std::vector<CallerSpec> AllCallers() {
  return {{"anonymous", "", ""},
          {"reader", testing::kTestReader, ""},
          {"desk:ar", testing::kTestDeskAr, "ar"},
          {"desk:en", testing::kTestDeskEn, "en"},
          {"editor", testing::kTestEditor, ""},
          {"admin", testing::kTestAdmin, ""}};
}

Expect ExpectedOf(const Row& row, const CallerSpec& caller, const std::string& language,
                  bool anonymous_reads) {
  if (caller.principal.empty()) return anonymous_reads ? row.anon_loopback : row.anon_refused;
  if (caller.principal == testing::kTestReader) return row.reader;
  if (!caller.desk_language.empty()) {
    return caller.desk_language == language ? row.desk_own : row.desk_other;
  }
  return caller.principal == testing::kTestEditor ? row.editor : row.admin;
}

const char* ExpectName(Expect e) {
  static constexpr const char* kNames[] = {"OK", "PD", "PDL", "UA", "NF"};
  return kNames[e];
}

// The short name of what a call answered, in the table's terms when it is one of them.
std::string Observed(const grpc::Status& status) {
  const std::string reason = ErrorInfoOf(status).reason();
  switch (status.error_code()) {
    case grpc::StatusCode::OK:
      return "OK";
    case grpc::StatusCode::PERMISSION_DENIED:
      return reason == "LANGUAGE_NOT_GRANTED" ? "PDL"
             : reason == "PERMISSION_DENIED"  ? "PD"
                                              : "PD?";
    case grpc::StatusCode::UNAUTHENTICATED:
      return reason == "CREDENTIALS_REQUIRED" ? "UA" : "UA?";
    case grpc::StatusCode::NOT_FOUND:
      return "NF";
    default:
      return CodeName(status.error_code());
  }
}

TEST(RoleMatrixTableTest, EveryMethodOfBothServicesHasARowAndEveryRowARequest) {
  std::map<std::string, int> rows;
  for (const Row& row : kMatrix) {
    ++rows[MethodOf(row)];
    EXPECT_NE(FindMatrixRequest(row.label), nullptr) << row.label << " has no request to send";
  }
  // Each service from the file that defines it, as the generated code knows them.
  for (const google::protobuf::ServiceDescriptor* descriptor :
       {v1::ListLanguagesRequest::descriptor()->file()->FindServiceByName("ArticleService"),
        v1::AnalyzeTextRequest::descriptor()->file()->FindServiceByName("TextService")}) {
    ASSERT_NE(descriptor, nullptr);
    const std::string service = descriptor->name();
    for (int i = 0; i < descriptor->method_count(); ++i) {
      const std::string method = descriptor->method(i)->name();
      EXPECT_GT(rows[method], 0) << service << "." << method
                                 << " has no row in kMatrix: add one with the codes each "
                                    "caller must get";
      rows.erase(method);
    }
  }
  for (const auto& [method, count] : rows) {
    ADD_FAILURE() << method << " has rows in kMatrix but is no method of either service";
  }
}

// One call of the matrix and what it answered.
struct Cell {
  const Row* row;
  std::string caller;
  std::string language;
  Expect expected;
  grpc::Status status;

  bool Matches() const { return Observed(status) == ExpectName(expected); }
};

// The matrix as a table, one row per row of kMatrix and a column per caller ("en/ar" for rows
// tried per language), each cell that differs from kMatrix marked with *, then the differences
// with the server's messages.
std::string PrintMatrix(const std::vector<Cell>& cells, const std::vector<CallerSpec>& callers) {
  std::map<std::pair<std::string, std::string>, std::string> grid;
  for (const Cell& cell : cells) {
    std::string& text = grid[{cell.row->label, cell.caller}];
    absl::StrAppend(&text, text.empty() ? "" : "/", Observed(cell.status),
                    cell.Matches() ? "" : "*");
  }
  std::ostringstream out;
  out << "\n" << std::left << std::setw(30) << "method (en/ar)";
  for (const CallerSpec& caller : callers) out << std::setw(12) << caller.label;
  out << "\n";
  for (const Row& row : kMatrix) {
    out << std::setw(30) << row.label;
    for (const CallerSpec& caller : callers)
      out << std::setw(12) << grid[{row.label, caller.label}];
    out << "\n";
  }
  for (const Cell& cell : cells) {
    if (cell.Matches()) continue;
    out << cell.row->label << " as " << cell.caller << " on " << cell.language << ": expected "
        << ExpectName(cell.expected) << ", got " << Describe(cell.status) << "\n";
  }
  return out.str();
}

class RoleMatrixTest : public ::testing::Test {
 protected:
  // Starts jisrd with `flags`, has the administrator set up the content the reads share, and
  // tries every row of kMatrix as each of `callers`.
  void RunMatrix(const std::vector<std::string>& flags, bool anonymous_reads,
                 const std::vector<CallerSpec>& callers) {
    absl::StatusOr<testing::JisrdProcess> jisrd = StartJisrd(dir_, flags);
    ASSERT_TRUE(jisrd.ok()) << jisrd.status();
    Client client(jisrd->target());
    Admin admin(client);
    absl::StatusOr<StoryPair> shared = MakeStoryPair(admin, "shared", /*with_drafts=*/true);
    ASSERT_TRUE(shared.ok()) << shared.status();
    std::vector<Cell> cells;
    for (const Row& row : kMatrix) {
      for (const CallerSpec& caller : callers) {
        for (const char* language : {"en", "ar"}) {
          if (row.scope == kOnce && std::string(language) == "ar") continue;
          cells.push_back(Try(client, admin, *shared, row, caller, language, anonymous_reads));
        }
      }
    }
    const bool all_match =
        std::all_of(cells.begin(), cells.end(), [](const Cell& c) { return c.Matches(); });
    EXPECT_TRUE(all_match) << PrintMatrix(cells, callers);
  }

  // One cell: content of its own when the row changes content, what the request needs from the
  // administrator, then the call.
  Cell Try(Client& client, Admin& admin, const StoryPair& shared, const Row& row,
           const CallerSpec& caller, const std::string& language, bool anonymous_reads) {
    Cell cell{&row, caller.label, language, ExpectedOf(row, caller, language, anonymous_reads),
              grpc::Status(grpc::StatusCode::INTERNAL, "not tried")};
    const MatrixRequest* request = FindMatrixRequest(row.label);
    if (request == nullptr) return cell;
    absl::StatusOr<StoryPair> fresh;
    if (row.content == kFresh) {
      fresh = MakeStoryPair(admin, absl::StrCat(++made_), /*with_drafts=*/false);
      if (!fresh.ok()) {
        ADD_FAILURE() << row.label << ": setting up content failed: " << fresh.status();
        return cell;
      }
    }
    const Target target{row.content == kFresh ? &*fresh : &shared, language};
    absl::StatusOr<std::string> prepared = request->prepare(admin, target);
    if (!prepared.ok()) {
      ADD_FAILURE() << row.label << ": preparing failed: " << prepared.status();
      return cell;
    }
    // A refused write must write nothing.
    const bool writes = row.content == kFresh;
    const absl::StatusOr<std::string> before = writes ? admin.StateOf(*target.pair) : "";
    cell.status = request->send(Attempt{client, caller.principal, target, *prepared});
    if (writes && !cell.status.ok()) {
      EXPECT_EQ(admin.StateOf(*target.pair).value_or("after"), before.value_or("before"))
          << row.label << " as " << caller.label << " on " << language << " was refused ("
          << Describe(cell.status) << ") but wrote";
    }
    return cell;
  }

  testing::TempDir dir_;
  int made_ = 0;
};

// Where anonymous callers are refused (as on any address but loopback), every caller.
TEST_F(RoleMatrixTest, EveryCallerGetsItsRowsCodesWhereAnonymousCallersAreRefused) {
  RunMatrix({"--anonymous=refuse"}, /*anonymous_reads=*/false, AllCallers());
}

// On loopback by default an anonymous caller is a reader: it reads what readers read, and is
// told UNAUTHENTICATED, not PERMISSION_DENIED, for everything else.
TEST_F(RoleMatrixTest, AnAnonymousCallerOnLoopbackIsAReaderToldToSendCredentials) {
  RunMatrix({}, /*anonymous_reads=*/true, {AllCallers().front()});
}

// A verified principal the policy names nowhere has no role, not even reader's: every method,
// published reads and the TextService included, is PERMISSION_DENIED (it has credentials; a role
// is what it lacks).
TEST_F(RoleMatrixTest, AVerifiedPrincipalThePolicyDoesNotNameMayDoNothing) {
  absl::StatusOr<testing::JisrdProcess> jisrd = StartJisrd(dir_);
  ASSERT_TRUE(jisrd.ok()) << jisrd.status();
  Client client(jisrd->target());
  Admin admin(client);
  absl::StatusOr<StoryPair> pair = MakeStoryPair(admin, "stranger", /*with_drafts=*/true);
  ASSERT_TRUE(pair.ok()) << pair.status();
  const CallerSpec stranger{"stranger", "stranger@newsroom.test", ""};
  for (const Row& row : kMatrix) {
    const Cell cell = Try(client, admin, *pair, row, stranger, "en", /*anonymous_reads=*/true);
    EXPECT_EQ(Observed(cell.status), "PD") << row.label << ": " << Describe(cell.status);
  }
}

}  // namespace
}  // namespace jisr::security
