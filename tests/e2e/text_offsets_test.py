#!/usr/bin/python3
"""TextService.Analyze through the generated Python stubs against a real jisrd gives the same
offsets and spans as the C++ reference (e2e_text_offsets_reference), and the code point offsets
slice a Python str to the expected text, with characters outside the BMP before every span. The
same texts written as variant paragraphs through the article service read back with the same
analysis.

Needs JISRD (the binary), JISR_TEST_CREDENTIALS (the credentials tool: the variants are
written as the test policy's editor), TEXT_OFFSETS_REFERENCE (the reference binary) and
PYTHONPATH with the generated stubs; CTest sets them all."""
import json
import os
import subprocess
import tempfile
import unittest

import grpc
from google.protobuf import json_format

from jisr.v1 import article_service_pb2 as article_service
from jisr.v1 import article_service_pb2_grpc as article_service_grpc
from jisr.v1 import resources_pb2 as resources
from jisr.v1 import text_service_pb2 as text_service
from jisr.v1 import text_service_pb2_grpc as text_service_grpc
from jisrd_process import EDITOR, JisrdProcess  # tests/e2e/jisrd_process.py


def reference_cases():
    """The C++ reference: one JSON object per line (see text_offsets_reference.cc)."""
    output = subprocess.run([os.environ["TEXT_OFFSETS_REFERENCE"]], check=True,
                            capture_output=True, text=True).stdout
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def utf16_slice(text, start, end):
    units = text.encode("utf-16-le")
    return units[2 * start:2 * end].decode("utf-16-le")


def utf8_slice(text, start, end):
    return text.encode("utf-8")[start:end].decode("utf-8")


class TextOffsetsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cases = reference_cases()
        cls.dir = tempfile.TemporaryDirectory()
        cls.jisrd = JisrdProcess(cls.dir.name)
        cls.channel = grpc.insecure_channel(cls.jisrd.target)
        cls.stub = text_service_grpc.TextServiceStub(cls.channel)
        cls.articles = article_service_grpc.ArticleServiceStub(cls.channel)

    @classmethod
    def tearDownClass(cls):
        cls.channel.close()
        cls.jisrd.stop()
        cls.dir.cleanup()

    def analyze(self, case):
        request = json_format.ParseDict(case["request"], text_service.AnalyzeTextRequest())
        try:
            return request, self.stub.Analyze(request, timeout=10)
        except grpc.RpcError as error:
            if error.code() == grpc.StatusCode.UNIMPLEMENTED:
                self.fail("jisrd does not serve jisr.v1.TextService: register it in "
                          "services/api/server.cc (JisrServer::Start)")
            raise

    def test_reference_has_every_case(self):
        self.assertGreaterEqual(len(self.cases), 5)
        self.assertTrue(any(case["isolates"] for case in self.cases))
        self.assertTrue(any(case["warnings"] for case in self.cases))

    def test_python_reads_what_cpp_computed(self):
        for case in self.cases:
            with self.subTest(case=case["name"]):
                _, response = self.analyze(case)
                self.assertEqual(json_format.MessageToDict(response), case["response"])

    def test_code_point_offsets_slice_a_python_str(self):
        for case in self.cases:
            with self.subTest(case=case["name"]):
                request, response = self.analyze(case)
                stored = response.text
                self.assertTrue(any(ord(c) > 0xFFFF for c in stored),
                                "every case has characters outside the BMP")
                spans = [stored[s.range.start:s.range.end] for s in response.analysis.isolates]
                self.assertEqual(spans, case["isolates"])
                # Warnings index the text as it was submitted.
                warned = [request.text[w.range.start:w.range.end] for w in response.warnings]
                self.assertEqual(warned, case["warnings"])

    def test_text_written_to_a_variant_reads_back_with_the_same_analysis(self):
        """The same texts as paragraphs of variants written through the article service: the
        stored field's analysis is what C++ computed, and the revision's warnings index the text
        as it was sent."""
        headlines = {"ar": "اختبار المواضع", "en": "Offsets test"}
        editor = self.jisrd.credentials.metadata(EDITOR)  # writes, and reads the draft back
        field = "blocks[0].paragraph.text"
        # A paragraph block is one paragraph (its line breaks become spaces), so a text of
        # several paragraphs is compared through Analyze only.
        single = [case for case in self.cases if "\n" not in case["request"]["text"]]
        self.assertGreaterEqual(len(single), 4)
        for case in single:
            with self.subTest(case=case["name"]):
                submitted = case["request"]["text"]
                language = case["request"]["language"]
                variant = resources.Variant(language=language, headline=headlines[language])
                variant.blocks.add().paragraph.text = submitted
                created = self.articles.CreateVariant(
                    article_service.CreateVariantRequest(variant=variant), metadata=editor,
                    timeout=10)
                read = self.articles.GetVariant(
                    article_service.GetVariantRequest(
                        name=created.name, view=article_service.VARIANT_VIEW_LATEST),
                    metadata=editor, timeout=10)
                stored = read.blocks[0].paragraph.text
                self.assertEqual(stored, case["response"]["text"])
                analyses = [f for f in read.text.fields if f.field == field]
                self.assertEqual(len(analyses), 1, f"one analysis of {field}")
                analysis = json_format.MessageToDict(analyses[0])
                del analysis["field"]
                self.assertEqual(analysis, case["response"]["analysis"])
                spans = [stored[s.range.start:s.range.end] for s in analyses[0].isolates]
                self.assertEqual(spans, case["isolates"])
                warned = [submitted[w.range.start:w.range.end]
                          for w in read.revision.warnings
                          if w.field == "variant." + field]
                self.assertEqual(warned, case["warnings"])

    def test_utf16_and_utf8_offsets_give_the_same_text(self):
        for case in self.cases:
            with self.subTest(case=case["name"]):
                _, response = self.analyze(case)
                stored = response.text
                for span in response.analysis.isolates:
                    r = span.range
                    expected = stored[r.start:r.end]
                    self.assertEqual(utf16_slice(stored, r.utf16_start, r.utf16_end), expected)
                    self.assertEqual(utf8_slice(stored, r.utf8_start, r.utf8_end), expected)
                for paragraph in response.analysis.paragraphs:
                    r = paragraph.range
                    self.assertNotIn("\n", stored[r.start:r.end])
                    self.assertEqual(utf16_slice(stored, r.utf16_start, r.utf16_end),
                                     stored[r.start:r.end])


if __name__ == "__main__":
    unittest.main(verbosity=2)
