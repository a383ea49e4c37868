#!/usr/bin/python3
"""Jisr from Python: an English article and its Arabic translation, written by two desks,
linked into one story, published, and read back the way a renderer reads a page.

Run against a running jisrd (see the README), with the generated stubs on the path:
  PYTHONPATH=build/clients/python/gen /usr/bin/python3 clients/python/example.py \
      --server 127.0.0.1:50051
"""
import argparse
import json
import sys
import uuid

import grpc
from google.protobuf import field_mask_pb2

from google.rpc import error_details_pb2, status_pb2
from jisr.v1 import article_service_pb2 as api
from jisr.v1 import article_service_pb2_grpc as api_grpc
from jisr.v1 import content_pb2 as content
from jisr.v1 import resources_pb2 as resources
from jisr.v1 import text_pb2

AUTHOR = [("x-jisr-author", "python-example@newsroom")]
# An identity that is not ASCII goes as UTF-8 bytes in the binary metadata key.
ARABIC_DESK_AUTHOR = [("x-jisr-author-bin", "سارة حداد".encode())]


def explain(error: grpc.RpcError) -> str:
    """The status and the fields it names, from the google.rpc.Status trailer."""
    lines = [f"{error.code().name}: {error.details()}"]
    for key, value in error.trailing_metadata() or ():
        if key != "grpc-status-details-bin":
            continue
        status = status_pb2.Status.FromString(value)
        for detail in status.details:
            if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
                bad = error_details_pb2.BadRequest()
                detail.Unpack(bad)
                lines += [f"  {v.field}: {v.description}" for v in bad.field_violations]
    return "\n".join(lines)


def paragraph(text: str) -> content.Block:
    return content.Block(paragraph=content.Paragraph(text=text))


def run(server: str, suffix: str) -> dict:
    """Writes the pair and returns what a renderer reads back for each language."""
    stub = api_grpc.ArticleServiceStub(grpc.insecure_channel(server))

    # The English desk files its story.
    english = stub.CreateVariant(api.CreateVariantRequest(
        variant=resources.Variant(
            language="en",
            headline="Abu Dhabi opens its first bilingual public library",
            standfirst="The library lends books in Arabic and English side by side",
            byline=[content.Author(name="Sara Haddad")],
            section="uae",
            slug=f"abu-dhabi-bilingual-library-{suffix}",
            blocks=[
                paragraph("The library opened on Saturday with 120,000 books."),
                paragraph("Readers can borrow up to 10 titles at a time."),
            ]),
        request_id=str(uuid.uuid4())), metadata=AUTHOR)

    # The Arabic desk writes its version separately, in a story of its own.
    arabic = stub.CreateVariant(api.CreateVariantRequest(
        variant=resources.Variant(
            language="ar",
            headline="أبوظبي تفتتح أول مكتبة عامة ثنائية اللغة",
            standfirst="تعير المكتبة الكتب بالعربية والإنجليزية جنباً إلى جنب",
            byline=[content.Author(name="سارة حداد")],
            section="uae",
            slug=f"مكتبة-أبوظبي-ثنائية-اللغة-{suffix}",
            blocks=[
                paragraph("افتتحت المكتبة يوم السبت بـ 120,000 كتاب."),
                paragraph("يمكن للقراء استعارة ما يصل إلى 10 عناوين في المرة الواحدة."),
            ]),
        request_id=str(uuid.uuid4())), metadata=ARABIC_DESK_AUTHOR)

    # Link the Arabic version into the English story, then record what it translates.
    arabic = stub.LinkVariant(api.LinkVariantRequest(
        name=arabic.name, story=english.story, etag=arabic.etag,
        request_id=str(uuid.uuid4())), metadata=AUTHOR)
    arabic = stub.UpdateVariant(api.UpdateVariantRequest(
        variant=resources.Variant(
            name=arabic.name, etag=arabic.etag,
            translation_source=resources.TranslationSource(
                variant=english.name, revision=english.latest_revision)),
        update_mask=field_mask_pb2.FieldMask(paths=["translation_source"]),
        change_note="Translated from the English revision 1",
        request_id=str(uuid.uuid4())), metadata=AUTHOR)

    # Publish both.
    for variant in (english, arabic):
        stub.PublishVariant(api.PublishVariantRequest(
            name=variant.name, request_id=str(uuid.uuid4())), metadata=AUTHOR)

    # A renderer resolves each URL and gets the page with its language switch in one call.
    pages = {}
    for variant in (english, arabic):
        page = stub.LookupVariant(api.LookupVariantRequest(
            language=variant.language, slug=variant.slug))
        pages[variant.language] = {
            "name": page.name,
            "story": page.story,
            "headline": page.headline,
            "direction": text_pb2.TextDirection.Name(page.direction),
            "state": resources.VariantState.Name(page.state),
            "update_time": page.update_time.ToJsonString(),
            "first_author": stub.GetRevision(api.GetRevisionRequest(
                name=f"{page.name}/revisions/1")).author,
            "translation_source": {
                "variant": page.translation_source.variant,
                "language": page.translation_source.language,
                "revision": page.translation_source.revision,
            },
            "alternates": [
                {"language": a.language, "slug": a.slug, "self": a.self,
                 "x_default": a.x_default, "state": resources.VariantState.Name(a.state)}
                for a in page.alternates
            ],
        }
    return pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="127.0.0.1:50051", help="jisrd host:port")
    parser.add_argument("--suffix", default=uuid.uuid4().hex[:8],
                        help="appended to the slugs so the example can run again")
    args = parser.parse_args()
    try:
        pages = run(args.server, args.suffix)
    except grpc.RpcError as error:
        print(explain(error), file=sys.stderr)
        return 1
    for language, page in pages.items():
        print(f"[{language}] {page['headline']}  ({page['direction']}, {page['state']})")
        for a in page["alternates"]:
            href = f'/{a["language"]}/{a["slug"]}'
            print(f'  <link rel="alternate" hreflang="{a["language"]}" href="{href}">')
            if a["x_default"]:
                print(f'  <link rel="alternate" hreflang="x-default" href="{href}">')
    print(json.dumps(pages, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
