#!/usr/bin/python3
"""Writes the service fuzz targets' seed corpora: one valid request per method, prefixed with
the byte that picks the method (its position in services/api/rpc_table.h), naming the seed
story the fuzz server creates (variants/seed-en, variants/seed-ar, stories/seed-story).
    PYTHONPATH=build/clients/python/gen tests/fuzz/make_service_seeds.py
"""
import os
import re
import sys

from google.protobuf import timestamp_pb2
from jisr.v1 import article_service_pb2 as a
from jisr.v1 import content_pb2 as c
from jisr.v1 import resources_pb2 as r
from jisr.v1 import text_service_pb2 as t

here = os.path.dirname(os.path.abspath(__file__))
table = open(os.path.join(here, "../../services/api/rpc_table.h")).read()
unary = table.split("#define JISR_ARTICLE_SERVICE_UNARY_RPCS(X)")[1].split("#define")[0]
article_methods = re.findall(r"X\((\w+), \w+,", unary)
text_methods = re.findall(r"X\((\w+), \w+, \w+\)", table.split("#define JISR_TEXT_SERVICE_RPCS(X)")[1])

variant = r.Variant(language="en", headline="Fuzzed headline", section="World",
                    blocks=[c.Block(paragraph=c.Paragraph(text="AFP said 150 people, 2023."))])
ar = r.Variant(language="ar", headline="عنوان مع AFP و150",
               translation_source=r.TranslationSource(variant="variants/seed-en"))
article = {
    "ListLanguages": a.ListLanguagesRequest(),
    "CreateStory": a.CreateStoryRequest(story=r.Story(title="Fuzz story")),
    "GetStory": a.GetStoryRequest(name="stories/seed-story"),
    "ListStories": a.ListStoriesRequest(page_size=5),
    "UpdateStory": a.UpdateStoryRequest(story=r.Story(name="stories/seed-story", title="New")),
    "DeleteStory": a.DeleteStoryRequest(name="stories/seed-story", force=True),
    "UndeleteStory": a.UndeleteStoryRequest(name="stories/seed-story"),
    "CreateVariant": a.CreateVariantRequest(variant=variant),
    "GetVariant": a.GetVariantRequest(name="variants/seed-en"),
    "LookupVariant": a.LookupVariantRequest(language="en", slug="seed-headline"),
    "ListVariants": a.ListVariantsRequest(language="ar", view=a.VARIANT_VIEW_LATEST),
    "UpdateVariant": a.UpdateVariantRequest(variant=r.Variant(name="variants/seed-en",
                                                              headline="Edited")),
    "DeleteVariant": a.DeleteVariantRequest(name="variants/seed-ar"),
    "UndeleteVariant": a.UndeleteVariantRequest(name="variants/seed-ar"),
    "PurgeVariant": a.PurgeVariantRequest(name="variants/seed-ar", reason="Court order 1"),
    "PublishVariant": a.PublishVariantRequest(name="variants/seed-en"),
    "UnpublishVariant": a.UnpublishVariantRequest(name="variants/seed-ar"),
    "LinkVariant": a.LinkVariantRequest(name="variants/seed-ar", story="stories/seed-story"),
    "UnlinkVariant": a.UnlinkVariantRequest(name="variants/seed-ar"),
    "ListRevisions": a.ListRevisionsRequest(parent="variants/seed-en"),
    "GetRevision": a.GetRevisionRequest(name="variants/seed-en/revisions/1"),
    "DiffRevisions": a.DiffRevisionsRequest(name="variants/seed-en", from_revision=1),
    "RestoreRevision": a.RestoreRevisionRequest(name="variants/seed-en/revisions/1"),
    "BatchPublishVariants": a.BatchPublishVariantsRequest(
        names=["variants/seed-en", "variants/seed-ar"]),
    "GetTranslationDiff": a.GetTranslationDiffRequest(name="variants/seed-ar"),
    "ListStaleTranslations": a.ListStaleTranslationsRequest(language="ar"),
    "AddCorrection": a.AddCorrectionRequest(name="variants/seed-en",
                                            correction=r.Correction(text="We misspelled it.")),
    "DismissCorrection": a.DismissCorrectionRequest(name="variants/seed-ar", correction_id="c1"),
    "CreateSchedule": a.CreateScheduleRequest(schedule=r.Schedule(
        variants=["variants/seed-en"], action=r.SCHEDULE_ACTION_UNPUBLISH,
        due_time=timestamp_pb2.Timestamp(seconds=4102444800))),
    "GetSchedule": a.GetScheduleRequest(name="schedules/none"),
    "ListSchedules": a.ListSchedulesRequest(),
    "CancelSchedule": a.CancelScheduleRequest(name="schedules/none"),
}
text = {
    "Analyze": t.AnalyzeTextRequest(text="بيان AFP عن 150 شخصاً", language="ar"),
    "Normalize": t.NormalizeTextRequest(text="e\u0301 \u202e"),
    "Isolate": t.IsolateTextRequest(text="Apple تطلق هاتفاً", language="ar"),
    "VisualOrder": t.VisualOrderRequest(text="السلام عليكم 123", language="ar"),
    "Slugify": t.SlugifyRequest(text="بلينكن في بكين", language="ar"),
    "SearchKey": t.SearchKeyRequest(text="الإعلان العالمي"),
    "FormatDate": t.FormatDateRequest(time=timestamp_pb2.Timestamp(seconds=1687179960),
                                      language="ar"),
}


def write(corpus, methods, requests):
    os.makedirs(os.path.join(here, "corpus", corpus), exist_ok=True)
    for index, method in enumerate(methods):
        if method not in requests:
            sys.exit(f"make_service_seeds: no seed request for {method}: add one")
        with open(os.path.join(here, "corpus", corpus, method), "wb") as f:
            f.write(bytes([index]) + requests[method].SerializeToString())


write("article_service", article_methods, article)
write("text_service", text_methods, text)
print(f"make_service_seeds: {len(article_methods)} article and {len(text_methods)} text seeds")
