"""Data for the viewer's tests (a dataset in each layout, evaluation runs, an agent run, a
hostile dataset), a real `visreason view` process, and headless Chromium.

Browser tests carry the `browser` marker: they skip locally when Chromium, chromedriver or
Selenium is missing, and fail under CI=true (`.ci/run` installs them).
"""

from __future__ import annotations

import io
import json
import os
import queue
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PIL import Image

import visreason
from visreason.data.read import read_dataset
from visreason.data.run import RunConfig, run_dataset

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("VISREASON_ARTIFACTS") or REPO / "build" / "test-artifacts") \
    / "viewer"
WRONG_RATE = {"alpha": 0.25, "beta": 0.6}


def _config(fmt: str) -> RunConfig:
    return RunConfig(tuple(visreason.game_names()), ("easy", "medium"), 1, 7, fmt,
                     answer_form="mixed")


@pytest.fixture(scope="session")
def dataset(tmp_path_factory) -> Path:
    """A JSONL dataset: one sample per task and level, both answer forms."""
    out = tmp_path_factory.mktemp("viewer") / "maths-of-games"
    run_dataset(out, _config("jsonl"), workers=1)
    return out


@pytest.fixture(scope="session")
def samples(dataset):
    return list(read_dataset(dataset))


@pytest.fixture(scope="session")
def parquet_dataset(tmp_path_factory) -> Path:
    pytest.importorskip("pyarrow")
    pytest.importorskip("datasets")
    out = tmp_path_factory.mktemp("viewer") / "shards"
    run_dataset(out, RunConfig(("maze", "sudoku"), ("easy",), 2, 7, "parquet", shard_size=3),
                workers=1)
    return out


@pytest.fixture(scope="session")
def gameqa_dataset(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("viewer") / "gameqa"
    run_dataset(out, RunConfig(("tictactoe", "lifegame"), ("easy",), 1, 7, "gameqa"), workers=1)
    return out


def _run(samples, dataset: Path, out: Path, name: str) -> set[str]:
    """An evaluation run answered by the scripted server; returns the ids it answered wrongly."""
    from visreason.eval.report import write_report
    from visreason.eval.runner import EvalSettings, evaluate
    from visreason.llm.client import ChatClient
    from visreason.llm.scripted import ScriptedServer

    with ScriptedServer(samples, wrong_rate=WRONG_RATE[name]) as server:
        client = ChatClient(server.url, f"model-{name}", "key", concurrency=4, max_retries=0)
        evaluate(samples, client, out, EvalSettings(f"model-{name}", data=str(dataset.resolve())))
        wrong = set(server.wrong_ids)
    write_report(out)
    return wrong


@pytest.fixture(scope="session")
def runs(samples, dataset, tmp_path_factory) -> dict[str, tuple[Path, set[str]]]:
    """Two evaluation runs over `dataset`: {name: (run directory, ids answered wrongly)}."""
    base = tmp_path_factory.mktemp("runs")
    return {name: (base / name, _run(samples, dataset, base / name, name))
            for name in WRONG_RATE}


def png(color: str, size: tuple[int, int] = (64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


@pytest.fixture(scope="session")
def agent_run(samples, dataset, tmp_path_factory) -> Path:
    """An agent run in the documented trajectory shape: a rotate-and-answer trajectory, one
    with a failed tool call, and one whose image path climbs out of the run."""
    root = tmp_path_factory.mktemp("agent")
    run = root / "agent-run"
    (run / "images" / "t0").mkdir(parents=True)
    (root / "outside.png").write_bytes(png("purple"))
    (run / "images" / "t0" / "0.png").write_bytes(png("orange", (80, 60)))
    (run / "images" / "t0" / "1.png").write_bytes(png("teal", (60, 80)))
    first, second, third = samples[0], samples[1], samples[2]
    records = [
        {"id": first.id, "game": first.game, "task": first.task, "answer": first.answer,
         "answer_type": first.answer_type, "extracted": first.answer, "score": 1.0,
         "turns": [
             {"role": "user", "text": "Look at the picture.", "images": ["images/t0/0.png"]},
             {"role": "assistant", "text": '<think>It is rotated.</think><tool_call>{"name": '
                                           '"code_image_tool", "arguments": {"code": '
                                           '"image.rotate(90)", "image_index": 0}}</tool_call>'},
             {"role": "tool", "text": "Here is the rotated image.",
              "images": ["images/t0/1.png"]},
             {"role": "assistant", "text": f"<answer>{first.answer}</answer>"},
         ]},
        {"id": second.id, "game": second.game, "task": second.task, "answer": second.answer,
         "answer_type": second.answer_type, "extracted": None, "score": 0.0,
         "turns": [
             {"role": "user", "text": "Question", "images": ["images/t0/0.png"]},
             {"role": "assistant", "text": "<tool_call>not json</tool_call>"},
             {"role": "tool", "text": "error: the tool call is not valid JSON"},
             "a turn that is not an object",
         ]},
        {"id": third.id, "game": third.game, "task": third.task, "answer": third.answer,
         "answer_type": third.answer_type, "extracted": "x", "score": 0.0,
         "turns": [{"role": "tool", "text": "escape", "images": ["../outside.png",
                                                                 str(root / "outside.png")]}]},
    ]
    (run / "trajectories.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    (run / "run.json").write_text(json.dumps({"settings": {
        "model": "agent-model", "data": str(dataset.resolve())}}), encoding="utf-8")
    return run


HOSTILE_QUESTION = '<script>alert("x")</script><img src=x onerror=alert(1)> what now?'


