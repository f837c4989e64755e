"""Hostile reply documents and ratings files, built in memory (nothing large is committed).

Each builder returns the bytes of a file that once cost minutes, gigabytes or a
traceback (issue 14, items 11-17). The tests and `benchmarks/hostile.py` share them, so
the figures in the report and the assertions are about the same inputs.
"""

from __future__ import annotations

import io
import zipfile

# ------------------------------------------------------------------------------ HTML


def html_unclosed_attributes(repeat: int = 40_000) -> bytes:
    """`<a b='` repeated (240 KB): html.parser rescans the rest of the page at each one."""
    return b"<a b='" * repeat


def html_unclosed_comments(repeat: int = 40_000) -> bytes:
    """`<!--` repeated (160 KB): each one searched to the end of the page for its `-->`."""
    return b"<!--" * repeat


# ------------------------------------------------------------------------------- PDF


def pdf_pages_sharing_one_stream(pages: int = 4_000, lines: int = 400, *, broken_xref: bool = False) -> bytes:
    """A PDF whose `pages` pages all draw the same content stream of `lines` text lines.

    The file stays small (one stream, and a few dozen bytes per page), but a reader that
    extracts each page's text extracts the stream `pages` times. With `broken_xref` every
    offset in the cross-reference table is wrong, so pypdf repairs the file and logs a
    warning for each object it finds out of place.
    """
    line = "(The same line of text on every page, drawn again and again.) Tj T*\n"
    content = ("BT /F1 9 Tf 11 TL 40 800 Td\n" + line * lines + "ET\n").encode("ascii")
    objects: list[bytes] = []
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    first_page = 5
    kids = " ".join(f"{first_page + i} 0 R" for i in range(pages))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode("ascii"))
    objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"endstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R /Resources << /Font << /F1 4 0 R >> >> >>"
    objects.extend([page] * pages)
    return _pdf(objects, broken_xref=broken_xref)


def pdf_without_text(*, broken_xref: bool = True, pages: int = 40) -> bytes:
    """A PDF whose pages draw nothing (a scan with its images stripped), with a broken xref."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{3 + i} 0 R" for i in range(pages))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode("ascii"))
    objects.extend([b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * pages)
    return _pdf(objects, broken_xref=broken_xref)


def _pdf(objects: list[bytes], *, broken_xref: bool) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % ((offset + 7) if broken_xref else offset))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


# ------------------------------------------------------------------------------ DOCX

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/numbering.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
    "</Types>"
)
_PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)
_DOCUMENT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" '
    'Target="numbering.xml"/></Relationships>'
)


def _paragraph(text: str, numbered: bool = False) -> str:
    numpr = '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>' if numbered else ""
    return f"<w:p>{numpr}<w:r><w:t>{text}</w:t></w:r></w:p>"


def docx_package(paragraphs: list[str], *, numbering_xml: str = "", document_xml: bytes | None = None) -> bytes:
    """A minimal .docx (the parts python-docx needs) with these body paragraphs (XML)."""
    body = "".join(paragraphs)
    document = document_xml or (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{_W_NS}"><w:body>{body}</w:body></w:document>'
    ).encode()
    numbering = numbering_xml or f'<w:numbering xmlns:w="{_W_NS}"/>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _PACKAGE_RELS)
        zf.writestr("word/_rels/document.xml.rels", _DOCUMENT_RELS)
        zf.writestr("word/document.xml", document)
        zf.writestr("word/numbering.xml", numbering)
    return out.getvalue()


def docx_list_starting_at(start: int, lines: list[str], items: int = 9, fmt: str = "upperLetter") -> bytes:
    """A reply (`lines`, one paragraph each) followed by a list of `items` paragraphs
    whose numbering starts at `start` (w:start) in a letter format: item n is labelled
    with (start + n) / 26 letters, so a huge start makes huge labels."""
    numbering = (
        f'<w:numbering xmlns:w="{_W_NS}">'
        f'<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="{start}"/>'
        f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
        f'<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    )
    paragraphs = [_paragraph(_xml_text(line)) for line in lines if line.strip()]
    paragraphs += [_paragraph(f"附：第{i + 1}项", numbered=True) for i in range(items)]
    return docx_package(paragraphs, numbering_xml=numbering)


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def docx_zip_bomb(megabytes: int = 190, *, unit: bytes = b"A") -> bytes:
    """A .docx whose document.xml unpacks to `megabytes` MB (under the old 200 MB limit)
    of one run's text, or with `unit=b"<w:p/>"` of empty paragraphs (millions of XML
    elements for lxml to build): a few hundred KB on disk."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W_NS}"><w:body><w:p><w:r><w:t>'.encode()
    tail = b"</w:t></w:r></w:p></w:body></w:document>"
    if unit != b"A":
        head, tail = head[: -len(b"<w:p><w:r><w:t>")], b"</w:body></w:document>"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _PACKAGE_RELS)
        zf.writestr("word/_rels/document.xml.rels", _DOCUMENT_RELS)
        zf.writestr("word/numbering.xml", f'<w:numbering xmlns:w="{_W_NS}"/>')
        with zf.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(head)
            chunk = unit * (1024 * 1024 // len(unit))
            for _ in range(megabytes):
                part.write(chunk)
            part.write(tail)
    return out.getvalue()


def docx_dangling_header(lines: list[str]) -> bytes:
    """A reply whose section names a header part (r:id) that the package does not have:
    python-docx opens it, and raises KeyError only when the header is read."""
    r_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    body = "".join(_paragraph(_xml_text(line)) for line in lines if line.strip())
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{_W_NS}" xmlns:r="{r_ns}"><w:body>{body}'
        f'<w:sectPr><w:headerReference w:type="default" r:id="rId99"/></w:sectPr></w:body></w:document>'
    ).encode()
    return docx_package([], document_xml=document)


# ------------------------------------------------------------------------------ YAML


_YAML_HEAD = (
    "schema: cppcc-review/ratings/v1\nexported_at: '2025-07-10T10:00:00+08:00'\ntool_version: 0.1.0\n"
    "reviewers: [alice]\nstatus: all\n"
)


def yaml_huge_integer(digits: int = 5_000) -> bytes:
    """A ratings file whose `count` is an integer with `digits` digits (Python refuses to
    convert more than 4,300 digits to int, with a ValueError)."""
    return (_YAML_HEAD + "count: " + "9" * digits + "\nreplies: []\n").encode()


def yaml_empty_entries(entries: int = 1_000_000) -> bytes:
    """A ratings file whose `replies` list holds `entries` empty entries (3 MB)."""
    return (_YAML_HEAD + f"count: {entries}\nreplies:\n").encode() + b"-\n" * entries
