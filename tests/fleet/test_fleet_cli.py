"""`archiver fleet` commands: bad input and an unreachable Redis are one line, no traceback."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from archiver.cli import main
from archiver.fleet.redis_server import free_port
from archiver.store import open_archive


@pytest.fixture
def env(tmp_path):
    # A port nothing listens on: Redis is unreachable.
    return {"ARCHIVER_FLEET_ARCHIVE": str(tmp_path / "archive.db"),
            "ARCHIVER_FLEET_SHARED": str(tmp_path / "shared"),
            "ARCHIVER_FLEET_REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"}


def run(env, *args):
    return CliRunner().invoke(main, ["fleet", *args], env=env)


def test_add_reports_lines_that_are_not_sites_and_adds_the_rest(env, tmp_path):
    listing = tmp_path / "sites.txt"
    listing.write_text("https://a.example/\nnot a url\nhttps://b.example/\n")
    result = run(env, "add", str(listing), "--every", "6h")
    assert result.exit_code == 1
    assert "skipped:" in result.output and "line 2" in result.output
    assert "2 sites added, 0 updated" in result.output
    assert result.output.strip().splitlines()[-1] == \
        f"Error: 1 lines of {listing} are not site URLs"
    db = open_archive(env["ARCHIVER_FLEET_ARCHIVE"])
    assert [r["every"] for r in db.query("select every from fleet_sites")] == [21600, 21600]


def test_add_a_missing_file_or_a_bad_interval_is_one_line(env, tmp_path):
    result = run(env, "add", str(tmp_path / "missing.txt"))
    assert result.exit_code == 1 and result.output.startswith("Error: ")
    assert "cannot be read" in result.output and "Traceback" not in result.output
    (tmp_path / "s.txt").write_text("https://a.example/\n")
    result = run(env, "add", str(tmp_path / "s.txt"), "--every", "weekly")
    assert result.exit_code == 1 and "refresh interval" in result.output


def test_schedule_without_redis_says_so_and_leaves_the_sites_due(env, tmp_path):
    (tmp_path / "s.txt").write_text("https://a.example/\n")
    run(env, "add", str(tmp_path / "s.txt"))
    result = run(env, "schedule")
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Error: cannot reach Redis at redis://127.0.0.1:")
    assert len(result.output.strip().splitlines()) == 1
    status = json.loads(run(env, "status", "--json").output)
    assert status["redis"].startswith("unreachable")
    assert [s["state"] for s in status["sites"]] == ["due"]


def test_status_of_an_empty_fleet(env):
    result = run(env, "status")
    assert result.exit_code == 0
    assert result.output.startswith("0 sites: none (add some with `archiver fleet add`)")
