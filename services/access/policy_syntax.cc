#include "services/access/policy_syntax.h"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/text_format.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/algorithm/container.h"
#include "absl/strings/str_cat.h"
#include "services/access/policy_check.h"
#include "services/common/errors.h"

namespace jisr::access::internal {
namespace {

namespace io = ::google::protobuf::io;

// A position in the text as protobuf counts it: from 0, a tab advancing the column to the next
// multiple of 8.
struct Position {
  int line = -1;
  io::ColumnNumber column = 0;
};

// Keeps the first error the text format parser reports (it stops there anyway).
class FirstError : public io::ErrorCollector {
 public:
  void AddError(int line, io::ColumnNumber column, const std::string& message) override {
    if (error.has_value()) return;
    error = message;
    at = {line, column};
  }

  std::optional<std::string> error;
  Position at;
};

// Swallows what the tokenizer reports: the text format parser has reported it already.
class NoErrors : public io::ErrorCollector {
 public:
  void AddError(int, io::ColumnNumber, const std::string&) override {}
};

// The "quoted" names in protobuf's message: the message type, field or value it is about.
std::vector<std::string> QuotedNames(const std::string& message) {
  std::vector<std::string> names;
  for (size_t open = message.find('"'); open != std::string::npos;) {
    const size_t close = message.find('"', open + 1);
    if (close == std::string::npos) break;
    names.push_back(message.substr(open + 1, close - open - 1));
    open = message.find('"', close + 1);
  }
  return names;
}

// The parser reports an unknown field or role where the token after it starts (for a role at the
// end of a grant, the next line's "}"). When the token before that position is a name the
// message is about, that token is where the mistake is: point there instead.
Position OffendingToken(absl::string_view text, const FirstError& parsed) {
  const std::vector<std::string> names = QuotedNames(*parsed.error);
  if (names.empty() || parsed.at.line < 0) return parsed.at;
  io::ArrayInputStream input(text.data(), static_cast<int>(text.size()));
  NoErrors ignored;
  io::Tokenizer tokenizer(&input, &ignored);
  tokenizer.set_comment_style(io::Tokenizer::SH_COMMENT_STYLE);  // as the text format's
  std::optional<io::Tokenizer::Token> previous;
  while (tokenizer.Next()) {
    const io::Tokenizer::Token& token = tokenizer.current();
    if (token.line > parsed.at.line ||
        (token.line == parsed.at.line && token.column >= parsed.at.column)) {
      break;
    }
    previous = token;
  }
  if (previous.has_value() && absl::c_linear_search(names, previous->text)) {
    return {previous->line, previous->column};
  }
  return parsed.at;
}

// The column of `at` as editors show it: in characters (code points), counted from 1. Protobuf
// counts bytes, a tab reaching the next multiple of 8, so a column after Arabic text or a tab
// would not be where an editor puts the cursor.
int CharacterColumn(absl::string_view text, Position at) {
  size_t offset = 0;
  for (int line = 0; line < at.line && offset < text.size(); ++line) {
    const size_t newline = text.find('\n', offset);
    offset = newline == absl::string_view::npos ? text.size() : newline + 1;
  }
  int characters = 0;
  for (io::ColumnNumber column = 0; offset < text.size() && column < at.column; ++offset) {
    const char c = text[offset];
    if (c == '\n') break;
    column = c == '\t' ? column + 8 - column % 8 : column + 1;
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++characters;  // not a continuation byte
  }
  return characters + 1;
}

absl::Status SyntaxError(absl::string_view text, const FirstError& parsed) {
  std::string where;
  std::map<std::string, std::string> metadata;
  if (const Position at = OffendingToken(text, parsed); at.line >= 0) {
    const std::string line = absl::StrCat(at.line + 1);  // counted from 1, as editors do
    const std::string column = absl::StrCat(CharacterColumn(text, at));
    where = absl::StrCat("line ", line, ", column ", column, ": ");
    metadata = {{"line", line}, {"column", column}};
  }
  return ReasonedError(
      absl::StatusCode::kInvalidArgument, kInvalidAccessPolicy,
      absl::StrCat("the access policy does not parse as protobuf text format: ", where,
                   *parsed.error, " (the format is in proto/jisr/v1/access_policy.proto)"),
      metadata);
}

}  // namespace

absl::Status ParsePolicyText(absl::string_view text, jisr::v1::AccessPolicy& policy) {
  FirstError error;
  google::protobuf::TextFormat::Parser parser;
  parser.RecordErrorsTo(&error);
  if (parser.ParseFromString(std::string(text), &policy)) return absl::OkStatus();
  if (!error.error.has_value()) error.error = "the parser gave no reason";
  return SyntaxError(text, error);
}

}  // namespace jisr::access::internal
