// Measurements taken inside the page, from the layout rather than the DOM: each function runs
// in Chromium through page.evaluate.
'use strict';

// The rectangle (viewport x/y) where `needle` is drawn inside the element matching `selector`,
// found over the element's text nodes (bdi splits a field into several) with a Range.
function textRect([selector, needle]) {
  const element = document.querySelector(selector);
  if (!element) return { error: `no element ${selector}` };
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  const nodes = [];
  let text = '';
  while (walker.nextNode()) {
    nodes.push({ node: walker.currentNode, start: text.length });
    text += walker.currentNode.data;
  }
  const at = text.indexOf(needle);
  if (at < 0) return { error: `"${needle}" is not in the text "${text}"` };
  const locate = (offset, isEnd) => {
    const found = nodes.find(({ node, start }) => offset >= start
      && (offset < start + node.data.length || (isEnd && offset === start + node.data.length)));
    return [found.node, offset - found.start];
  };
  const range = document.createRange();
  range.setStart(...locate(at, false));
  range.setEnd(...locate(at + needle.length, true));
  const rect = range.getBoundingClientRect();
  return { left: rect.left, right: rect.right, top: rect.top, bottom: rect.bottom };
}

// { path: computed direction } for every element carrying a Jisr field, with the document's.
function computedDirections() {
  const fields = {};
  for (const element of document.querySelectorAll('[data-jisr-field]')) {
    fields[element.getAttribute('data-jisr-field')] = getComputedStyle(element).direction;
  }
  return { document: getComputedStyle(document.documentElement).direction, fields };
}

module.exports = { textRect, computedDirections };
