"""Verifiable game multi-hop questions: answers re-derived by a second, simpler rulebook per
game (simulate, count, compare), wrong options scoring 0, the strict audit in both forms,
determinism, and the `synth game` command writing a dataset every reader takes."""

from __future__ import annotations

import io
import json
from collections import Counter, deque
from math import comb
from pathlib import Path

import pytest
from click.testing import CliRunner

from visreason.cli import cli
from visreason.core.errors import UnknownGameError, UnknownTaskError, VisreasonError
from visreason.core.sample import Sample
from visreason.core.verify import verify
from visreason.data.audit import audit
from visreason.data.read import read_dataset
from visreason.rewards import accuracy, row_to_columns
from visreason.synth.game import (
    FOUNDATION,
    KINDS,
    OUTCOMES,
    generate_all,
    generate_forms,
    generate_multihop,
    hop_games,
    multihop_tasks,
    parse_kinds,
)

LEVELS = ("easy", "medium", "hard")
SPOT = 12  # samples per game x kind x level whose answers are re-derived

# ------------------------------------------------------------------ the second rulebook
# Written from the rules text, sharing no code with the games.

STEPS = {"up": (-1, 0), "down": (1, 0), "left": (0, -1), "right": (0, 1)}


def outcome(a: int, b: int) -> str:
    return "first" if a > b else "second" if b > a else "equal"


def sokoban(sample: Sample) -> object:
    grid = sample.state["grid"]
    walls = {(r, c) for r, row in enumerate(grid) for c, ch in enumerate(row) if ch == "#"}
    boxes = {(r, c) for r, row in enumerate(grid) for c, ch in enumerate(row) if ch in "$*"}
    (player,) = [(r, c) for r, row in enumerate(grid) for c, ch in enumerate(row) if ch in "@+"]
    blocked = pushes = 0
    first_push = 0
    for number, move in enumerate(sample.meta["moves"], 1):
        dr, dc = STEPS[move]
        ahead = (player[0] + dr, player[1] + dc)
        beyond = (ahead[0] + dr, ahead[1] + dc)
        if ahead in walls or (ahead in boxes and (beyond in walls or beyond in boxes)):
            blocked += 1
            continue
        if ahead in boxes:
            boxes = (boxes - {ahead}) | {beyond}
            pushes += 1
            first_push = first_push or number
        player = ahead
    kind = sample.meta["composition"]
    if kind == "bridge":
        return sum((player[0] + dr, player[1] + dc) in walls | boxes
                   for dr, dc in STEPS.values())
    if kind == "temporal":
        return first_push
    return outcome(blocked, pushes)


def maze(sample: Sample) -> object:
    grid = sample.state["grid"]
    player, goal = tuple(sample.state["player"]), tuple(sample.state["goal"])
    dist = {goal: 0}
    queue = deque([goal])
    while queue:
        r, c = queue.popleft()
        for dr, dc in STEPS.values():
            nxt = (r + dr, c + dc)
            if grid[nxt[0]][nxt[1]] == "." and nxt not in dist:
                dist[nxt] = dist[(r, c)] + 1
                queue.append(nxt)
    moves = sample.meta["moves"]
    kind = sample.meta["composition"]
    if kind == "temporal":
        moves = moves[:sample.meta["k"]]
    cell = player
    for move in moves:
        cell = (cell[0] + STEPS[move][0], cell[1] + STEPS[move][1])
        assert grid[cell[0]][cell[1]] == ".", "a walk through a wall"
    if kind == "bridge":
        return dist[cell]
    if kind == "temporal":
        return sum(grid[cell[0] + dr][cell[1] + dc] == "." for dr, dc in STEPS.values())
    return outcome(dist[player], dist[cell])


