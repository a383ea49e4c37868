"""The scale bench's measurements against a loaded jisrd: reads timed from the client, one call
in flight, so each figure is a round trip on loopback (server time plus about 0.1 ms)."""
import queue
import threading
import time

import grpc

from jisr.v1 import article_service_pb2 as api, article_service_pb2_grpc as api_grpc
from jisr.v1 import resources_pb2 as resources

PAGE_SIZE = 50
DEEP_PAGE = 100


def percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def timed(call):
    """(milliseconds, result) of call()."""
    start = time.perf_counter()
    result = call()
    return (time.perf_counter() - start) * 1000, result


def get_variant_ms(stub, metadata, names):
    """Milliseconds of GetVariant (the published view, as a renderer reads) of each name."""
    samples = []
    for name in names:
        ms, page = timed(lambda: stub.GetVariant(api.GetVariantRequest(name=name),
                                                 metadata=metadata))
        if not page.headline:
            raise RuntimeError(f"GetVariant({name}) answered no headline")
        samples.append(ms)
    return samples


def list_filters(stories):
    """ListVariants filters to time: (label, request fields)."""
    translated = next(s for s in stories if s.arabic)
    return [
        ("none", {}),
        ("language=en", {"language": "en"}),
        ("language=ar", {"language": "ar"}),
        ("state=PUBLISHED", {"state": resources.VARIANT_STATE_PUBLISHED}),
        (f"section={stories[0].section}", {"section": stories[0].section}),
        ("story=(a translated one)", {"story": translated.story}),
        # What a front page asks: whole render-ready entries, each its stored published view.
        ("view=PUBLISHED language=en state=PUBLISHED",
         {"view": api.VARIANT_VIEW_PUBLISHED, "language": "en",
          "state": resources.VARIANT_STATE_PUBLISHED}),
    ]


PASSES = 4  # walks of each list: the first from storage, the rest once memory holds what it can


def list_pages_ms(stub, metadata, fields):
    """Walks the list PASSES times, up to page 100: (ms of page 1 per pass, ms of page 100 per
    pass or None when there are fewer pages, items on page 1, pages read per pass)."""
    firsts, deeps = [], []
    for _ in range(PASSES):
        token, first_items = "", 0
        for page in range(1, DEEP_PAGE + 1):
            request = api.ListVariantsRequest(page_size=PAGE_SIZE, page_token=token, **fields)
            ms, response = timed(lambda: stub.ListVariants(request, metadata=metadata))
            if page == 1:
                firsts.append(ms)
                first_items = len(response.variants)
            token = response.next_page_token
            if page == DEEP_PAGE or not token:
                break
        deeps.append(ms if page == DEEP_PAGE else None)
    return firsts, deeps, first_items, page


def passes_ms(firsts, deeps):
    """"page 1 / page 100" of the first pass, and the median of the later ones."""
    def both(first, deep):
        return f"{first:.2f} / " + ("n/a" if deep is None else f"{deep:.2f} ms")
    later = sorted(range(1, len(firsts)), key=lambda i: firsts[i])
    first_median = firsts[later[len(later) // 2]]
    deep_later = sorted(d for d in deeps[1:] if d is not None)
    deep_median = deep_later[len(deep_later) // 2] if deep_later else None
    return (f"{both(firsts[0], deeps[0])} first pass, "
            f"{both(first_median, deep_median)} later (median of {len(firsts) - 1})")


def logged_latencies_ms(log_path, offset, method):
    """jisrd's own time (latency_ms of its access log) of each call of `method` logged after
    byte `offset`, in the order the calls ended; [] when the log has no access lines (jisrd run
    with --log_level=warning)."""
    out = []
    with open(log_path, "rb") as log:
        log.seek(offset)
        for line in log:
            if f" method={method} ".encode() not in line:
                continue
            for field in line.split():
                if field.startswith(b"latency_ms="):
                    out.append(float(field[len(b"latency_ms="):]))
    return out


def stale_translations_ms(stub, metadata):
    ms, response = timed(lambda: stub.ListStaleTranslations(
        api.ListStaleTranslationsRequest(language="ar", page_size=PAGE_SIZE), metadata=metadata))
    return ms, len(response.variants)


def newest_sequence(target, metadata, write):
    """The sequence of a change committed now: watches from now, calls write() (one change),
    and returns the sequence of the first event seen."""
    channel = grpc.insecure_channel(target)
    stream = api_grpc.ArticleServiceStub(channel).Watch(api.WatchRequest(), metadata=metadata)
    stream.initial_metadata()  # the stream is registered: the write's event will reach it
    events = queue.Queue()
    threading.Thread(target=lambda: events.put(next(stream)), daemon=True).start()
    write()
    sequence = events.get(timeout=60).sequence
    stream.cancel()
    channel.close()
    return sequence


def watch_catch_up(target, metadata, last_sequence):
    """(events, seconds) to read the feed from its oldest event up to last_sequence."""
    channel = grpc.insecure_channel(target, options=[("grpc.use_local_subchannel_pool", 1)])
    stream = api_grpc.ArticleServiceStub(channel).Watch(api.WatchRequest(from_oldest=True),
                                                        metadata=metadata)
    start, count = time.perf_counter(), 0
    for event in stream:
        count += 1
        if event.sequence >= last_sequence:
            break
    seconds = time.perf_counter() - start
    stream.cancel()
    channel.close()
    return count, seconds
