"""Minecraft question types (GameQA minecraft ids 1-5).

Corrections to the original: scenery options are alphabetically sorted sets checked to differ
from the scene (the original could repeat the answer among decoys), built as siblings of a
hidden parent so no option sits at the centre of the others; every scene keeps the player and
the target in view (the original's prompt had to say "if the red marker is hidden, assume the
same side"); the river-and-climb analysis names the bridge only when the target is across.
"""

from __future__ import annotations

import random
from typing import Any

from ...core import Draw, OpenForm, Question, Retry, Task, choice_question
from ...core.answers import normalise_text
from ...core.errors import Unaskable
from ...core.options import sibling_sequences
from ...core.params import ParamError
from ...core.text import plural
from . import render as look
from . import rules
from .rules import DECOY, SCENERIES

SCENE_OPTIONS = 8
# What marks each scenery, in words that hold for the picture and the text alike.
CUES = {
    "Brick": "blocks of small bricks set in mortar are Brick",
    "Gold Ore": "stone blocks flecked with gold are Gold Ore",
    "Diamond Ore": "stone blocks flecked with diamond are Diamond Ore",
    "TNT": "a block banded with the letters TNT is TNT",
    "Pumpkin": "a ribbed block with a stem on top is a Pumpkin",
    "Ladder": "stone blocks with a wooden ladder on their side are the Ladder",
    "River": "a strip of water cells across the ground is a River",
    "Lava": "lava cells in the ground are Lava",
}


def span(draw: Draw, low: str, high: str) -> tuple[int, int]:
    a, b = draw.params[low], draw.params[high]
    if a > b:
        raise ParamError(f"minecraft.{low} ({a}) must not exceed minecraft.{high} ({b})")
    return a, b


def frame(draw: Draw, width: int, depth: int) -> dict[str, Any]:
    return rules.empty_scene(width, depth, draw.rng.randrange(4), draw.rng.random() < 0.5)


def toward_camera(scene: dict[str, Any], x: int, y: int) -> int:
    """How near the camera a ground cell is (larger = nearer), for keeping things in view."""
    flip_x, flip_y = look.VIEWS[scene["view"]]
    return (-x if flip_x else x) + (-y if flip_y else y)


# ----------------------------------------------------------------------------- sceneries

def set_text(names: list[str]) -> str:
    return ", ".join(sorted(names))


def swap_one(rng: random.Random, names: list[str]) -> list[str]:
    """One scenery replaced by another name not in the set (the decoy Tree included)."""
    pool = [n for n in (*SCENERIES, DECOY) if n not in names]
    k = rng.randrange(len(names))
    return sorted([*names[:k], rng.choice(pool), *names[k + 1:]])


def build_sceneries(draw: Draw, names: list[str]) -> dict[str, Any]:
    """A 9 x 9 ground with each named scenery at its own spot, spaced so none hides another."""
    scene = frame(draw, 9, 9)
    rng = draw.rng
    slots = [(x, y) for x in (2, 5, 8) for y in (2, 5, 8)]
    if "River" in names:
        axis = rng.choice("xy")
        at = rng.choice((3, 6))
        width = rng.randint(1, 2)
        across = range(at, at + width)
        scene["water"] = [[x, y] for x in range(1, 10) for y in range(1, 10)
                          if (y if axis == "x" else x) in across]
        slots = [s for s in slots if (s[1] if axis == "x" else s[0]) not in
                 range(at - 1, at + width + 1)]
    rng.shuffle(slots)
    things = [n for n in names if n != "River"]
    if len(slots) < len(things):
        raise Retry
    for name, (x, y) in zip(things, slots, strict=False):
        if name in ("Brick", "Gold Ore", "Diamond Ore"):
            kind = name.lower().replace(" ", "_")
            rules.add_block(scene, x, y, 1, kind)
            if rng.random() < 0.5:
                if rng.random() < 0.5:
                    rules.add_block(scene, x, y, 2, kind)
                else:
                    rules.add_block(scene, x + rng.choice((-1, 1)), y, 1, kind)
        elif name in ("TNT", "Pumpkin"):
            rules.add_block(scene, x, y, 1, name.lower())
        elif name == "Ladder":
            for level in (1, 2):
                rules.add_block(scene, x, y, level, "stone")
                scene["ladders"].append([x, y, level])
        elif name == "Lava":
            scene["lava"].append([x, y])
            if rng.random() < 0.5:
                scene["lava"].append([x, y + rng.choice((-1, 1))])
    draw.claim(scene)
    return scene


