// The one escaping function every template uses, for text and for (double-quoted) attribute
// values alike: whatever Jisr sends is text, never markup.
'use strict';

const REPLACEMENTS = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => REPLACEMENTS[c]);
}

// An http(s) URL for href/src, or '' for anything else (javascript:, data:, relative), so a
// link can never run script even if a URL got past Jisr's validation.
function safeUrl(value) {
  return /^https?:\/\/[^\s]+$/i.test(value || '') ? value : '';
}

module.exports = { escapeHtml, safeUrl };
