"""Bytes of a text document to text: a BOM, UTF-16 without a BOM (when its zero bytes say so),
strict UTF-8, a declared charset, GB18030 or Big5 (charset-normalizer where those disagree),
and the checks that refuse binary data.
Shared by .txt / .md files (cppcc_review.store.reading.extract) and .html pages (formats/html.py)."""

from __future__ import annotations

import re

from ..errors import InputError
from .refusals import Refusal

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


# Bytes that never occur in a text document. ESC (0x1B) is left out on purpose: ANSI
# colour codes in a copied terminal log are still text; TAB, LF, VT, FF, CR are text too.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])


_CONTROL_SHARE_LIMIT = 0.05  # random binary data has ~10% of these bytes, text ~0%


_SNIFF_BYTES = 64 * 1024


# Characters that dominate Chinese official prose, in both simplified and traditional
# forms. Decoding GBK bytes as Big5 (or the reverse) succeeds surprisingly often but
# yields rare characters, so the share of these tells the right decoding apart.
_COMMON_CJK = frozenset(
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年"
    "过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她"
    "本前开但因只从想实"
    "這個們來為國對說時會於著過發後裡裏麼經當沒動現還進從實開無與種樣學機關點應"
    "提案答复覆办辦关於委员員会會政协協建议議研究市区區县縣局处處单單位工作推加强強展一步完善制"
    "服务務企业業管体體系资資源项項目规規划劃金策支持科技创創新产產"
)


