#!/usr/bin/python3
"""Jisr from Python: an English article and its Arabic translation, written by two desks,
linked into one story, published, and read back the way a renderer reads a page.

Run against a running jisrd (see the README), with the generated stubs on the path and a bearer
token for each desk: an editor's or the English desk's, and the Arabic desk's. With the demo's
development credentials (deploy/local/dev-credentials):
  PYTHONPATH=build/clients/python/gen /usr/bin/python3 clients/python/example.py \\
      --server 127.0.0.1:50051 --token-file var/dev-credentials/demo-editor.token \\
      --arabic-token-file var/dev-credentials/demo-desk-ar.token

jisrd records the principal each token proves as the author of what it writes; nothing the
example says about itself counts. --tls-ca, --tls-cert and --tls-key connect over TLS, with a
client certificate for mutual TLS.
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

MAX_TOKEN_BYTES = 8 * 1024  # jisrd refuses longer tokens unread


def read_token(path: str) -> str:
    """The bearer token in the file at `path`, trailing white space trimmed. Raises ValueError
    naming the file (never quoting the token: it is a credential) when it is not one token."""
    try:
        with open(path, "rb") as f:
            data = f.read(4 * MAX_TOKEN_BYTES + 1)
    except OSError as error:
        raise ValueError(f'cannot read the token file "{path}": {error.strerror}; give the path '
                         "of a readable file that holds the bearer token") from None
    token = data.rstrip()
    if not token:
        raise ValueError(f'the token file "{path}" is empty: put the bearer token (a JWT) in it')
    if token[:7].lower() == b"bearer ":
        raise ValueError(f'the token file "{path}" starts with "Bearer ": give the token alone')
    if b"\n" in token:
        raise ValueError(f'the token file "{path}" has more than one line: it must hold the token '
                         "alone, on one line")
    for at, byte in enumerate(token):
        if not 0x20 < byte < 0x7F:
            raise ValueError(f'the token file "{path}" holds byte 0x{byte:02X} at byte {at}: a '
                             "token is printable ASCII with no spaces, such as a JWT")
    if len(token) > MAX_TOKEN_BYTES:
        raise ValueError(f'the token file "{path}" is {len(token)} bytes long: jisrd refuses '
                         f"tokens over {MAX_TOKEN_BYTES} bytes")
    return token.decode("ascii")


def bearer(token: str) -> tuple:
    """The call metadata that presents `token`; none for no token (an anonymous caller)."""
    return (("authorization", f"Bearer {token}"),) if token else ()


def open_channel(server: str, tls_ca=None, tls_cert=None, tls_key=None) -> grpc.Channel:
    """Plaintext (jisrd on loopback), or TLS when any PEM file is given: the roots to trust
    (default: the system's) and, for mutual TLS, this client's certificate and key."""
    if not (tls_ca or tls_cert or tls_key):
        return grpc.insecure_channel(server)
    if bool(tls_cert) != bool(tls_key):
        raise ValueError("a client certificate needs both --tls-cert and --tls-key")

    def read(path):
        with open(path, "rb") as f:
            return f.read()

    credentials = grpc.ssl_channel_credentials(
        root_certificates=read(tls_ca) if tls_ca else None,
        private_key=read(tls_key) if tls_key else None,
        certificate_chain=read(tls_cert) if tls_cert else None)
    return grpc.secure_channel(server, credentials)


def explain(error: grpc.RpcError) -> str:
    """The status, its reason and what it names, from the google.rpc.Status trailer."""
    lines = [f"{error.code().name}: {error.details()}"]
    for key, value in error.trailing_metadata() or ():
        if key != "grpc-status-details-bin":
            continue
        status = status_pb2.Status.FromString(value)
        for detail in status.details:
            if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
                info = error_details_pb2.ErrorInfo()
                detail.Unpack(info)
                lines.append(f"  reason: {info.reason}")
                # Refusals name the permission the caller lacks.
                lines += [f"  {k}: {v}" for k, v in sorted(info.metadata.items())]
            if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
                bad = error_details_pb2.BadRequest()
                detail.Unpack(bad)
                lines += [f"  {v.field}: {v.description}" for v in bad.field_violations]
    return "\n".join(lines)


def paragraph(text: str) -> content.Block:
    return content.Block(paragraph=content.Paragraph(text=text))


def write_pair(stub, suffix: str, english_desk: tuple, arabic_desk: tuple):
    """The English desk files its story; the Arabic desk writes its translation, links it into
    the English story and records what it translates; each desk publishes its own."""
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
        request_id=str(uuid.uuid4())), metadata=english_desk)

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
        request_id=str(uuid.uuid4())), metadata=arabic_desk)

    # Link the Arabic version into the English story, then record what it translates.
    arabic = stub.LinkVariant(api.LinkVariantRequest(
        name=arabic.name, story=english.story, etag=arabic.etag,
        request_id=str(uuid.uuid4())), metadata=arabic_desk)
    arabic = stub.UpdateVariant(api.UpdateVariantRequest(
        variant=resources.Variant(
            name=arabic.name, etag=arabic.etag,
            translation_source=resources.TranslationSource(
                variant=english.name, revision=english.latest_revision)),
        update_mask=field_mask_pb2.FieldMask(paths=["translation_source"]),
        change_note="Translated from the English revision 1",
        request_id=str(uuid.uuid4())), metadata=arabic_desk)

    for variant, desk in ((english, english_desk), (arabic, arabic_desk)):
        stub.PublishVariant(api.PublishVariantRequest(
            name=variant.name, request_id=str(uuid.uuid4())), metadata=desk)
    return english, arabic


def run(channel: grpc.Channel, suffix: str, token: str, arabic_token: str,
        reader_token: str = "") -> dict:
    """Writes the pair (the English version with `token`, the Arabic with `arabic_token`) and
    returns what a renderer reads back for each language (with `reader_token`; none is needed
    on a loopback server)."""
    stub = api_grpc.ArticleServiceStub(channel)
    english, arabic = write_pair(stub, suffix, bearer(token), bearer(arabic_token))

    # A renderer resolves each URL and gets the page with its language switch in one call.
    pages = {}
    for variant in (english, arabic):
        page = stub.LookupVariant(api.LookupVariantRequest(
            language=variant.language, slug=variant.slug), metadata=bearer(reader_token))
        # Who wrote it and what it translates are editors' business, which readers' pages do
        # not carry: history and the latest view are read with the editor's token.
        first = stub.GetRevision(api.GetRevisionRequest(
            name=f"{page.name}/revisions/1"), metadata=bearer(token))
        latest = stub.GetVariant(api.GetVariantRequest(
            name=page.name, view=api.VARIANT_VIEW_LATEST), metadata=bearer(token))
        pages[variant.language] = {
            "name": page.name,
            "story": page.story,
            "headline": page.headline,
            "direction": text_pb2.TextDirection.Name(page.direction),
            "state": resources.VariantState.Name(page.state),
            "update_time": page.update_time.ToJsonString(),
            "first_author": first.author,
            "first_author_name": first.author_name,
            "translation_source": {
                "variant": latest.translation_source.variant,
                "language": latest.translation_source.language,
                "revision": latest.translation_source.revision,
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
    parser.add_argument("--token-file", required=True,
                        help="bearer token of an editor or the English desk: writes the English")
    parser.add_argument("--arabic-token-file", required=True,
                        help="bearer token of the Arabic desk (or an editor): writes the Arabic")
    parser.add_argument("--reader-token-file",
                        help="bearer token the renderer reads with (none: anonymous, which "
                             "jisrd allows on loopback only)")
    parser.add_argument("--tls-ca", help="PEM roots to trust (TLS; default: the system's)")
    parser.add_argument("--tls-cert", help="PEM client certificate, for mutual TLS")
    parser.add_argument("--tls-key", help="PEM private key of --tls-cert")
    parser.add_argument("--suffix", default=uuid.uuid4().hex[:8],
                        help="appended to the slugs so the example can run again")
    args = parser.parse_args()
    try:
        token = read_token(args.token_file)
        arabic_token = read_token(args.arabic_token_file)
        reader_token = read_token(args.reader_token_file) if args.reader_token_file else ""
        channel = open_channel(args.server, args.tls_ca, args.tls_cert, args.tls_key)
        pages = run(channel, args.suffix, token, arabic_token, reader_token)
    except (OSError, ValueError) as error:
        print(f"example: {error}", file=sys.stderr)
        return 2
    except grpc.RpcError as error:
        print(explain(error), file=sys.stderr)
        return 1
    for language, page in pages.items():
        print(f"[{language}] {page['headline']}  ({page['direction']}, {page['state']})")
        print(f"  first written by {page['first_author']} ({page['first_author_name']})")
        for a in page["alternates"]:
            href = f'/{a["language"]}/{a["slug"]}'
            print(f'  <link rel="alternate" hreflang="{a["language"]}" href="{href}">')
            if a["x_default"]:
                print(f'  <link rel="alternate" hreflang="x-default" href="{href}">')
    print(json.dumps(pages, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
