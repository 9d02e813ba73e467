"""The pages say what the data says: grid, filters, search, sample, runs, trajectories, summary."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pytest
from PIL import Image
from starlette.testclient import TestClient

from visreason.eval.report import load_run, summarize
from visreason.viewer.app import create_app
from visreason.viewer.collection import open_collection


def client_for(*paths, **kwargs) -> TestClient:
    return TestClient(create_app(open_collection(list(paths), **kwargs)),
                      base_url="http://127.0.0.1")


def card_ids(page: str) -> list[str]:
    return [html.unescape(m) for m in re.findall(r'<span class="id" title="([^"]*)"', page)]


@pytest.fixture(scope="module")
def data_client(dataset):
    return client_for(dataset)


@pytest.fixture(scope="module")
def runs_client(runs):
    return client_for(*(path for path, _ in runs.values()))


def test_grid_pages_through_every_sample_once(data_client, samples) -> None:
    seen = []
    pages = -(-len(samples) // 7)
    for page in range(1, pages + 1):
        response = data_client.get(f"/?per=7&page={page}")
        assert response.status_code == 200
        assert f"page {page} of {pages}" in response.text
        seen += card_ids(response.text)
    assert seen == [s.id for s in samples]
    last = data_client.get("/?per=7&page=999").text  # beyond the end: the last page
    assert card_ids(last) == [s.id for s in samples][-(len(samples) % 7 or 7):]


@pytest.mark.parametrize("facet", ["game", "task", "category", "plot_level", "qa_level",
                                   "answer_type", "answer_form", "partition"])
def test_each_filter_shows_exactly_its_samples(data_client, samples, facet) -> None:
    def value(sample):
        return f"{sample.game}/{sample.task}" if facet == "task" else getattr(sample, facet)

    chosen = value(samples[-1])
    page = data_client.get("/", params={facet: chosen, "per": 500}).text
    assert card_ids(page) == [s.id for s in samples if value(s) == chosen]
    assert f'<option value="{html.escape(chosen)}" selected>' in page


def test_search_finds_words_of_the_question(data_client, samples) -> None:
    page = data_client.get("/", params={"q": "WRAPS around", "per": 500}).text
    expected = [s.id for s in samples if "wraps around" in s.question.lower()]
    assert expected and card_ids(page) == expected
    nothing = data_client.get("/", params={"q": "zzzz-not-there"}).text
    assert card_ids(nothing) == [] and "No sample matches" in nothing


def test_sample_page_shows_everything(data_client, samples) -> None:
    row = next(i for i, s in enumerate(samples) if s.options and s.state)
    sample = samples[row]
    page = data_client.get(f"/sample/{row}").text
    assert sample.question in html.unescape(page)
    assert f'<img id="image" src="/image/{row}"' in page
    answer = re.search(r'<li class="option answer[^"]*">\s*<span class="letter">(\w)', page)
    assert answer and answer.group(1) == sample.answer
    assert f"Answer: <b>{sample.answer}</b>" in page
    assert sample.analysis in html.unescape(page)
    assert 'id="state"' in page and 'id="text-only"' in page
    assert "The state is given as text:" in page
    image = data_client.get(f"/image/{row}")
    assert image.headers["content-type"] == "image/png"
    assert image.content == Path(sample.image).read_bytes()
    thumb = Image.open(io.BytesIO(data_client.get(f"/thumb/{row}").content))
    assert max(thumb.size) <= 240


def test_sample_neighbours_follow_the_filter(data_client, samples) -> None:
    game = samples[-1].game
    rows = [i for i, s in enumerate(samples) if s.game == game]
    page = data_client.get(f"/sample/{rows[1]}", params={"game": game}).text
    assert f'href="/sample/{rows[0]}?game={game}" rel="prev"' in page
    assert f'href="/sample/{rows[2]}?game={game}" rel="next"' in page


def test_no_such_sample_is_404(data_client, samples) -> None:
    for path in (f"/sample/{len(samples)}", "/sample/-1", "/sample/x", f"/image/{len(samples)}",
                 "/thumb/abc", "/plot/bars.png", "/static/../viewer.css", "/nothing"):
        assert data_client.get(path).status_code == 404, path


def test_bad_numbers_are_400_not_a_crash(data_client) -> None:
    assert data_client.get("/?page=abc").status_code == 400
    assert data_client.get("/?per=1e9").status_code == 400
    assert data_client.get("/?page=-5").status_code == 200  # clamped to the first page
    assert data_client.post("/").status_code == 405


def test_run_grid_marks_wrong_answers(runs_client, runs) -> None:
    _, wrong = runs["alpha"]
    page = runs_client.get("/", params={"outcome": "wrong", "run": 0, "per": 500}).text
    assert set(card_ids(page)) == wrong
    assert page.count('class="card wrong"') == len(wrong)
    everything = runs_client.get("/", params={"per": 500}).text
    alpha_marks = re.findall(r'title="alpha: (\w+)"', everything)
    assert alpha_marks.count("wrong") == len(wrong)


def test_run_sample_page_shows_each_runs_answer(runs_client, runs, samples) -> None:
    alpha_wrong = runs["alpha"][1]
    row = next(i for i, s in enumerate(samples) if s.id in alpha_wrong and s.options)
    page = runs_client.get(f"/sample/{row}").text
    records = [load_run(path)[0] for path, _ in runs.values()]
    alpha = next(r for r in records[0] if r["id"] == samples[row].id)
    assert re.search(r'<b class="extracted wrong">' + re.escape(alpha["extracted"]), page)
    assert "picked-wrong" in page and "✗ chosen by alpha" in page
    assert alpha["response"] in html.unescape(page)
    assert page.count('<section class="run ') == 2


def test_summary_matches_the_evaluation_report(runs_client, runs) -> None:
    page = runs_client.get("/summary").text
    for path, _ in runs.values():
        records, settings = load_run(path)
        report = summarize(records, path.name, settings)
        o = report["overall"]
        row = (f"<td>{path.name}</td><td>model-{path.name}</td><td>"
               f'<span class="acc b{round(o["accuracy"] * 4)}">{100 * o["accuracy"]:.1f}%</span>'
               f' <span class="ci">[{100 * o["ci_low"]:.1f}, {100 * o["ci_high"]:.1f}]</span>')
        assert row in page
    for name in ("heatmap-0", "heatmap-1", "bars"):
        assert f'src="/plot/{name}.png"' in page
        plot = runs_client.get(f"/plot/{name}.png")
        assert plot.status_code == 200 and plot.content.startswith(b"\x89PNG")


def test_summary_honours_filters(runs_client, runs, samples) -> None:
    game = samples[0].game
    page = runs_client.get("/summary", params={"game": game}).text
    n = sum(s.game == game for s in samples)
    assert f"of {n} matching samples" in page
    assert re.search(rf"<td>{n}</td>", page)


def test_dataset_summary_counts(data_client, samples) -> None:
    page = data_client.get("/summary").text
    for game in {s.game for s in samples}:
        n = sum(s.game == game for s in samples)
        assert f"<tr><td>{game}</td><td class=\"num\">{n}</td></tr>" in page
    assert 'id="count-matrix"' in page and "reports" not in page


def test_agent_trajectory_page(agent_run, samples) -> None:
    client = client_for(agent_run)
    row = 0
    page = client.get(f"/sample/{row}").text
    assert "Trajectory (4 turns)" in page
    assert page.count('class="turn ') == 4
    assert '<img class="step" src="/step/0/0/0/0"' in page
    assert '<img class="step" src="/step/0/0/2/0"' in page
    assert client.get("/step/0/0/2/0").content.startswith(b"\x89PNG")
    assert 'class="turn malformed"' in client.get("/sample/1").text
    escape = client.get("/sample/2").text
    assert "image missing or outside the run: ../outside.png" in escape
    for path in ("/step/2/0/0/0", "/step/2/0/0/1", "/step/0/0/1/0", "/step/0/9/0/0",
                 "/step/0/0/0/x"):
        assert client.get(path).status_code == 404, path


def test_untrusted_text_is_escaped(hostile) -> None:
    client = client_for(hostile["path"])
    page = client.get(f"/sample/{hostile['rows']['ok']}").text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert" in page
    grid = client.get("/", params={"q": "<script>"}).text
    assert "<script>alert" not in grid and card_ids(grid) == ["hostile/ok"]


def test_problems_are_listed_not_fatal(hostile) -> None:
    page = client_for(hostile["path"]).get("/").text
    assert "2 problems reading the data" in page
    assert "data.jsonl:4: not a sample record" in page


def test_security_headers_and_host_check(data_client, dataset) -> None:
    response = data_client.get("/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    evil = TestClient(create_app(open_collection([dataset])), base_url="http://evil.example")
    assert evil.get("/").status_code == 400  # a rebinding page cannot read the data


def test_pages_have_no_inline_script_or_style(data_client, runs_client) -> None:
    for client, path in ((data_client, "/"), (data_client, "/sample/0"),
                         (runs_client, "/summary"), (runs_client, "/sample/1")):
        page = client.get(path).text
        assert "<script>" not in page and " style=" not in page and " on" + "click" not in page
