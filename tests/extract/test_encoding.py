"""Bytes become the text the author wrote, whatever the server and the page claim."""

from __future__ import annotations

import re

import pytest

from archiver.errors import ExtractError
from archiver.extract import extract_page
from archiver.extract.encoding import decode_html, looks_binary

TEXT = "Caf\u00e9 \u201cquoted\u201d \u2014 na\u00efve \u20ac5"


def page(charset_meta: str = "") -> str:
    return f"<html><head>{charset_meta}<title>t</title></head><body><p>{TEXT}</p></body></html>"


def test_header_charset_decodes_windows_1252_bytes() -> None:
    text, encoding = decode_html(page().encode("cp1252"), "text/html; charset=windows-1252")
    assert TEXT in text
    assert encoding == "cp1252"


def test_iso_8859_1_label_is_read_as_windows_1252() -> None:
    # Curly quotes and the euro sign only exist in windows-1252, not in real latin-1.
    text, _ = decode_html(page().encode("cp1252"), "text/html; charset=ISO-8859-1")
    assert "\u201cquoted\u201d" in text and "\u20ac5" in text


def test_valid_utf8_wins_over_a_lying_latin1_header() -> None:
    text, encoding = decode_html(page().encode("utf-8"), "text/html; charset=iso-8859-1")
    assert TEXT in text
    assert "Ã" not in text
    assert encoding == "utf-8"


def test_valid_utf8_wins_over_a_lying_latin1_meta() -> None:
    body = page('<meta charset="iso-8859-1">').encode("utf-8")
    text, encoding = decode_html(body, "text/html")
    assert TEXT in text and encoding == "utf-8"


def test_meta_charset_is_used_when_the_header_has_none() -> None:
    body = page('<meta charset="windows-1252">').encode("cp1252")
    text, encoding = decode_html(body, "text/html")
    assert TEXT in text and encoding == "cp1252"


def test_meta_http_equiv_is_used_when_there_is_no_header() -> None:
    body = page('<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">'
                ).replace(TEXT, "Привет").encode("koi8-r")
    text, encoding = decode_html(body, None)
    assert "Привет" in text and encoding == "koi8-r"


def test_bom_is_used_and_stripped() -> None:
    body = b"\xef\xbb\xbf" + page().encode("utf-8")
    text, encoding = decode_html(body, None)
    assert text.startswith("<html>") and TEXT in text and encoding == "utf-8"


def test_utf16_with_bom_decodes() -> None:
    text, encoding = decode_html(page().encode("utf-16"), None)
    assert TEXT in text and encoding.startswith("utf-16")


def test_undeclared_windows_1252_is_detected_not_garbled() -> None:
    body = (page() * 5).encode("cp1252")
    text, _ = decode_html(body, None)
    assert "Caf\u00e9" in text and "\ufffd" not in text


def test_header_claiming_utf8_for_windows_1252_bytes_falls_through() -> None:
    body = page('<meta charset="windows-1252">').encode("cp1252")
    text, encoding = decode_html(body, "text/html; charset=utf-8")
    assert TEXT in text and encoding == "cp1252"


def test_utf8_page_with_one_stray_byte_stays_utf8() -> None:
    body = page().encode("utf-8").replace(b"<p>", b"<p>\x96", 1)
    text, encoding = decode_html(body, "text/html; charset=utf-8")
    assert TEXT in text and encoding == "utf-8"


@pytest.mark.parametrize("magic", [b"\x89PNG\r\n\x1a\n", b"%PDF-1.7\n", b"GIF89a", b"PK\x03\x04"])
def test_binary_files_are_recognised(magic: bytes) -> None:
    assert looks_binary(magic + bytes(range(256)) * 4)


def test_html_in_utf16_is_not_binary() -> None:
    assert not looks_binary(page().encode("utf-16"))
    assert not looks_binary(page().encode("utf-8"))


@pytest.mark.parametrize("body", [b"", b"   \n\t ", b"\x89PNG\r\n\x1a\n" + b"\x00" * 500])
def test_empty_or_binary_responses_raise_extract_error(body: bytes) -> None:
    with pytest.raises(ExtractError, match=re.escape("https://example.com/x")):
        extract_page("https://example.com/x", body, {"Content-Type": "image/png"})


def test_xml_declaration_does_not_stop_parsing() -> None:
    body = ('<?xml version="1.0" encoding="utf-8"?>\n' + page()).encode("utf-8")
    result = extract_page("https://example.com/x", body, None)
    assert "Caf\u00e9" in result["article"]["body_text"] or result["article"]["title"] == "t"
