#!/usr/bin/python3
"""Runs clients/python/example.py against a real jisrd on a loopback port, with the test
credentials (an editor writes the English, the Arabic desk the Arabic), and checks what the
renderer read back and who jisrd recorded as each version's author. Needs JISRD (the binary),
JISR_TEST_CREDENTIALS (the credentials tool) and PYTHONPATH with the generated stubs and
clients/python; CTest sets them."""
import os
import subprocess
import sys
import tempfile
import unittest

import grpc

import example  # clients/python/example.py
from jisrd_process import DESK_AR, EDITOR, READER, JisrdProcess  # tests/e2e/jisrd_process.py
from jisr.v1 import article_service_pb2 as api, article_service_pb2_grpc as api_grpc
from jisr.v1 import resources_pb2 as resources


class PythonExampleTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.jisrd = JisrdProcess(self.dir.name)
        self.credentials = self.jisrd.credentials
        self.channel = grpc.insecure_channel(self.jisrd.target)
        self.stub = api_grpc.ArticleServiceStub(self.channel)

    def tearDown(self):
        self.channel.close()
        self.jisrd.stop()
        self.dir.cleanup()

    def test_pair_is_linked_published_and_read_back_as_a_renderer_would(self):
        pages = example.run(self.channel, "test",
                            example.read_token(self.credentials.token_file(EDITOR)),
                            example.read_token(self.credentials.token_file(DESK_AR)))
        en, ar = pages["en"], pages["ar"]
        self.assertEqual(en["story"], ar["story"], "the two desks' versions share one story")
        self.assertEqual(en["headline"], "Abu Dhabi opens its first bilingual public library")
        self.assertEqual(ar["headline"], "أبوظبي تفتتح أول مكتبة عامة ثنائية اللغة")
        self.assertEqual(en["direction"], "TEXT_DIRECTION_LEFT_TO_RIGHT")
        self.assertEqual(ar["direction"], "TEXT_DIRECTION_RIGHT_TO_LEFT")
        self.assertEqual(en["state"], "VARIANT_STATE_PUBLISHED")
        self.assertEqual(ar["state"], "VARIANT_STATE_PUBLISHED")
        self.assertEqual(ar["translation_source"],
                         {"variant": en["name"], "language": "en", "revision": 1})
        for page, self_language in ((en, "en"), (ar, "ar")):
            self.assertEqual([a["language"] for a in page["alternates"]], ["en", "ar"])
            self.assertEqual([a["self"] for a in page["alternates"]],
                             [self_language == "en", self_language == "ar"])
            self.assertEqual([a["x_default"] for a in page["alternates"]], [True, False])
        self.assertEqual(ar["alternates"][1]["slug"], "مكتبة-أبوظبي-ثنائية-اللغة-test")
        self.assertRegex(en["update_time"], r"^\d{4}-\d\d-\d\dT")
        # The principals the tokens prove, and the display names in their `name` claims.
        self.assertEqual(en["first_author"], EDITOR)
        self.assertEqual(en["first_author_name"], "Willy Lowry")
        self.assertEqual(ar["first_author"], DESK_AR)
        self.assertEqual(ar["first_author_name"], "سارة حداد", "the token's name claim, in Arabic")

    def test_the_command_line_writes_with_token_files_and_a_reader_reads(self):
        result = subprocess.run(
            [sys.executable, example.__file__, "--server", self.jisrd.target, "--suffix", "cli",
             "--token-file", self.credentials.token_file(EDITOR),
             "--arabic-token-file", self.credentials.token_file(DESK_AR),
             "--reader-token-file", self.credentials.token_file(READER)],
            capture_output=True, text=True, timeout=60)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn(f"first written by {DESK_AR} (سارة حداد)", result.stdout)

    def test_a_token_file_it_cannot_use_is_named(self):
        missing = os.path.join(self.dir.name, "missing.token")
        with self.assertRaises(ValueError) as raised:
            example.read_token(missing)
        self.assertIn(f'cannot read the token file "{missing}"', str(raised.exception))
        two_lines = os.path.join(self.dir.name, "two-lines.token")
        with open(two_lines, "w") as f:
            f.write("eyJhbGci.secret\neyJhbGci.secret\n")
        with self.assertRaises(ValueError) as raised:
            example.read_token(two_lines)
        self.assertIn("has more than one line", str(raised.exception))
        self.assertNotIn("secret", str(raised.exception))

    def test_a_desk_without_credentials_or_outside_its_language_is_refused(self):
        request = api.CreateVariantRequest(variant=resources.Variant(language="en",
                                                                     headline="Unsigned"))
        with self.assertRaises(grpc.RpcError) as raised:
            self.stub.CreateVariant(request)
        self.assertEqual(raised.exception.code(), grpc.StatusCode.UNAUTHENTICATED)
        self.assertIn("reason: CREDENTIALS_REQUIRED", example.explain(raised.exception))

        with self.assertRaises(grpc.RpcError) as raised:
            self.stub.CreateVariant(request, metadata=self.credentials.metadata(DESK_AR))
        self.assertEqual(raised.exception.code(), grpc.StatusCode.PERMISSION_DENIED)
        explained = example.explain(raised.exception)
        self.assertIn("reason: LANGUAGE_NOT_GRANTED", explained)
        self.assertIn("permission: variants.write", explained)

    def test_errors_name_the_field(self):
        with self.assertRaises(grpc.RpcError) as raised:
            self.stub.CreateVariant(api.CreateVariantRequest(
                variant=resources.Variant(language="de", headline="Hallo")),
                metadata=example.bearer(self.credentials.token(EDITOR)))
        self.assertEqual(raised.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)
        self.assertIn("variant.language: \"de\" is not a configured language",
                      example.explain(raised.exception))


if __name__ == "__main__":
    unittest.main(verbosity=2)