class SceneryRecognition(Task):
    name = "scenery_recognition"
    description = "Which sceneries the scene contains"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "choice"
    open_type = "text"

    def build(self, draw: Draw) -> Question:
        names = sorted(draw.rng.sample(SCENERIES, draw.params["sceneries"]))
        scene = build_sceneries(draw, names)
        wrong = sibling_sequences(draw.rng, names, SCENE_OPTIONS - 1, swap_one,
                                  lambda s: s != names)
        options, index = draw.place(set_text(names), [set_text(w) for w in wrong])
        cues = [f"- {CUES[n]}." for n in names]
        analysis = "\n".join(["The scene holds:", *cues,
                              f"So the sceneries are {set_text(names)}."])
        text = ("Which sceneries does the scene contain? The candidates are: "
                + ", ".join((*SCENERIES, DECOY)) + ". Each option lists its sceneries in "
                "alphabetical order.")
        open_text = ("Which sceneries does the scene contain? The candidates are: "
                     + ", ".join((*SCENERIES, DECOY)) + ".")
        open_form = OpenForm(answer=normalise_text(set_text(names)), text=open_text,
                             hint="Answer with the names of every scenery present, separated "
                                  "by commas, in any order.")
        return choice_question(scene, text, options, index, analysis,
                               {"sceneries": names}, open=open_form)

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        """1 when the named sceneries are exactly those in the scene, in any order."""
        named = read_names(answer)
        return 1.0 if named is not None and named == set(rules.sceneries(state)) else 0.0


def read_names(answer: str) -> set[str] | None:
    """Scenery names in a comma (or 'and') separated answer; None if any item is unknown."""
    known = {normalise_text(n): n for n in (*SCENERIES, DECOY)}
    text = normalise_text(str(answer)).replace(" and ", ", ")
    items = [normalise_text(p) for p in text.split(",")]
    items = [i for i in items if i]
    if not items or any(i not in known for i in items):
        return None
    names = {known[i] for i in items}
    return names if len(names) == len(items) else None


# ----------------------------------------------------------------------------- cuboid

def volumes(low: int, high: int) -> list[int]:
    return sorted({a * b * h for a in range(2, 7) for b in range(2, 7) for h in range(1, 5)
                   if low <= a * b * h <= high})


class CubeCount(Task):
    name = "cube_count"
    description = "How many unit blocks make up a solid cuboid"
    qa_type = "target_perception"
    qa_level = "medium"
    answer_type = "integer"

    def build(self, draw: Draw) -> Question:
        low, high = span(draw, "volume_min", "volume_max")
        values = volumes(low, high)
        if not values:
            raise ParamError(f"minecraft: no cuboid of 2-6 x 2-6 x 1-4 blocks holds between "
                             f"{low} and {high} blocks")
        volume = draw.target(values, "volume")
        dims = [(a, b, h) for a in range(2, 7) for b in range(2, 7) for h in range(1, 5)
                if a * b * h == volume]
        a, b, h = draw.rng.choice(dims)
        scene = frame(draw, 8, 8)
        x0, y0 = draw.rng.randint(1, 9 - a), draw.rng.randint(1, 9 - b)
        color = draw.rng.choice(sorted(rules.PLAIN))
        for x in range(x0, x0 + a):
            for y in range(y0, y0 + b):
                for level in range(1, h + 1):
                    rules.add_block(scene, x, y, level, f"plain:{color}")
        draw.claim(scene)
        analysis = (f"The cuboid covers {a} cells along one edge of its base and {b} along "
                    f"the other, and it is {plural(h, 'block')} tall. It is solid, so it "
                    f"holds {a} x {b} x {h} = {volume} blocks.")
        text = ("The coloured blocks form one solid cuboid (a box of unit blocks with no gaps "
                "inside). How many unit blocks make up the cuboid?")
        return Question(scene, text, str(volume), analysis, None, {"size": [a, b, h]})


# ----------------------------------------------------------------------------- river

def river_scene(draw: Draw, width: int, near: int, far: int, axis: str,
                along: int = 8) -> dict[str, Any]:
    """Ground with a river `width` cells wide running along `axis`, `near` ground cells on
    its low side and `far` on its high side."""
    across = near + width + far
    scene = frame(draw, along, across) if axis == "x" else frame(draw, across, along)
    cells = range(near + 1, near + width + 1)
    w, d = scene["ground"]
    scene["water"] = [[x, y] for x in range(1, w + 1) for y in range(1, d + 1)
                      if (y if axis == "x" else x) in cells]
    return scene


