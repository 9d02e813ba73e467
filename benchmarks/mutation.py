"""Mutation run: seed realistic bugs one at a time and see whether the tests notice.

Usage: python benchmarks/mutation.py [--only NAME ...] [--list] [--keep]

The repository is copied to a temporary folder once; each mutation replaces one small code
snippet in the copy, runs the tests that should catch it (with PYTHONPATH pointing at the
copy, so subprocesses see the mutant too) and puts the snippet back. A mutation whose snippet
is not in the file any more (the code moved on) is reported as "not applied", never an error:
update its snippet. Games add their rules' mutations to MUTATIONS.

Not part of CI: it runs the relevant tests once per mutation (a few minutes in all).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Mutation:
    name: str
    file: str  # relative to the repository root
    find: str  # the snippet the bug replaces; must occur in the file
    replace: str
    tests: tuple[str, ...]  # test files or node ids that should catch it


SCORING = ("tests/core/test_verify.py", "tests/core/test_answers.py",
           "tests/core/test_extract.py")
REWARDS = ("tests/rewards/test_trainer_calls.py", "tests/rewards/test_formats.py")

MUTATIONS = [
    # -- scoring --------------------------------------------------------------------------
    Mutation("verify's catch-all re-raises", "src/visreason/core/verify.py",
             "    except Exception:  # a hostile completion must cost a zero, never a crashed run\n"
             "        return 0.0",
             "    except Exception:  # a hostile completion must cost a zero, never a crashed run\n"
             "        raise", SCORING),
    Mutation("verify's catch-all scores 1", "src/visreason/core/verify.py",
             "    except Exception:  # a hostile completion must cost a zero, never a crashed run\n"
             "        return 0.0",
             "    except Exception:  # a hostile completion must cost a zero, never a crashed run\n"
             "        return 1.0", SCORING),
    Mutation("canonical_coordinate sorts the numbers", "src/visreason/core/answers.py",
             'return "(" + ", ".join(str(int(i)) for i in ints) + ")"',
             'return "(" + ", ".join(str(int(i)) for i in sorted(ints, key=int)) + ")"',
             SCORING),
    Mutation("hedged choices score on their first letter", "src/visreason/core/answers.py",
             "        if _HEDGE_RE.match(text, match.end()):\n            return None\n", "",
             SCORING),
    Mutation("number ranges score on their first number", "src/visreason/core/answers.py",
             "    if _RANGE_RE.search(text):\n        return []\n", "", SCORING),
    Mutation("full-width digits are not read", "src/visreason/core/answers.py",
             'text = unicodedata.normalize("NFKC", str(value))', "text = str(value)", SCORING),
    Mutation("the first answer span wins", "src/visreason/core/extract.py",
             "(start, end), stated = max(marked, key=lambda m: (m[0][1], -m[0][0]))",
             "(start, end), stated = min(marked, key=lambda m: (m[0][1], -m[0][0]))", SCORING),
    Mutation("answers inside the thinking count", "src/visreason/core/extract.py",
             "    return text if end is None else text[end.end():]", "    return text",
             SCORING),
    Mutation("JSON-text state is not parsed", "src/visreason/core/sample.py",
             '    if isinstance(value, str):\n        try:\n            value = json.loads(value)\n'
             '        except ValueError as exc:\n            raise SampleError(f"sample {sample}: '
             '{name} is not valid JSON ({exc})") from None\n    if not isinstance(value, Mapping)',
             "    if not isinstance(value, (Mapping, str))", SCORING),
    Mutation("a question's own option labels are ignored", "src/visreason/core/verify.py",
             "    if labels and kind in", "    if False and labels and kind in",
             ("tests/data/test_gameqa_import.py",)),
    Mutation("think format check backtracks (quadratic)", "src/visreason/rewards/formats.py",
             "        return _follows_think(text)",
             '        return re.fullmatch(r"\\s*<think>(.*?)</think>\\s*<answer>(.+?)</answer>'
             '\\s*", text, re.S) is not None', ("tests/rewards/test_formats.py",)),
    # -- trainer plug-ins and the reward server ---------------------------------------------
    Mutation("verl file imports relatively", "src/visreason/rewards/verl.py",
             "from visreason.rewards.rows import sample_from_row",
             "from .rows import sample_from_row", ("tests/rewards/test_plugin_files.py",)),
    Mutation("OpenRLHF gets a bare tensor", "src/visreason/rewards/openrlhf.py",
             '    return {"rewards": rewards, "scores": rewards.clone(), "extra_logs": logs}',
             "    return rewards", ("tests/rewards/test_plugin_files.py",
                                    "tests/rewards/test_trainer_calls.py")),
    Mutation("non-finite weights are accepted", "src/visreason/rewards/server.py",
             'weight_field = {"allow_inf_nan": False,', 'weight_field = {"allow_inf_nan": True,',
             ("tests/rewards/test_server.py",)),
    Mutation("large requests are scored on the event loop", "src/visreason/rewards/server.py",
             "        return await asyncio.get_running_loop().run_in_executor(workers, work)",
             "        return work()", ("tests/rewards/test_server.py",)),
    # -- the data layer ---------------------------------------------------------------------
    Mutation("an unfinished run's settings are not checked", "src/visreason/data/run.py",
             "        changed = differences(previous, wanted)\n        if changed:",
             "        changed = []\n        if changed:", ("tests/data/test_run_resume.py",)),
    Mutation("resume trusts parts without their checksums", "src/visreason/data/run.py",
             "    if not isinstance(files, dict) or not _intact(out, files):",
             "    if not isinstance(files, dict):", ("tests/data/test_run_resume.py",)),
    Mutation("the JSONL writer stores wrong answers", "src/visreason/data/records.py",
             "    return sample.to_dict(image=image_path)",
             '    return {**sample.to_dict(image=image_path),\n'
             '            "answer": "A" if sample.options else sample.answer}',
             ("tests/data/test_roundtrip.py",)),
    Mutation("open-form pictures share a file", "src/visreason/data/records.py",
             '    index = head.rsplit("/", 1)[-1]',
             '    index = sample.id.rsplit("/", 1)[1].split("@")[0]',
             ("tests/data/test_roundtrip.py",)),
    Mutation("image paths may leave the dataset folder", "src/visreason/data/read.py",
             "    if not target.is_relative_to(folder):", "    if False:",
             ("tests/data/test_read.py",)),
    Mutation("exporting nothing succeeds", "src/visreason/data/export.py",
             "        if count == 0:", "        if count < 0:",
             ("tests/data/test_export.py",)),
    Mutation("LLaMA-Factory rows end on the user turn", "src/visreason/data/export.py",
             'empty_reply=target == "llamafactory"', "empty_reply=False",
             ("tests/data/test_export.py",)),
    Mutation("GameQA indices are all 0-based", "src/visreason/data/gameqa_import.py",
             "first = 0 if game in ZERO_BASED_GAMES else 1", "first = 0",
             ("tests/data/test_gameqa_import.py",)),
    Mutation("eval records must be strict UTF-8", "src/visreason/eval/runner.py",
             'open(out / RECORDS, "a", encoding="utf-8", errors=ENCODING_ERRORS)',
             'open(out / RECORDS, "a", encoding="utf-8")', ("tests/eval/test_runner.py",)),
    Mutation("report compares samples the runs do not share", "src/visreason/eval/report.py",
             "common = set.intersection(*ids) if ids else set()",
             "common = set.union(*ids) if ids else set()", ("tests/eval/test_cli.py",)),
    # -- game rules -------------------------------------------------------------------------
    Mutation("sokoban pushes a row of two boxes", "src/visreason/games/sokoban/rules.py",
             "    if beyond in board.walls or beyond in board.boxes:",
             "    if beyond in board.walls:", ("tests/games/test_sokoban.py",)),
    Mutation("tictactoe: the other player is to move", "src/visreason/games/tictactoe/rules.py",
             "    return O if n_o == n_x else X", "    return X if n_o == n_x else O",
             ("tests/games/test_tictactoe.py",)),
    Mutation("lifegame: a live cell with 4 neighbours survives",
             "src/visreason/games/lifegame/rules.py",
             "int(live_neighbours in (2, 3))", "int(live_neighbours in (2, 3, 4))",
             ("tests/games/test_lifegame.py",)),
    Mutation("minesweeper: diagonal cells are not neighbours",
             "src/visreason/games/minesweeper/rules.py",
             "if (dr or dc) and 0 <= r + dr < size", "if (dr or dc) and not (dr and dc) and "
             "0 <= r + dr < size", ("tests/games/test_minesweeper.py",)),
    Mutation("sudoku: candidates ignore the box", "src/visreason/games/sudoku/rules.py",
             "seen = set(row) | set(col) | set(box)", "seen = set(row) | set(col)",
             ("tests/games/test_sudoku.py",)),
]


def copy_repository(target: Path) -> None:
    shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns(
        ".git", ".ci", "__pycache__", ".hypothesis", "*.egg-info", ".pytest_cache",
        ".ruff_cache", "runs", "out", ".venv"))


def run_tests(copy: Path, tests: tuple[str, ...]) -> tuple[int, float]:
    env = {**os.environ, "PYTHONPATH": str(copy / "src"), "CI": ""}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
                           "-p", "no:randomly", *tests], cwd=copy, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return done.returncode, time.perf_counter() - started


def verdict(code: int) -> str:
    return {0: "SURVIVED", 1: "caught", 5: "no tests ran"}.get(code, f"caught (exit {code})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", default=None, help="Substrings of names to run.")
    parser.add_argument("--list", action="store_true", help="List the mutations and stop.")
    parser.add_argument("--keep", action="store_true", help="Keep the temporary copy.")
    options = parser.parse_args()
    chosen = [m for m in MUTATIONS
              if not options.only or any(o in m.name for o in options.only)]
    if options.list:
        for m in chosen:
            print(f"{m.name:<50} {m.file}")
        return
    workdir = Path(tempfile.mkdtemp(prefix="visreason-mutants-"))
    copy = workdir / "repo"
    copy_repository(copy)
    results: list[tuple[Mutation, str]] = []
    try:
        baseline, seconds = run_tests(copy, tuple(sorted({t for m in chosen for t in m.tests})))
        print(f"baseline: the {len({t for m in chosen for t in m.tests})} test files "
              f"{'pass' if baseline == 0 else f'FAIL (exit {baseline})'} ({seconds:.0f} s)\n")
        for mutation in chosen:
            path = copy / mutation.file
            original = path.read_text("utf-8") if path.exists() else ""
            if mutation.find not in original:
                results.append((mutation, "not applied"))
                print(f"{'not applied':<16} {mutation.name}  (snippet not in {mutation.file})",
                      flush=True)
                continue
            path.write_text(original.replace(mutation.find, mutation.replace, 1), "utf-8")
            try:
                code, seconds = run_tests(copy, mutation.tests)
            finally:
                path.write_text(original, "utf-8")
            results.append((mutation, verdict(code)))
            print(f"{verdict(code):<16} {mutation.name}  ({seconds:.0f} s)", flush=True)
    finally:
        if options.keep:
            print(f"\nthe copy is in {copy}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    applied = [r for _, r in results if r != "not applied"]
    caught = [r for r in applied if r.startswith("caught")]
    print(f"\n{len(caught)} of {len(applied)} applied mutations caught"
          f" ({len(results) - len(applied)} not applied)")
    survivors = [m.name for m, r in results if r in ("SURVIVED", "no tests ran")]
    if survivors:
        print("survived: " + "; ".join(survivors))


if __name__ == "__main__":
    main()
