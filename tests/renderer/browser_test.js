// The reference renderer (clients/renderer) in Debian's headless Chromium, against a real jisrd
// with the demo content: computed directions match what Jisr says for every field, visual order
// measured from the layout, the language switch and hreflang links, the Arabic "Updated" line
// byte for byte, publish and unpublish seen on the next load (the renderer follows Watch), and
// hostile headlines shown as text. Screenshots go to ARTIFACTS for people to look at.
//
// Needs JISRD, JISRCTL, JISR_TEST_CREDENTIALS, RENDERER_BUILD (generate.sh's output), ARTIFACTS,
// and playwright-core on NODE_PATH; run_browser_test.sh sets them up. Prints one line per
// check and ends with "N passed, M failed"; exits non-zero on any failure.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const processes = require('./processes');
const { textRect, computedDirections } = require('./layout');
const { JisrClient } = require('../../clients/renderer/src/jisr_client');

const DIR = { 1: 'ltr', 2: 'rtl' }; // jisr.v1.TextDirection
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const results = { passed: 0, failed: 0 };

async function check(name, body) {
  const started = Date.now();
  try {
    await body();
    results.passed += 1;
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    results.failed += 1;
    console.log(`FAIL ${name}\n     ${String(error.message).split('\n').join('\n     ')}`);
  }
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

class Harness {
  async start() {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jisr-renderer-'));
    this.artifacts = processes.requireEnv('ARTIFACTS');
    fs.mkdirSync(this.artifacts, { recursive: true });
    this.jisrd = await processes.startJisrd(this.dir);
    processes.importDemoContent(this.jisrd);
    const buildDir = processes.requireEnv('RENDERER_BUILD');
    this.reader = new JisrClient({ buildDir, target: this.jisrd.target });
    this.editor = new JisrClient({ buildDir, target: this.jisrd.target, tokenFile: this.jisrd.token('editor@newsroom.test') });
    this.events = [];
    this.watch = this.editor.watch({});
    this.watch.on('data', (event) => this.events.push(event));
    this.watch.on('error', () => {});
    this.renderer = await processes.startRenderer(this.dir, this.jisrd, buildDir);
    this.browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      headless: true,
      args: process.getuid && process.getuid() === 0 ? ['--no-sandbox'] : [],
    });
    this.context = await this.browser.newContext({ viewport: { width: 1280, height: 900 } });
    // No network in tests: images from elsewhere (the demo's hero images) get a 1x1 PNG.
    await this.context.route('**/*', (route) => (route.request().url().startsWith(this.renderer.origin)
      ? route.continue() : route.fulfill({ status: 200, contentType: 'image/png', body: PNG })));
    console.log(`jisrd on ${this.jisrd.target}, renderer on ${this.renderer.origin}, Chromium ${this.browser.version()}`);
  }

  async stop() {
    if (this.browser) await this.browser.close();
    if (this.watch) this.watch.cancel();
    await processes.stop(this.renderer && this.renderer.child);
    await processes.stop(this.jisrd && this.jisrd.child);
  }

  url(language, slug) {
    return `${this.renderer.origin}/${language}/${encodeURIComponent(slug)}`;
  }

  // Opens `url` in a new tab; resolves to { page, response, errors } (console errors and
  // uncaught exceptions, and any dialog, which a page of escaped text never opens).
  async open(url) {
    const page = await this.context.newPage();
    const errors = [];
    page.on('console', (message) => { if (message.type() === 'error') errors.push(`console: ${message.text()}`); });
    page.on('pageerror', (error) => errors.push(`exception: ${error.message}`));
    page.on('dialog', (dialog) => { errors.push(`dialog: ${dialog.message()}`); dialog.dismiss(); });
    const response = await page.goto(url);
    return { page, response, errors };
  }

  // Resolves to the first ChangeEvent matching `predicate` on the test's own Watch stream.
  async event(predicate, what) {
    const deadline = Date.now() + 15000;
    for (;;) {
      const found = this.events.find(predicate);
      if (found) return found;
      expect(Date.now() < deadline, `no ${what} event on the feed within 15 s`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  // Waits until the renderer has read the feed up to `sequence`: from then on its cache
  // reflects the change (this is the feed's latency, not a TTL).
  async rendererAt(sequence) {
    const deadline = Date.now() + 15000;
    for (;;) {
      const status = await (await fetch(`${this.renderer.origin}/_renderer/status`)).json();
      if (status.watch === 'live' && status.sequence >= sequence) return;
      expect(Date.now() < deadline, `the renderer's feed did not reach sequence ${sequence}: ${JSON.stringify(status)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

module.exports = { Harness, check, expect, results, DIR, textRect, computedDirections };

if (require.main === module) {
  const harness = new Harness();
  const started = Date.now();
  harness.start()
    .then(() => require('./checks').run(harness))
    .catch((error) => { results.failed += 1; console.log(`FAIL setup: ${error.stack || error.message}`); })
    .finally(async () => {
      await harness.stop().catch(() => {});
      if (results.failed > 0 && harness.renderer) {
        console.log(`renderer log (${harness.renderer.log}):\n${fs.readFileSync(harness.renderer.log, 'utf8').slice(-3000)}`);
      } else if (results.failed === 0 && harness.dir) {
        fs.rmSync(harness.dir, { recursive: true, force: true }); // kept for a look only on failure
      }
      console.log(`renderer_browser: ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${harness.artifacts}`);
      console.log(`${results.passed} passed, ${results.failed} failed`);
      process.exit(results.failed > 0 ? 1 : 0);
    });
}
