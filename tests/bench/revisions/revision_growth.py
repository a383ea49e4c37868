#!/usr/bin/python3
"""How much a revision costs in storage: creates the seed article (every paragraph of
tests/fixtures/seed-article-en.txt) in a fresh jisrd on SQLite, changes one word of its headline
N times (default 200), and prints how much the data file and the revisions' rows grew per
revision. Run from the repository after a build:

    PYTHONPATH=build/clients/python/gen /usr/bin/python3 tests/bench/revisions/revision_growth.py
"""
import os
import sqlite3
import sys
import tempfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..")
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))
BUILD = os.environ.get("JISR_BUILD_DIR", os.path.join(ROOT, "build"))
os.environ.setdefault("JISRD", os.path.join(BUILD, "services", "jisrd", "jisrd"))
os.environ.setdefault("JISR_TEST_CREDENTIALS",
                      os.path.join(BUILD, "tests", "clients", "jisr_test_credentials"))

import grpc  # noqa: E402

from jisrd_process import EDITOR, JisrdProcess  # noqa: E402
from jisr.v1 import article_service_pb2 as api, article_service_pb2_grpc as api_grpc  # noqa


def measure(db):
    """Bytes of the data file (after a checkpoint) and of the revisions' rows."""
    connection = sqlite3.connect(db)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_count = connection.execute("PRAGMA page_count").fetchone()[0]
    page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    revisions = connection.execute("SELECT SUM(LENGTH(data)) FROM revisions").fetchone()[0]
    connection.close()
    return page_count * page_size, revisions


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    with open(os.path.join(ROOT, "tests", "fixtures", "seed-article-en.txt")) as f:
        paragraphs = [line for line in f.read().split("\n") if line.strip()]
    with tempfile.TemporaryDirectory() as directory:
        jisrd = JisrdProcess(directory)
        stub = api_grpc.ArticleServiceStub(grpc.insecure_channel(jisrd.target))
        editor = jisrd.credentials.metadata(EDITOR)
        variant = stub.CreateVariant(api.CreateVariantRequest(variant={
            "language": "en", "headline": "Seed headline 0",
            "blocks": [{"paragraph": {"text": p}} for p in paragraphs]}), metadata=editor)
        db = os.path.join(directory, "jisr.db")
        file_before, revisions_before = measure(db)
        for n in range(1, count + 1):
            variant = stub.UpdateVariant(api.UpdateVariantRequest(
                variant={"name": variant.name, "etag": variant.etag,
                         "headline": f"Seed headline {n}"},
                update_mask={"paths": ["headline"]}), metadata=editor)
            if n % 50 == 0:
                print(f"revision_growth: {n}/{count} revisions", file=sys.stderr)
        file_after, revisions_after = measure(db)
        jisrd.stop()
    text = sum(len(p.encode()) for p in paragraphs)
    print(f"text of the article: {text} bytes in {len(paragraphs)} paragraphs")
    print(f"data file per one-word revision: {(file_after - file_before) / count:.0f} bytes")
    print(f"revision rows per revision: {(revisions_after - revisions_before) / count:.0f} bytes")


if __name__ == "__main__":
    main()
