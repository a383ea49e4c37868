#!/usr/bin/env node
// The renderer's command line: checks its flags, connects to jisrd, starts following the
// change feed and serves pages. Normally started through ../start, which first installs the
// packages and generates the protobuf code into the build directory.
'use strict';

const path = require('node:path');

const { JisrClient } = require('../src/jisr_client');
const { PageCache } = require('../src/page_cache');
const { RendererServer } = require('../src/server');

const USAGE = `usage: jisr-renderer [--jisr=HOST:PORT] [--listen=HOST:PORT] [--token-file=FILE]
                     [--public-url=URL] [--build-dir=DIR]
  --jisr        jisrd's gRPC address (default 127.0.0.1:50051)
  --listen      where to serve HTTP (default 127.0.0.1:8080; port 0 picks a free one)
  --token-file  a bearer token for jisrd, read for every call (default: none, which jisrd
                accepts as a reader on a loopback address)
  --public-url  the site's origin, for absolute hreflang links (default http://LISTEN)
  --build-dir   where generate.sh put node_modules and gen/ (default ../build)
  --port-file   write the port served on to this file once listening`;

function fail(message) {
  process.stderr.write(`jisr-renderer: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function hostPort(flag, value) {
  const match = /^(.+):(\d{1,5})$/.exec(value);
  if (!match || Number(match[2]) > 65535) fail(`--${flag} must be HOST:PORT (port 0 to 65535), not "${value}"`);
  return { host: match[1].replace(/^\[(.*)\]$/, '$1'), port: Number(match[2]) };
}

function parseFlags(argv) {
  const flags = { jisr: '127.0.0.1:50051', listen: '127.0.0.1:8080', 'token-file': '', 'public-url': '',
    'build-dir': path.resolve(__dirname, '../build'), 'port-file': '' };
  for (const arg of argv) {
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    }
    const match = /^--([a-z-]+)=(.*)$/.exec(arg);
    if (!match || !(match[1] in flags)) fail(`unknown argument "${arg}"`);
    flags[match[1]] = match[2];
  }
  hostPort('jisr', flags.jisr);
  if (flags['public-url'] && !/^https?:\/\/[^/\s]+$/.test(flags['public-url'])) {
    fail(`--public-url must be an origin such as https://news.example (no path), not "${flags['public-url']}"`);
  }
  return flags;
}

async function main() {
  const flags = parseFlags(process.argv.slice(2));
  const listen = hostPort('listen', flags.listen);
  const log = (line) => process.stderr.write(`renderer: ${line}\n`);
  const client = new JisrClient({ buildDir: flags['build-dir'], target: flags.jisr, tokenFile: flags['token-file'] });
  const cache = new PageCache(client, log);
  cache.start();
  const server = new RendererServer({ client, cache, publicUrl: flags['public-url'], log });
  const address = await server.listen(listen.port, listen.host);
  const origin = `http://${listen.host.includes(':') ? `[${listen.host}]` : listen.host}:${address.port}`;
  if (flags['port-file']) require('node:fs').writeFileSync(flags['port-file'], `${address.port}\n`);
  process.stdout.write(`renderer: serving ${origin}/{language}/{slug} from jisrd at ${flags.jisr}\n`);
  const stop = () => {
    cache.stop();
    client.close();
    server.close().then(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error) => {
  process.stderr.write(`jisr-renderer: ${error.message}\n`);
  process.exit(1);
});
