// HTML for the renderer's pages: a story page from a page model (page_model.js), and the 404
// and 503 pages in the page's language. Every value from Jisr goes through escapeHtml (or
// fieldHtml, which uses it); attribute values are always double-quoted.
'use strict';

const { escapeHtml: e, safeUrl } = require('./escape');
const { fieldHtml } = require('./field_html');
const { stringsFor } = require('./strings');

// Bumped when the markup changes, so ETags of pages rendered by an older template differ.
const TEMPLATE_VERSION = 1;
const STYLESHEET = '/_renderer/style.css';

// A field's element: `tag` with data-jisr-field naming the field (tests and tools find it by
// that), dir= from Jisr, and the field's HTML. Empty fields render nothing.
function field(tag, f, pageDir, attributes = '') {
  if (!f || !f.text) return '';
  const { dir, html } = fieldHtml(f.text, f.analysis, pageDir);
  return `<${tag} data-jisr-field="${e(f.path)}" dir="${e(dir)}"${attributes}>${html}</${tag}>`;
}

function pagePath(language, slug) {
  return `/${encodeURIComponent(language)}/${encodeURIComponent(slug)}`;
}

function figure(image, dir, className) {
  if (!image) return '';
  const src = safeUrl(image.url);
  const size = image.width && image.height ? ` width="${image.width}" height="${image.height}"` : '';
  const img = src ? `<img src="${e(src)}" alt="${e(image.altText)}"${size}>` : '';
  const caption = field('span', image.caption, dir, ' class="caption"') + field('span', image.credit, dir, ' class="credit"');
  return `<figure class="${className}">${img}${caption ? `<figcaption>${caption}</figcaption>` : ''}</figure>`;
}

function block(b, dir) {
  switch (b.kind) {
    case 'paragraph': return field('p', b.text, dir);
    case 'heading': return field(`h${b.level}`, b.text, dir);
    case 'quote': return `<blockquote>${field('p', b.text, dir)}${b.attribution.text ? `<footer>${field('cite', b.attribution, dir)}</footer>` : ''}</blockquote>`;
    case 'image': return figure(b.image, dir, 'image');
    case 'list': {
      const tag = b.ordered ? 'ol' : 'ul';
      return `<${tag}>${b.items.map((item) => field('li', item, dir)).join('')}</${tag}>`;
    }
    case 'factBox': return `<aside class="fact-box">${field('h2', b.title, dir)}<dl>${b.entries.map((entry) => `<div>${field('dt', entry.label, dir)}${field('dd', entry.value, dir)}</div>`).join('')}</dl></aside>`;
    case 'embed': {
      const href = safeUrl(b.url);
      const label = b.title.text ? fieldHtml(b.title.text, b.title.analysis, dir) : { dir: 'ltr', html: e(b.provider ? `${b.provider}: ${b.url}` : b.url) };
      const fieldAttribute = b.title.text ? ` data-jisr-field="${e(b.title.path)}"` : '';
      return href ? `<p class="embed"><a href="${e(href)}" rel="noopener nofollow"${fieldAttribute} dir="${e(label.dir)}">${label.html}</a></p>` : '';
    }
    default: return '';
  }
}

// "English • العربية": the current language as text, the published siblings as links.
function languageSwitch(model, strings) {
  if (model.alternates.length < 2) return '';
  const items = model.alternates.map((a) => {
    const attributes = `lang="${e(a.language)}" dir="${e(a.dir)}"`;
    return a.self
      ? `<span ${attributes} aria-current="page">${e(a.nativeName)}</span>`
      : `<a href="${e(pagePath(a.language, a.slug))}" hreflang="${e(a.language)}" ${attributes}>${e(a.nativeName)}</a>`;
  });
  return `<nav class="language-switch" aria-label="${e(strings.languages)}">${items.join(' • ')}</nav>`;
}