def mine_verdicts(board: list[list[str]], total: int) -> tuple[set, set]:
    """(certainly safe, certainly mine) hidden unflagged cells, by backtracking over the cells
    next to a number and counting the placements of the other mines off them."""
    n = len(board)

    def around(r: int, c: int) -> list[tuple[int, int]]:
        return [(r + i, c + j) for i in (-1, 0, 1) for j in (-1, 0, 1)
                if (i or j) and 0 <= r + i < n and 0 <= c + j < n]

    hidden = [(r, c) for r in range(n) for c in range(n) if board[r][c] == "#"]
    flags = sum(v == "F" for row in board for v in row)
    rules = []
    for r in range(n):
        for c in range(n):
            if board[r][c].isdigit():
                cells = [x for x in around(r, c) if board[x[0]][x[1]] == "#"]
                need = int(board[r][c]) - sum(board[x][y] == "F" for x, y in around(r, c))
                rules.append((cells, need))
    edge = sorted({x for cells, _ in rules for x in cells})
    rest = [x for x in hidden if x not in set(edge)]
    left = total - flags
    weight_of = Counter()
    total_weight = 0
    rest_weight = 0
    chosen: dict[tuple[int, int], int] = {}

    def fits(final: bool) -> bool:
        for cells, need in rules:
            placed = sum(chosen.get(x, 0) for x in cells)
            open_cells = sum(x not in chosen for x in cells)
            if placed > need or placed + open_cells < need or (final and placed != need):
                return False
        return True

    def place(i: int) -> None:
        nonlocal total_weight, rest_weight
        if not fits(i == len(edge)):
            return
        if i == len(edge):
            m = sum(chosen.values())
            if not 0 <= left - m <= len(rest):
                return
            ways = comb(len(rest), left - m)
            total_weight += ways
            for x, v in chosen.items():
                if v:
                    weight_of[x] += ways
            if rest:
                rest_weight += comb(len(rest) - 1, left - m - 1) if left - m >= 1 else 0
            return
        for value in (0, 1):
            chosen[edge[i]] = value
            place(i + 1)
            del chosen[edge[i]]

    place(0)
    for x in rest:
        weight_of[x] = rest_weight
    safe = {x for x in hidden if weight_of[x] == 0}
    mines = {x for x in hidden if weight_of[x] == total_weight}
    return safe, mines


def minesweeper(sample: Sample) -> object:
    board, kind = sample.state["board"], sample.meta["composition"]
    if kind == "bridge":
        r, c = sample.meta["cell"]
        n = len(board)
        flags = sum(board[r + i][c + j] == "F" for i in (-1, 0, 1) for j in (-1, 0, 1)
                    if (i or j) and 0 <= r + i < n and 0 <= c + j < n)
        return int(board[r][c]) - flags
    safe, mines = mine_verdicts(board, sample.state["mines"])
    if kind == "temporal":
        return sum(v == "#" for row in board for v in row) - len(mines)
    return outcome(len(safe), len(mines))


LINES = ([[(r, c) for c in range(3)] for r in range(3)] + [[(r, c) for r in range(3)]
         for c in range(3)] + [[(i, i) for i in range(3)], [(i, 2 - i) for i in range(3)]])


def ttt_move(board: list[list[str]]) -> tuple[int, int]:
    """The stated priority strategy, written out again."""
    flat = [v for row in board for v in row]
    me = "O" if flat.count("O") == flat.count("X") else "X"
    you = "X" if me == "O" else "O"
    empty = [(r, c) for r in range(3) for c in range(3) if board[r][c] == "."]

    def completes(p: str) -> list:
        return [e for e in empty if any(e in line and all(board[r][c] == p for r, c in line
                                                          if (r, c) != e) for line in LINES)]

    def forks(p: str) -> list:
        q = "X" if p == "O" else "O"
        return [e for e in empty if sum(
            e in line and [board[r][c] for r, c in line if (r, c) != e].count(p) == 1
            and q not in [board[r][c] for r, c in line] for line in LINES) >= 2]

    for found in (completes(me), completes(you), forks(me), forks(you), empty):
        if found:
            return found[0]
    raise AssertionError("no move on a full board")


def ttt_over(board: list[list[str]]) -> bool:
    won = any(len({board[r][c] for r, c in line}) == 1 and board[line[0][0]][line[0][1]] != "."
              for line in LINES)
    return won or all(v != "." for row in board for v in row)


