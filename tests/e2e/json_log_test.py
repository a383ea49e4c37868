#!/usr/bin/python3
"""jisrd's log as a log pipeline reads it (--log_format=json): every line one JSON object; the
start record with the effective flags and no secrets; one "call" record per call with its
service, method, code, latency, sizes, request_id, peer and principal; shutdown records; and no
article content or bearer token anywhere. Needs JISRD, JISR_TEST_CREDENTIALS and PYTHONPATH with
the generated stubs; CTest sets them."""
import json
import os
import tempfile
import unittest

import grpc

from jisrd_process import EDITOR, JisrdProcess  # tests/e2e/jisrd_process.py
from jisr.v1 import article_service_pb2 as api, article_service_pb2_grpc as api_grpc

SECRET_HEADLINE = "Embargoed headline 7f3c9a that must never reach a log"


class JsonLogTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.jisrd = JisrdProcess(self.dir.name, ["--log_format=json"])
        self.channel = grpc.insecure_channel(self.jisrd.target)
        self.stub = api_grpc.ArticleServiceStub(self.channel)
        self.editor = self.jisrd.credentials.metadata(EDITOR)

    def tearDown(self):
        self.dir.cleanup()

    def stop_and_read_log(self):
        self.channel.close()
        self.jisrd.stop()
        with open(self.jisrd.log_path, encoding="utf-8") as f:
            text = f.read()
        records = []
        for number, line in enumerate(text.splitlines(), 1):
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as e:
                self.fail(f"log line {number} is not JSON ({e}): {line!r}")
        return text, records

    def test_every_call_is_one_record_and_nothing_secret_is_logged(self):
        created = self.stub.CreateVariant(
            api.CreateVariantRequest(variant={"language": "en", "headline": SECRET_HEADLINE},
                                     request_id="log-test-request-1"),
            metadata=self.editor)
        with self.assertRaises(grpc.RpcError) as missing:
            self.stub.GetVariant(api.GetVariantRequest(name=created.name + "x"),
                                 metadata=self.editor)
        self.assertEqual(missing.exception.code(), grpc.StatusCode.NOT_FOUND)
        with self.assertRaises(grpc.RpcError) as anonymous:
            self.stub.CreateVariant(api.CreateVariantRequest(variant={"language": "en"}))
        refused_code = anonymous.exception.code().name
        text, records = self.stop_and_read_log()

        self.assertNotIn(SECRET_HEADLINE, text, "article content must not be logged")
        self.assertNotIn(self.jisrd.credentials.token(EDITOR), text, "tokens must not be logged")
        for record in records:
            for key in ("time", "level", "event", "msg"):
                self.assertIn(key, record, record)

        start = [r for r in records if r["event"] == "start"]
        self.assertEqual(len(start), 1)
        self.assertEqual(start[0]["log_format"], "json")
        self.assertEqual(start[0]["listen"], "127.0.0.1:0")
        self.assertIn("data_path", start[0])

        calls = [r for r in records if r["event"] == "call"]
        self.assertEqual([(c["method"], c["code"]) for c in calls],
                         [("CreateVariant", "OK"), ("GetVariant", "NOT_FOUND"),
                          ("CreateVariant", refused_code)])
        create, get, refused = calls
        self.assertEqual(create["service"], "jisr.v1.ArticleService")
        self.assertEqual(create["request_id"], "log-test-request-1")
        self.assertEqual(create["principal"], EDITOR)
        self.assertGreater(create["request_bytes"], len(SECRET_HEADLINE))
        self.assertGreater(create["response_bytes"], len(SECRET_HEADLINE))
        self.assertGreaterEqual(create["latency_ms"], 0)
        self.assertTrue(create["peer"].startswith("ipv4:127.0.0.1:"), create["peer"])
        self.assertEqual(get["response_bytes"], 0)
        self.assertNotIn("request_id", get, "reads carry no request_id")
        self.assertNotIn("principal", refused, "a refused caller is nobody")

        shutdown = [r["msg"] for r in records if r["event"] == "shutdown"]
        self.assertEqual(shutdown[-1], "stopped")


if __name__ == "__main__":
    unittest.main()
