#!/usr/bin/python3
"""jisrd's /metrics as Prometheus scrapes it (--metrics_listen): scraped before and after a known
sequence of calls, the call counters, byte counters and latency histograms moved by exactly what
was done; every metric docs/metrics.md lists is exposed; and the whole exposition passes
`promtool check metrics` (Debian's prometheus package) when it is installed. Needs JISRD,
JISR_TEST_CREDENTIALS and PYTHONPATH with the generated stubs; CTest sets them."""
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import unittest
import urllib.request

import grpc

from jisrd_process import EDITOR, JisrdProcess  # tests/e2e/jisrd_process.py
from jisr.v1 import article_service_pb2 as api, article_service_pb2_grpc as api_grpc
from jisr.v1 import text_service_pb2 as text, text_service_pb2_grpc as text_grpc

DOCS = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "metrics.md")
SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def parse(exposition):
    """{(name, frozenset(labels)): value} of every sample."""
    samples = {}
    for line in exposition.splitlines():
        if not line or line.startswith("#"):
            continue
        match = SAMPLE.match(line)
        if not match:
            raise AssertionError(f"not a sample line: {line!r}")
        labels = frozenset(LABEL.findall(match.group(3) or ""))
        samples[(match.group(1), labels)] = float(match.group(4))
    return samples


class MetricsTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.jisrd = JisrdProcess(self.dir.name,
                                  ["--metrics_listen=127.0.0.1:0", "--log_format=json"])
        self.url = f"http://127.0.0.1:{self.metrics_port()}/metrics"
        self.channel = grpc.insecure_channel(self.jisrd.target)
        self.articles = api_grpc.ArticleServiceStub(self.channel)
        self.text = text_grpc.TextServiceStub(self.channel)
        self.editor = self.jisrd.credentials.metadata(EDITOR)

    def tearDown(self):
        self.channel.close()
        self.jisrd.stop()
        self.dir.cleanup()

    def metrics_port(self):
        """The port jisrd logged for its metrics endpoint (it picked a free one)."""
        deadline = time.time() + 10
        while time.time() < deadline:
            with open(self.jisrd.log_path, encoding="utf-8") as f:
                for line in f:
                    record = json.loads(line)
                    if record.get("event") == "metrics":
                        return record["metrics_port"]
            time.sleep(0.05)
        self.fail("jisrd logged no metrics endpoint")

    def scrape(self):
        with urllib.request.urlopen(self.url, timeout=10) as response:
            self.assertEqual(response.status, 200)
            self.assertEqual(response.headers["Content-Type"],
                             "text/plain; version=0.0.4; charset=utf-8")
            body = response.read().decode("utf-8")
        return body, parse(body)

    @staticmethod
    def delta(before, after, name, **labels):
        key = (name, frozenset(labels.items()))
        return after.get(key, 0) - before.get(key, 0)

    def test_counters_and_histograms_move_by_exactly_the_calls_made(self):
        _, before = self.scrape()
        request_bytes = response_bytes = 0
        for n in range(3):
            request = api.CreateVariantRequest(
                variant={"language": "en", "headline": f"Metrics headline {n}"})
            created = self.articles.CreateVariant(request, metadata=self.editor)
            request_bytes += len(request.SerializeToString())
            response_bytes += len(created.SerializeToString())
        with self.assertRaises(grpc.RpcError) as missing:
            self.articles.GetVariant(api.GetVariantRequest(name=created.name + "x"),
                                     metadata=self.editor)
        self.assertEqual(missing.exception.code(), grpc.StatusCode.NOT_FOUND)
        for _ in range(2):
            self.text.Analyze(text.AnalyzeTextRequest(text="جسر bridge", language="ar"),
                              metadata=self.editor)
        _, after = self.scrape()

        article, text_service = "jisr.v1.ArticleService", "jisr.v1.TextService"
        handled = "jisr_rpc_server_handled_total"
        self.assertEqual(self.delta(before, after, handled, service=article,
                                    method="CreateVariant", code="OK"), 3)
        self.assertEqual(self.delta(before, after, handled, service=article,
                                    method="GetVariant", code="NOT_FOUND"), 1)
        self.assertEqual(self.delta(before, after, handled, service=text_service,
                                    method="Analyze", code="OK"), 2)
        self.assertEqual(self.delta(before, after, "jisr_rpc_server_received_bytes_total",
                                    service=article, method="CreateVariant"), request_bytes)
        self.assertEqual(self.delta(before, after, "jisr_rpc_server_sent_bytes_total",
                                    service=article, method="CreateVariant"), response_bytes)
        seconds = "jisr_rpc_server_handling_seconds"
        self.assertEqual(self.delta(before, after, seconds + "_count", service=article,
                                    method="CreateVariant"), 3)
        self.assertEqual(self.delta(before, after, seconds + "_bucket", service=article,
                                    method="CreateVariant", le="+Inf"), 3)
        self.assertGreater(self.delta(before, after, seconds + "_sum", service=article,
                                      method="CreateVariant"), 0)
        # Buckets are cumulative: never fewer calls under a larger bound.
        buckets = sorted((float(dict(labels)["le"]), value) for (name, labels), value
                         in after.items() if name == seconds + "_bucket"
                         and dict(labels)["method"] == "CreateVariant")
        self.assertEqual([v for _, v in buckets], sorted(v for _, v in buckets))
        # Each create is one write transaction, committed.
        self.assertEqual(self.delta(before, after, "jisr_storage_transactions_total",
                                    kind="write", outcome="committed"), 3)
        self.assertEqual(after[("jisr_storage_up", frozenset())], 1)

    def test_an_open_watch_stream_is_counted(self):
        stream = self.articles.Watch(api.WatchRequest(), metadata=self.editor)
        # The stream has started once its initial metadata (with its cursor) arrived.
        self.assertIn("x-jisr-watch-cursor", dict(stream.initial_metadata()))
        self.articles.CreateVariant(
            api.CreateVariantRequest(variant={"language": "en", "headline": "Watched"}),
            metadata=self.editor)
        next(stream)
        _, samples = self.scrape()
        self.assertEqual(samples[("jisr_watch_streams_open", frozenset())], 1)
        self.assertGreaterEqual(samples[("jisr_watch_events_sent_total", frozenset())], 1)
        stream.cancel()

    def test_every_documented_metric_is_exposed_and_promtool_accepts_the_scrape(self):
        self.articles.ListLanguages(api.ListLanguagesRequest(), metadata=self.editor)
        body, samples = self.scrape()
        with open(DOCS, encoding="utf-8") as f:
            documented = set(re.findall(r"`(jisr_[a-z_]+|process_[a-z_]+)`", f.read()))
        exposed = {re.sub(r"_(bucket|sum|count)$", "", name) for name, _ in samples}
        self.assertFalse(documented - exposed, "documented in docs/metrics.md, not exposed")
        self.assertFalse({n for n in exposed if n.startswith("jisr_")} - documented,
                         "exposed, not documented in docs/metrics.md")
        promtool = shutil.which("promtool")
        if promtool is None:
            self.skipTest("promtool is not installed (Debian package prometheus)")
        checked = subprocess.run([promtool, "check", "metrics"], input=body.encode(),
                                 capture_output=True)
        self.assertEqual(checked.returncode, 0, checked.stdout + checked.stderr)


if __name__ == "__main__":
    unittest.main()
