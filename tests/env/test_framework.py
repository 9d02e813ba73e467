"""The episode API every environment shares, exercised on the maze (the simplest game)."""

from __future__ import annotations

import pytest

from visreason import env
from visreason.core.params import ParamError
from visreason.env import EnvError, action_text
from visreason.env.actions import bit_grid, cell, integers, one_direction
from visreason.env.base import InvalidAction
from visreason.games.maze import rules as maze_rules


def test_every_environment_module_imports():
    names = env.names()
    assert env.IMPORT_FAILURES == {}
    for name in ("lifegame", "maze", "minesweeper", "sokoban", "sudoku", "tictactoe"):
        assert name in names


def test_unknown_names_and_options_fail_clearly():
    with pytest.raises(EnvError, match="did you mean 'maze'"):
        env.make("maez")
    with pytest.raises(ParamError, match="no difficulty parameter 'bogus'"):
        env.make("maze", bogus=3)
    with pytest.raises(ParamError, match=r"\[4, 10\]"):
        env.make("maze", rooms=99)
    with pytest.raises(EnvError, match="unknown reset option"):
        env.make("maze").reset(options={"colour": 1})


def test_params_change_the_board():
    _, info = env.make("maze", level="easy", rooms=7).reset()
    assert info["params"] == {"rooms": 7} and info["state"]["size"] == 15
    _, info = env.make("maze", params={"rooms": 4}).reset()
    assert info["state"]["size"] == 9


def _wall_move(state):
    """A direction that runs into a wall, found independently of the environment."""
    r, c = state["player"]
    for name, (dr, dc) in maze_rules.DIRECTIONS.items():
        if state["grid"][r + dr][c + dc] == "#":
            return name
    raise AssertionError("a maze cell with four open sides")


def test_step_contract():
    episode = env.make("maze", level="easy", seed=4)
    obs, info = episode.reset()
    assert obs["image"] is not None and obs["image"].size[0] > 50
    assert "Current state" in obs["text"] and "<answer>" in obs["text"]
    assert info["steps"] == 0 and info["optimal_steps"] >= 1 and not info["won"]
    start = info["state"]["player"]
    obs, reward, terminated, truncated, info = episode.step(
        f"<think>walls everywhere</think>The answer is {_wall_move(info['state'])}.")
    assert (reward, terminated, truncated) == (0.0, False, False)
    assert not info["valid"] and info["invalid_actions"] == 1 and info["steps"] == 1
    assert info["state"]["player"] == start
    assert "is a wall" in info["message"] and "Allowed: one move" in info["message"]
    assert "Invalid action" in obs["text"]
    obs, _, _, _, info = episode.step("no idea, sorry, I cannot see the board clearly at all....")
    assert not info["valid"] and "not a direction" in info["message"]


def test_win_reward_and_end_of_episode():
    episode = env.make("maze", level="easy", seed=2, text_only=True)
    obs, info = episode.reset()
    assert obs["image"] is None
    path = maze_rules.shortest_path(info["state"]["grid"], tuple(info["state"]["player"]),
                                    tuple(info["state"]["goal"]))
    rewards = []
    for move in maze_rules.moves_of(path):
        obs, reward, terminated, truncated, info = episode.step(f"Answer: {move}")
        rewards.append(reward)
    assert terminated and not truncated and info["won"]
    assert rewards == [0.0] * (len(rewards) - 1) + [1.0]
    assert info["steps"] == info["optimal_steps"] == len(path) - 1
    assert "You won" in obs["text"]
    after = episode.step("up")
    assert after[1] == 0.0 and after[2] and "over" in after[4]["message"]
    assert after[4]["steps"] == info["steps"]


def test_truncation_and_invalid_penalty():
    episode = env.make("maze", seed=1, max_steps=3, invalid_penalty=0.25)
    _, info = episode.reset()
    wall = _wall_move(info["state"])
    results = [episode.step(wall) for _ in range(3)]
    assert [r[1] for r in results] == [-0.25] * 3
    assert [r[3] for r in results] == [False, False, True]
    assert results[-1][4]["total_reward"] == -0.75
    assert "Out of steps" in results[-1][4]["message"]
    assert episode.step(wall)[3]  # still truncated, no further step counted
    assert episode.steps == 3


