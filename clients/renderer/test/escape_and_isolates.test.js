// The escaping function and the isolate wrapping, with hostile input: markup, quotes,
// ampersands, a right-to-left override, characters outside the BMP (two UTF-16 units each) and
// isolates at the edges of the string. Run with `node --test test/` (no packages needed).
'use strict';

const assert = require('node:assert');
const test = require('node:test');

const { escapeHtml, safeUrl } = require('../src/escape');
const { fieldHtml } = require('../src/field_html');

const LTR = 1;
const RTL = 2;

// A FieldText as the generated code decodes it: one paragraph, isolates at UTF-16 offsets.
function analysis(text, baseDirection, isolates) {
  return {
    baseDirection,
    paragraphs: [{ range: { utf16Start: 0, utf16End: text.length }, direction: baseDirection }],
    isolates: isolates.map(([start, end, direction]) => ({ range: { utf16Start: start, utf16End: end }, direction })),
  };
}

test('escapeHtml turns markup, quotes and ampersands into text', () => {
  assert.strictEqual(escapeHtml(`<script>alert("x")</script> & 'y'`),
    '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;');
  assert.strictEqual(escapeHtml('&amp;'), '&amp;amp;');
});

test('escapeHtml keeps bidi controls and astral characters as they are', () => {
  const text = 'abc\u202Edef \u{1F600} \u{10900}';
  assert.strictEqual(escapeHtml(text), text);
});

test('safeUrl lets only http(s) through', () => {
  assert.strictEqual(safeUrl('https://example.com/a.jpg'), 'https://example.com/a.jpg');
  assert.strictEqual(safeUrl('javascript:alert(1)'), '');
  assert.strictEqual(safeUrl(' https://x.test/'), '');
  assert.strictEqual(safeUrl('data:text/html,<b>'), '');
  assert.strictEqual(safeUrl(undefined), '');
});

test('a field takes Jisr base direction and wraps each isolate in bdi with its direction', () => {
  const text = 'Apple تطلق هاتفاً بسعر 999 دولاراً';
  const { dir, html } = fieldHtml(text, analysis(text, RTL, [[0, 5, LTR], [23, 26, LTR]]));
  assert.strictEqual(dir, 'rtl');
  assert.strictEqual(html, '<bdi dir="ltr">Apple</bdi> تطلق هاتفاً بسعر <bdi dir="ltr">999</bdi> دولاراً');
});

test('isolates at both edges of the string wrap the whole edge', () => {
  const text = 'abc دبي';
  const { html } = fieldHtml(text, analysis(text, LTR, [[4, 7, RTL]]));
  assert.strictEqual(html, 'abc <bdi dir="rtl">دبي</bdi>');
  const whole = fieldHtml(text, analysis(text, RTL, [[0, 7, LTR]]));
  assert.strictEqual(whole.html, '<bdi dir="ltr">abc دبي</bdi>');
});

test('hostile text inside and outside isolates is escaped', () => {
  const text = '<img src=x onerror="a()"> & ب';
  const { html } = fieldHtml(text, analysis(text, LTR, [[0, 25, LTR]]));
  assert.strictEqual(html, '<bdi dir="ltr">&lt;img src=x onerror=&quot;a()&quot;&gt;</bdi> &amp; ب');
  assert.ok(!/<img|<script/.test(html));
});

test('UTF-16 offsets count characters outside the BMP as two units', () => {
  const text = '\u{1F600}\u{1F600} مرحبا x';
  // 😀😀 is four UTF-16 units; مرحبا starts at 5.
  const { html } = fieldHtml(text, analysis(text, LTR, [[5, 10, RTL]]));
  assert.strictEqual(html, '\u{1F600}\u{1F600} <bdi dir="rtl">مرحبا</bdi> x');
});

test('an RLO stays inside the bdi that isolates it, as text', () => {
  const text = 'x \u202Eabc y';
  const { html } = fieldHtml(text, analysis(text, LTR, [[2, 6, RTL]]));
  assert.strictEqual(html, 'x <bdi dir="rtl">\u202Eabc</bdi> y');
});

test('bad offsets (overlapping, out of range, empty) never split the text', () => {
  const text = 'a<b>c';
  const { html } = fieldHtml(text, analysis(text, LTR, [[0, 2, RTL], [1, 3, RTL], [4, 99, RTL], [3, 3, RTL]]));
  assert.strictEqual(html, '<bdi dir="rtl">a&lt;</bdi>b&gt;c');
});

test('several paragraphs each get a block with their own direction', () => {
  const text = 'Hello\nمرحبا';
  const field = {
    baseDirection: LTR,
    paragraphs: [
      { range: { utf16Start: 0, utf16End: 5 }, direction: LTR },
      { range: { utf16Start: 6, utf16End: 11 }, direction: RTL },
    ],
    isolates: [],
  };
  assert.deepStrictEqual(fieldHtml(text, field), {
    dir: 'ltr',
    html: '<span class="jisr-paragraph" dir="ltr">Hello</span><span class="jisr-paragraph" dir="rtl">مرحبا</span>',
  });
});

test('a field without analysis is escaped whole with the page direction', () => {
  assert.deepStrictEqual(fieldHtml('<b>', undefined, 'rtl'), { dir: 'rtl', html: '&lt;b&gt;' });
});
