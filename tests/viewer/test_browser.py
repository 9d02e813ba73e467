"""End to end in headless Chromium: filter, search, open a sample, see the image and the answer,
open runs and see wrong answers highlighted, with JavaScript and without. Every test saves
screenshots (build/test-artifacts/viewer/, or $VISREASON_ARTIFACTS/viewer/)."""

from __future__ import annotations

import re
import time

import pytest

from .conftest import view_process

pytestmark = pytest.mark.browser

BAD_RED = (180, 35, 24)  # --bad in viewer.css


def rgb(css_colour: str) -> tuple[int, ...]:
    """(r, g, b) of 'rgb(...)' or 'rgba(...)' as Chromium reports a computed colour."""
    return tuple(int(v) for v in re.findall(r"\d+", css_colour)[:3])


def by_css(driver, selector: str):
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, selector)


def wait_for(driver, condition, timeout: float = 20):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(lambda d: condition(d))


def navigate(driver, action) -> None:
    """Do `action` (a click, a key, a choice that submits) and wait for the next page."""
    from selenium.webdriver.support import expected_conditions

    old = by_css(driver, "html")[0]
    action()
    wait_for(driver, expected_conditions.staleness_of(old))
    wait_for(driver, lambda d: d.execute_script("return document.readyState") == "complete")


def image_loaded(driver, element) -> bool:
    return driver.execute_script(
        "return arguments[0].complete && arguments[0].naturalWidth > 0", element)


def card_ids(driver) -> list[str]:
    return [e.get_attribute("title") for e in by_css(driver, "li.card .id")]


def console_errors(driver) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser")
            if entry["level"] == "SEVERE" and "favicon" not in entry["message"]]


def choose(driver, name: str, value: str) -> None:
    from selenium.webdriver.support.ui import Select

    Select(by_css(driver, f'select[name="{name}"]')[0]).select_by_value(value)


def test_filter_search_and_open_a_sample(browser, dataset_url, samples, screenshot) -> None:
    driver = browser
    driver.get(dataset_url + "/")
    assert len(card_ids(driver)) == min(48, len(samples))
    thumbs = by_css(driver, "li.card img")
    wait_for(driver, lambda d: all(image_loaded(d, t) for t in thumbs[:6]))
    screenshot(driver, "01-grid")

    game = samples[-1].game
    navigate(driver, lambda: choose(driver, "game", game))  # the script submits on change
    assert f"game={game}" in driver.current_url
    expected = [s.id for s in samples if s.game == game]
    assert card_ids(driver) == expected[:48]
    screenshot(driver, "02-grid-filtered-by-game")

    word = "wall" if game in ("maze", "sokoban") else samples[-1].question.split()[3]
    search = by_css(driver, "#search")[0]
    search.clear()
    navigate(driver, lambda: search.send_keys(word + "\n"))
    assert "q=" in driver.current_url
    expected = [s.id for s in samples if s.game == game and word.lower() in s.question.lower()]
    assert expected and card_ids(driver) == expected[:48]
    screenshot(driver, "03-grid-searched")

    navigate(driver, by_css(driver, "li.card a.open")[0].click)
    assert "/sample/" in driver.current_url
    sample = next(s for s in samples if s.id == expected[0])
    image = by_css(driver, "#image")[0]
    wait_for(driver, lambda d: image_loaded(d, image))
    width, height = driver.execute_script(
        "return [arguments[0].naturalWidth, arguments[0].naturalHeight]", image)
    from PIL import Image

    assert (width, height) == Image.open(sample.image).size
    assert f"Answer: {sample.answer}" in by_css(driver, "#answer")[0].text
    if sample.options:
        marked = by_css(driver, "li.option.answer .letter")
        assert [m.text for m in marked] == list(sample.answer)
    assert by_css(driver, "h1 .id")[0].text == sample.id
    screenshot(driver, "04-sample")
    by_css(driver, "#text-only summary")[0].click()  # a native <details>: opens without script
    assert "The state is given as text:" in by_css(driver, "#text-only pre")[0].text
    driver.get(dataset_url + "/summary")
    counts = {r.find_elements("css selector", "td")[0].text:
              r.find_elements("css selector", "td")[1].text
              for r in by_css(driver, "#counts-game tbody tr")}
    assert counts == {g: str(sum(s.game == g for s in samples)) for g in {s.game for s in samples}}
    screenshot(driver, "04b-dataset-summary")
    assert console_errors(driver) == []


def test_keyboard_moves_between_samples(browser, dataset_url, samples) -> None:
    from selenium.webdriver.common.keys import Keys

    browser.get(dataset_url + "/sample/1")
    navigate(browser, lambda: by_css(browser, "body")[0].send_keys(Keys.ARROW_RIGHT))
    assert browser.current_url.endswith("/sample/2")
    navigate(browser, lambda: by_css(browser, "body")[0].send_keys("k"))
    assert browser.current_url.endswith("/sample/1")


