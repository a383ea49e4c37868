// The browser test's checks, in order (browser_test.js holds the harness).
'use strict';

const path = require('node:path');
const { check, expect, DIR, textRect, computedDirections } = require('./browser_test');

const APPLE_HEADLINE = 'Apple تطلق هاتفاً جديداً بسعر 999 دولاراً في الإمارات';
const ENGLISH_WITH_ARABIC_NAME = 'The mayor met محمد بن راشد in Dubai on Monday';
const FACT_BOX_VALUE = 'Flat6labs، و500 Falcons، وثلاثة مستثمرين ملائكيين';

// Every element carrying a Jisr field has the direction Jisr reports; every analysed field
// (alt text aside: it is an attribute) has an element.
async function checkDirections(harness, variant, page) {
  const computed = await page.evaluate(computedDirections);
  const problems = [];
  const wanted = DIR[variant.direction];
  if (computed.document !== wanted) problems.push(`document: Jisr says ${wanted}, Chromium computed ${computed.document}`);
  for (const field of variant.text.fields) {
    if (field.field.endsWith('.alt_text')) continue;
    const got = computed.fields[field.field];
    const want = DIR[field.baseDirection];
    if (got === undefined) problems.push(`${field.field}: no element with data-jisr-field on the page`);
    else if (got !== want) problems.push(`${field.field}: Jisr says ${want}, Chromium computed ${got}`);
  }
  expect(problems.length === 0, `${problems.length} of ${variant.text.fields.length} fields differ:\n${problems.slice(0, 15).join('\n')}`);
  return variant.text.fields.length;
}

async function checkDemoPages(harness) {
  const pages = {};
  for (const [id, shot] of [['blinken-beijing-en', 'seed-en'], ['blinken-beijing-ar', 'seed-ar'], ['udhr-en', 'udhr-en'], ['udhr-ar', 'udhr-ar']]) {
    await check(`${shot}: directions as Jisr says, no console errors, screenshot`, async () => {
      const variant = await harness.reader.call('getVariant', { name: `variants/${id}` });
      const { page, response, errors } = await harness.open(harness.url(variant.language, variant.slug));
      expect(response.status() === 200, `status ${response.status()}`);
      expect(await page.getAttribute('html', 'lang') === variant.language, 'html lang differs from the variant\'s language');
      const count = await checkDirections(harness, variant, page);
      expect(errors.length === 0, `console errors:\n${errors.join('\n')}`);
      await page.screenshot({ path: path.join(harness.artifacts, `renderer-${shot}.png`), fullPage: true });
      console.log(`     ${count} fields checked; ${path.join(harness.artifacts, `renderer-${shot}.png`)}`);
      pages[shot] = { variant, page };
    });
  }
  return pages;
}

// x positions of `words` inside the element matching `selector`, failing when one is missing.
async function positions(page, selector, words) {
  const rects = {};
  for (const word of words) {
    rects[word] = await page.evaluate(textRect, [selector, word]);
    expect(!rects[word].error, rects[word].error);
  }
  return rects;
}

const describe = (rects) => Object.entries(rects).map(([w, r]) => `"${w}" x=${r.left.toFixed(1)}..${r.right.toFixed(1)} y=${r.top.toFixed(0)}`).join('; ');

async function checkFactBoxOrder(pages) {
  await check('seed-ar fact box: "Flat6labs" right of "500 Falcons" right of "وثلاثة" (layout x)', async () => {
    const { variant, page } = pages['seed-ar'];
    const field = variant.text.fields.find((f) => f.isolatedText.replace(/[\u2066-\u2069]/g, '') === FACT_BOX_VALUE);
    expect(field, `no field of the Arabic seed story holds "${FACT_BOX_VALUE}"`);
    const rects = await positions(page, `[data-jisr-field="${field.field}"]`, ['Flat6labs', '500 Falcons', 'وثلاثة']);
    expect(rects.Flat6labs.left >= rects['500 Falcons'].right && rects['500 Falcons'].left >= rects['وثلاثة'].right,
      `expected right-to-left order Flat6labs > 500 Falcons > وثلاثة; measured ${describe(rects)} (Jisr says ${field.field} is ${DIR[field.baseDirection]})`);
  });
}

