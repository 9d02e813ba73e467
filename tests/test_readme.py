"""The README's games table is the registry's, and its first two commands are the set-up ones."""

from __future__ import annotations

from pathlib import Path

from visreason.core.catalog import games_markdown

README = Path(__file__).resolve().parents[1] / "README.md"


def test_games_table_matches_registry() -> None:
    text = README.read_text(encoding="utf-8")
    start = text.index("<!-- games-table:start -->") + len("<!-- games-table:start -->")
    end = text.index("<!-- games-table:end -->")
    assert text[start:end].strip() == games_markdown().strip(), \
        "README games table is stale: paste `visreason list --markdown` between the markers"


def test_readme_opens_with_two_setup_commands() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    block = lines[lines.index("```bash") + 1: lines.index("```")]
    assert len(block) == 2
    assert block[0].startswith("pip install . && visreason generate")
    assert block[1].startswith('pip install -e ".[test]" && python -m pytest')
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert block[1] in ci
