#include "clients/import/html_scanner.h"

#include <algorithm>
#include <cstdint>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "clients/import/text_utils.h"

namespace jisr::import {
namespace {

bool IsHtmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool IsAlpha(char c) { return absl::ascii_isalpha(static_cast<unsigned char>(c)); }

const absl::flat_hash_map<std::string, char32_t>& NamedEntities() {
  static const auto* entities = new absl::flat_hash_map<std::string, char32_t>{
      {"amp", '&'},       {"lt", '<'},        {"gt", '>'},        {"quot", '"'},
      {"apos", '\''},     {"nbsp", 0x00A0},   {"ndash", 0x2013},  {"mdash", 0x2014},
      {"lsquo", 0x2018},  {"rsquo", 0x2019},  {"ldquo", 0x201C},  {"rdquo", 0x201D},
      {"laquo", 0x00AB},  {"raquo", 0x00BB},  {"hellip", 0x2026}, {"copy", 0x00A9},
      {"reg", 0x00AE},    {"shy", 0x00AD},    {"zwj", 0x200D},    {"zwnj", 0x200C},
      {"lrm", 0x200E},    {"rlm", 0x200F},    {"bull", 0x2022},   {"middot", 0x00B7},
      {"hyphen", 0x2010}, {"dash", 0x2010},   {"thinsp", 0x2009}, {"ensp", 0x2002},
      {"emsp", 0x2003},   {"deg", 0x00B0},    {"times", 0x00D7},  {"euro", 0x20AC},
      {"pound", 0x00A3},  {"eacute", 0x00E9}, {"sbquo", 0x201A},  {"bdquo", 0x201E},
  };
  return *entities;
}

// Parses the reference starting at text[pos] == '&'. Returns the bytes consumed, 0 when it is
// not a reference to decode.
size_t DecodeReference(absl::string_view text, size_t pos, std::string* out) {
  const size_t semicolon = text.find(';', pos + 1);
  if (semicolon == absl::string_view::npos || semicolon - pos > 32) return 0;
  const absl::string_view body = text.substr(pos + 1, semicolon - pos - 1);
  if (body.empty()) return 0;
  if (body[0] == '#') {
    absl::string_view digits = body.substr(1);
    bool hex = false;
    if (!digits.empty() && (digits[0] == 'x' || digits[0] == 'X')) {
      hex = true;
      digits.remove_prefix(1);
    }
    if (digits.empty() || digits.size() > 8) return 0;
    uint32_t value = 0;
    for (char c : digits) {
      const auto uc = static_cast<unsigned char>(c);
      if (hex ? !absl::ascii_isxdigit(uc) : !absl::ascii_isdigit(uc)) return 0;
      const uint32_t digit =
          absl::ascii_isdigit(uc) ? uc - '0' : (absl::ascii_tolower(uc) - 'a' + 10);
      value = value * (hex ? 16 : 10) + digit;
    }
    AppendUtf8(value == 0 ? 0xFFFD : static_cast<char32_t>(value), out);
    return semicolon - pos + 1;
  }
  auto it = NamedEntities().find(std::string(body));
  if (it == NamedEntities().end()) return 0;
  AppendUtf8(it->second, out);
  return semicolon - pos + 1;
}

}  // namespace

absl::string_view HtmlToken::Attribute(absl::string_view attribute_name) const {
  for (const auto& [key, value] : attributes) {
    if (key == attribute_name) return value;
  }
  return "";
}

std::string DecodeHtmlEntities(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t pos = 0; pos < text.size();) {
    if (text[pos] == '&') {
      const size_t consumed = DecodeReference(text, pos, &out);
      if (consumed > 0) {
        pos += consumed;
        continue;
      }
    }
    out.push_back(text[pos++]);
  }
  return out;
}

bool HtmlScanner::Next(HtmlToken* token) {
  while (pos_ < html_.size()) {
    if (html_[pos_] == '<') {
      const size_t tag_start = pos_;
      if (ReadTag(token)) return true;
      if (pos_ == tag_start) {
        // Not markup: a literal '<' in the text.
        ++pos_;
        *token = HtmlToken();
        token->text = "<";
        return true;
      }
      continue;  // A comment or declaration was skipped.
    }
    const size_t end = std::min(html_.find('<', pos_), html_.size());
    *token = HtmlToken();
    token->text = DecodeHtmlEntities(html_.substr(pos_, end - pos_));
    pos_ = end;
    return true;
  }
  return false;
}

