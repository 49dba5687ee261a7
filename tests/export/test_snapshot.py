"""`archiver export` / `archiver import`: deterministic snapshots, safe names, round trips."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from archiver.export import SCHEMA_PATH, ExportError, export_archive, import_into_archive
from archiver.export.names import MAX_STEM, safe_name
from archiver.store import open_archive, save_records
from tests.helpers import run_cli
from tests.store.store_records import ORIGIN, make_comment, make_record

SCHEMA = json.loads(SCHEMA_PATH.read_text())


def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator({"$defs": SCHEMA["$defs"], "$ref": f"#/$defs/{name}"})


def tree_records():
    """Two articles; one has a deep thread, an orphan reply and non-ASCII text."""
    comments = [
        make_comment("1", text="Top level, first."),
        make_comment("2", "1", author="Zoë Ångström", text="A reply – with “quotes”."),
        make_comment("3", "2", text="Deeper still."),
        make_comment("4", text="Second top level."),
        make_comment("9", "404", text="Reply to a comment that was never archived.", path="0002"),
    ]
    return [
        make_record(comments=comments),
        make_record(ORIGIN + "/2024/06/02/second/", title="Second", comments=[
            make_comment("21", text="Only comment.")]),
    ]


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    path = tmp_path / "archive.db"
    db = open_archive(path)
    save_records(db, tree_records(), None)
    db.close()
    return path


def read_files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def without_export_time(files: dict[str, bytes]) -> dict[str, bytes]:
    manifest = json.loads(files["manifest.json"])
    assert isinstance(manifest.pop("exported_at"), str)
    return {**files, "manifest.json": json.dumps(manifest).encode()}


@pytest.mark.parametrize("fmt,use_gzip", [("json", False), ("jsonl", False), ("json", True)])
def test_exporting_twice_gives_identical_bytes(archive, tmp_path, fmt, use_gzip):
    a = export_archive(archive, tmp_path / "a", fmt=fmt, use_gzip=use_gzip,
                       exported_at="2024-01-01T00:00:00Z")
    b = export_archive(archive, tmp_path / "b", fmt=fmt, use_gzip=use_gzip,
                       exported_at="2024-01-01T00:00:00Z")
    assert (a.articles, a.comments) == (b.articles, b.comments) == (2, 6)
    assert read_files(tmp_path / "a") == read_files(tmp_path / "b")
    # Exporting again into the same folder replaces the snapshot, same bytes.
    export_archive(archive, tmp_path / "a", fmt=fmt, use_gzip=use_gzip,
                   exported_at="2024-01-01T00:00:00Z")
    assert read_files(tmp_path / "a") == read_files(tmp_path / "b")


def test_only_the_manifest_export_time_differs_between_runs(archive, tmp_path):
    export_archive(archive, tmp_path / "a", exported_at="2024-01-01T00:00:00Z")
    export_archive(archive, tmp_path / "b", exported_at="2025-02-02T00:00:00Z")
    a, b = read_files(tmp_path / "a"), read_files(tmp_path / "b")
    assert [k for k in a if a[k] != b[k]] == ["manifest.json"]
    assert without_export_time(a) == without_export_time(b)


def test_json_snapshot_nests_replies_and_keeps_orphans(archive, tmp_path):
    result = export_archive(archive, tmp_path / "snap")
    manifest = json.loads((tmp_path / "snap" / "manifest.json").read_text())
    first = next(f for f in manifest["files"] if f["url"].endswith("on-commentary/"))
    text = (tmp_path / "snap" / first["path"]).read_text(encoding="utf-8")
    assert text.endswith("}\n") and "Zoë Ångström" in text  # UTF-8, not \\u escapes
    comments = json.loads(text)["article"]["comments"]
    top = {c["id"]: c for c in comments}
    assert list(top) == ["1", "4", "9"]
    assert [c["path"] for c in comments] == sorted(c["path"] for c in comments)
    assert top["1"]["replies"][0]["id"] == "2"
    assert top["1"]["replies"][0]["replies"][0]["id"] == "3"
    assert top["9"]["parent_id"] == "404" and top["9"]["parent_missing"] is True
    assert manifest["counts"] == {"articles": 2, "comments": 6, "sites": 1}
    assert result.files[0] == "manifest.json"


def test_jsonl_rows_carry_parent_ids_in_reading_order(archive, tmp_path):
    export_archive(archive, tmp_path / "snap", fmt="jsonl")
    rows = [json.loads(line) for line in
            (tmp_path / "snap" / "comments.jsonl").read_text().splitlines()]
    first = [r for r in rows if r["article_url"].endswith("on-commentary/")]
    assert [(r["id"], r["parent_id"], r["depth"]) for r in first] == [
        ("1", None, 0), ("2", "1", 1), ("3", "2", 2), ("4", None, 0), ("9", "404", 0)]
    for row in rows:
        validator("comment_row").validate(row)
    for line in (tmp_path / "snap" / "articles.jsonl").read_text().splitlines():
        validator("article_row").validate(json.loads(line))


@pytest.mark.parametrize("fmt,use_gzip", [("json", False), ("jsonl", True)])
def test_export_import_export_round_trips(archive, tmp_path, fmt, use_gzip):
    export_archive(archive, tmp_path / "one", fmt=fmt, use_gzip=use_gzip)
    result = import_into_archive(tmp_path / "one", tmp_path / "copy.db")
    assert result.articles["new"] == 2 and result.comments["new"] == 6 and not result.errors
    export_archive(tmp_path / "copy.db", tmp_path / "two", fmt=fmt, use_gzip=use_gzip)
    assert without_export_time(read_files(tmp_path / "one")) == \
        without_export_time(read_files(tmp_path / "two"))
    # Importing the same snapshot again changes nothing.
    again = import_into_archive(tmp_path / "one", tmp_path / "copy.db")
    assert again.articles["unchanged"] == 2 and again.comments["unchanged"] == 6


def test_gzip_files_are_gzip_streams(archive, tmp_path):
    export_archive(archive, tmp_path / "snap", fmt="jsonl", use_gzip=True)
    data = gzip.decompress((tmp_path / "snap" / "comments.jsonl.gz").read_bytes())
    assert data.decode().count("\n") == 6


def test_site_and_since_filters(archive, tmp_path):
    db = open_archive(archive)
    save_records(db, [make_record("https://other.example/post/", origin="https://other.example",
                                  published="2020-01-01T00:00:00Z")], None)
    db.close()
    assert export_archive(archive, tmp_path / "a", site="other.example").articles == 1
    assert export_archive(archive, tmp_path / "b", site=ORIGIN).articles == 2
    since = export_archive(archive, tmp_path / "c", since="2021-01-01")
    assert since.articles == 2  # the 2020 article is left out
    manifest = json.loads((tmp_path / "c" / "manifest.json").read_text())
    assert manifest["filters"] == {"site": None, "since": "2021-01-01"}
    with pytest.raises(ExportError, match="no such site"):
        export_archive(archive, tmp_path / "d", site="nowhere.example")


def test_export_refuses_a_folder_holding_other_files(archive, tmp_path):
    out = tmp_path / "busy"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    with pytest.raises(ExportError, match="not part of a snapshot"):
        export_archive(archive, out)
    assert (out / "notes.txt").read_text() == "mine"


def test_export_never_empties_a_users_own_articles_folder(archive, tmp_path):
    out = tmp_path / "blog"
    (out / "articles").mkdir(parents=True)
    (out / "articles" / "essay.md").write_text("my essay")
    with pytest.raises(ExportError, match="not part of a snapshot"):
        export_archive(archive, out)
    assert (out / "articles" / "essay.md").read_text() == "my essay"

    export_archive(archive, tmp_path / "snap")
    export_archive(archive, tmp_path / "snap")  # a previous snapshot is replaced


HOSTILE_URLS = [
    "https://example.com/../../etc/passwd",
    "https://example.com/%2e%2e/%2e%2e/etc/passwd",
    "https://example.com/a/b\\..\\..\\windows",
    "https://example.com/" + "x" * 5000,
    "https://example.com/con/aux/nul",
    "https://example.com/?q=<script>&x=|;rm -rf /",
    "https://EXAMPLE.com/Post/",
    "https://example.com/post/",
    "https://example.com/post",
    "https://example.com/é/日本語/",
    "https://example.com/\x00/\n/",
    "https://example.com/",
]


def test_hostile_urls_yield_safe_distinct_bounded_names(tmp_path):
    names = [safe_name(url) for url in HOSTILE_URLS]
    assert len(set(names)) == len(names)
    for name in names:
        assert 0 < len(name) <= MAX_STEM
        assert all(ch in "abcdefghijklmnopqrstuvwxyz0123456789-" for ch in name)
        (tmp_path / (name + ".json")).write_text("{}")  # a real file name on this system
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(n + ".json" for n in names)


def test_hostile_urls_export_inside_the_folder(tmp_path):
    db = open_archive(tmp_path / "hostile.db")
    save_records(db, [make_record(url, comments=[make_comment(f"c{i}")])
                      for i, url in enumerate(HOSTILE_URLS)],
                 None)
    db.close()
    result = export_archive(tmp_path / "hostile.db", tmp_path / "snap")
    assert result.articles == len(HOSTILE_URLS)
    files = list((tmp_path / "snap" / "articles").iterdir())
    assert len(files) == len(HOSTILE_URLS)
    assert {p.parent for p in files} == {tmp_path / "snap" / "articles"}
    import_into_archive(tmp_path / "snap", tmp_path / "back.db")
    export_archive(tmp_path / "back.db", tmp_path / "again")
    assert without_export_time(read_files(tmp_path / "snap")) == \
        without_export_time(read_files(tmp_path / "again"))


def test_import_records_unreadable_files_and_keeps_the_rest(archive, tmp_path):
    export_archive(archive, tmp_path / "snap")
    manifest = json.loads((tmp_path / "snap" / "manifest.json").read_text())
    broken = tmp_path / "snap" / manifest["files"][0]["path"]
    broken.write_text('{"article": {"url": "https://example.com/x", "comm')
    manifest["files"].append({"path": "../../outside.json"})
    (tmp_path / "snap" / "manifest.json").write_text(json.dumps(manifest))
    result = import_into_archive(tmp_path / "snap", tmp_path / "copy.db")
    assert result.articles["new"] == 1 and len(result.errors) == 2
    db = open_archive(tmp_path / "copy.db")
    kinds = [r["kind"] for r in db.query("select kind from errors order by id")]
    db.close()
    assert kinds == ["import-unreadable", "import-unreadable"]


@pytest.mark.parametrize("hostile", [
    {"site": ["not", "a", "string"]},
    {"comments": 5},
    {"comments": [{"id": "1", "replies": 7}]},
])
def test_import_records_hostile_article_files_and_keeps_the_rest(archive, tmp_path, hostile):
    export_archive(archive, tmp_path / "snap")
    manifest = json.loads((tmp_path / "snap" / "manifest.json").read_text())
    first = tmp_path / "snap" / manifest["files"][0]["path"]
    document = json.loads(first.read_text())
    document["article"].update(hostile)
    first.write_text(json.dumps(document))
    result = import_into_archive(tmp_path / "snap", tmp_path / "copy.db")
    assert result.articles["new"] == len(manifest["files"]) - 1
    assert len(result.errors) == 1


def test_import_of_replies_nested_beyond_reading_is_recorded(archive, tmp_path):
    export_archive(archive, tmp_path / "snap")
    manifest = json.loads((tmp_path / "snap" / "manifest.json").read_text())
    first = tmp_path / "snap" / manifest["files"][0]["path"]
    deep = '{"id": "d", "replies": [' * 5000 + '{"id": "d"}' + "]}" * 5000
    document = first.read_text()
    first.write_text(document.replace('"comments": [', f'"comments": [{deep}, ', 1))
    result = import_into_archive(tmp_path / "snap", tmp_path / "copy.db")
    assert result.articles["new"] == len(manifest["files"]) - 1
    assert len(result.errors) == 1


def test_cli_export_and_import(archive, tmp_path):
    out = tmp_path / "snap"
    result = run_cli("export", "--db", str(archive), "--out", str(out), "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    assert "Exported 2 articles and 6 comments" in result.stdout
    result = run_cli("import", str(out), "--db", str(tmp_path / "copy.db"))
    assert result.returncode == 0, result.stderr
    assert "articles 2 new" in result.stdout
    result = run_cli("export", "--db", str(tmp_path / "missing.db"), "--out", str(out))
    assert result.returncode == 1 and "Error: " in result.stderr
    assert "Traceback" not in result.stderr
    result = run_cli("import", str(tmp_path), "--db", str(tmp_path / "copy.db"))
    assert result.returncode == 1 and "not a snapshot" in result.stderr


@pytest.mark.slow
def test_demo_export_validates_against_the_schema_and_round_trips(demo_archive, tmp_path):
    db = tmp_path / "demo.db"
    shutil.copy(demo_archive, db)
    export_archive(db, tmp_path / "snap")
    Draft202012Validator.check_schema(SCHEMA)
    full = Draft202012Validator(SCHEMA)
    files = read_files(tmp_path / "snap")
    for data in files.values():
        full.validate(json.loads(data))
    manifest = json.loads(files["manifest.json"])
    validator("manifest").validate(manifest)
    check = open_archive(db)
    assert manifest["counts"]["comments"] == check.execute(
        "select count(*) from comments").fetchone()[0]
    check.close()
    import_into_archive(tmp_path / "snap", tmp_path / "copy.db")
    export_archive(tmp_path / "copy.db", tmp_path / "again")
    assert without_export_time(files) == without_export_time(read_files(tmp_path / "again"))
