"""A date printed after an edit label ("Last edited", "Updated:", "Zuletzt geändert am")
is when the page changed: it is the article's modified date, never its published date."""

from __future__ import annotations

from archiver.extract import extract_article

URL = "https://notes.example/posts/tide-tables/"


def page(meta: str, byline: str = "") -> str:
    return f"""<!DOCTYPE html><html><head><title>Tide tables</title></head><body>
<div id="content"><h1>Tide tables</h1>
<p class="meta">{byline}</p>
<p>The harbour office prints its tide tables each spring, and the old ones go to the
museum, where nobody reads them but the gulls and a few of us on a rainy afternoon.</p>
<p>This year the tables came late, and the ferry kept to last year's times for a week.</p>
</div>
<div id="footer" class="pagefooter">{meta}</div>
</body></html>"""


def test_a_page_that_prints_only_its_last_edit_has_no_published_date() -> None:
    found = extract_article(URL, page(
        'Last edited <time datetime="2026-11-30T10:00:00Z">Mon Nov 30 10:00:00 2026</time>'))
    assert found["published_raw"] is None
    assert found["modified_raw"] == "2026-11-30T10:00:00Z"


def test_an_edit_label_in_german_marks_a_printed_date_as_modified() -> None:
    found = extract_article(URL, page(
        'Zuletzt geändert am <span class="date">3. März 2024</span>'))
    assert found["published_raw"] is None
    assert found["modified_raw"] == "3. März 2024"


def test_a_posted_date_beside_an_updated_one_stays_the_published_date() -> None:
    found = extract_article(URL, page("", byline=(
        'Updated <time datetime="2024-03-05T09:00:00Z">5 March 2024</time>; first posted '
        '<time datetime="2024-03-01T08:00:00Z">1 March 2024</time>')))
    assert found["published_raw"] == "2024-03-01T08:00:00Z"
