#include "services/textproto/text_messages.h"

namespace jisr::textproto {

jisr::v1::TextRange ToProto(const text::TextRange& range) {
  jisr::v1::TextRange out;
  out.set_start(range.start);
  out.set_end(range.end);
  out.set_utf16_start(range.utf16_start);
  out.set_utf16_end(range.utf16_end);
  out.set_utf8_start(range.utf8_start);
  out.set_utf8_end(range.utf8_end);
  return out;
}

jisr::v1::TextDirection ToProto(text::Direction direction) {
  return direction == text::Direction::kRtl ? jisr::v1::TEXT_DIRECTION_RIGHT_TO_LEFT
                                            : jisr::v1::TEXT_DIRECTION_LEFT_TO_RIGHT;
}

jisr::v1::IsolateKind ToProto(text::SpanKind kind) {
  switch (kind) {
    case text::SpanKind::kText:
      return jisr::v1::ISOLATE_KIND_TEXT;
    case text::SpanKind::kNumber:
      return jisr::v1::ISOLATE_KIND_NUMBER;
    case text::SpanKind::kUrl:
      return jisr::v1::ISOLATE_KIND_URL;
    case text::SpanKind::kEmail:
      return jisr::v1::ISOLATE_KIND_EMAIL;
    case text::SpanKind::kOther:
      return jisr::v1::ISOLATE_KIND_OTHER;
  }
  return jisr::v1::ISOLATE_KIND_UNSPECIFIED;
}

jisr::v1::DirectionSource ToProto(text::DirectionSource source) {
  switch (source) {
    case text::DirectionSource::kFirstStrongCharacter:
      return jisr::v1::DIRECTION_SOURCE_FIRST_STRONG_CHARACTER;
    case text::DirectionSource::kLanguageConfirmedByWords:
      return jisr::v1::DIRECTION_SOURCE_LANGUAGE_CONFIRMED_BY_WORDS;
    case text::DirectionSource::kOtherDirectionByWords:
      return jisr::v1::DIRECTION_SOURCE_OTHER_DIRECTION_BY_WORDS;
    case text::DirectionSource::kLanguageFallback:
    case text::DirectionSource::kExplicit:
      break;
  }
  return jisr::v1::DIRECTION_SOURCE_LANGUAGE;
}

text::DirectionRule FromProto(jisr::v1::DirectionRule rule) {
  return rule == jisr::v1::DIRECTION_RULE_FIRST_STRONG ? text::DirectionRule::kFirstStrong
                                                       : text::DirectionRule::kLanguage;
}

jisr::v1::TextWarning ToProto(const text::TextWarning& warning, const std::string& field) {
  jisr::v1::TextWarning out;
  out.set_field(field);
  out.set_code(std::string(text::WarningCodeName(warning.code)));
  *out.mutable_range() = ToProto(warning.range);
  out.set_message(warning.message);
  return out;
}

jisr::v1::IsolateSpan ToProto(const text::IsolationSpan& span) {
  jisr::v1::IsolateSpan out;
  *out.mutable_range() = ToProto(span.range);
  out.set_direction(ToProto(span.direction));
  out.set_kind(ToProto(span.kind));
  return out;
}

jisr::v1::FieldText ToFieldText(const text::FieldAnalysis& analysis, const std::string& field) {
  jisr::v1::FieldText out;
  out.set_field(field);
  out.set_base_direction(ToProto(analysis.base_direction));
  for (const text::ParagraphBidi& paragraph : analysis.paragraphs) {
    auto* p = out.add_paragraphs();
    *p->mutable_range() = ToProto(paragraph.range);
    p->set_direction(ToProto(paragraph.direction));
    p->set_direction_source(ToProto(paragraph.direction_source));
    for (const text::BidiRun& run : paragraph.runs) {
      auto* r = p->add_runs();
      *r->mutable_range() = ToProto(run.range);
      r->set_level(run.level);
      r->set_direction(ToProto(run.direction));
    }
  }
  for (const text::IsolationSpan& span : analysis.isolation_spans) {
    *out.add_isolates() = ToProto(span);
  }
  out.set_isolated_text(analysis.isolated_text);
  out.set_search_key(analysis.search_key);
  out.set_word_count(analysis.word_count);
  return out;
}

text::DateStyle MergeStyle(text::DateStyle base, const jisr::v1::DatelineStyle& overrides) {
  if (!overrides.locale().empty()) base.locale = overrides.locale();
  if (!overrides.time_zone().empty()) base.time_zone = overrides.time_zone();
  if (!overrides.numbering().empty()) base.numbering = overrides.numbering();
  if (!overrides.calendar().empty()) base.calendar = overrides.calendar();
  return base;
}

jisr::v1::DatelineStyle ToProto(const text::DateStyle& style) {
  jisr::v1::DatelineStyle out;
  out.set_locale(style.locale);
  out.set_time_zone(style.time_zone);
  out.set_numbering(style.numbering);
  out.set_calendar(style.calendar);
  return out;
}

}  // namespace jisr::textproto