@pytest.fixture(scope="session")
def hostile(samples, tmp_path_factory) -> dict[str, object]:
    """A dataset whose records point outside it every way there is, next to a secret image.

    Returns the dataset path, the secret's bytes, and the row of each hostile record."""
    root = tmp_path_factory.mktemp("hostile")
    secret = png("red", (31, 17))
    (root / "secret.png").write_bytes(secret)
    data = root / "data"
    images = data / "images"
    images.mkdir(parents=True)
    (images / "ok.png").write_bytes(png("green"))
    (images / "not-an-image.png").write_text("plain text, not a picture", encoding="utf-8")
    (images / "link.png").symlink_to(root / "secret.png")
    (images / "dirlink").symlink_to(root, target_is_directory=True)
    base = samples[0].to_dict()
    cases = {
        "ok": "images/ok.png",
        "dotdot": "../secret.png",
        "nested_dotdot": "images/../../secret.png",
        "absolute_outside": str(root / "secret.png"),
        "etc": "/etc/passwd",
        "encoded": "%2e%2e/secret.png",
        "symlink": "images/link.png",
        "dirlink": "images/dirlink/secret.png",
        "missing": "images/nope.png",
        "not_image": "images/not-an-image.png",
        "backslash": "..\\secret.png",
    }
    lines, rows = [], {}
    for name, image in cases.items():
        rows[name] = len(rows)
        lines.append(json.dumps({**base, "id": f"hostile/{name}", "image": image,
                                 "question": HOSTILE_QUESTION if name == "ok"
                                 else base["question"]}))
    lines.insert(3, "{this line is not JSON")
    lines.insert(5, json.dumps({"id": "no-answer", "game": "maze"}))
    (data / "data.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {"path": data, "secret": secret, "rows": rows}


# -- a real server process -------------------------------------------------------------------
@contextmanager
def view_process(*args: str | os.PathLike[str], timeout: float = 120) -> Iterator[str]:
    """`visreason view ARGS --port 0` in its own process; yields its base URL."""
    command = [sys.executable, "-m", "visreason", "view", *map(str, args), "--port", "0"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                               text=True)
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            lines.put(line)
        lines.put("")

    threading.Thread(target=pump, daemon=True).start()
    seen = []
    try:
        while True:
            line = lines.get(timeout=timeout)
            seen.append(line)
            if not line:
                raise AssertionError(f"visreason view exited early: {''.join(seen)}")
            if line.startswith("serving ") and " at http://" in line:
                yield line.split(" at ", 1)[1].split()[0].rstrip("/")
                break
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def dataset_url(dataset) -> Iterator[str]:
    with view_process(dataset) as url:
        yield url


@pytest.fixture(scope="session")
def runs_url(runs) -> Iterator[str]:
    with view_process(*(path for path, _ in runs.values())) as url:
        yield url


@pytest.fixture(scope="session")
def hostile_url(hostile) -> Iterator[str]:
    with view_process(hostile["path"]) as url:
        yield url


# -- headless Chromium -------------------------------------------------------------------------
def browser_parts() -> tuple[str | None, str | None, list[str]]:
    """(chromium, chromedriver, what is missing)."""
    chromium = next((found for name in ("chromium", "chromium-browser", "google-chrome")
                     if (found := shutil.which(name))), None)
    driver = shutil.which("chromedriver")
    missing = [name for name, found in (("chromium", chromium), ("chromedriver", driver))
               if not found]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("selenium (pip install -e '.[test]')")
    return chromium, driver, missing


def _missing_browser(item: pytest.Item) -> str | None:
    if item.get_closest_marker("browser") is None:
        return None
    missing = browser_parts()[2]
    return f"needs {', '.join(missing)} (apt-get install chromium chromium-driver)" \
        if missing else None


def pytest_runtest_setup(item: pytest.Item) -> None:
    reason = _missing_browser(item)
    if reason is not None and not IN_CI:
        pytest.skip(reason)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_call(item: pytest.Item) -> None:
    """Under CI a missing browser is a failed test (the browser fixtures yield None then)."""
    reason = _missing_browser(item)
    if reason is not None:
        pytest.fail(f"CI must provide what this browser test {reason}", pytrace=False)


def make_driver(javascript: bool = True):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, driver, missing = browser_parts()
    assert not missing, missing
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--disable-gpu", "--window-size=1400,1000", "--hide-scrollbars",
                     "--force-device-scale-factor=1"):
        options.add_argument(argument)
    if not javascript:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium fetch a driver
    return webdriver.Chrome(options=options, service=Service(driver))


@contextmanager
def _driver(javascript: bool) -> Iterator[object]:
    if browser_parts()[2]:
        yield None  # the test fails in its call phase (see pytest_runtest_call)
        return
    driver = make_driver(javascript)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with _driver(javascript=True) as driver:
        yield driver


@pytest.fixture(scope="module")
def browser_without_js() -> Iterator[object]:
    with _driver(javascript=False) as driver:
        yield driver


@pytest.fixture
def screenshot(request):
    """Save a full-page screenshot as a test artifact: screenshot(driver, name)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(driver, name: str) -> Path:
        import time

        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(1400, min(max(int(height), 700), 4000))
        for _ in range(100):  # until every image has loaded or failed
            if driver.execute_script(
                    "return Array.from(document.images).every(i => i.complete)"):
                break
            time.sleep(0.05)
        path = ARTIFACTS / f"{name}.png"
        driver.save_screenshot(str(path))
        driver.set_window_size(1400, 1000)
        return path

    return take
