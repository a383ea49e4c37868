// What a page shows, read from one published Variant: each text field paired with the analysis
// Jisr computed for it (FieldText, found by its path such as "blocks[3].quote.attribution"),
// the datelines as Jisr formatted them, the corrections and the language alternates. No HTML
// here; templates.js turns this into markup.
'use strict';

const { dirName } = require('./field_html');

// A text field: its path in the Variant (as FieldText.field names it), its stored text, and
// Jisr's analysis of it (undefined for an empty field, which Jisr does not analyse).
function textField(analyses, path, text) {
  return { path, text: text || '', analysis: analyses.get(path) };
}

function imageModel(analyses, prefix, image) {
  if (!image) return undefined;
  return {
    url: image.url,
    altText: image.altText,
    width: image.width,
    height: image.height,
    caption: textField(analyses, `${prefix}.caption`, image.caption),
    credit: textField(analyses, `${prefix}.credit`, image.credit),
  };
}

// One body block as { kind, ... } with its text fields; unknown kinds become undefined.
function blockModel(analyses, block, index) {
  const prefix = `blocks[${index}]`;
  const { case: kind, value } = block.kind;
  const field = (suffix, text) => textField(analyses, `${prefix}.${kind === 'factBox' ? 'fact_box' : kind}.${suffix}`, text);
  switch (kind) {
    case 'paragraph': return { kind, text: field('text', value.text) };
    case 'heading': return { kind, level: Math.min(Math.max(value.level || 2, 2), 6), text: field('text', value.text) };
    case 'quote': return { kind, text: field('text', value.text), attribution: field('attribution', value.attribution) };
    case 'image': return { kind, image: imageModel(analyses, `${prefix}.image`, value) };
    case 'list': return { kind, ordered: value.ordered, items: value.items.map((item, i) => field(`items[${i}]`, item)) };
    case 'factBox': return {
      kind,
      title: field('title', value.title),
      entries: value.entries.map((entry, i) => ({
        label: field(`entries[${i}].label`, entry.label),
        value: field(`entries[${i}].value`, entry.value),
      })),
    };
    case 'embed': return { kind, url: value.url, provider: value.provider, title: field('title', value.title) };
    default: return undefined;
  }
}

// The page model of `variant` (a decoded jisr.v1.Variant, published view). `languages` maps a
// language code to its jisr.v1.Language (for the switch's native names and directions).
function pageModel(variant, languages) {
  const analyses = new Map((variant.text ? variant.text.fields : []).map((f) => [f.field, f]));
  const languageDir = (code) => dirName(languages.get(code) ? languages.get(code).direction : 0) || 'ltr';
  const datelines = (variant.text && variant.text.datelines) || { published: '', updated: '' };
  return {
    name: variant.name,
    story: variant.story,
    language: variant.language,
    dir: dirName(variant.direction) || languageDir(variant.language),
    publishedRevision: Number(variant.publishedRevision),
    headline: textField(analyses, 'headline', variant.headline),
    standfirst: textField(analyses, 'standfirst', variant.standfirst),
    byline: variant.byline.map((author, i) => ({
      name: textField(analyses, `byline[${i}].name`, author.name),
      role: textField(analyses, `byline[${i}].role`, author.role),
    })),
    hero: imageModel(analyses, 'hero_image', variant.heroImage),
    blocks: variant.blocks.map((block, i) => blockModel(analyses, block, i)).filter(Boolean),
    corrections: variant.corrections.map((c) => ({ kind: c.kind, text: c.text })),
    published: datelines.published,
    updated: datelines.updated,
    alternates: variant.alternates.map((a) => ({
      language: a.language,
      slug: a.slug,
      self: a.self,
      xDefault: a.xDefault,
      nativeName: languages.get(a.language) ? languages.get(a.language).nativeName : a.language,
      dir: languageDir(a.language),
      variant: a.variant,
    })),
  };
}

module.exports = { pageModel };
