// The processes the browser test drives: jisrd on a loopback port with the test credentials
// and the demo content imported the way deploy/local/demo imports it (jisrctl import of the
// fixtures), and the reference renderer in front of it.
'use strict';

const childProcess = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const REPO = path.resolve(__dirname, '../..');

function requireEnv(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this test through CTest (ctest -R renderer_browser)`);
  return value;
}

// Resolves once `file` holds a port, or rejects when `child` exits or 30 s pass.
async function waitForPort(child, file, what, log) {
  let exited = false;
  child.on('exit', () => { exited = true; });
  const deadline = Date.now() + 30000;
  while (!fs.existsSync(file) || fs.readFileSync(file, 'utf8').trim() === '') {
    if (exited || Date.now() > deadline) throw new Error(`${what} did not start; see ${log}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return fs.readFileSync(file, 'utf8').trim();
}

async function startJisrd(dir) {
  const credentials = path.join(dir, 'credentials');
  fs.mkdirSync(credentials, { recursive: true });
  childProcess.execFileSync(requireEnv('JISR_TEST_CREDENTIALS'), [credentials], { stdio: 'ignore' });
  const flags = fs.readFileSync(path.join(credentials, 'jisrd.flags'), 'utf8').split('\n').filter((l) => l.trim());
  const portFile = path.join(dir, 'jisrd.port');
  const log = path.join(dir, 'jisrd.log');
  const child = childProcess.spawn(requireEnv('JISRD'),
    ['--listen=127.0.0.1:0', `--port_file=${portFile}`, `--data_path=${path.join(dir, 'jisr.db')}`, ...flags],
    { stdio: ['ignore', 'ignore', fs.openSync(log, 'w')] });
  const port = await waitForPort(child, portFile, 'jisrd', log);
  const token = (principal) => path.join(credentials, `${principal}.token`);
  return { child, target: `127.0.0.1:${port}`, token };
}

// The demo content: the seed article and the UDHR, each English with its Arabic translation.
function importDemoContent(jisrd) {
  const jisrctl = (...args) => childProcess.execFileSync(requireEnv('JISRCTL'),
    [`--server=${jisrd.target}`, `--token-file=${jisrd.token('admin@newsroom.test')}`, '--quiet', 'import', ...args],
    { cwd: REPO, encoding: 'utf8' }).trim();
  const pairs = [
    ['tests/fixtures/seed-article-en.txt', 'blinken-beijing-en', 'tests/fixtures/seed-article-ar.txt', 'blinken-beijing-ar'],
    ['tests/fixtures/udhr/eng.html', 'udhr-en', 'tests/fixtures/udhr/arb.html', 'udhr-ar'],
  ];
  for (const [enFile, enId, arFile, arId] of pairs) {
    const en = jisrctl(enFile, '--language=en', `--id=${enId}`, '--publish');
    jisrctl(arFile, '--language=ar', `--id=${arId}`, `--translation-of=${en}`, '--publish');
  }
}

// The renderer as `clients/renderer/start` runs it, with the code generate.sh put in buildDir.
async function startRenderer(dir, jisrd, buildDir) {
  const portFile = path.join(dir, 'renderer.port');
  const log = path.join(dir, 'renderer.log');
  const child = childProcess.spawn(process.execPath,
    [path.join(REPO, 'clients/renderer/bin/jisr-renderer.js'), `--build-dir=${buildDir}`, `--jisr=${jisrd.target}`,
      '--listen=127.0.0.1:0', `--port-file=${portFile}`],
    { stdio: ['ignore', 'ignore', fs.openSync(log, 'w')] });
  const port = await waitForPort(child, portFile, 'the renderer', log);
  return { child, origin: `http://127.0.0.1:${port}`, log };
}

function stop(child) {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null) return resolve();
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

module.exports = { REPO, requireEnv, startJisrd, importDemoContent, startRenderer, stop };
