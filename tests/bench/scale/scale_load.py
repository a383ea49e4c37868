"""The scale bench's loader: N stories written through jisrd's API by several concurrent
writers, as a newsroom's desks write them (the "same code" path: every write goes through the
domain code a CMS client's does).

Each story is an English variant of ten paragraphs drawn from the fixtures (UDHR and the seed
article), with a distinct headline and slug, in one of ten sections, published. Every tenth
story also has an Arabic translation (ten Arabic paragraphs, translation_source set), the two
published together (BatchPublishVariants); every twentieth then gets a new English revision,
published, which leaves its translation stale. Every fifth story gets two headline revisions
before it is published. That is about 2.6 writes a story.
"""
import html
import os
import random
import re
import sys
import threading
import time

import grpc
from google.protobuf import field_mask_pb2

from jisr.v1 import article_service_pb2 as api, article_service_pb2_grpc as api_grpc

SECTIONS = ["politics", "business", "world", "sport", "culture", "science", "health", "opinion",
            "technology", "local"]
PARAGRAPHS_PER_ARTICLE = 10


def fixture_paragraphs(root, language):
    """The UDHR's paragraphs and list items and the seed article's lines in `language`."""
    fixtures = os.path.join(root, "tests", "fixtures")
    udhr_file = {"en": "eng.html", "ar": "arb.html"}[language]
    with open(os.path.join(fixtures, "udhr", udhr_file), encoding="utf-8") as f:
        udhr = [html.unescape(m) for m in re.findall(r"<(?:p|li)>([^<]+)</(?:p|li)>", f.read())]
    with open(os.path.join(fixtures, f"seed-article-{language}.txt"), encoding="utf-8") as f:
        seed = [line.strip() for line in f if line.strip()]
    # The seed's photo caption repeats; keep each paragraph once.
    return list(dict.fromkeys(p for p in udhr + seed if len(p) > 20))


def update_headline(stub, metadata, variant, headline):
    """UpdateVariant of `variant`'s headline alone, at its etag."""
    return stub.UpdateVariant(api.UpdateVariantRequest(
        variant={"name": variant.name, "etag": variant.etag, "headline": headline},
        update_mask=field_mask_pb2.FieldMask(paths=["headline"])), metadata=metadata)


class Story:
    """What the measurements need to know about one loaded story."""
    __slots__ = ("english", "arabic", "story", "section")

    def __init__(self, english, arabic, story, section):
        self.english, self.arabic, self.story, self.section = english, arabic, story, section


class Loader:
    """Writes stories 0..count-1 from `writers` threads, each on its own connection."""

    def __init__(self, target, metadata, root, count, writers):
        self.target, self.metadata, self.count, self.writers = target, metadata, count, writers
        self.paragraphs = {lang: fixture_paragraphs(root, lang) for lang in ("en", "ar")}
        self.stories = [None] * count
        self.text_bytes = 0
        self.writes = 0
        self._next = 0
        self._done = 0
        self._lock = threading.Lock()
        self._errors = []

    def _take(self):
        with self._lock:
            if self._errors or self._next >= self.count:
                return None
            self._next += 1
            return self._next - 1

    def _variant(self, index, language, rng):
        paragraphs = rng.sample(self.paragraphs[language], PARAGRAPHS_PER_ARTICLE)
        words = paragraphs[0].split()[:8]
        suffix = "" if language == "en" else "-ar"
        headline = " ".join(words) + f" ({index})"
        blocks = [{"paragraph": {"text": p}} for p in paragraphs]
        text = sum(len(p.encode()) for p in paragraphs) + len(headline.encode())
        return {"language": language, "headline": headline, "slug": f"story-{index}{suffix}",
                "section": SECTIONS[rng.randrange(len(SECTIONS))], "blocks": blocks}, text


    def _write_story(self, stub, index):
        """Writes story `index`; returns (Story, text bytes, writes)."""
        rng = random.Random(index)
        fields, text = self._variant(index, "en", rng)
        english = stub.CreateVariant(api.CreateVariantRequest(variant=fields),
                                     metadata=self.metadata)
        writes, arabic = 1, None
        if index % 5 == 1:
            for revision in (2, 3):
                english = update_headline(stub, self.metadata, english,
                                          f"{fields['headline']} r{revision}")
                writes += 1
        if index % 10 == 0:
            ar_fields, ar_text = self._variant(index, "ar", rng)
            ar_fields["translation_source"] = {"variant": english.name}
            arabic = stub.CreateVariant(api.CreateVariantRequest(variant=ar_fields),
                                        metadata=self.metadata)
            stub.BatchPublishVariants(api.BatchPublishVariantsRequest(
                names=[english.name, arabic.name]), metadata=self.metadata)
            text += ar_text
            writes += 2
            if index % 20 == 0:  # the source moves on: the translation is stale
                english = stub.GetVariant(api.GetVariantRequest(
                    name=english.name, view=api.VARIANT_VIEW_LATEST), metadata=self.metadata)
                english = update_headline(stub, self.metadata, english,
                                          f"{fields['headline']} updated")
                stub.PublishVariant(api.PublishVariantRequest(name=english.name),
                                    metadata=self.metadata)
                writes += 2
        else:
            stub.PublishVariant(api.PublishVariantRequest(name=english.name),
                                metadata=self.metadata)
            writes += 1
        story = Story(english.name, arabic.name if arabic else None, english.story,
                      fields["section"])
        return story, text, writes

    def _writer(self):
        # A connection of its own per writer, as separate desks have.
        channel = grpc.insecure_channel(self.target,
                                        options=[("grpc.use_local_subchannel_pool", 1)])
        stub = api_grpc.ArticleServiceStub(channel)
        while (index := self._take()) is not None:
            try:
                story, text, writes = self._write_story(stub, index)
            except grpc.RpcError as error:
                with self._lock:
                    self._errors.append(f"story {index}: {error.code().name}: {error.details()}")
                return
            with self._lock:
                self.stories[index] = story
                self.text_bytes += text
                self.writes += writes
                self._done += 1
        channel.close()

    def run(self, progress_seconds=5.0):
        """Loads every story, printing progress to stderr; returns the seconds it took."""
        threads = [threading.Thread(target=self._writer) for _ in range(self.writers)]
        start = time.monotonic()
        for thread in threads:
            thread.start()
        last_done, last_time = 0, start
        while any(thread.is_alive() for thread in threads):
            time.sleep(0.2)
            now = time.monotonic()
            if now - last_time >= progress_seconds:
                with self._lock:
                    done = self._done
                print(f"scale: loaded {done:,}/{self.count:,} stories, "
                      f"{(done - last_done) / (now - last_time):,.0f}/s now, "
                      f"{done / (now - start):,.0f}/s overall", file=sys.stderr, flush=True)
                last_done, last_time = done, now
        if self._errors:
            raise RuntimeError("loading failed: " + "; ".join(self._errors[:5]))
        return time.monotonic() - start
