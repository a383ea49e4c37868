#!/usr/bin/python3
"""How much a published article costs in storage: creates N (default 200) published articles of
ten paragraphs (about 1.5 KB of text each, from tests/fixtures/seed-article-en.txt) in a fresh
jisrd on SQLite, each with one revision, and prints the data file's growth per article beside its
text, with the bytes of each table's `data`. Run from the repository after a build:

    PYTHONPATH=build/clients/python/gen /usr/bin/python3 tests/bench/revisions/article_bytes.py
"""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from revision_growth import ROOT, api, api_grpc, EDITOR, grpc, JisrdProcess, measure  # noqa
import sqlite3  # noqa: E402


def data_bytes(db):
    connection = sqlite3.connect(db)
    sizes = {table: connection.execute(f"SELECT SUM(LENGTH(data)) FROM {table}").fetchone()[0] or 0
             for table in ("variants", "revisions", "published", "events", "stories")}
    connection.close()
    return sizes


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    with open(os.path.join(ROOT, "tests", "fixtures", "seed-article-en.txt")) as f:
        paragraphs = [p for p in f.read().split("\n") if 100 <= len(p.encode()) <= 200]
    texts = []
    with tempfile.TemporaryDirectory() as directory:
        jisrd = JisrdProcess(directory)
        stub = api_grpc.ArticleServiceStub(grpc.insecure_channel(jisrd.target))
        editor = jisrd.credentials.metadata(EDITOR)
        db = os.path.join(directory, "jisr.db")
        file_before, _ = measure(db)
        before = data_bytes(db)
        for n in range(count):
            body = [paragraphs[(n + i) % len(paragraphs)] for i in range(10)]
            headline = f"Council article {n}"
            texts.append(sum(len(p.encode()) for p in body) + len(headline))
            variant = stub.CreateVariant(api.CreateVariantRequest(variant={
                "language": "en", "headline": headline,
                "blocks": [{"paragraph": {"text": p}} for p in body]}), metadata=editor)
            stub.PublishVariant(api.PublishVariantRequest(name=variant.name), metadata=editor)
        file_after, _ = measure(db)
        after = data_bytes(db)
        jisrd.stop()
    text = sum(texts) / count
    grown = (file_after - file_before) / count
    print(f"text per article: {text:.0f} bytes (headline and ten paragraphs)")
    print(f"data file per published article: {grown:.0f} bytes, {grown / text:.2f} times its text")
    for table in after:
        print(f"  {table} data per article: {(after[table] - before[table]) / count:.0f} bytes")


if __name__ == "__main__":
    main()