_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def check_not_binary(data: bytes, label: str) -> None:
    """Refuse bytes that are not text: any NUL byte, or many other control bytes."""
    if b"\x00" in data:
        raise InputError(f"{label}: not a text document (binary data)", code=Refusal.BINARY)
    head = data[:_SNIFF_BYTES]
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls > _CONTROL_SHARE_LIMIT * len(head):
        raise InputError(f"{label}: not a text document (binary data)", code=Refusal.BINARY)


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR -> LF; drop a leading BOM left by a decoder."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_text(data: bytes, label: str, declared: str | None = None) -> tuple[str, str]:
    """Decode the bytes of a text document; return (text, encoding name).

    Order: a BOM; strict UTF-8 (GBK text is practically never valid UTF-8, so a
    successful strict decode is trusted even when a page declares another charset);
    the declared charset if it decodes strictly; else GB18030 or Big5, whichever yields
    the more common Chinese characters.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                raise InputError(
                    f"{label}: cannot decode text: it starts with a {codec.upper()} byte order "
                    "mark but is not valid in that encoding", code=Refusal.BAD_BOM, codec=codec.upper()
                ) from None
            text = normalize_newlines(text)
            _check_text_not_binary(text, label)
            name = "utf-8-sig" if codec == "utf-8-sig" else "utf-16"
            return text, name
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return normalize_newlines(utf16[0]), utf16[1]
    check_not_binary(data, label)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if not _looks_like_misread_gbk(data, text):
            return normalize_newlines(text), "utf-8"
    if declared:
        declared_codec = _python_codec(declared)
        if declared_codec and declared_codec not in ("utf-8",):
            try:
                return normalize_newlines(data.decode(declared_codec)), _encoding_name(data, declared_codec)
            except (UnicodeDecodeError, LookupError):
                pass
    text, codec = _decode_chinese(data, label)
    return normalize_newlines(text), codec


def _looks_like_misread_gbk(data: bytes, utf8_text: str) -> bool:
    """True for short GBK text that happens to be valid UTF-8 (e.g. 委员 -> ίԱ).

    Valid UTF-8 with non-ASCII characters but not one Chinese character, whose GB18030
    reading is mostly common Chinese characters, is GBK: a Chinese reply always has
    Chinese characters.
    """
    if utf8_text.isascii() or _CJK.search(utf8_text):
        return False
    try:
        gb = data.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return _common_share(gb) >= 0.3


# Everything but what UTF-16 text is made of: ASCII (tab, line ends, printable), Latin-1
# letters, Greek and Cyrillic, punctuation, number forms, arrows, maths, enclosed numbers (①), box drawing and shapes
# (■●), CJK punctuation, kana, bopomofo, CJK ideographs, compatibility ideographs, full-width forms.
_UTF16_NOT_TEXT = re.compile(
    "[^\t\n\f\r\x1b\x20-\x7e\u00a0-\u024f\u0370-\u04ff\u2000-\u206f\u2070-\u22ff\u2460-\u27bf"
    "\u3000-\u33ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]"
)

_UTF16_TEXT_SHARE = 0.98  # random bytes read as UTF-16 are about 45% such characters


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """(text, codec) when bytes with zero bytes are UTF-16 without a BOM, else None.

    UTF-16 puts a zero byte in every ASCII character (its high byte: the second of a
    little-endian pair, the first of a big-endian one), so the side most zero bytes stand on
    names the byte order; the other order is tried too (a text of Chinese characters alone has
    zero bytes only in characters such as 一 U+4E00). A reading is taken only when it decodes
    strictly and nearly every character is one a document is written in (CJK, ASCII,
    punctuation), with no control character: binary data (an image, an archive, a PDF's
    compressed stream, random bytes) has zero bytes on both sides and reads as rare
    characters and controls.
    """
    if len(data) % 2:
        return None
    high_second = data[1::2].count(0)
    high_first = data[0::2].count(0)
    orders = ("utf-16-le", "utf-16-be") if high_second >= high_first else ("utf-16-be", "utf-16-le")
    for codec in orders:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if len(_UTF16_NOT_TEXT.findall(text)) <= (1 - _UTF16_TEXT_SHARE) * len(text) and not _UTF16_CONTROL.search(text):
            return text, codec
    return None


_UTF16_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f-\x9f]")


def _check_text_not_binary(text: str, label: str) -> None:
    if "\x00" in text:
        raise InputError(f"{label}: not a text document (binary data)", code=Refusal.BINARY)


def _python_codec(charset: str) -> str | None:
    """Map a charset label from a web page to the Python codec that reads it.

    GB2312 and GBK pages routinely contain characters beyond their declared set, so
    both are read as GB18030 (their superset); Big5 pages likewise as CP950.
    """
    label = charset.strip().strip("'\"").lower().replace("_", "-")
    aliases = {
        "gb2312": "gb18030",
        "gbk": "gb18030",
        "x-gbk": "gb18030",
        "cp936": "gb18030",
        "gb18030": "gb18030",
        "big5": "cp950",
        "x-big5": "cp950",
        "cp950": "cp950",
        "big5-hkscs": "big5hkscs",
        "utf8": "utf-8",
        "utf-8": "utf-8",
    }
    if label in aliases:
        return aliases[label]
    import codecs

    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _encoding_name(data: bytes, codec: str) -> str:
    """The narrowest usual name of the encoding that read `data` (for SourceInfo)."""
    if codec == "gb18030":
        for narrow in ("gbk",):
            try:
                data.decode(narrow)
                return narrow
            except UnicodeDecodeError:
                pass
    if codec in ("cp950", "big5hkscs"):
        try:
            data.decode("big5")
            return "big5"
        except UnicodeDecodeError:
            pass
    return codec


def _common_share(text: str) -> float:
    cjk = _CJK.findall(text)
    if not cjk:
        return 0.0
    return sum(1 for ch in cjk if ch in _COMMON_CJK) / len(cjk)


def _decode_chinese(data: bytes, label: str) -> tuple[str, str]:
    candidates: list[tuple[str, str]] = []
    for codec in ("gb18030", "cp950", "big5hkscs"):
        try:
            candidates.append((data.decode(codec), codec))
        except UnicodeDecodeError:
            continue
        if codec == "cp950":
            break  # big5hkscs is only a fallback for HK characters CP950 lacks
    if not candidates:
        raise InputError(
            f"{label}: cannot decode text (not UTF-8, GB18030/GBK or Big5); save it as UTF-8", code=Refusal.UNDECODABLE
        )
    if len(candidates) == 1:
        text, codec = candidates[0]
        return text, _encoding_name(data, codec)
    scored = sorted(((_common_share(t), t, c) for t, c in candidates), reverse=True, key=lambda x: x[0])
    (best, text, codec), (second, _, _) = scored[0], scored[1]
    if best - second < 0.05:
        # Too close to call from character frequencies (very short or unusual text):
        # ask charset-normalizer, which also weighs byte-sequence plausibility.
        text, codec = _ask_charset_normalizer(data, candidates) or (candidates[0])
    return text, _encoding_name(data, codec)


def _ask_charset_normalizer(data: bytes, candidates: list[tuple[str, str]]) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes  # loaded only for the rare undecided text
    best = from_bytes(data, cp_isolation=["gb18030", "big5", "cp950"]).best()
    if best is None:
        return None
    wanted = "gb18030" if best.encoding in ("gb18030", "gbk", "gb2312") else "cp950"
    for text, codec in candidates:
        if codec == wanted or (wanted == "cp950" and codec == "big5hkscs"):
            return text, codec
    return None
