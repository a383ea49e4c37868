// Rendered pages kept in memory, kept fresh by jisrd's change feed (Watch) rather than a TTL:
// an event about a variant or its story evicts every page of that story (its siblings'
// language switches and hreflang links change too), so the next request renders afresh.
// While the feed is down nothing is served from the cache (requests go to jisrd), so a page
// can never linger stale; the stream resumes from the last cursor with backoff.
'use strict';

const CHANGE_KIND_HEARTBEAT = 14; // jisr.v1.ChangeKind
const STATUS_OUT_OF_RANGE = 11; // grpc status: the cursor expired, so watch from now again
const MAX_ENTRIES = 10000;
const BACKOFF_FIRST_MS = 100;
const BACKOFF_MAX_MS = 5000;

class PageCache {
  constructor(client, log = () => {}) {
    this.client = client;
    this.log = log;
    this.entries = new Map(); // "language/slug" -> page ({ variant, story, ... })
    this.live = false;
    this.cursor = '';
    this.sequence = 0;
    // Bumped by every event and every loss of the feed: a page rendered from a read that began
    // before the bump may predate the change, so it is served but not kept.
    this.generation = 0;
    this.backoffMs = BACKOFF_FIRST_MS;
    this.stream = null;
    this.stopped = false;
  }

  start() {
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.retry);
    if (this.stream) this.stream.cancel();
  }

  connect() {
    // Heartbeats show the stream is alive and move the cursor on an idle newsroom.
    const stream = this.client.watch({ cursor: this.cursor, heartbeatInterval: { seconds: 10n } });
    this.stream = stream;
    stream.on('metadata', (metadata) => {
      const [cursor] = metadata.get('x-jisr-watch-cursor');
      if (cursor && !this.cursor) this.cursor = String(cursor);
      this.setLive(true);
    });
    stream.on('data', (event) => this.onEvent(event));
    stream.on('error', () => {}); // 'status' below handles every end
    stream.on('status', (status) => this.onEnd(stream, status));
  }

  onEvent(event) {
    this.cursor = event.cursor;
    this.sequence = Number(event.sequence);
    this.backoffMs = BACKOFF_FIRST_MS;
    if (event.kind === CHANGE_KIND_HEARTBEAT) return;
    this.generation += 1;
    const stories = new Set([event.story, event.previousStory].filter(Boolean));
    for (const [key, page] of this.entries) {
      if (page.variant === event.variant || stories.has(page.story)) this.entries.delete(key);
    }
  }

  onEnd(stream, status) {
    if (stream !== this.stream) return;
    this.setLive(false);
    if (this.stopped) return;
    if (status.code === STATUS_OUT_OF_RANGE) this.cursor = '';
    this.log(`watch ended (${status.code} ${status.details}); resuming in ${this.backoffMs} ms`);
    this.retry = setTimeout(() => this.connect(), this.backoffMs);
    this.backoffMs = Math.min(this.backoffMs * 2, BACKOFF_MAX_MS);
  }

  setLive(live) {
    if (live === this.live) return;
    this.live = live;
    if (!live) {
      this.entries.clear();
      this.generation += 1;
    }
    this.log(live ? 'watch live: caching pages' : 'watch down: serving from jisrd, not from the cache');
  }

  // The page for `key`: from the cache when the feed is live, else from `render()` (which
  // resolves to { page, cacheable }), kept when nothing changed while it rendered.
  async get(key, render) {
    if (this.live && this.entries.has(key)) return this.entries.get(key);
    const generation = this.generation;
    const { page, cacheable } = await render();
    if (cacheable && this.live && generation === this.generation) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value);
      this.entries.set(key, page);
    }
    return page;
  }

  status() {
    return { watch: this.live ? 'live' : 'down', sequence: this.sequence, cached_pages: this.entries.size };
  }
}

module.exports = { PageCache };
