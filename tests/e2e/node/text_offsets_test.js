// TextService.Analyze through @grpc/grpc-js against a real jisrd gives the same offsets and
// spans as the C++ reference (e2e_text_offsets_reference), and the UTF-16 offsets slice a
// JavaScript string (String.prototype.slice counts UTF-16 units) to the expected text, with
// characters outside the BMP before every span. The same texts written as variant paragraphs
// through the article service read back with the same analysis.
//
// Needs JISRD (the jisrd binary), JISR_TEST_CREDENTIALS (the credentials tool, whose files give
// jisrd its keys and policy and this test an editor's token) and TEXT_OFFSETS_REFERENCE (the
// reference binary), and @grpc/grpc-js and @grpc/proto-loader on NODE_PATH;
// run_text_offsets_test.sh sets them up.
// Exits non-zero, saying what differs, on any mismatch.
'use strict';

const assert = require('node:assert');
const childProcess = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const PROTO_ROOT = path.resolve(__dirname, '../../../proto');

function requireEnv(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run this test through CTest (ctest -R e2e_text_offsets_node)`);
  }
  return value;
}

// The C++ reference: one JSON object per line (see text_offsets_reference.cc).
function referenceCases() {
  const output = childProcess.execFileSync(requireEnv('TEXT_OFFSETS_REFERENCE'), { encoding: 'utf8' });
  return output.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line));
}

// The test credentials as files in `dir`: jisrd's flags (one a line) and a token per principal
// of the test policy, made fresh by jisr_test_credentials.
function testCredentials(dir) {
  fs.mkdirSync(dir, { recursive: true });
  childProcess.execFileSync(requireEnv('JISR_TEST_CREDENTIALS'), [dir], { stdio: 'inherit' });
  const jisrdFlags = fs.readFileSync(path.join(dir, 'jisrd.flags'), 'utf8')
    .split('\n').map((line) => line.trim()).filter((line) => line !== '');
  const token = (principal) => fs.readFileSync(path.join(dir, `${principal}.token`), 'utf8').trim();
  return { jisrdFlags, token };
}

// Starts jisrd on a loopback port it picks itself, checking tokens against the test credentials,
// and resolves to { process, target, dir, credentials }.
async function startJisrd() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jisr-node-'));
  const credentials = testCredentials(path.join(dir, 'credentials'));
  const portFile = path.join(dir, 'port');
  const log = fs.openSync(path.join(dir, 'jisrd.log'), 'w');
  const jisrd = childProcess.spawn(
    requireEnv('JISRD'),
    ['--listen=127.0.0.1:0', `--port_file=${portFile}`, `--data_path=${path.join(dir, 'jisr.db')}`,
      ...credentials.jisrdFlags],
    { stdio: ['ignore', 'ignore', log] });
  let exited = false;
  jisrd.on('exit', () => { exited = true; });
  const deadline = Date.now() + 30000;
  while (!fs.existsSync(portFile) || fs.readFileSync(portFile, 'utf8').trim() === '') {
    if (exited || Date.now() > deadline) {
      throw new Error(`jisrd did not start; see ${path.join(dir, 'jisrd.log')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const port = fs.readFileSync(portFile, 'utf8').trim();
  return { process: jisrd, target: `127.0.0.1:${port}`, dir, credentials };
}

function stopJisrd(jisrd) {
  return new Promise((resolve) => {
    if (jisrd.process.exitCode !== null) return resolve();
    jisrd.process.on('exit', () => resolve());
    jisrd.process.kill('SIGTERM');
  });
}

function loadService(file, name, target) {
  const definition = protoLoader.loadSync(file, {
    includeDirs: [PROTO_ROOT, path.join(PROTO_ROOT, 'third_party')],
    keepCase: false, // lowerCamelCase, as protobuf JSON names fields
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const Service = grpc.loadPackageDefinition(definition).jisr.v1[name];
  return new Service(target, grpc.credentials.createInsecure());
}

// Calls `method` of `client` and resolves to its response.
function call(client, method, request, metadata = new grpc.Metadata()) {
  return new Promise((resolve, reject) => {
    const deadline = new Date(Date.now() + 10000);
    client[method](request, metadata, { deadline }, (error, response) => {
      if (error) reject(new Error(`${method} failed: ${error.code} ${error.details}`));
      else resolve(response);
    });
  });
}

function analyze(client, request) {
  return new Promise((resolve, reject) => {
    const deadline = new Date(Date.now() + 10000);
    client.Analyze(request, { deadline }, (error, response) => {
      if (error && error.code === grpc.status.UNIMPLEMENTED) {
        reject(new Error('jisrd does not serve jisr.v1.TextService: register it in '
                         + 'services/api/server.cc (JisrServer::Start)'));
      } else if (error) {
        reject(new Error(`Analyze failed: ${error.code} ${error.details}`));
      } else {
        resolve(response);
      }
    });
  });
}

// Drops what protobuf JSON leaves out (zeros, empty strings and lists, false, unset messages),
// so the object grpc-js decodes and the C++ JSON compare field by field.
function canonical(value) {
  if (Array.isArray(value)) {
    const items = value.map(canonical);
    return items.length === 0 ? undefined : items;
  }
  if (value !== null && typeof value === 'object') {
    const out = {};
    for (const key of Object.keys(value).sort()) {
      const item = canonical(value[key]);
      if (item !== undefined) out[key] = item;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  if (value === null || value === 0 || value === '' || value === false) return undefined;
  return value;
}

const codePointSlice = (text, start, end) => Array.from(text).slice(start, end).join('');
const utf8Slice = (text, start, end) => Buffer.from(text, 'utf8').subarray(start, end).toString('utf8');

function checkCase(c, response, failures) {
  const fail = (what) => failures.push(`${c.name}: ${what}`);
  try {
    assert.deepStrictEqual(canonical(response), canonical(c.response));
  } catch (error) {
    fail(`Node read something else than C++ computed:\n${error.message}`);
  }
  const stored = response.text;
  if (stored.length === Array.from(stored).length) {
    fail('the text has no character outside the BMP, so UTF-16 and code point offsets agree trivially');
  }
  const spans = response.analysis.isolates.map((span) => stored.slice(span.range.utf16Start, span.range.utf16End));
  try {
    assert.deepStrictEqual(spans, c.isolates);
  } catch (error) {
    fail(`UTF-16 offsets slice the isolate spans to ${JSON.stringify(spans)}, expected ${JSON.stringify(c.isolates)}`);
  }
  response.analysis.isolates.forEach((span, i) => {
    const r = span.range;
    const byCodePoint = codePointSlice(stored, r.start, r.end);
    const byUtf8 = utf8Slice(stored, r.utf8Start, r.utf8End);
    if (byCodePoint !== spans[i] || byUtf8 !== spans[i]) {
      fail(`span ${i}: code points give ${JSON.stringify(byCodePoint)}, UTF-8 bytes ${JSON.stringify(byUtf8)}, `
           + `UTF-16 units ${JSON.stringify(spans[i])}`);
    }
  });
  // Warnings index the text as it was submitted.
  const submitted = c.request.text;
  const warned = response.warnings.map((warning) => submitted.slice(warning.range.utf16Start, warning.range.utf16End));
  try {
    assert.deepStrictEqual(warned, c.warnings);
  } catch (error) {
    fail(`UTF-16 offsets slice the warnings to ${JSON.stringify(warned)}, expected ${JSON.stringify(c.warnings)}`);
  }
  return { spans: spans.length, warnings: warned.length };
}

const HEADLINES = { ar: 'اختبار المواضع', en: 'Offsets test' };
const PARAGRAPH = 'blocks[0].paragraph.text';

// The case's text written as a variant's paragraph through the article service and read back:
// the stored field's analysis is what C++ computed, and the revision's warnings index the text
// as it was sent. A paragraph block is one paragraph (its line breaks become spaces), so a text
// of several paragraphs is checked through Analyze only.
async function checkWrittenVariant(articles, editor, c, failures) {
  const fail = (what) => failures.push(`${c.name} (written to a variant): ${what}`);
  const submitted = c.request.text;
  const language = c.request.language;
  const created = await call(articles, 'CreateVariant', {
    variant: { language, headline: HEADLINES[language], blocks: [{ paragraph: { text: submitted } }] },
  }, editor.clone());
  const read = await call(articles, 'GetVariant', { name: created.name, view: 'VARIANT_VIEW_LATEST' }, editor.clone());
  const stored = read.blocks[0].paragraph.text;
  if (stored !== c.response.text) fail(`stored ${JSON.stringify(stored)}, expected ${JSON.stringify(c.response.text)}`);
  const analyses = read.text.fields.filter((f) => f.field === PARAGRAPH);
  if (analyses.length !== 1) return fail(`${analyses.length} analyses of ${PARAGRAPH}`);
  const { field, ...analysis } = analyses[0];
  try {
    assert.deepStrictEqual(canonical(analysis), canonical(c.response.analysis));
  } catch (error) {
    fail(`the stored analysis is not what C++ computed:\n${error.message}`);
  }
  const spans = analyses[0].isolates.map((span) => stored.slice(span.range.utf16Start, span.range.utf16End));
  try {
    assert.deepStrictEqual(spans, c.isolates);
  } catch (error) {
    fail(`UTF-16 offsets slice the stored spans to ${JSON.stringify(spans)}, expected ${JSON.stringify(c.isolates)}`);
  }
  const warned = read.revision.warnings.filter((w) => w.field === `variant.${PARAGRAPH}`)
    .map((w) => submitted.slice(w.range.utf16Start, w.range.utf16End));
  try {
    assert.deepStrictEqual(warned, c.warnings);
  } catch (error) {
    fail(`the revision's warnings slice to ${JSON.stringify(warned)}, expected ${JSON.stringify(c.warnings)}`);
  }
  return true;
}

async function main() {
  const cases = referenceCases();
  if (cases.length === 0) throw new Error('the C++ reference printed no case');
  const jisrd = await startJisrd();
  const client = loadService('jisr/v1/text_service.proto', 'TextService', jisrd.target);
  const articles = loadService('jisr/v1/article_service.proto', 'ArticleService', jisrd.target);
  // The test policy's editor writes the variants and reads their drafts back.
  const editor = new grpc.Metadata();
  editor.set('authorization', `Bearer ${jisrd.credentials.token('editor@newsroom.test')}`);
  const failures = [];
  let spans = 0;
  let warnings = 0;
  let written = 0;
  try {
    for (const c of cases) {
      const response = await analyze(client, c.request);
      const counted = checkCase(c, response, failures);
      spans += counted.spans;
      warnings += counted.warnings;
      if (!c.request.text.includes('\n') && await checkWrittenVariant(articles, editor, c, failures)) ++written;
    }
    if (written < 4) failures.push(`only ${written} texts were checked through a written variant`);
  } finally {
    client.close();
    articles.close();
    await stopJisrd(jisrd);
  }
  if (failures.length > 0) {
    for (const failure of failures) console.error(`FAIL ${failure}`);
    console.error(`text offsets via Node: ${failures.length} mismatches with the C++ reference; `
                  + `jisrd's log is in ${jisrd.dir}`);
    process.exitCode = 1;
    return;
  }
  fs.rmSync(jisrd.dir, { recursive: true, force: true });
  const version = require('@grpc/grpc-js/package.json').version;
  console.log(`text offsets via Node (@grpc/grpc-js ${version}): ${cases.length} texts, ${spans} isolate spans `
              + `and ${warnings} warnings match the C++ reference, through Analyze and, for ${written} of `
              + 'them, written to a variant and read back');
}

main().catch((error) => {
  console.error(`FAIL ${error.message}`);
  process.exitCode = 1;
});