def ttt_play(board: list[list[str]]) -> list[list[str]]:
    flat = [v for row in board for v in row]
    me = "O" if flat.count("O") == flat.count("X") else "X"
    r, c = ttt_move(board)
    after = [row[:] for row in board]
    after[r][c] = me
    return after


def tictactoe(sample: Sample) -> object:
    board, kind = sample.state["board"], sample.meta["composition"]
    flat = [v for row in board for v in row]
    me = "O" if flat.count("O") == flat.count("X") else "X"
    you = "X" if me == "O" else "O"
    if kind == "bridge":
        return "({}, {})".format(*ttt_move(ttt_play(board)))
    if kind == "temporal":
        moves = 0
        while not ttt_over(board):
            board, moves = ttt_play(board), moves + 1
        return moves
    after = ttt_play(board)
    open_now = sum(all(board[r][c] != you for r, c in line) for line in LINES)
    open_after = sum(all(after[r][c] != me for r, c in line) for line in LINES)
    return outcome(open_now, open_after)


def life_step(grid: list[list[int]]) -> list[list[int]]:
    n = len(grid)
    out = []
    for r in range(n):
        row = []
        for c in range(n):
            live = sum(grid[(r + i) % n][(c + j) % n] for i in (-1, 0, 1) for j in (-1, 0, 1)
                       if i or j)
            row.append(int(live == 3 or (grid[r][c] and live == 2)))
        out.append(row)
    return out


def lifegame(sample: Sample) -> object:
    grid, kind = sample.state["grid"], sample.meta["composition"]
    later = grid
    for _ in range(sample.meta["steps"]):
        later = life_step(later)
    if kind == "bridge":
        r, c = sample.meta["cell"]
        n = len(grid)
        return sum(later[(r + i) % n][(c + j) % n] for i in (-1, 0, 1) for j in (-1, 0, 1)
                   if i or j)
    if kind == "temporal":
        return sum(map(sum, later))
    return outcome(sum(map(sum, grid)), sum(map(sum, later)))


