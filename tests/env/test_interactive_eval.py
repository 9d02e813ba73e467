"""`visreason eval --interactive` against a scripted server on loopback: an optimal player,
a garbage writer, resume, and the pictures reaching the model."""

from __future__ import annotations

import json
import random

import pytest

from visreason import env
from visreason.cli import main
from visreason.llm.messages import decode_data_url
from visreason.llm.scripted import ScriptedServer

FOUNDATION = ("lifegame", "maze", "minesweeper", "sokoban", "sudoku", "tictactoe")


def call(capsys, *args):
    with pytest.raises(SystemExit) as info:
        main(list(args))
    out, err = capsys.readouterr()
    return info.value.code, out, err


def _last_user(messages):
    content = messages[-1]["content"]
    if isinstance(content, str):
        return content, []
    text = "".join(p.get("text", "") for p in content if p.get("type") == "text")
    images = [p["image_url"]["url"] for p in content if p.get("type") == "image_url"]
    return text, images


class OptimalPlayer:
    """Plays each episode's scripted optimal policy on its own copy of the episode, found from
    the episode id the client sends; counts the pictures it was shown."""

    def __init__(self):
        self.episodes: dict[str, env.Episode] = {}
        self.images = 0

    def __call__(self, episode_id, messages):
        text, images = _last_user(messages)
        for url in images:
            assert decode_data_url(url).size[0] > 0
            self.images += 1
        name, level, seed = episode_id.split("/")
        if "Steps taken: 0;" in text:  # a new (or replayed) episode
            self.episodes[episode_id] = env.make(name, level=level, seed=int(seed))
            self.episodes[episode_id].reset()
        mirror = self.episodes[episode_id]
        action = mirror.env.policy(mirror.state)
        mirror.step(action)
        return f"<think>The solver says {action}.</think>\n<answer>{action}</answer>"


def test_optimal_player_wins_every_episode_and_resumes(tmp_path, capsys):
    out = tmp_path / "run"
    player = OptimalPlayer()
    args = ["eval", "--interactive", "--games", ",".join(FOUNDATION), "--levels", "easy,hard",
            "--episodes", "2", "--model", "scripted", "--out", str(out), "--quiet"]
    with ScriptedServer(responder=player) as server:
        code, text, err = call(capsys, *args, "--base-url", server.url)
        assert code == 0, err
        first = server.requests
        code, again, err = call(capsys, *args, "--base-url", server.url)
        assert code == 0, err
    assert server.requests == first  # the rerun played nothing
    assert "played 0 episode(s), resumed" in again
    report = json.loads((out / "interactive_report.json").read_text())
    episodes = 2 * 2 * len(FOUNDATION)
    assert report["overall"]["episodes"] == episodes
    assert report["overall"]["success_rate"] == 1.0
    assert report["overall"]["invalid_action_rate"] == 0.0
    assert {row["steps_over_optimal"] for row in report["by_env_level"]} == {1.0}
    assert player.images == first  # one picture per turn
    assert "| maze | easy | 2 | 100.0% |" in text
    records = [json.loads(line) for line in (out / "records.jsonl").read_text().splitlines()]
    assert len(records) == episodes
    assert all(r["steps"] == r["optimal_steps"] == len(r["turns"]) for r in records)


def test_garbage_writer_is_counted_invalid_and_truncated(tmp_path, capsys):
    rng = random.Random(0)
    junk = ["", "I refuse.", "\\boxed{", "<answer>" * 30, "🙂" * 50, "x" * 5000]

    def garbage(_, messages):
        return rng.choice(junk)

    out = tmp_path / "run"
    with ScriptedServer(responder=garbage) as server:
        code, _, err = call(capsys, "eval", "--interactive", "--games", "maze,sudoku",
                            "--levels", "easy", "--episodes", "2", "--max-steps", "4",
                            "--text-only", "--history", "2", "--base-url", server.url,
                            "--model", "scripted", "--out", str(out), "--quiet")
    assert code == 0, err
    report = json.loads((out / "interactive_report.json").read_text())
    assert report["overall"]["success_rate"] == 0.0
    assert report["overall"]["invalid_action_rate"] == 1.0
    assert report["overall"]["mean_steps"] == 4
    records = [json.loads(line) for line in (out / "records.jsonl").read_text().splitlines()]
    assert all(r["truncated"] and not r["won"] for r in records)
    assert all(not t["valid"] and t["message"].startswith("Invalid action")
               for r in records for t in r["turns"])