def test_runs_highlight_wrong_answers(browser, runs, runs_url, samples, screenshot) -> None:
    driver = browser
    alpha_wrong = runs["alpha"][1]
    driver.get(runs_url + "/")
    screenshot(driver, "05-runs-grid")
    navigate(driver, lambda: choose(driver, "outcome", "wrong"))
    assert "outcome=wrong" in driver.current_url
    assert set(card_ids(driver)) <= alpha_wrong  # the first page of them
    driver.get(driver.current_url + "&per=500")  # every game's samples: all on one page
    assert set(card_ids(driver)) == alpha_wrong
    cards = by_css(driver, "li.card")
    assert cards and all("wrong" in c.get_attribute("class") for c in cards)
    assert {rgb(c.value_of_css_property("border-top-color")) for c in cards} == {BAD_RED}
    screenshot(driver, "06-runs-wrong-only")

    choice = next(s for s in samples if s.id in alpha_wrong and s.options)
    row = [s.id for s in samples].index(choice.id)
    driver.get(f"{runs_url}/sample/{row}")
    extracted = by_css(driver, "#run-0 b.extracted")[0]
    assert "wrong" in extracted.get_attribute("class")
    assert rgb(extracted.value_of_css_property("color")) == BAD_RED
    picked = by_css(driver, "li.option.picked-wrong")
    assert picked and "chosen by alpha" in picked[0].text
    assert by_css(driver, "li.option.answer .letter")[0].text == choice.answer
    screenshot(driver, "07-run-sample-wrong")

    driver.get(runs_url + "/summary")
    plots = by_css(driver, ".plots img")
    assert len(plots) == 3
    wait_for(driver, lambda d: all(image_loaded(d, p) for p in plots))
    rows = by_css(driver, "#overall tbody tr")
    assert [r.find_elements("css selector", "td")[0].text for r in rows] == ["alpha", "beta"]
    accuracy = rows[0].find_elements("css selector", "td")[2].text
    assert re.fullmatch(r"\d+\.\d% \[\d+\.\d, \d+\.\d\] n=\d+", accuracy)
    screenshot(driver, "08-runs-summary")
    assert console_errors(driver) == []


def test_agent_trajectory(browser, agent_run, screenshot) -> None:
    with view_process(agent_run) as url:
        browser.get(url + "/sample/0")
        steps = by_css(browser, "img.step")
        assert len(steps) == 2
        wait_for(browser, lambda d: all(image_loaded(d, s) for s in steps))
        roles = [e.text for e in by_css(browser, "li.turn .role")]
        assert roles == ["USER", "ASSISTANT", "TOOL", "ASSISTANT"]  # uppercased by CSS
        screenshot(browser, "09-agent-trajectory")


def test_works_without_javascript(browser_without_js, dataset_url, samples,
                                  screenshot) -> None:
    driver = browser_without_js
    driver.get(dataset_url + "/")
    game = samples[0].game
    choose(driver, "game", game)
    time.sleep(0.5)
    assert "game=" not in driver.current_url  # nothing happens until Apply: no script ran
    navigate(driver, by_css(driver, 'form.filters button[type="submit"]')[0].click)
    assert f"game={game}" in driver.current_url
    assert card_ids(driver) == [s.id for s in samples if s.game == game][:48]
    navigate(driver, by_css(driver, "li.card a.open")[1].click)
    assert "/sample/" in driver.current_url
    assert by_css(driver, "#answer")[0].is_displayed()
    first = driver.current_url
    navigate(driver, by_css(driver, "#next")[0].click)
    assert "/sample/" in driver.current_url and driver.current_url != first
    screenshot(driver, "10-no-javascript-sample")


def test_static_gallery_in_the_browser(browser, runs, tmp_path, screenshot) -> None:
    from visreason.viewer.collection import open_collection
    from visreason.viewer.gallery import write_gallery

    site = tmp_path / "site"
    write_gallery(open_collection([p for p, _ in runs.values()]), site)
    browser.get((site / "index.html").as_uri())
    views = [a.text for a in by_css(browser, "nav.views a")]
    assert any(v.startswith("alpha: wrong") for v in views)
    screenshot(browser, "11-gallery-grid")
    navigate(browser, by_css(browser, "nav.views a")[len(views) - 2].click)  # a run's wrong
    navigate(browser, by_css(browser, "li.card a.open")[0].click)
    image = by_css(browser, "#image")[0]
    wait_for(browser, lambda d: image_loaded(d, image))
    screenshot(browser, "12-gallery-sample")


def test_hostile_dataset_shows_problems_and_gaps(browser, hostile, hostile_url,
                                                 screenshot) -> None:
    browser.get(hostile_url + "/")
    banner = by_css(browser, "details.problems summary")[0]
    assert "2 problems reading the data" in banner.text
    banner.click()
    assert "data.jsonl:4" in by_css(browser, "details.problems")[0].text
    assert len(by_css(browser, "li.card .noimg")) == len(hostile["rows"]) - 2  # ok, not_image
    screenshot(browser, "13-hostile-grid")
    browser.get(f"{hostile_url}/sample/{hostile['rows']['symlink']}")
    assert "outside the dataset" in by_css(browser, "#image-missing")[0].text
    browser.get(f"{hostile_url}/sample/{hostile['rows']['ok']}")
    assert "<script>" in by_css(browser, "#question")[0].text  # shown as text, not run
    assert browser.execute_script("return window.__xss === undefined")
    screenshot(browser, "14-hostile-sample")
