"""The CLI in-process (click's CliRunner, exceptions not caught so tracebacks fail loudly)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from archiver.cli import main
from tests.helpers import FIXTURES

GOOD = FIXTURES / "sites" / "bad-input" / "2024" / "05" / "good-article" / "index.html"
LISTING = FIXTURES / "sites" / "bad-input" / "index.html"


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_extract_prints_the_article_and_its_threaded_comments():
    result = invoke("extract", str(GOOD), "--url", "https://biw.example/2024/05/good-article/")
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    article = record["article"]
    assert article["url"] == "https://biw.example/2024/05/good-article/"
    assert article["title"] == "A good article"
    assert [a["name"] for a in article["authors"]] == ["Ada Lovelace"]
    assert article["published"] == "2024-05-02T07:30:00Z"
    assert article["body_text"] == ("The first paragraph of a good article.\n\n"
                                    "The second paragraph, with emphasis.")
    assert article["declared_comment_count"] == 2
    comments = record["comments"]
    assert [(c["id"], c["parent_id"], c["depth"]) for c in comments] == [
        ("1", None, 0), ("2", "1", 1)]
    assert comments[0]["author"]["name"] == "Zoë"
    assert comments[1]["published"] == "2024-05-02T09:00:00Z"
    assert comments[0]["text"] == "First!"


def test_extract_refuses_a_page_that_is_not_an_article():
    result = CliRunner().invoke(main, ["extract", str(LISTING)])
    assert result.exit_code == 1
    assert "not an article page" in result.output
    assert invoke("extract", str(LISTING), "--any-page").exit_code == 0


def test_extract_of_a_missing_file_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "nope.html")])
    assert result.exit_code == 1
    assert "no such file" in result.output


def test_extract_of_an_unreachable_url_is_a_clear_error():
    from tests.helpers import free_port

    result = CliRunner().invoke(main, ["extract", f"http://127.0.0.1:{free_port()}/x/"])
    assert result.exit_code == 1
    assert "cannot fetch" in result.output
