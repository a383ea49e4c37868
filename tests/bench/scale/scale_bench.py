#!/usr/bin/python3
"""The scale bench: loads N stories into a fresh jisrd on SQLite through the API (scale_load.py),
then measures it and prints one table. Run through tests/bench/scale/run [N], which builds
what it needs; CTest runs it small (bench_scale_smoke) so it cannot rot.

    scale_bench.py [N=1000000] [--writers=8] [--samples=2000]

Needs JISRD, JISR_TEST_CREDENTIALS and PYTHONPATH (the generated stubs) in the environment;
JISR_BENCH_JISRD_FLAGS adds jisrd flags (space-separated).
"""
import argparse
import os
import random
import subprocess
import sys
import tempfile
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..")
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))

import grpc  # noqa: E402

import scale_load  # noqa: E402
import scale_measure as measure  # noqa: E402
from jisrd_process import EDITOR, READER, TestCredentials  # noqa: E402
from jisr.v1 import article_service_pb2 as api, article_service_pb2_grpc as api_grpc  # noqa


# Every jisrd this bench started, so none outlives it when a measurement fails.
STARTED = []


class Jisrd:
    """jisrd on `directory`/jisr.db with fresh test credentials, timed from spawn to its first
    answered GetVariant of `probe` (a published variant), or to its port when probe is None."""

    def __init__(self, directory, probe=None):
        self.credentials = TestCredentials(os.path.join(directory, "credentials"))
        port_file = os.path.join(directory, "port")
        if os.path.exists(port_file):
            os.remove(port_file)
        self.log = open(os.path.join(directory, "jisrd.log"), "a")
        self.log_offset = self.log.tell()  # where this run's lines begin
        flags = os.environ.get("JISR_BENCH_JISRD_FLAGS", "").split()
        start = time.perf_counter()
        self.process = subprocess.Popen(
            [os.environ["JISRD"], "--listen=127.0.0.1:0", f"--port_file={port_file}",
             f"--data_path={os.path.join(directory, 'jisr.db')}",
             *self.credentials.jisrd_flags, *flags], stdout=subprocess.DEVNULL, stderr=self.log)
        STARTED.append(self.process)
        while not (os.path.exists(port_file) and open(port_file).read().strip()):
            if self.process.poll() is not None or time.perf_counter() - start > 600:
                raise RuntimeError(f"jisrd did not start; see {self.log.name}")
            time.sleep(0.002)
        self.target = f"127.0.0.1:{open(port_file).read().strip()}"
        self.stub = api_grpc.ArticleServiceStub(grpc.insecure_channel(self.target))
        self.probed = bool(probe)  # one GetVariant logged before any the bench times
        if probe:
            self.stub.GetVariant(api.GetVariantRequest(name=probe), wait_for_ready=True,
                                 metadata=self.metadata(READER))
        self.start_ms = (time.perf_counter() - start) * 1000

    def metadata(self, principal):
        return self.credentials.metadata(principal)

    def rss_mb(self):
        with open(f"/proc/{self.process.pid}/status") as f:
            kb = next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
        return kb / 1024

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=120)
        self.log.close()


def database_bytes(directory):
    """The SQLite file and its WAL, as they are on disk while jisrd runs."""
    paths = [os.path.join(directory, name) for name in ("jisr.db", "jisr.db-wal")]
    return sum(os.path.getsize(path) for path in paths if os.path.exists(path))


def ms(value):
    return "n/a" if value is None else f"{value:.2f} ms"


def measure_reads(jisrd, loader, rows, samples):
    """GetVariant cold and warm, ListVariants and ListStaleTranslations, into rows. Returns what
    add_server_times needs: for each timed read's row, its index, its method and its calls."""
    reader, editor = jisrd.metadata(READER), jisrd.metadata(EDITOR)
    published = [s.english for s in loader.stories] + [s.arabic for s in loader.stories if s.arabic]
    names = random.Random(1).sample(published, min(samples, len(published)))
    timed_rows = []
    for label in ("cold (first read since start)", "warm (the same again)"):
        times = measure.get_variant_ms(jisrd.stub, reader, names)
        timed_rows.append((len(rows), "GetVariant", len(names)))
        rows.append((f"GetVariant {label}, p50 / p99",
                     f"{ms(measure.percentile(times, 0.5))} / {ms(measure.percentile(times, 0.99))}"
                     f" ({len(names):,} random variants)"))
    rows.append(("jisrd RSS after the reads", f"{jisrd.rss_mb():.1f} MB"))
    for label, fields in measure.list_filters(loader.stories):
        firsts, deeps, items, pages = measure.list_pages_ms(jisrd.stub, editor, fields)
        timed_rows.append((len(rows), "ListVariants", pages))
        rows.append((f"ListVariants {label}, page 1 / page {measure.DEEP_PAGE} of "
                     f"{measure.PAGE_SIZE}",
                     f"{measure.passes_ms(firsts, deeps)} ({items} on page 1)"))
    stale_ms, stale = measure.stale_translations_ms(jisrd.stub, editor)
    rows.append(("ListStaleTranslations ar, page 1", f"{ms(stale_ms)} ({stale} on it)"))
    return timed_rows