def place_player(draw: Draw, scene: dict[str, Any], side: int, gap: tuple[int, int],
                 avoid: set[tuple[int, int]] = frozenset()) -> None:
    """The player on one bank (`side` -1 low, +1 high), gap[0]-gap[1] cells from the river,
    never in front of a block (it is two blocks tall and could hide it)."""
    axis = rules.river_axis(scene)
    across = [c[1] if axis == "x" else c[0] for c in scene["water"]]
    w, d = scene["ground"]
    spots = []
    for x in range(1, w + 1):
        for y in range(1, d + 1):
            v = y if axis == "x" else x
            dist = min(across) - v if side < 0 else v - max(across)
            if gap[0] <= dist <= gap[1] and (x, y) not in avoid:
                spots.append((x, y))
    blocks = [(b[0], b[1]) for b in scene["blocks"]]
    spots = [s for s in spots if all(toward_camera(scene, *s) <= toward_camera(scene, *b)
                                     or abs(s[0] - b[0]) + abs(s[1] - b[1]) > 3
                                     for b in blocks)]
    if not spots:
        raise Retry
    scene["player"] = list(draw.rng.choice(spots))


class RiverCrossing(Task):
    name = "river_crossing"
    description = "Blocks to place to cross a river"
    qa_type = "state_prediction"
    qa_level = "medium"
    answer_type = "integer"

    def build(self, draw: Draw) -> Question:
        low, high = span(draw, "width_min", "width_max")
        width = draw.target(list(range(low, high + 1)), "width")
        axis = draw.rng.choice("xy")
        scene = river_scene(draw, width, draw.rng.randint(3, 5), draw.rng.randint(3, 5), axis,
                            along=draw.rng.randint(6, 9))
        place_player(draw, scene, draw.rng.choice((-1, 1)), (1, 3))
        draw.claim(scene)
        return self._question(scene)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        """Any scene with a river and the player (the river-and-climb scenes): the question
        ignores the column. Asked when the width is this item's balanced target."""
        if not state["water"] or not state["player"]:
            raise Unaskable
        low, high = span(draw, "width_min", "width_max")
        if draw.target(list(range(low, high + 1)), "width") != rules.river_width(state):
            raise Retry
        return self._question(state)

    @staticmethod
    def _question(scene: dict[str, Any]) -> Question:
        width = rules.river_width(scene)
        analysis = (f"The river is {plural(width, 'cell')} wide (count the water cells straight "
                    "across it). The player can neither wade nor jump, so every river cell on "
                    "its way across needs a block, each placed against the bank or the block "
                    f"before it: {plural(width, 'block')}.")
        text = ("The player wants to walk to the other side of the river. "
                "It cannot wade through water or jump over it; it can place blocks. What is "
                "the fewest blocks it must place to cross?")
        return Question(scene, text, str(width), analysis, None, {"width": width})


# ----------------------------------------------------------------------------- climbing

def climb_answers(low: int, high: int) -> dict[int, list[tuple[int, bool]]]:
    """(blocks under the target, ladder) combinations per answer, columns of low-high."""
    found: dict[int, list[tuple[int, bool]]] = {}
    for n in range(low, high + 1):
        found.setdefault(max(0, n + 1 - rules.PLAYER_HEIGHT), []).append((n, False))
        if n >= 1:
            found.setdefault(0, []).append((n, True))
    return found


def add_column(draw: Draw, scene: dict[str, Any], x: int, y: int, under: int,
               ladder: bool) -> None:
    for level in range(1, under + 1):
        rules.add_block(scene, x, y, level, f"plain:{draw.rng.choice(sorted(rules.PLAIN))}")
        if ladder:
            scene["ladders"].append([x, y, level])
    rules.add_block(scene, x, y, under + 1, draw.rng.choice(rules.TARGETS))


def climb_lines(scene: dict[str, Any]) -> list[str]:
    under, cost, ladder = rules.climb_cost(scene)
    target = rules.BLOCK_NAMES[rules.target_block(scene)[3]]
    level = under + 1
    if under == 0:
        return [f"The {target} sits on the ground, at level 1, within reach of the player "
                "(head at level 2): no block is needed."]
    if ladder:
        return [f"The {target} rests on {plural(under, 'block')}, but the column carries a "
                "ladder: the player climbs it for free, so no block is needed."]
    if cost == 0:
        return [f"The {target} rests on 1 block, so it is at level 2, the player's head "
                "level: it can be mined from the ground, no block is needed."]
    return [f"The {target} rests on {plural(under, 'block')}, so it is at level {level}; "
            f"the player's head is at level {rules.PLAYER_HEIGHT}, and each block placed under "
            f"its feet raises it one level, so it needs {level} - {rules.PLAYER_HEIGHT} = "
            f"{plural(cost, 'block')}."]


CLIMB_RULE = ("The player is two blocks tall and can mine a block whose "
              "level is at most its head's level; a block standing on the ground is at level 1, "
              "a block resting on n blocks at level n + 1. Standing on the ground its head is at "
              "level 2. It can pillar up: each block it places under its feet raises it one "
              "level. A ladder on a column lets it climb that column without placing blocks.")


