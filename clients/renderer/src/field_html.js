// A text field as HTML, with the direction Jisr computed for it (see README.md, "How a field is
// rendered"): the element takes the field's base_direction as dir=, every isolate span Jisr
// lists is wrapped in <bdi dir=...> using the span's UTF-16 offsets (JavaScript strings count
// UTF-16 units), and a field of several paragraphs gets a block per paragraph, each with its
// own direction. The renderer never guesses a direction itself.
'use strict';

const { escapeHtml } = require('./escape');

// jisr.v1.TextDirection (proto/jisr/v1/text.proto) as an HTML dir value.
const TEXT_DIRECTION_LEFT_TO_RIGHT = 1;
const TEXT_DIRECTION_RIGHT_TO_LEFT = 2;

function dirName(direction) {
  if (direction === TEXT_DIRECTION_LEFT_TO_RIGHT) return 'ltr';
  if (direction === TEXT_DIRECTION_RIGHT_TO_LEFT) return 'rtl';
  return '';
}

// text[from, to) with the isolates that lie wholly inside it wrapped in <bdi>. Spans that
// overlap one already wrapped, or fall outside the text, are left as plain (escaped) text: a
// bad offset must never split a tag or a character's escape.
function isolatedHtml(text, isolates, from, to) {
  let html = '';
  let at = from;
  for (const span of isolates) {
    const start = span.range ? span.range.utf16Start : -1;
    const end = span.range ? span.range.utf16End : -1;
    if (start < at || end > to || end <= start) continue;
    const dir = dirName(span.direction);
    html += escapeHtml(text.slice(at, start));
    html += `<bdi${dir ? ` dir="${dir}"` : ''}>${escapeHtml(text.slice(start, end))}</bdi>`;
    at = end;
  }
  return html + escapeHtml(text.slice(at, to));
}

// { dir, html } for a field's stored `text` and its FieldText `analysis` (undefined when Jisr
// sent none: the text is then escaped as it is and dir is `fallbackDir`).
function fieldHtml(text, analysis, fallbackDir = '') {
  if (!analysis) return { dir: fallbackDir, html: escapeHtml(text) };
  const isolates = [...analysis.isolates]
    .sort((a, b) => (a.range ? a.range.utf16Start : 0) - (b.range ? b.range.utf16Start : 0));
  const dir = dirName(analysis.baseDirection) || fallbackDir;
  const paragraphs = analysis.paragraphs.filter((p) => p.range);
  if (paragraphs.length <= 1) {
    return { dir, html: isolatedHtml(text, isolates, 0, text.length) };
  }
  const html = paragraphs.map((paragraph) => {
    const to = Math.min(paragraph.range.utf16End, text.length);
    const from = Math.min(paragraph.range.utf16Start, to);
    const paragraphDir = dirName(paragraph.direction) || dir;
    return `<span class="jisr-paragraph" dir="${paragraphDir}">${isolatedHtml(text, isolates, from, to)}</span>`;
  }).join('');
  return { dir, html };
}

module.exports = { fieldHtml, dirName };