def add_server_times(jisrd, rows, timed_rows):
    """Adds jisrd's own time (its access log, complete once it has stopped) to the rows of
    measure_reads: GetVariant's p50 / p99, each list's page 1 / page 100. The rows' calls of a
    method are the only ones logged after the restart, in the order they were made."""
    logged = {method: measure.logged_latencies_ms(jisrd.log.name, jisrd.log_offset, method)
              for method in ("GetVariant", "ListVariants")}
    taken = {"GetVariant": 1 if jisrd.probed else 0, "ListVariants": 0}
    for index, method, calls in timed_rows:
        if method == "ListVariants":
            calls *= measure.PASSES  # `calls` is one pass's pages
        times = logged[method][taken[method]:taken[method] + calls]
        taken[method] += calls
        if len(times) < calls:
            server = "n/a (no access log)"
        elif method == "GetVariant":
            server = (f"{ms(measure.percentile(times, 0.5))} / "
                      f"{ms(measure.percentile(times, 0.99))}")
        else:
            pages = calls // measure.PASSES
            firsts = times[::pages]
            deeps = [times[i + pages - 1] if pages == measure.DEEP_PAGE else None
                     for i in range(0, calls, pages)]
            server = measure.passes_ms(firsts, deeps)
        label, value = rows[index]
        rows[index] = (label, f"{value}; jisrd's own time {server}")


def measure_watch(jisrd, loader, rows):
    editor = jisrd.metadata(EDITOR)
    story = loader.stories[1]

    def one_write():
        latest = jisrd.stub.GetVariant(api.GetVariantRequest(
            name=story.english, view=api.VARIANT_VIEW_LATEST), metadata=editor)
        scale_load.update_headline(jisrd.stub, editor, latest, latest.headline + " (watch marker)")

    last = measure.newest_sequence(jisrd.target, editor, one_write)
    events, seconds = measure.watch_catch_up(jisrd.target, editor, last)
    rows.append(("Watch from the oldest event to the newest",
                 f"{events / seconds:,.0f} events/s ({events:,} events in {seconds:.2f} s)"))


def load_and_measure(directory, args):
    """The table's rows: (label, value)."""
    jisrd = Jisrd(directory)
    print(f"scale: loading {args.count:,} stories with {args.writers} writers into "
          f"{directory}", file=sys.stderr, flush=True)
    loader = scale_load.Loader(jisrd.target, jisrd.metadata(EDITOR), ROOT, args.count,
                               args.writers)
    seconds = loader.run()
    variants = args.count + sum(1 for s in loader.stories if s.arabic)
    size = database_bytes(directory)
    rows = [
        ("stories / variants / writes", f"{args.count:,} / {variants:,} / {loader.writes:,}"),
        ("load rate", f"{args.count / seconds:,.0f} stories/s, {loader.writes / seconds:,.0f}"
                      f" writes/s ({seconds:.1f} s, {args.writers} writers)"),
        ("text per story (headline and paragraphs)", f"{loader.text_bytes / args.count:,.0f} B"),
        ("database per story (SQLite file + WAL)",
         f"{size / args.count:,.0f} B ({size / 1e6:,.1f} MB in all)"),
    ]
    jisrd.stop()
    print("scale: restarting jisrd and measuring", file=sys.stderr, flush=True)
    jisrd = Jisrd(directory, probe=loader.stories[-1].english)
    rows.append(("jisrd start to first answered GetVariant", ms(jisrd.start_ms)))
    rows.append(("jisrd RSS after start", f"{jisrd.rss_mb():.1f} MB"))
    timed_rows = measure_reads(jisrd, loader, rows, args.samples)
    measure_watch(jisrd, loader, rows)
    jisrd.stop()
    add_server_times(jisrd, rows, timed_rows)
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("count", type=int, nargs="?", default=1_000_000, help="stories to load")
    parser.add_argument("--writers", type=int, default=8, help="concurrent writers")
    parser.add_argument("--samples", type=int, default=2000, help="GetVariant calls each pass")
    args = parser.parse_args()
    if args.count < 20:
        parser.error("count must be at least 20 (a stale translation needs story 0 and 20)")
    with tempfile.TemporaryDirectory(prefix="jisr-scale-") as directory:
        try:
            rows = load_and_measure(directory, args)
        finally:
            for process in STARTED:
                if process.poll() is None:
                    process.kill()
                    process.wait()
    width = max(len(label) for label, _ in rows)
    print(f"| {'scale bench, N = ' + format(args.count, ','):<{width}} | value |")
    print(f"|{'-' * (width + 2)}|---|")
    for label, value in rows:
        print(f"| {label:<{width}} | {value} |")


if __name__ == "__main__":
    main()