async function checkLanguageSwitch(harness, pages) {
  await check('language switch navigates to the sibling; hreflang links are reciprocal', async () => {
    const en = pages['seed-en'];
    const ar = pages['seed-ar'];
    await en.page.click('nav.language-switch a[hreflang="ar"]');
    await en.page.waitForLoadState();
    expect(decodeURIComponent(en.page.url()) === decodeURIComponent(harness.url('ar', ar.variant.slug)), `the switch went to ${en.page.url()}`);
    expect(await en.page.getAttribute('html', 'lang') === 'ar', 'the sibling page is not Arabic');
    const links = (page) => page.$$eval('link[rel="alternate"]', (ls) => ls.map((l) => `${l.hreflang} ${l.href}`).sort().join('\n'));
    const fromEn = await links(en.page);
    const fromAr = await links(ar.page);
    expect(fromEn === fromAr && fromEn.includes('x-default') && fromEn.split('\n').length === 3, `hreflang links differ:\n${fromEn}\n---\n${fromAr}`);
  });
  await check('Arabic "Updated" line byte for byte as Jisr formats it', async () => {
    const { variant, page } = pages['seed-ar'];
    const shown = await page.textContent('.dateline.updated');
    expect(shown === variant.text.datelines.updated, `page ${JSON.stringify(shown)}, Jisr ${JSON.stringify(variant.text.datelines.updated)}`);
  });
}

async function create(harness, variant, id) {
  const created = await harness.editor.call('createVariant', { variant, variantId: id, requestId: `renderer-test-${id}` });
  return harness.editor.call('publishVariant', { name: created.name, etag: created.etag });
}

const paragraph = (text) => ({ kind: { case: 'paragraph', value: { text } } });

async function checkWrittenStory(harness) {
  const en = await create(harness, { language: 'en', headline: ENGLISH_WITH_ARABIC_NAME, blocks: [paragraph(ENGLISH_WITH_ARABIC_NAME)] }, 'apple-en');
  const ar = await create(harness, { language: 'ar', headline: APPLE_HEADLINE, translationSource: { variant: en.name }, blocks: [paragraph(APPLE_HEADLINE)] }, 'apple-ar');
  await check('Arabic headline beginning with "Apple": "Apple" is the rightmost word', async () => {
    const { page } = await harness.open(harness.url('ar', ar.slug));
    await page.screenshot({ path: path.join(harness.artifacts, 'renderer-apple-ar.png') });
    const words = APPLE_HEADLINE.split(' ');
    const rects = await positions(page, 'h1', words);
    // The words drawn on Apple's line (a narrow window may wrap the headline).
    const line = words.filter((w) => Math.abs(rects[w].top - rects.Apple.top) < 2);
    const rightmost = line.reduce((a, b) => (rects[a].right >= rects[b].right ? a : b));
    const field = (await harness.reader.call('getVariant', { name: ar.name })).text.fields.find((f) => f.field === 'headline');
    expect(rightmost === 'Apple', `rightmost word is "${rightmost}"; Jisr says the headline is ${DIR[field.baseDirection]}; measured ${describe(rects)}`);
  });
  await check('English page: an Arabic name keeps the sentence left to right around it', async () => {
    const { page } = await harness.open(harness.url('en', en.slug));
    const rects = await positions(page, 'h1', ['The mayor met', 'محمد بن راشد', 'in Dubai']);
    const [before, name, after] = Object.values(rects);
    expect(before.right <= name.left && name.right <= after.left, `expected "The mayor met" < name < "in Dubai" left to right; measured ${describe(rects)}`);
  });
  return { en, ar };
}

