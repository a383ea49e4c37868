// The text pipeline's results (services/text, plain structs) as jisr.v1 messages.
#ifndef JISR_SERVICES_TEXTPROTO_TEXT_MESSAGES_H_
#define JISR_SERVICES_TEXTPROTO_TEXT_MESSAGES_H_

#include <string>
#include <vector>

#include "jisr/v1/text.pb.h"
#include "services/text/analyze.h"
#include "services/text/dateline.h"
#include "services/text/isolate.h"
#include "services/text/text_warning.h"

namespace jisr::textproto {

jisr::v1::TextRange ToProto(const text::TextRange& range);
jisr::v1::TextDirection ToProto(text::Direction direction);
jisr::v1::IsolateKind ToProto(text::SpanKind kind);
jisr::v1::DirectionSource ToProto(text::DirectionSource source);
// DIRECTION_RULE_UNSPECIFIED is the language rule.
text::DirectionRule FromProto(jisr::v1::DirectionRule rule);
jisr::v1::TextWarning ToProto(const text::TextWarning& warning, const std::string& field);
jisr::v1::IsolateSpan ToProto(const text::IsolationSpan& span);

// A field's analysis, keyed by `field` (its path in the Variant).
jisr::v1::FieldText ToFieldText(const text::FieldAnalysis& analysis, const std::string& field);

// A style: `overrides`' non-empty fields over `base`.
text::DateStyle MergeStyle(text::DateStyle base, const jisr::v1::DatelineStyle& overrides);
jisr::v1::DatelineStyle ToProto(const text::DateStyle& style);

}  // namespace jisr::textproto

#endif  // JISR_SERVICES_TEXTPROTO_TEXT_MESSAGES_H_