class Climb(Task):
    name = "climb"
    description = "Blocks to place to reach a block on a column"
    qa_type = "state_prediction"
    qa_level = "medium"
    answer_type = "integer"

    def build(self, draw: Draw) -> Question:
        low, high = span(draw, "column_min", "column_max")
        combos = climb_answers(low, high)
        answer = draw.target(sorted(combos), "blocks")
        under, ladder = draw.rng.choice(combos[answer])
        scene = frame(draw, 7, 7)
        cx, cy = draw.rng.randint(2, 6), draw.rng.randint(2, 6)
        add_column(draw, scene, cx, cy, under, ladder)
        spots = [(x, y) for x in range(1, 8) for y in range(1, 8)
                 if 2 <= abs(x - cx) + abs(y - cy) <= 3
                 and toward_camera(scene, x, y) <= toward_camera(scene, cx, cy)]
        scene["player"] = list(draw.rng.choice(spots))
        draw.claim(scene)
        return self._question(scene)

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        """A scene with a target column and the player on its side of any river (the
        river-and-climb scenes whose target is on the near bank). Asked when the answer is
        this item's balanced target and the column is in the level's range."""
        if not state["player"] or not any(b[3] in rules.TARGETS for b in state["blocks"]):
            raise Unaskable
        if state["water"] and not rules.same_side(state):
            raise Unaskable
        low, high = span(draw, "column_min", "column_max")
        under, cost, _ = rules.climb_cost(state)
        if not low <= under <= high or draw.target(sorted(climb_answers(low, high)),
                                                   "blocks") != cost:
            raise Retry
        return self._question(state)

    @staticmethod
    def _question(scene: dict[str, Any]) -> Question:
        under, cost, ladder = rules.climb_cost(scene)
        target = rules.BLOCK_NAMES[rules.target_block(scene)[3]]
        text = (f"{CLIMB_RULE} What is the fewest blocks the player must place to be able to "
                f"mine the {target}?")
        return Question(scene, text, str(cost), "\n".join(climb_lines(scene)), None,
                        {"under": under, "ladder": ladder})


def reach_combos(low: int, high: int) -> dict[int, list[tuple[int, int, bool, bool]]]:
    """(river width, blocks under the target, ladder, same side) per answer, for scenes
    whose width + column lies in [low, high]."""
    found: dict[int, list[tuple[int, int, bool, bool]]] = {}
    for width in range(1, 5):
        for under in range(0, 5):
            if not low <= width + under <= high:
                continue
            for ladder in ((False, True) if under else (False,)):
                climb = 0 if ladder else max(0, under + 1 - rules.PLAYER_HEIGHT)
                for same in (True, False):
                    found.setdefault(climb if same else climb + width, []).append(
                        (width, under, ladder, same))
    return found


class RiverClimb(Task):
    name = "river_climb"
    description = "Blocks to place to reach a block, across a river if needed"
    qa_type = "state_prediction"
    qa_level = "hard"
    answer_type = "integer"

    def build(self, draw: Draw) -> Question:
        low, high = span(draw, "span_min", "span_max")
        combos = reach_combos(low, high)
        if not combos:
            raise ParamError(f"minecraft: no river of 1-4 cells with a column of 0-4 blocks "
                             f"spans between {low} and {high}")
        answer = draw.target(sorted(combos), "blocks")
        width, under, ladder, same = draw.rng.choice(combos[answer])
        scene = river_scene(draw, width, 4, 4, "x")
        near = draw.rng.choice((-1, 1))
        side = near if same else -near
        rows = range(1, 4) if side < 0 else range(4 + width + 2, 4 + width + 5)
        cx, cy = draw.rng.randint(2, 7), draw.rng.choice(list(rows))
        add_column(draw, scene, cx, cy, under, ladder)
        place_player(draw, scene, near, (1, 3), avoid={(cx, cy)})
        draw.claim(scene)
        assert rules.reach_cost(scene) == answer
        lines = climb_lines(scene)
        if same:
            lines.insert(0, "The target column stands on the player's side of the river, so "
                            "no bridge is needed.")
        else:
            lines.insert(0, f"The target column stands across the river, which is "
                            f"{plural(width, 'cell')} wide: bridging it takes "
                            f"{plural(width, 'block')}, one in each river cell.")
            _, climb, _ = rules.climb_cost(scene)
            lines.append(f"In all {width} + {climb} = {plural(answer, 'block')}.")
        target = rules.BLOCK_NAMES[rules.target_block(scene)[3]]
        text = (f"{CLIMB_RULE} The player cannot wade through water or jump over it; to cross "
                "the river it must place a block in every river cell on its way. What is the "
                f"fewest blocks the player must place to be able to mine the {target}?")
        return Question(scene, text, str(answer), "\n".join(lines), None,
                        {"width": width, "under": under, "ladder": ladder, "same_side": same})


TASKS = [SceneryRecognition(), CubeCount(), RiverCrossing(), Climb(), RiverClimb()]