async function checkPublishAndUnpublish(harness, story) {
  await check('after a publish the next load shows the new revision (ETag changes, 304 on the new one)', async () => {
    const url = harness.url('en', story.en.slug);
    const before = await fetch(url);
    const oldTag = before.headers.get('etag');
    const updated = await harness.editor.call('updateVariant', { variant: { name: story.en.name, headline: 'The mayor met the minister', etag: story.en.etag } });
    const published = await harness.editor.call('publishVariant', { name: updated.name, etag: updated.etag });
    const event = await harness.event((e) => e.kind === 3 && e.variant === story.en.name && Number(e.revision) === Number(published.publishedRevision), 'PUBLISHED');
    await harness.rendererAt(Number(event.sequence));
    const { page } = await harness.open(url);
    expect(await page.textContent('h1') === 'The mayor met the minister', `headline still "${await page.textContent('h1')}"`);
    const after = await fetch(url, { headers: { 'If-None-Match': oldTag } });
    const newTag = after.headers.get('etag');
    expect(after.status === 200 && newTag !== oldTag, `old ETag ${oldTag} answered ${after.status} with ${newTag}`);
    const again = await fetch(url, { headers: { 'If-None-Match': newTag } });
    expect(again.status === 304, `If-None-Match with the current ETag answered ${again.status}`);
    story.en = published;
  });
  await check('after an unpublish: 404 in Arabic, and no alternate link on the English sibling', async () => {
    const current = await harness.editor.call('getVariant', { name: story.ar.name, view: 2 });
    await harness.editor.call('unpublishVariant', { name: story.ar.name, etag: current.etag });
    const event = await harness.event((e) => e.kind === 4 && e.variant === story.ar.name, 'UNPUBLISHED');
    await harness.rendererAt(Number(event.sequence));
    const { page, response } = await harness.open(harness.url('ar', story.ar.slug));
    expect(response.status() === 404, `status ${response.status()}`);
    const attrs = await page.$eval('html', (h) => `${h.lang} ${getComputedStyle(h).direction}`);
    expect(attrs === 'ar rtl', `404 page is "${attrs}", not "ar rtl"`);
    const sibling = await harness.open(harness.url('en', story.en.slug));
    const arabicLinks = await sibling.page.$$('[hreflang="ar"]');
    expect(arabicLinks.length === 0, `the English page still links to Arabic ${arabicLinks.length} times`);
  });
}

async function checkHostileHeadlines(harness) {
  const hostile = [
    ['trojan-source', 'Access level: \u202Enimda\u2066 // user\u2069\u202C granted'],
    ['markup', '<img src=x onerror=alert(1)><script>alert(2)</script> "quoted" & \'single\''],
  ];
  for (const [id, headline] of hostile) {
    await check(`hostile headline (${id}) is shown as text`, async () => {
      const published = await create(harness, { language: 'en', headline, blocks: [paragraph(headline)] }, `hostile-${id}`);
      const { page, errors } = await harness.open(harness.url('en', published.slug));
      const shown = await page.textContent('h1');
      expect(shown === published.headline, `page ${JSON.stringify(shown)}, Jisr stored ${JSON.stringify(published.headline)}`);
      expect(!/[\u202A-\u202E]/.test(shown), `an embedding or override control reached the page: ${JSON.stringify(shown)}`);
      const elements = await page.$$eval('h1 *', (all) => all.map((el) => el.tagName.toLowerCase()));
      expect(elements.every((tag) => tag === 'bdi' || tag === 'span'), `the headline made elements: ${elements.join(', ')}`);
      expect(await page.$$eval('script, img[src="x"]', (all) => all.length) === 0, 'injected elements are in the page');
      expect(errors.length === 0, errors.join('\n'));
    });
  }
}

async function run(harness) {
  const pages = await checkDemoPages(harness);
  if (pages['seed-ar']) await checkFactBoxOrder(pages);
  if (pages['seed-en'] && pages['seed-ar']) await checkLanguageSwitch(harness, pages);
  const story = await checkWrittenStory(harness);
  await checkPublishAndUnpublish(harness, story);
  await checkHostileHeadlines(harness);
  await check('unknown slug and unknown language: 404 in the page\'s language', async () => {
    for (const [url, want] of [[harness.url('ar', 'no-such-story'), 'ar rtl'], [harness.url('en', 'no-such-story'), 'en ltr'], [`${harness.renderer.origin}/xx/a`, 'en ltr']]) {
      const { page, response } = await harness.open(url);
      const attrs = await page.$eval('html', (h) => `${h.lang} ${getComputedStyle(h).direction}`);
      expect(response.status() === 404 && attrs === want, `${url}: ${response.status()} "${attrs}", wanted 404 "${want}"`);
    }
  });
}

module.exports = { run };