function hreflangLinks(model, publicUrl) {
  const link = (hreflang, a) => `<link rel="alternate" hreflang="${e(hreflang)}" href="${e(publicUrl + pagePath(a.language, a.slug))}">`;
  const links = model.alternates.map((a) => link(a.language, a));
  const fallback = model.alternates.find((a) => a.xDefault);
  if (fallback) links.push(link('x-default', fallback));
  return links.join('\n');
}

function corrections(model, strings) {
  if (model.corrections.length === 0) return '';
  const CORRECTION_KIND_CLARIFICATION = 2; // jisr.v1.CorrectionKind
  const items = model.corrections.map((c) => `<p class="correction" dir="${e(model.dir)}"><strong>${e(c.kind === CORRECTION_KIND_CLARIFICATION ? strings.clarification : strings.correction)}</strong> ${e(c.text)}</p>`);
  return `<section class="corrections"><h2>${e(strings.corrections)}</h2>${items.join('')}</section>`;
}

function byline(model, strings) {
  if (model.byline.length === 0) return '';
  const authors = model.byline.map((a) => `<span class="author">${field('span', a.name, model.dir, ' class="name"')}${a.role.text ? ` ${field('span', a.role, model.dir, ' class="role"')}` : ''}</span>`);
  return `<p class="byline">${authors.join(e(strings.authorSeparator))}</p>`;
}

function document(language, dir, title, head, body) {
  return `<!DOCTYPE html>
<html lang="${e(language)}" dir="${e(dir)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<link rel="stylesheet" href="${STYLESHEET}">
${head}
</head>
<body>
${body}
</body>
</html>
`;
}

// The story page. `publicUrl` (no trailing slash) makes the hreflang links absolute.
function storyPage(model, publicUrl) {
  const strings = stringsFor(model.language);
  const dir = model.dir;
  const dateline = (className, text) => (text ? `<p class="dateline ${className}" dir="${e(dir)}">${e(text)}</p>` : '');
  const body = `${languageSwitch(model, strings)}
<article>
<header>
${field('h1', model.headline, dir)}
${field('p', model.standfirst, dir, ' class="standfirst"')}
${byline(model, strings)}
${dateline('published', model.published)}
${dateline('updated', model.updated)}
</header>
${figure(model.hero, dir, 'hero')}
${model.blocks.map((b) => block(b, dir)).join('\n')}
${corrections(model, strings)}
</article>`;
  return document(model.language, dir, model.headline.text, hreflangLinks(model, publicUrl), body);
}

// A page for readers when there is no story (404) or jisrd cannot be reached (503).
function messagePage(language, dir, title, text) {
  return document(language, dir, title, '', `<main><h1>${e(title)}</h1><p>${e(text)}</p></main>`);
}

function notFoundPage(language, dir) {
  const s = stringsFor(language);
  return messagePage(language, dir, s.notFoundTitle, s.notFoundText);
}

function unavailablePage(language, dir) {
  const s = stringsFor(language);
  return messagePage(language, dir, s.unavailableTitle, s.unavailableText);
}

const STYLE = `body{font:18px/1.6 system-ui,"Noto Sans","Noto Sans Arabic",sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
h1{font-size:2rem;line-height:1.25}.standfirst{font-size:1.2rem;color:#444}.byline,.dateline{color:#555;margin:.2rem 0}
.language-switch{margin-bottom:1rem}figure{margin:1.5rem 0}figure img{max-width:100%;height:auto;background:#eee}
figcaption{font-size:.9rem;color:#555}.credit{margin-inline-start:.5rem;color:#777}
blockquote{border-inline-start:4px solid #ccc;margin:1.5rem 0;padding-inline-start:1rem}
.fact-box{background:#f4f4f4;padding:1rem;margin:1.5rem 0}.fact-box dt{font-weight:bold}.fact-box dd{margin:0 0 .5rem}
.jisr-paragraph{display:block}.corrections{border-top:1px solid #ccc;margin-top:2rem}
`;

module.exports = { storyPage, notFoundPage, unavailablePage, pagePath, STYLE, TEMPLATE_VERSION };
