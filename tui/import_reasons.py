"""Why a file was not imported, in the interface's language.

The reader (store/reading/) says why it refused a file in one English line, the same words
`cppcc-review import` prints; it carries no other form of the reason. The app shows that
line in English with `--lang en`; in Chinese it looks the line up here: each known refusal
is a pattern whose parts (a number, a file type, a library's detail) are filled into the
catalogue's message `import.reason.<name>` (cppcc_review.tui.i18n). A reason not known here
is shown in Chinese words around the original line, never dropped.
"""

from __future__ import annotations

import re

from .i18n import t

# (catalogue name, the reader's English line as a pattern; its named groups fill the message)
_REASONS: tuple[tuple[str, str], ...] = (
    ("no_reply", r"no reply found: no salutation to a member, no opening that answers a proposal, no reply title"),
    ("citizen_letter", r"the text answers a citizen's letter or online message, not a proposal or a deputy's suggestion"),
    ("proposal", r"the text is a proposal \(案由 / 提案人 / 建议\), not a reply to one"),
    ("empty_text", r"empty text"),
    ("no_text_left", r"no text left after removing page chrome and separator lines"),
    ("too_many_lines", r"too many lines for one reply \((?P<n>\d+)\); is this several documents\?"),
    ("internal", r"could not parse the reply: internal error (?P<name>\S+)"),
    ("folder", r"is a folder, not a file"),
    ("no_file", r"no such file"),
    ("permission", r"permission denied"),
    ("empty_blank", r"empty file \(only blank lines\)"),
    ("empty_file", r"empty file"),
    ("cannot_read_format", r"cannot read this \.(?P<fmt>\w+) file \((?P<detail>.*)\)"),
    ("cannot_read", r"cannot read \((?P<detail>.*)\)"),
    ("unsupported", r"unsupported file type \((?P<kind>.*)\); supported: (?P<supported>.*)"),
    ("too_large", r"file too large \((?P<size>.*) > (?P<limit>.*) limit\)"),
    ("old_doc", r"an old Word \.doc file renamed \.docx; save it as \.docx in Word first"),
    ("bad_docx", r"not a valid \.docx \((?P<detail>.*)\)"),
    ("no_text_document", r"no text in the document"),
    ("no_text_page", r"no text in the page"),
    ("too_long", r"the text is too long \(over (?P<n>[\d,]+) characters extracted; a reply has a few thousand\)"),
    ("bad_html", r"not a readable HTML page \((?P<detail>.*)\)"),
    ("scanned_pdf", r"scanned PDF: no text layer; OCR it first"),
    ("bad_pdf", r"not a valid PDF \((?P<detail>.*)\)"),
    ("pdf_objects", r"PDF has (?P<n>[\d,]+) objects, over the (?P<limit>[\d,]+) limit for a reply"),
    ("pdf_encrypted", r"encrypted PDF: remove the password first"),
    ("pdf_pages", r"PDF has over (?P<n>\d+) pages, the limit for a reply"),
    ("pdf_page_drawing", r"page (?P<page>\d+) of the PDF holds over (?P<mb>\d+) MB of drawing instructions: not a reply's page"),
    ("pdf_drawing", r"the PDF holds over (?P<mb>\d+) MB of drawing instructions: not a reply"),
    ("pdf_slow", r"reading the PDF's text takes over (?P<s>\S+) seconds: refused .*"),
    ("binary", r"not a text document \(binary data\)"),
    ("bad_bom", r"cannot decode text: it starts with a (?P<codec>\S+) byte order mark but is not valid in that encoding"),
    ("undecodable", r"cannot decode text \(not UTF-8, GB18030/GBK or Big5\); save it as UTF-8"),
    ("not_saved", r"not saved: (?P<detail>.*)"),
    ("could_not_read", r"could not read: (?P<detail>.*)"),
)
_PATTERNS = tuple((name, re.compile(pattern, re.DOTALL)) for name, pattern in _REASONS)


def reason_text(reason: str, lang: str) -> str:
    """`reason` (the reader's English line) as the interface says it: unchanged in English;
    in Chinese the catalogue's message for it (the file name the reader may put in front
    is kept), else the original line inside a Chinese sentence."""
    if lang == "en":
        return reason
    head, rest = "", reason
    while True:
        for name, pattern in _PATTERNS:
            found = pattern.fullmatch(rest)
            if found is not None:
                return head + t(f"import.reason.{name}", lang, **found.groupdict())
        label, colon, after = rest.partition(": ")  # a file name in front: "a.pdf: scanned PDF: …"
        if not colon:
            return t("import.reason.other", lang, reason=reason)
        head, rest = head + label + colon, after
