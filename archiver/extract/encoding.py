"""Bytes -> text for HTML pages, the way a browser would, minus its mojibake.

Order: HTTP header charset, BOM, ``<meta charset>`` / ``<meta http-equiv>``, detection.
Pages lie about their encoding, so two corrections apply on top of that order:

* a declared single-byte encoding (latin-1, windows-1252, ascii, ...) loses to UTF-8 when
  the bytes are valid UTF-8 and contain non-ASCII: real windows-1252 text almost never
  happens to be valid UTF-8, while "charset=iso-8859-1" on a UTF-8 page is common;
* a declared UTF-8 that the bytes clearly are not (no valid multi-byte sequence at all,
  only invalid ones) falls through to the next source.

iso-8859-1 and ascii labels are read as windows-1252, as browsers do (w3lib's table).
"""

from __future__ import annotations

import codecs

import charset_normalizer
from w3lib.encoding import (
    html_body_declared_encoding,
    http_content_type_encoding,
    read_bom,
    resolve_encoding,
)

__all__ = ["decode_html", "looks_binary"]

# Signatures of formats a server may hand out in place of a page.
_BINARY_MAGIC = (
    b"%PDF-",
    b"\x89PNG",
    b"GIF87a",
    b"GIF89a",
    b"\xff\xd8\xff",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"BZh",
    b"\x7fELF",
    b"RIFF",
    b"OggS",
    b"\x00\x00\x01\x00",
    b"wOFF",
    b"wOF2",
)


def _codec_name(label: str | None) -> str | None:
    """A Python codec name for an encoding label, or None when it is unknown."""
    if not label:
        return None
    resolved = resolve_encoding(label)
    if resolved is None:
        return None
    try:
        return codecs.lookup(resolved).name
    except LookupError:
        return None


def _is_single_byte(codec: str) -> bool:
    return codec not in {"utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le",
                         "utf-32-be", "gb18030", "gbk", "big5", "shift_jis", "euc_jp",
                         "euc_kr", "iso2022_jp", "cp932", "cp949", "cp950", "big5hkscs"}


def _valid_utf8_with_non_ascii(body: bytes) -> bool:
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _mostly_utf8(body: bytes) -> bool:
    """True when the bytes read as UTF-8 with at most a few broken sequences.

    A UTF-8 page with one stray byte is still UTF-8; a windows-1252 page mislabelled as
    UTF-8 has no valid multi-byte sequence at all.
    """
    try:
        body.decode("utf-8")
        return True
    except UnicodeDecodeError:
        pass
    text = body.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    valid_non_ascii = sum(1 for ch in text if ord(ch) > 127 and ch != "\ufffd")
    return valid_non_ascii > broken


def _decode(body: bytes, codec: str) -> str:
    text = body.decode(codec, errors="replace")
    # A BOM that matched the codec is not content.
    return text[1:] if text.startswith("\ufeff") else text


def decode_html(body: bytes, content_type: str | None) -> tuple[str, str]:
    """Decode an HTML response body; return (text, Python codec name used)."""
    bom_label, bom = read_bom(body)
    bom_codec = _codec_name(bom_label)
    candidates: list[str] = []
    for label in (
        http_content_type_encoding(content_type) if content_type else None,
        bom_label,
        html_body_declared_encoding(body[len(bom or b""):]),
    ):
        codec = _codec_name(label)
        if codec and codec not in candidates:
            candidates.append(codec)

    for codec in candidates:
        if codec == "utf-8":
            if _mostly_utf8(body):
                return _decode(body, codec), codec
            continue  # declared UTF-8, plainly is not: try the next source
        if codec.startswith(("utf-16", "utf-32")) and codec != bom_codec:
            # A UTF-16/32 label without the matching BOM is nearly always wrong
            # (an ASCII-compatible page cannot be UTF-16).
            if b"\x00" not in body[:1024]:
                continue
        if _is_single_byte(codec) and _valid_utf8_with_non_ascii(body):
            return _decode(body, "utf-8"), "utf-8"
        try:
            body.decode(codec)
        except UnicodeDecodeError:
            # Single-byte pages with undefined bytes (0x81 in cp1252) are still that
            # encoding; multi-byte mismatches mean the label is wrong.
            if not _is_single_byte(codec):
                continue
        return _decode(body, codec), codec

    if body.isascii() or _mostly_utf8(body):
        return _decode(body, "utf-8"), "utf-8"
    matches = charset_normalizer.from_bytes(body[:65536])
    best = matches.best()
    codec = _codec_name(best.encoding) if best is not None else None
    # Short Western pages fit several single-byte code pages about equally well (cp775,
    # cp1257 ...); windows-1252 is what browsers assume, so it wins any near tie.
    for match in matches:
        if best is not None and _codec_name(match.encoding) == "cp1252" and (
            match.percent_chaos <= best.percent_chaos + 5.0
        ):
            codec = "cp1252"
            break
    if codec is None or codec == "utf-8":
        codec = "cp1252"  # the web's de-facto default for undeclared legacy pages
    return _decode(body, codec), codec


def looks_binary(body: bytes) -> bool:
    """True when the bytes are plainly not a text document (image, archive, PDF ...)."""
    head = body[:1024]
    if head.startswith(_BINARY_MAGIC):
        return True
    bom_label, _ = read_bom(head)
    if bom_label and bom_label.lower().startswith(("utf-16", "utf-32")):
        return False
    if b"\x00" in head:
        # Text pages in UTF-16 without a BOM show NULs every other byte; anything else
        # with NULs is binary.
        even = head[0::2].count(b"\x00")
        odd = head[1::2].count(b"\x00")
        half = max(1, len(head) // 2)
        return not (even > 0.9 * half or odd > 0.9 * half)
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return controls > len(head) * 0.1