def sudoku_left(board: list[list[int]], cell: tuple[int, int]) -> set[int]:
    r, c = cell
    seen = set(board[r]) | {board[i][c] for i in range(9)}
    seen |= {board[i][j] for i in range(r // 3 * 3, r // 3 * 3 + 3)
             for j in range(c // 3 * 3, c // 3 * 3 + 3)}
    return set(range(1, 10)) - seen


def sudoku_fill(board: list[list[int]], times: int) -> list[list[int]]:
    board = [row[:] for row in board]
    for _ in range(times):
        for r in range(9):
            spot = next((c for c in range(9) if board[r][c] == 0
                         and len(sudoku_left(board, (r, c))) == 1), None)
            if spot is not None:
                (board[r][spot],) = sudoku_left(board, (r, spot))
                break
        else:
            raise AssertionError("no naked single to fill")
    return board


def sudoku(sample: Sample) -> object:
    board, kind = sample.state["board"], sample.meta["composition"]
    if kind == "compare":
        a, b = (tuple(x) for x in sample.meta["cells"])
        return outcome(len(sudoku_left(board, a)), len(sudoku_left(sudoku_fill(board, 1), b)))
    left = sudoku_left(sudoku_fill(board, sample.meta["steps"]), tuple(sample.meta["cell"]))
    (value,) = left
    return sample.state["colors"][value - 1]


SECOND_RULEBOOK = {"sokoban": sokoban, "maze": maze, "minesweeper": minesweeper,
                   "tictactoe": tictactoe, "lifegame": lifegame, "sudoku": sudoku}


def stated(sample: Sample) -> str:
    """What the sample's answer says: the option text (an outcome word for comparisons)."""
    if sample.answer_form == "open":
        return sample.answer
    index = ord(sample.answer) - 65
    if sample.task == "multihop_compare":
        return OUTCOMES[index]
    return sample.options[index]


# ------------------------------------------------------------------------------- tests

def test_every_foundation_game_declares_three_kinds() -> None:
    assert set(FOUNDATION) <= set(hop_games())
    for game in FOUNDATION:
        assert sorted(t.composition.kind for t in multihop_tasks(game)) == sorted(KINDS)


@pytest.mark.parametrize("game", FOUNDATION)
def test_answers_rederived_by_a_second_rulebook(game: str) -> None:
    derive = SECOND_RULEBOOK[game]
    for kind in KINDS:
        for level in LEVELS:
            for index in range(SPOT):
                form = "open" if index % 2 else "choice"
                sample = generate_multihop(game, kind, level, 3, index, answer_form=form,
                                           text_only=True)
                assert sample.meta["composition"] == kind
                assert len(sample.meta["hops"]) >= 2
                assert str(derive(sample)) == stated(sample), sample.id
                assert sample.analysis.count("Hop ") >= len(sample.meta["hops"])


@pytest.mark.parametrize("game", FOUNDATION)
def test_right_option_scores_one_and_every_wrong_option_zero(game: str) -> None:
    for kind in KINDS:
        for index in range(6):
            sample = generate_multihop(game, kind, "medium", 1, index, text_only=True)
            for i, _ in enumerate(sample.options):
                letter = chr(65 + i)
                want = 1.0 if letter == sample.answer else 0.0
                assert verify(sample, f"<answer>{letter}</answer>") == want
            opened = generate_multihop(game, kind, "medium", 1, index, answer_form="open",
                                       text_only=True)
            assert opened.options is None and opened.state == sample.state
            assert [s.to_dict() for s in generate_forms(game, kind, "medium", 1, index,
                                                        text_only=True)] == \
                [sample.to_dict(), opened.to_dict()]
            assert verify(opened, f"The answer is {opened.answer}.") == 1.0
            for i, option in enumerate(sample.options):
                if chr(65 + i) == sample.answer:
                    continue
                wrong = OUTCOMES[i] if kind == "compare" else option
                assert verify(opened, f"<answer>{wrong}</answer>") == 0.0


def test_comparison_open_answers_accept_plain_wordings() -> None:
    for index in range(9):
        sample = generate_multihop("lifegame", "compare", "easy", 0, index, answer_form="open",
                                   text_only=True)
        word = sample.answer
        phrases = {"first": "the first quantity is larger", "second": "the second",
                   "equal": "They are equal"}
        assert verify(sample, f"<answer>{phrases[word]}</answer>") == 1.0
        for other in OUTCOMES:
            if other != word:
                assert verify(sample, f"<answer>{other}</answer>") == 0.0


@pytest.mark.parametrize("game", FOUNDATION)
def test_audit_passes_strictly_in_both_forms(game: str) -> None:
    samples = [sample for kind in KINDS for level in LEVELS for i in range(300)
               for sample in generate_forms(game, kind, level, 0, i, text_only=True)]
    report = audit(samples)
    assert len(report.groups) == len(KINDS) * len(LEVELS) * 2
    assert all(g.judged for g in report.groups)
    assert report.failures == []


def test_deterministic_in_any_order_with_pictures() -> None:
    def dump(sample: Sample) -> tuple[str, bytes]:
        buffer = io.BytesIO()
        sample.image.save(buffer, format="PNG")
        return json.dumps(sample.to_dict(), sort_keys=True), buffer.getvalue()

    keys = [(g, k, i) for g in FOUNDATION for k in KINDS for i in (0, 7)]
    first = {key: dump(generate_multihop(key[0], key[1], "hard", 5, key[2])) for key in keys}
    second = {key: dump(generate_multihop(key[0], key[1], "hard", 5, key[2]))
              for key in reversed(keys)}
    assert first == second
    other_seed = generate_multihop("sokoban", "bridge", "hard", 6, 0, text_only=True)
    assert other_seed.question != generate_multihop("sokoban", "bridge", "hard", 5, 0,
                                                    text_only=True).question


def test_unknown_names_are_clear_errors() -> None:
    with pytest.raises(UnknownGameError):
        generate_multihop("sokobam", "bridge")
    with pytest.raises(UnknownTaskError):
        generate_multihop("sokoban", "causal")
    with pytest.raises(VisreasonError):
        parse_kinds("bridge,causal")
    with pytest.raises(VisreasonError):
        generate_multihop("maze", "bridge", answer_form="mixed")


def test_cli_writes_a_dataset_that_reads_back_and_verifies(tmp_path: Path) -> None:
    out = tmp_path / "hops"
    result = CliRunner().invoke(cli, ["synth", "game", "--games", "sokoban,maze",
                                      "--per-game", "18", "--seed", "0", "--out", str(out),
                                      "--answer-form", "mixed", "--shard-size", "7"])
    assert result.exit_code == 0, result.output
    samples = list(read_dataset(out))
    assert len(samples) == 36
    assert Counter(s.game for s in samples) == {"sokoban": 18, "maze": 18}
    assert {s.answer_form for s in samples} == {"choice", "open"}
    expected = list(generate_all(["sokoban", "maze"], 18, 0, answer_form="mixed"))
    assert [s.id for s in samples] == [s.id for s in expected]
    for sample in samples:
        assert sample.load_image().size[0] > 0
        assert verify(sample, f"<answer>{sample.answer}</answer>") == 1.0
    columns = [row_to_columns(s) for s in samples]
    batch = {key: [c[key] for c in columns] for key in columns[0]}
    right = [f"<answer>{s.answer}</answer>" for s in samples]
    wrong = [f"<answer>{'B' if s.answer == 'A' else 'A'}</answer>" if s.options
             else "<answer>-7</answer>" for s in samples]
    assert accuracy(completions=right, **batch) == [1.0] * len(samples)
    assert accuracy(completions=wrong, **batch) == [0.0] * len(samples)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["samples"] == 36 and manifest["config"]["per_game"] == 18
    again = CliRunner().invoke(cli, ["synth", "game", "--games", "maze", "--out", str(out)])
    assert again.exit_code != 0 and "already holds" in str(again.exception or again.output)
    audited = CliRunner().invoke(cli, ["audit", str(out)])
    assert audited.exit_code == 0, audited.output


@pytest.mark.hf
def test_cli_parquet_reads_back(tmp_path: Path) -> None:
    out = tmp_path / "pq"
    result = CliRunner().invoke(cli, ["synth", "game", "--games", "tictactoe", "--per-game",
                                      "9", "--out", str(out), "--format", "parquet",
                                      "--answer-form", "open"])
    assert result.exit_code == 0, result.output
    samples = list(read_dataset(out))
    assert len(samples) == 9 and all(s.answer_form == "open" for s in samples)
    assert all(verify(s, s.answer) == 1.0 for s in samples)


def test_multihop_dataset_is_a_visreason_dataset() -> None:
    import visreason
    from visreason.synth.game import MultiHopDataset

    ds = MultiHopDataset("sudoku,tictactoe", kinds="bridge,compare", levels="easy", size=10,
                         seed=2, answer_form="open", text_only=True)
    assert isinstance(ds, visreason.Dataset) and len(ds) == 10
    assert [ds.locate(i)[0] for i in range(4)] == [
        "sudoku/multihop_bridge", "sudoku/multihop_compare", "tictactoe/multihop_bridge",
        "tictactoe/multihop_compare"]
    assert ds[5].to_dict() == ds[5].to_dict() and ds[5].answer_form == "open"
    assert all(ds.score(i, f"<answer>{s.answer}</answer>") == 1.0 for i, s in enumerate(ds))
    with pytest.raises(IndexError):
        ds[10]
    with pytest.raises(VisreasonError):
        MultiHopDataset("maze", kinds="causal")


@pytest.mark.hf
def test_multihop_dataset_converts_to_hugging_face() -> None:
    from visreason.synth.game import MultiHopDataset

    rows = MultiHopDataset("maze", size=6, text_only=True).to_hf()
    assert len(rows) == 6 and rows[0]["task"].startswith("multihop_")
    assert verify(dict(rows[0]), f"<answer>{rows[0]['answer']}</answer>") == 1.0