def test_reset_with_a_seed_and_options():
    episode = env.make("maze", seed=0)
    _, first = episode.reset()
    _, other = episode.reset(seed=9, options={"text_only": True, "max_steps": 7})
    assert other["seed"] == 9 and other["max_steps"] == 7
    assert first["state"] != other["state"]
    assert episode.reset(seed=0)[1]["state"] == first["state"]


def test_action_text_reads_completions():
    assert action_text("<think>up?</think><answer> left </answer>") == "left"
    assert action_text([{"role": "assistant", "content": "\\boxed{down}"}]) == "down"
    assert action_text(b"right") == "right"
    assert action_text("\uff55\uff50") == "up"  # full-width letters
    assert action_text(None) is None
    assert action_text("") is None


def test_action_readers():
    assert one_direction("Move LEFT") == "left"
    assert one_direction("U") == "up"
    with pytest.raises(InvalidAction, match="one move per turn"):
        one_direction("up, left")
    assert cell("reveal (2, 3)", 4, 4) == (2, 3)
    assert cell("row 1 col 4", 4, 4, base=1) == (0, 3)
    with pytest.raises(InvalidAction, match="off the board"):
        cell("(4, 0)", 4, 4)
    with pytest.raises(InvalidAction, match="too large"):
        integers("9" * 50, 2)
    with pytest.raises(InvalidAction, match="more than 2"):
        integers("1 2 3", 2)
    assert bit_grid("10/01", 2, 2, {"1": 1, "0": 0}) == [[1, 0], [0, 1]]
    with pytest.raises(InvalidAction, match="must have 4 cells"):
        bit_grid("101", 2, 2, {"1": 1, "0": 0})
    with pytest.raises(InvalidAction, match="not a cell symbol"):
        bit_grid("1x01", 2, 2, {"1": 1, "0": 0})


def test_describe_false_leaves_the_state_to_the_picture():
    obs, _ = env.make("maze", describe=False).reset()
    assert "Current state" not in obs["text"] and obs["image"] is not None
    obs, _ = env.make("maze", describe=False, text_only=True).reset()
    assert "Current state" in obs["text"]  # text-only play always needs it


def test_the_shared_checks_catch_a_wrong_solver_and_a_crashing_parser(monkeypatch):
    from visreason.env import registry
    from visreason.env.checks import check_hostile, check_scripted_wins
    from visreason.games.maze.env import MazeEnv

    class OffByOne(MazeEnv):
        name = "maze"

        def optimal_steps(self, state):
            return super().optimal_steps(state) - 1

    class Fragile(MazeEnv):
        name = "maze"

        def parse(self, action, state):
            return {"up": "up"}[action]  # KeyError on anything else

    registry._load()
    monkeypatch.setitem(registry._ENVS, "maze", OffByOne)
    with pytest.raises(AssertionError, match="optimal"):
        check_scripted_wins("maze", seeds=range(1), levels=("easy",))
    monkeypatch.setitem(registry._ENVS, "maze", Fragile)
    with pytest.raises(KeyError):
        check_hostile("maze")


def test_episode_store_is_bounded_and_drops_idle_episodes():
    from visreason.env.server import EpisodeStore

    store = EpisodeStore(max_episodes=2, idle_seconds=1e9)
    first = store.add(env.make("maze"))
    store.add(env.make("maze"))
    with pytest.raises(LookupError, match="holds 2 episodes"):
        store.add(env.make("maze"))
    with pytest.raises(KeyError):
        store.use("missing")
    with store.use(first) as episode:
        assert episode.name == "maze"
    store.idle_seconds = -1.0  # everything counts as idle now
    store.add(env.make("maze"))
    assert len(store) == 1 and store.close(first) is False


def test_env_list_command(capsys):
    from visreason.cli import main

    with pytest.raises(SystemExit) as info:
        main(["env", "list"])
    out = capsys.readouterr().out
    assert info.value.code == 0 and "maze\trooms=5" in out and "sokoban\tsize=8" in out
