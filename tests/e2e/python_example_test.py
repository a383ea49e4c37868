#!/usr/bin/python3
"""Runs clients/python/example.py against a real jisrd on a loopback port and checks what the
renderer read back. Needs JISRD (the binary) and PYTHONPATH with the generated stubs and
clients/python; CTest sets both."""
import tempfile
import unittest

import example  # clients/python/example.py
from jisrd_process import JisrdProcess  # tests/e2e/jisrd_process.py


class PythonExampleTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.jisrd = JisrdProcess(self.dir.name)

    def tearDown(self):
        self.jisrd.stop()
        self.dir.cleanup()

    def test_pair_is_linked_published_and_read_back_as_a_renderer_would(self):
        pages = example.run(self.jisrd.target, "test")
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
        self.assertEqual(en["first_author"], "python-example@newsroom")
        self.assertEqual(ar["first_author"], "سارة حداد", "sent as x-jisr-author-bin")

    def test_errors_name_the_field(self):
        import grpc
        from jisr.v1 import article_service_pb2 as api, article_service_pb2_grpc as api_grpc
        from jisr.v1 import resources_pb2 as resources
        stub = api_grpc.ArticleServiceStub(grpc.insecure_channel(self.jisrd.target))
        with self.assertRaises(grpc.RpcError) as raised:
            stub.CreateVariant(api.CreateVariantRequest(
                variant=resources.Variant(language="de", headline="Hallo")),
                metadata=example.AUTHOR)
        self.assertEqual(raised.exception.code(), grpc.StatusCode.INVALID_ARGUMENT)
        self.assertIn("variant.language: \"de\" is not a configured language",
                      example.explain(raised.exception))


if __name__ == "__main__":
    unittest.main(verbosity=2)