def test_history_and_pictures_in_the_conversation(tmp_path, capsys):
    seen = []

    def record(_, messages):
        seen.append(messages)
        return "<answer>up</answer>"

    with ScriptedServer(responder=record) as server:
        code, _, err = call(capsys, "eval", "--interactive", "--games", "maze", "--levels",
                            "easy", "--episodes", "1", "--max-steps", "3", "--history", "1",
                            "--system", "Play well.", "--no-describe", "--base-url", server.url,
                            "--model", "m",
                            "--out", str(tmp_path / "run"), "--quiet")
    assert code == 0, err
    assert [len(m) for m in seen] == [2, 4, 4]  # system, (user, assistant) x history, user
    assert all(isinstance(m[-1]["content"], list) for m in seen)  # the picture is there
    assert isinstance(seen[2][1]["content"], str)  # earlier turns as text only
    assert all("Current state" not in _last_user(m)[0] for m in seen)  # the picture alone


def test_unknown_environment_is_a_one_line_error(tmp_path, capsys):
    code, _, err = call(capsys, "eval", "--interactive", "--games", "mazee", "--model", "m",
                        "--base-url", "http://127.0.0.1:9/v1", "--out", str(tmp_path / "r"))
    assert code == 2 and "did you mean 'maze'" in err


def test_report_command_reads_an_interactive_run(tmp_path, capsys):
    out = tmp_path / "run"
    with ScriptedServer(responder=lambda *_: "<answer>down</answer>") as server:
        code, _, err = call(capsys, "eval", "--interactive", "--games", "maze", "--levels",
                            "easy", "--episodes", "1", "--max-steps", "2", "--base-url",
                            server.url, "--model", "m", "--out", str(out), "--quiet")
    assert code == 0, err
    code, text, _ = call(capsys, "report", str(out))
    assert code == 0 and text.startswith("# Interactive evaluation") and "| maze | easy | 1 |" \
        in text


def test_an_episode_cut_off_by_a_failed_request_is_played_again(tmp_path, capsys):
    out = tmp_path / "run"
    args = ["eval", "--interactive", "--games", "maze", "--levels", "easy", "--episodes", "2",
            "--retries", "0", "--model", "scripted", "--out", str(out), "--quiet"]
    player = OptimalPlayer()
    # The second turn of episode seed 1 fails for good (no retries): that episode is an error.
    with ScriptedServer(responder=player, plan={"maze/easy/1": ["correct", "500"]}) as server:
        code, text, err = call(capsys, *args, "--base-url", server.url)
    assert code == 0 and "errors 1" in text and "failed" in err
    first = {json.loads(line)["id"]: json.loads(line)
             for line in (out / "records.jsonl").read_text().splitlines()}
    assert first["maze/easy/1"]["error"] and first["maze/easy/0"]["won"]
    player = OptimalPlayer()
    with ScriptedServer(responder=player) as server:
        code, text, err = call(capsys, *args, "--base-url", server.url)
    assert code == 0, err
    assert "played 1 episode(s), resumed 1" in text
    assert server.attempts.keys() == {"maze/easy/1"}  # only the cut-off episode was replayed
    report = json.loads((out / "interactive_report.json").read_text())
    assert report["overall"]["success_rate"] == 1.0 and report["overall"]["errors"] == 0
