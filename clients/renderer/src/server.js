// The HTTP side (plain node:http: the renderer serves four kinds of response, a framework
// would add nothing): GET /{language}/{slug} renders a story page from LookupVariant, with an
// ETag and 304 on If-None-Match; unknown languages and slugs get a 404 page in the page's
// language, an unreachable jisrd a 503 page; nothing internal reaches readers.
'use strict';

const crypto = require('node:crypto');
const http = require('node:http');

const { pageModel } = require('./page_model');
const { dirName } = require('./field_html');
const templates = require('./templates');

const STATUS_INVALID_ARGUMENT = 3;
const STATUS_NOT_FOUND = 5;

const HEADERS = {
  // No script runs on a page, whatever text Jisr sends: a second wall behind escaping.
  'Content-Security-Policy': "default-src 'none'; style-src 'self'; img-src http: https:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
};

class RendererServer {
  // `client` is a JisrClient, `cache` a PageCache, `publicUrl` the site's origin for hreflang
  // (empty: the address listen() binds, known only once bound).
  constructor({ client, cache, publicUrl = '', log = () => {} }) {
    this.client = client;
    this.cache = cache;
    this.publicUrl = publicUrl.replace(/\/+$/, '');
    this.log = log;
    this.languages = null; // Map code -> jisr.v1.Language, read once from ListLanguages
    this.server = http.createServer((request, response) => {
      this.handle(request, response).catch((error) => {
        this.log(`internal error: ${error.stack || error}`);
        if (!response.headersSent) this.send(request, response, { status: 500, html: templates.unavailablePage('en', 'ltr') });
      });
    });
  }

  listen(port, host) {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        // Set before the first request is read, so no page links to an origin still unknown.
        const { address, port: bound } = this.server.address();
        if (!this.publicUrl) this.publicUrl = `http://${address.includes(':') ? `[${address}]` : address}:${bound}`;
        resolve(this.server.address());
      });
    });
  }

  close() {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  async loadLanguages() {
    if (!this.languages) {
      const response = await this.client.listLanguages();
      this.languages = new Map(response.languages.map((l) => [l.code, l]));
    }
    return this.languages;
  }

  // The direction of `language` as Jisr configures it; 'ltr' before jisrd has answered.
  languageDir(language) {
    const known = this.languages && this.languages.get(language);
    return (known && dirName(known.direction)) || 'ltr';
  }

  send(request, response, page, extraHeaders = {}) {
    const headers = { ...HEADERS, 'Content-Type': 'text/html; charset=utf-8', ...extraHeaders };
    if (page.etag) {
      headers.ETag = page.etag;
      headers['Cache-Control'] = 'public, no-cache'; // caches keep it but revalidate: Watch decides freshness
      if (matches(request.headers['if-none-match'], page.etag)) {
        response.writeHead(304, headers);
        return response.end();
      }
    } else {
      headers['Cache-Control'] = 'no-store';
    }
    const body = Buffer.from(page.html, 'utf8');
    headers['Content-Length'] = body.length;
    response.writeHead(page.status, headers);
    response.end(request.method === 'HEAD' ? undefined : body);
  }

  async handle(request, response) {
    const url = new URL(request.url, 'http://renderer.invalid');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' });
      return response.end();
    }
    if (url.pathname === '/_renderer/style.css') {
      response.writeHead(200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=300' });
      return response.end(request.method === 'HEAD' ? undefined : templates.STYLE);
    }
    if (url.pathname === '/_renderer/status') {
      response.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      return response.end(JSON.stringify(this.cache.status()));
    }
    const route = /^\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    const language = route ? safeDecode(route[1]) : '';
    const slug = route ? safeDecode(route[2]) : '';
    let languages;
    try {
      languages = await this.loadLanguages();
    } catch (error) {
      return this.unavailable(request, response, language, error);
    }
    if (!languages.has(language) || !slug) {
      const known = languages.has(language) ? language : 'en';
      return this.send(request, response, { status: 404, html: templates.notFoundPage(known, this.languageDir(known)) });
    }
    try {
      const page = await this.cache.get(`${language}/${slug}`, () => this.render(language, slug));
      return this.send(request, response, page, { 'Content-Language': language });
    } catch (error) {
      return this.unavailable(request, response, language, error);
    }
  }

  unavailable(request, response, language, error) {
    this.log(`jisrd unavailable: ${error.code === undefined ? error.message : `${error.code} ${error.details}`}`);
    const known = this.languages && this.languages.has(language) ? language : 'en';
    return this.send(request, response, { status: 503, html: templates.unavailablePage(known, this.languageDir(known)) }, { 'Retry-After': '5' });
  }

  // Resolves to { page, cacheable } for the cache (page_cache.js).
  async render(language, slug) {
    let variant;
    try {
      variant = await this.client.lookupVariant(language, slug);
    } catch (error) {
      if (error.code === STATUS_NOT_FOUND || error.code === STATUS_INVALID_ARGUMENT) {
        return { page: { status: 404, html: templates.notFoundPage(language, this.languageDir(language)) }, cacheable: false };
      }
      throw error;
    }
    const model = pageModel(variant, this.languages);
    // The published revision, and a digest of the whole published response (alternates and
    // corrections change a page without a new revision), and the template version.
    const digest = crypto.createHash('sha256').update(this.client.toBinary('Variant', variant)).digest('hex').slice(0, 16);
    const etag = `"r${model.publishedRevision}-${digest}-t${templates.TEMPLATE_VERSION}"`;
    const page = { status: 200, html: templates.storyPage(model, this.publicUrl), etag, variant: variant.name, story: variant.story };
    return { page, cacheable: true };
  }
}

function safeDecode(part) {
  try {
    return decodeURIComponent(part);
  } catch {
    return '';
  }
}

// Whether an If-None-Match header names `etag` (weak comparison, as RFC 9110 asks for GET).
function matches(header, etag) {
  if (!header) return false;
  const strip = (tag) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || strip(tag) === strip(etag));
}

module.exports = { RendererServer };
