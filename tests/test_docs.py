"""Docs stay in step with the code: settings, commands, generated sections."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from archiver import settings
from archiver.cli import main
from tests.helpers import REPO

SETTINGS_DOC = (REPO / "docs" / "settings.md").read_text()
CLI_DOC = (REPO / "docs" / "cli.md").read_text()


@pytest.mark.parametrize("name", [n for n in dir(settings) if n.startswith("ARCHIVER_")])
def test_every_archiver_setting_is_documented(name):
    assert f"### `{name}`" in SETTINGS_DOC


def test_archiver_settings_are_alphabetical():
    names = re.findall(r"^(ARCHIVER_\w+) =", (REPO / "archiver" / "settings.py").read_text(),
                       re.MULTILINE)
    assert names == sorted(names)


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_docs_and_an_example(name):
    command = main.commands[name]
    assert "Example:" in (command.help or "")
    assert f"## archiver {name}" in CLI_DOC
    assert f'show("{name}")' in CLI_DOC


def test_generated_sections_are_current():
    result = subprocess.run([sys.executable, "-m", "cogapp", "--check", "README.md",
                             "docs/cli.md"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr + \
        "\nrun: cog -r README.md docs/cli.md"


def test_every_sql_example_in_the_readme_runs_on_an_archive():
    from archiver.store import open_archive

    readme = (REPO / "README.md").read_text()
    generated = readme.index("<!-- [[[cog")
    blocks = re.findall(r"```sql\n(.*?)```", readme[:generated] + readme[
        readme.index("<!-- [[[end]]] -->"):], re.DOTALL)
    statements = [s.strip() for block in blocks for s in block.split(";") if s.strip()]
    assert len(statements) >= 5
    db = open_archive(":memory:")
    for statement in statements:
        db.execute(statement).fetchall()