// At '<'. Returns true with a tag token; false after skipping a comment or declaration (pos_
// moved on) or when the '<' starts no markup (pos_ unchanged).
bool HtmlScanner::ReadTag(HtmlToken* token) {
  const absl::string_view rest = html_.substr(pos_);
  if (absl::StartsWith(rest, "<!--")) {
    const size_t end = html_.find("-->", pos_ + 4);
    pos_ = end == absl::string_view::npos ? html_.size() : end + 3;
    return false;
  }
  if (absl::StartsWith(rest, "<!") || absl::StartsWith(rest, "<?")) {
    const size_t end = html_.find('>', pos_);
    pos_ = end == absl::string_view::npos ? html_.size() : end + 1;
    return false;
  }
  const bool end_tag = rest.size() > 1 && rest[1] == '/';
  const size_t name_start = pos_ + (end_tag ? 2 : 1);
  if (name_start >= html_.size() || !IsAlpha(html_[name_start])) return false;

  *token = HtmlToken();
  token->kind = end_tag ? HtmlToken::Kind::kEndTag : HtmlToken::Kind::kStartTag;
  size_t i = name_start;
  while (i < html_.size() && !IsHtmlSpace(html_[i]) && html_[i] != '/' && html_[i] != '>') ++i;
  token->name = absl::AsciiStrToLower(html_.substr(name_start, i - name_start));
  pos_ = i;
  ReadAttributes(token);
  if (end_tag) token->attributes.clear();
  if (token->kind == HtmlToken::Kind::kStartTag && !token->self_closing &&
      (token->name == "script" || token->name == "style" || token->name == "title" ||
       token->name == "textarea")) {
    SkipRawText(token->name);
  }
  return true;
}

void HtmlScanner::ReadAttributes(HtmlToken* token) {
  while (pos_ < html_.size()) {
    const char c = html_[pos_];
    if (IsHtmlSpace(c)) {
      ++pos_;
    } else if (c == '>') {
      ++pos_;
      return;
    } else if (c == '/') {
      ++pos_;
      if (pos_ < html_.size() && html_[pos_] == '>') {
        token->self_closing = true;
        ++pos_;
        return;
      }
    } else {
      const size_t name_start = pos_;
      while (pos_ < html_.size() && !IsHtmlSpace(html_[pos_]) && html_[pos_] != '/' &&
             html_[pos_] != '>' && html_[pos_] != '=') {
        ++pos_;
      }
      std::string name = absl::AsciiStrToLower(html_.substr(name_start, pos_ - name_start));
      std::string value;
      while (pos_ < html_.size() && IsHtmlSpace(html_[pos_])) ++pos_;
      if (pos_ < html_.size() && html_[pos_] == '=') {
        ++pos_;
        while (pos_ < html_.size() && IsHtmlSpace(html_[pos_])) ++pos_;
        if (pos_ < html_.size() && (html_[pos_] == '"' || html_[pos_] == '\'')) {
          const char quote = html_[pos_++];
          const size_t end = std::min(html_.find(quote, pos_), html_.size());
          value = DecodeHtmlEntities(html_.substr(pos_, end - pos_));
          pos_ = std::min(end + 1, html_.size());
        } else {
          const size_t value_start = pos_;
          while (pos_ < html_.size() && !IsHtmlSpace(html_[pos_]) && html_[pos_] != '>') ++pos_;
          value = DecodeHtmlEntities(html_.substr(value_start, pos_ - value_start));
        }
      }
      if (name.empty()) {
        ++pos_;  // A stray '=': skip it so the scan always moves on.
        continue;
      }
      token->attributes.emplace_back(std::move(name), std::move(value));
    }
  }
}

void HtmlScanner::SkipRawText(absl::string_view tag_name) {
  const std::string closing = "</" + std::string(tag_name);
  for (size_t i = pos_; i + closing.size() <= html_.size(); ++i) {
    if (html_[i] == '<' && absl::EqualsIgnoreCase(html_.substr(i, closing.size()), closing)) {
      pos_ = i;
      return;
    }
  }
  pos_ = html_.size();
}

}  // namespace jisr::import
