"""Sokoban environment: multi-box boards from the game's generator, solver-optimal play,
deadlocks lose, random play, seeds, hostile text."""

from collections import deque

from visreason import env
from visreason.core import get_game
from visreason.env import checks
from visreason.games.sokoban import rules

STEP = {"up": (-1, 0), "down": (1, 0), "left": (0, -1), "right": (0, 1)}


def brute_force(grid: list[str]) -> int | None:
    """Fewest moves by plain BFS over raw (player, box set) states; its own push rules."""
    walls = {(r, c) for r, row in enumerate(grid) for c, ch in enumerate(row) if ch == "#"}
    targets = frozenset((r, c) for r, row in enumerate(grid) for c, ch in enumerate(row)
                        if ch in ".*+")
    boxes = frozenset((r, c) for r, row in enumerate(grid) for c, ch in enumerate(row)
                      if ch in "$*")
    player = next((r, c) for r, row in enumerate(grid) for c, ch in enumerate(row) if ch in "@+")
    seen = {(player, boxes)}
    queue = deque([(player, boxes, 0)])
    while queue:
        p, bs, d = queue.popleft()
        if bs == targets:
            return d
        for dr, dc in STEP.values():
            q = (p[0] + dr, p[1] + dc)
            if q in walls:
                continue
            after = bs
            if q in bs:
                beyond = (q[0] + dr, q[1] + dc)
                if beyond in walls or beyond in bs:
                    continue
                after = bs - {q} | {beyond}
            if (q, after) not in seen:
                seen.add((q, after))
                queue.append((q, after, d + 1))
    return None


def test_scripted_policy_wins_in_the_solver_length():
    """Exactly the optimal count at every level over several seeds, multi-box boards."""
    results = checks.check_scripted_wins("sokoban", seeds=range(4))
    assert all(len(rules.from_grid(info["state"]["grid"]).boxes) == 3 for info in results)


def test_starts_are_the_levels_boards():
    """The level's size and box count, boxes not all on targets, no deadlock at the start."""
    presets = get_game("sokoban").presets
    for level in checks.LEVELS:
        for seed in range(3):
            _, info = env.make("sokoban", level=level, seed=seed).reset()
            board = rules.from_grid(info["state"]["grid"])
            assert board.size == presets[level]["size"]
            assert len(board.boxes) == len(board.targets) == presets[level]["boxes"]
            assert set(board.boxes) != set(board.targets) and not rules.deadlocked(board)
            assert info["optimal_steps"] >= 1


def test_optimal_length_matches_brute_force():
    """On the small level an exhaustive search over raw states finds the same minimum."""
    for seed in range(6):
        _, info = env.make("sokoban", level="easy", seed=seed).reset()
        assert info["optimal_steps"] == brute_force(info["state"]["grid"])


def test_one_box_boards_still_play():
    checks.check_scripted_wins("sokoban", seeds=range(2), levels=("medium",), boxes=1)


def test_random_play_is_counted_and_never_crashes():
    assert checks.check_random_play("sokoban", steps=40) > 0


def test_seeds_reproduce_episodes():
    checks.check_reproducible("sokoban")


def test_hostile_completions_are_refused():
    checks.check_hostile("sokoban")


def test_pushing_the_box_into_a_corner_loses():
    """A hand-made board: the box one push from a corner that is not the target."""
    grid = ["######",
            "#----#",
            "#$---#",
            "#@---#",
            "#--.-#",
            "######"]
    episode = env.make("sokoban", level="easy")
    episode.reset()
    episode.state = {"grid": grid}
    _, reward, terminated, _, info = episode.step("up")
    assert terminated and info["lost"] and not info["won"] and reward == 0.0
    assert "can no longer reach" in info["message"]
    assert rules.from_grid(info["state"]["grid"]).boxes == ((1, 1),)


def test_jamming_boxes_together_loses():
    """Pushing a fourth box into a 2x2 block off the targets: no box can ever move again."""
    grid = ["#######",
            "#-----#",
            "#-$$--#",
            "#-$---#",
            "#--$..#",
            "#--@..#",
            "#######"]
    episode = env.make("sokoban", level="easy")
    episode.reset()
    episode.state = {"grid": grid}
    _, reward, terminated, _, info = episode.step("up")
    assert terminated and info["lost"] and reward == 0.0
    assert "jammed" in info["message"]
    assert brute_force(info["state"]["grid"]) is None  # truly lost
    # The same push one column over jams nothing: the game goes on.
    grid[1], grid[4], grid[5] = "#---..#", "#---$.#", "#---@.#"
    episode.reset()
    episode.state = {"grid": grid}
    _, _, terminated, _, info = episode.step("up")
    assert not terminated and not info["lost"], info["message"]
