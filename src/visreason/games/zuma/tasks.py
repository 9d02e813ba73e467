"""Zuma question types (GameQA zuma ids 1-6).

Every state is a chain laid along a spiral track with the frog near the spiral's centre.
Tasks that ask about a shot choose the frog's facing angle (and the colour it holds) so the
balanced answer comes out; geometry too close to call (a marble grazing the line of fire, a
marble on a sector border, a contact point level with the touched marble's centre) is
rejected, so every answer holds with a margin and can be read from the picture.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from ...core import Draw, OpenForm, ParamError, Question, Retry, Task, choice_question
from ...core.answers import hedged
from ...core.seeds import derive_seed
from ...core.text import plural
from . import rules
from .rules import COLORS, CONTACT, SECTORS, Hit

NONE = "none"
HIT_OPTIONS = [*COLORS, NONE]
ANGLE_SLACK = 0.5  # degrees: a hit must not change when the aim turns this much
REACH_SLACK = 0.02  # world units: nor when the touching distance changes this much
SECTOR_SLACK = 1.5  # degrees: a marble this near a sector border is too close to call
SIDE_SLACK = 0.05  # world units: contact this near level with the touched centre is too close
AIM_TRIES = 80


# ----------------------------------------------------------------------------- states

def marble_count(draw: Draw) -> int:
    low, high = draw.params["min_marbles"], draw.params["max_marbles"]
    if low > high:
        raise ParamError(f"zuma.min_marbles ({low}) must not exceed zuma.max_marbles ({high})")
    return draw.rng.randint(low, high)


def new_state(draw: Draw) -> dict[str, Any]:
    """A chain of random colours on a fresh spiral; the frog within 0.4 of the spiral's
    centre, facing a random whole angle, holding two random colours."""
    rng = draw.rng
    count = marble_count(draw)
    track = rules.new_track(rng, count)
    marbles = rules.lay_chain(rng, track, count)
    r, a = 0.4 * math.sqrt(rng.random()), rng.uniform(-math.pi, math.pi)
    frog = {"x": round(track["cx"] + r * math.cos(a), 2),
            "y": round(track["cy"] + r * math.sin(a), 2), "angle": rng.randint(-179, 180),
            "next": rng.choice(COLORS), "after": rng.choice(COLORS)}
    return {"track": track, "marbles": marbles, "frog": frog}


def with_frog(state: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {**state, "frog": {**state["frog"], **changes}}


def chain_of(state: dict[str, Any]) -> list[dict[str, Any]]:
    return state["marbles"]


def xy(m: dict[str, Any]) -> str:
    return f"({m['x']:.3f}, {m['y']:.3f})"


# ----------------------------------------------------------------------------- shots

def robust_hit(state: dict[str, Any], angle: float) -> Hit | None:
    """The first marble the shot at `angle` touches, or None; Retry when turning the aim
    by ANGLE_SLACK or changing the touching distance by REACH_SLACK would change it."""
    frog, chain = rules.frog_point(state), chain_of(state)
    hit = rules.first_hit(frog, angle, chain)
    key = None if hit is None else hit.index
    for a, reach in ((angle - ANGLE_SLACK, CONTACT), (angle + ANGLE_SLACK, CONTACT),
                     (angle, CONTACT - REACH_SLACK), (angle, CONTACT + REACH_SLACK)):
        other = rules.first_hit(frog, a, chain, reach)
        if (None if other is None else other.index) != key:
            raise Retry
    return hit


def line_of_fire(state: dict[str, Any], angle: float) -> list[str]:
    """The marbles within touching distance of the line of fire, ahead of the frog, nearest
    first along the line: the analysis of which marble a shot touches."""
    fx, fy = rules.frog_point(state)
    dx, dy = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    near = []
    for i, m in enumerate(chain_of(state)):
        px, py = m["x"] - fx, m["y"] - fy
        along, side = px * dx + py * dy, abs(px * dy - py * dx)
        if along > 0 and side < CONTACT:
            travel = along - math.sqrt(CONTACT * CONTACT - side * side)
            near.append((travel, i, side))
    near.sort()
    lines = [f"The frog's centre is at ({fx:.2f}, {fy:.2f}); a shot at {angle:g} degrees moves "
             f"along the direction ({dx:.3f}, {dy:.3f})."]
    if not near:
        lines.append("No marble centre ahead of the frog lies within 0.6 of that line, so the "
                     "shot touches nothing.")
        return lines
    lines.append("Marbles whose centres pass within 0.6 of the line, ahead of the frog, in the "
                 "order the shot reaches them:")
    for travel, i, side in near[:4]:
        m = chain_of(state)[i]
        lines.append(f"marble {i + 1} ({m['color']}, at {xy(m)}): {side:.2f} from the line, "
                     f"touched after the shot travels {travel:.2f}.")
    first = chain_of(state)[near[0][1]]
    lines.append(f"The shot first touches marble {near[0][1] + 1}, which is {first['color']}.")
    return lines


@lru_cache(maxsize=64)
def can_miss(low: int, high: int) -> bool:
    """Whether chains of this length often leave a line of fire that touches nothing (short
    chains cover part of one turn; long ones wrap the frog): measured on 40 states."""
    hits = 0
    for i in range(40):
        rng = random.Random(derive_seed("zuma", "can miss", low, high, i))
        draw = Draw(rng, "calibration", {"min_marbles": low, "max_marbles": high}, i, "miss")
        state = new_state(draw)
        hits += bool(miss_angles(state, 10))
    return hits >= 16


def first_indices(state: dict[str, Any], angles: np.ndarray, reach: float) -> np.ndarray:
    """For each shot angle, the index of the first marble touched, or -1: all at once."""
    chain = chain_of(state)
    fx, fy = rules.frog_point(state)
    pos = np.array([(m["x"] - fx, m["y"] - fy) for m in chain])
    rad = np.radians(angles)
    d = np.stack([np.cos(rad), np.sin(rad)], axis=1)
    along = d @ pos.T
    side = np.abs(d[:, :1] * pos[:, 1] - d[:, 1:] * pos[:, 0])
    ok = (along > 0) & (side < reach)
    travel = np.where(ok, along - np.sqrt(np.maximum(reach * reach - side * side, 0.0)), np.inf)
    first = np.argmin(travel, axis=1)
    return np.where(np.isfinite(travel[np.arange(len(angles)), first]), first, -1)


def miss_angles(state: dict[str, Any], step: int = 1) -> list[int]:
    """Whole angles whose shot touches nothing, robustly (see `robust_hit`)."""
    angles = np.arange(-179, 181, step, dtype=float)
    miss = np.ones(len(angles), dtype=bool)
    for offset, reach in ((0.0, CONTACT), (-ANGLE_SLACK, CONTACT), (ANGLE_SLACK, CONTACT),
                          (0.0, CONTACT + REACH_SLACK)):
        miss &= first_indices(state, angles + offset, reach) < 0
    return [int(a) for a in angles[miss]]


def aims(draw: Draw, state: dict[str, Any]) -> list[tuple[int, int]]:
    """(whole angle, marble index) aiming near each marble's centre, shuffled."""
    frog = rules.frog_point(state)
    out = []
    for i, m in enumerate(chain_of(state)):
        angle = rules.angle_of(frog, (m["x"], m["y"])) + draw.rng.uniform(-2.5, 2.5)
        whole = round(angle)
        out.append((180 if whole <= -180 else whole - 360 if whole > 180 else whole, i))
    draw.rng.shuffle(out)
    return out


# ----------------------------------------------------------------------------- shot outcome

def outcome(state: dict[str, Any], angle: float, shot: str) -> tuple[str, Any]:
    """('left', None), ('stays', position) or ('removed', (position, eliminations)); Retry
    when the hit or the side of insertion is too close to call."""
    hit = robust_hit(state, angle)
    if hit is None:
        return "left", None
    if rules.side_margin(chain_of(state), hit) < SIDE_SLACK:
        raise Retry
    position = rules.insert_position(chain_of(state), hit)
    steps = rules.resolve(rules.chain_colors(state), position, shot)
    if not steps:
        return "stays", position
    return "removed", (position, steps)


def removed_total(steps: list[rules.Elimination]) -> int:
    return sum(s.removed for s in steps)


def outcome_text(kind: str, detail: Any) -> str:
    if kind == "left":
        return "The marble leaves the field"
    if kind == "stays":
        return "The marble stays in the chain and nothing is removed"
    return f"{removed_total(detail[1])} marbles of the chain are removed"


def outcome_open(kind: str, detail: Any) -> str:
    if kind == "left":
        return "leaves the field"
    if kind == "stays":
        return "stays"
    return f"{removed_total(detail[1])} removed"


# A count said to be removed ("4 removed", "4 chain marbles are removed"): read before the
# stay and leave words, since every removal follows the shot joining the chain.
_REMOVED_RE = re.compile(r"\b(\d+)\s+(?:chain\s+)?(?:marbles?\s+)?(?:of the chain\s+)?"
                         r"(?:are\s+|is\s+|get\s+|gets\s+)?(?:removed|disappear|eliminated)\b")


def parse_outcome(answer: str) -> str | None:
    """'leaves the field' / 'stays' / 'N removed' from free text, or None. A count must be
    said to be removed: a bare number is no outcome."""
    text = answer.casefold()
    if hedged(text):
        return None
    numbers = re.findall(r"\d+", text)
    leave = bool(re.search(r"\b(leave|leaves|miss|misses|missed|exits?)\b|\bleft (?:the )?"
                           r"(?:field|screen|board)\b", text))
    counts = {int(n) for n in _REMOVED_RE.findall(text)}
    if len(counts) == 1 and not leave:  # "the shot joins the chain and 4 marbles are removed"
        count = counts.pop()
        return f"{count} removed" if count > 0 else "stays"
    stay = bool(re.search(r"\b(stay|stays|stayed|joins?|remains?|nothing)\b", text))
    if len(numbers) == 1 and not leave and not stay:
        removed = re.search(r"\b(removed?|disappears?|disappear|eliminated|cleared|gone|go)\b",
                            text)
        return f"{int(numbers[0])} removed" if removed and int(numbers[0]) > 0 else None
    if numbers:
        return None
    if leave and not stay:
        return "leaves the field"
    if stay and not leave:
        return "stays"
    return None


def elimination_lines(colors: list[str], position: int, shot: str,
                      steps: list[rules.Elimination]) -> list[str]:
    lines = []
    before = colors[position - 1] if position > 0 else None
    after = colors[position] if position < len(colors) else None
    left = f"marble {position} ({before})" if before else "the tail end"
    right = f"marble {position + 1} ({after})" if after else "the head end"
    lines.append(f"The {shot} shot joins the chain between {left} and {right}.")
    if not steps:
        lines.append(f"Its run of {shot} marbles is shorter than 3, so nothing is removed.")
        return lines
    first = steps[0]
    lines.append(f"The shot makes a run of {first.removed + 1} {shot} marbles ({first.removed} "
                 "from the chain plus the shot), which disappears.")
    for s in steps[1:]:
        lines.append(f"The gap closes and {s.color} marbles meet: a run of {s.removed} "
                     f"{s.color} marbles, which disappears too.")
    left, right = rules.resolve_trace(colors, position, shot)[1]
    if left is None or right is None:
        lines.append("The gap is at an end of the chain, so nothing more goes.")
    elif left != right:
        lines.append(f"Now a {left} and a {right} marble meet at the gap: different colours, "
                     "so nothing more goes.")
    else:
        lines.append(f"Now two {left} marbles meet at the gap, but their joined run is "
                     "shorter than 3, so nothing more goes.")
    lines.append(f"In all {removed_total(steps)} chain marbles are removed.")
    return lines


# ----------------------------------------------------------------------------- tasks

class ShooterColor(Task):
    name = "shooter_color"
    description = "Colour of the marble the frog shoots next"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "choice"
    open_type = "text"

    def build(self, draw: Draw) -> Question:
        return self._question(with_frog(new_state(draw), next=draw.target(COLORS)))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        return self._question(state)

    @staticmethod
    def _question(state: dict[str, Any]) -> Question:
        color = state["frog"]["next"]
        analysis = (f"The marble held by the frog (its next shot) is {color}; the marble after "
                    f"it is {state['frog']['after']}, which is not shot next.")
        text = "What colour is the marble the frog shoots next?"
        return choice_question(state, text, list(COLORS), COLORS.index(color), analysis,
                               open=OpenForm(answer=color,
                                             hint="Answer with one colour: red, yellow, blue "
                                                  "or green."))


class ColorCount(Task):
    name = "color_count"
    description = "How many marbles of a colour are on the track"
    qa_type = "target_perception"
    qa_level = "easy"
    answer_type = "integer"

    def build(self, draw: Draw) -> Question:
        return self.ask(draw, new_state(draw))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        color = draw.rng.choice(COLORS)
        where = [i + 1 for i, m in enumerate(chain_of(state)) if m["color"] == color]
        analysis = (f"Going along the chain from the tail (marble 1) to the head (marble "
                    f"{len(chain_of(state))}), the {color} marbles are numbers "
                    f"{', '.join(map(str, where)) or 'none'}: {len(where)} in all. The "
                    "frog's own marbles are not on the track.")
        text = f"How many {color} marbles are on the track (the frog's marbles not counted)?"
        return Question(state, text, str(len(where)), analysis, meta={"color": color})


def group_top(params: dict[str, Any]) -> int:
    """The largest count asked for by name in group_count; larger counts share its bucket."""
    high = params["max_marbles"]
    return 2 if high <= 30 else 4 if high <= 75 else 6


def marble_angles(state: dict[str, Any]) -> list[float]:
    frog = rules.frog_point(state)
    return [rules.angle_of(frog, (m["x"], m["y"])) for m in chain_of(state)]


def groups_in(state: dict[str, Any], sector: int, widen: float = 0.0,
              angles: list[float] | None = None) -> list[tuple[int, int]]:
    """The runs of 2 or more with a marble centre in the sector (widened by `widen`)."""
    angles = angles if angles is not None else marble_angles(state)
    return [(a, b) for a, b in rules.runs(rules.chain_colors(state)) if b > a and any(
        rules.in_sector(angles[i], sector, widen) for i in range(a, b + 1))]


def robust_groups(state: dict[str, Any], sector: int,
                  angles: list[float] | None = None) -> list[tuple[int, int]]:
    """The groups with a marble in the sector; Retry when a border marble decides one."""
    angles = angles if angles is not None else marble_angles(state)
    found = groups_in(state, sector, 0.0, angles)
    if groups_in(state, sector, SECTOR_SLACK, angles) != found or \
            groups_in(state, sector, -SECTOR_SLACK, angles) != found:
        raise Retry
    return found


GROUP_CALIBRATION = 240


@lru_cache(maxsize=64)
def group_keep(low: int, high: int) -> tuple[float, ...]:
    """Keep weights per target bucket for group_count: on a given state some counts have no
    sector (a short chain rarely puts 2 groups in one sector), so a state fits the bucket of
    0 more often than the others. Each bucket is kept in inverse proportion to how often a
    state fits it (measured on GROUP_CALIBRATION states from a fixed seed), so asked items
    stay even."""
    params = {"min_marbles": low, "max_marbles": high}
    top = group_top(params)
    fits = [0] * (top + 1)
    for i in range(GROUP_CALIBRATION):
        rng = random.Random(derive_seed("zuma", "group keep", low, high, i))
        state = new_state(Draw(rng, "calibration", params, i, "group keep"))
        angles = marble_angles(state)
        seen = set()
        for sector in range(8):
            try:
                seen.add(min(len(robust_groups(state, sector, angles)), top))
            except Retry:
                continue
        for value in seen:
            fits[value] += 1
    floor = min((f for f in fits if f), default=1)
    return tuple(floor / f if f else 1.0 for f in fits)


class GroupCount(Task):
    name = "group_count"
    description = "Groups of 2+ same-coloured neighbours with a marble in a direction sector"
    qa_type = "target_perception"
    qa_level = "medium"
    answer_type = "integer"

    def build(self, draw: Draw) -> Question:
        return self._pick(draw, new_state(draw))

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        """As build, kept by the bucket's weight (`group_keep`) so that asked items stay
        even although a state fits the low buckets more often."""
        top = group_top(draw.params)
        want = draw.target(list(range(top + 1)))
        draw.keep(group_keep(draw.params["min_marbles"], draw.params["max_marbles"])[want])
        return self._pick(draw, state)

    def _pick(self, draw: Draw, state: dict[str, Any]) -> Question:
        """A sector whose count lands in this item's balanced bucket (the top bucket holds
        every larger count too)."""
        top = group_top(draw.params)
        want = draw.target(list(range(top + 1)))
        sectors = list(range(8))
        draw.rng.shuffle(sectors)
        angles = marble_angles(state)
        for sector in sectors:
            try:
                found = robust_groups(state, sector, angles)
            except Retry:
                continue
            if min(len(found), top) == want:
                return self._question(state, sector, found)
        raise Retry

    @staticmethod
    def _question(state: dict[str, Any], sector: int, found: list[tuple[int, int]]) -> Question:
        frog = rules.frog_point(state)
        chain = chain_of(state)
        name = SECTORS[sector]
        low, high = rules.sector_range(sector)
        span = "[157.5, 180] or (-180, -157.5)" if sector == 4 else \
            f"[{(low + 180) % 360 - 180:g}, {(high + 180) % 360 - 180:g})"
        groups = [(a, b) for a, b in rules.runs(rules.chain_colors(state)) if b > a]
        lines = [f"The {name} sector holds the angles {span} seen from the frog's centre "
                 f"({frog[0]:.2f}, {frog[1]:.2f}). Runs of 2 or more neighbouring marbles of "
                 "one colour along the chain, with the angles of their marbles:"]
        for a, b in groups:
            angles = [rules.angle_of(frog, (chain[i]["x"], chain[i]["y"])) for i in range(a, b + 1)]
            inside = (a, b) in found
            lines.append(f"marbles {a + 1}-{b + 1} ({chain[a]['color']}): "
                         f"{', '.join(f'{v:.1f}' for v in angles)} -> "
                         f"{'in the sector' if inside else 'none in the sector'}.")
        if not groups:
            lines.append("there are none.")
        lines.append(f"So {plural(len(found), 'group')} {'has' if len(found) == 1 else 'have'} "
                     f"a marble in the {name} sector.")
        text = (f"How many groups of 2 or more neighbouring marbles of one colour (maximal runs "
                f"along the chain) have at least one marble whose centre lies in the {name} "
                f"sector, seen from the frog's centre?")
        return Question(state, text, str(len(found)), "\n".join(lines),
                        meta={"sector": name, "groups": [[a, b] for a, b in found]})


class HitColor(Task):
    name = "hit_color"
    description = "Colour of the marble a shot at the frog's facing angle touches first"
    qa_type = "target_perception"
    qa_level = "medium"
    answer_type = "choice"
    open_type = "text"

    def build(self, draw: Draw) -> Question:
        state = new_state(draw)
        values = HIT_OPTIONS if can_miss(draw.params["min_marbles"],
                                         draw.params["max_marbles"]) else list(COLORS)
        want = draw.target(values)
        if want == NONE:
            angles = miss_angles(state)
            if not angles:
                raise Retry
            return self._question(draw, with_frog(state, angle=draw.rng.choice(angles)))
        for angle, i in aims(draw, state)[:AIM_TRIES]:
            if chain_of(state)[i]["color"] != want:
                continue
            try:
                hit = robust_hit(state, angle)
            except Retry:
                continue
            if hit is not None and chain_of(state)[hit.index]["color"] == want:
                return self._question(draw, with_frog(state, angle=angle))
        raise Retry

    def ask(self, draw: Draw, state: dict[str, Any]) -> Question:
        robust_hit(state, state["frog"]["angle"])
        return self._question(draw, state)

    @staticmethod
    def _question(draw: Draw, state: dict[str, Any]) -> Question:
        angle = state["frog"]["angle"]
        hit = robust_hit(state, angle)
        answer = NONE if hit is None else chain_of(state)[hit.index]["color"]
        # Where chains wrap the frog a shot always touches a marble: "none" is then offered
        # only if this very shot misses, never as an option that is always wrong.
        missable = can_miss(draw.params["min_marbles"], draw.params["max_marbles"])
        choices = HIT_OPTIONS if missable or answer == NONE else list(COLORS)
        text = (f"The frog faces {angle} degrees. If it shoots now, what colour is the first "
                "marble the shot touches?")
        open_text = text + " Answer none if the shot touches no marble."
        return choice_question(state, text, choices, choices.index(answer),
                               "\n".join(line_of_fire(state, angle)),
                               {"hit": None if hit is None else hit.index + 1},
                               open=OpenForm(answer=answer, text=open_text,
                                             hint="Answer with one colour (red, yellow, blue "
                                                  "or green), or none."))


OUTCOME_BUCKETS = ("left", "stays", "2", "3", "4+")


def bucket_of(kind: str, detail: Any) -> str:
    if kind != "removed":
        return kind
    n = removed_total(detail[1])
    return "4+" if n >= 4 else str(n)


class ShotOutcome(Task):
    name = "shot_outcome"
    description = "What a shot at the frog's facing angle does to the chain"
    qa_type = "state_prediction"
    qa_level = "hard"
    answer_type = "choice"
    open_type = "text"

    def build(self, draw: Draw) -> Question:
        state = new_state(draw)
        missable = can_miss(draw.params["min_marbles"], draw.params["max_marbles"])
        want = draw.target(OUTCOME_BUCKETS if missable else OUTCOME_BUCKETS[1:])
        if want == "left":
            angles = miss_angles(state)
            if not angles:
                raise Retry
            return self._question(draw, with_frog(state, angle=draw.rng.choice(angles)))
        for angle, i in aims(draw, state)[:AIM_TRIES]:
            shot = chain_of(state)[i]["color"] if want != "stays" else draw.rng.choice(COLORS)
            try:
                kind, detail = outcome(state, angle, shot)
            except Retry:
                continue
            if bucket_of(kind, detail) == want:
                return self._question(draw, with_frog(state, angle=angle, next=shot))
        raise Retry

    @staticmethod
    def _question(draw: Draw, state: dict[str, Any]) -> Question:
        frog = state["frog"]
        kind, detail = outcome(state, frog["angle"], frog["next"])
        lines = line_of_fire(state, frog["angle"])
        if kind != "left":
            hit = rules.first_hit(rules.frog_point(state), frog["angle"], chain_of(state))
            assert hit is not None
            o = chain_of(state)[hit.index]
            side = "head" if rules.insert_position(chain_of(state), hit) > hit.index else "tail"
            lines.append(f"At contact the shot's centre is at ({hit.contact[0]:.3f}, "
                         f"{hit.contact[1]:.3f}), on the {side} side of marble "
                         f"{hit.index + 1}'s centre {xy(o)} along the chain.")
            position = detail if kind == "stays" else detail[0]
            steps = [] if kind == "stays" else detail[1]
            lines += elimination_lines(rules.chain_colors(state), position, frog["next"], steps)
        answer = outcome_text(kind, detail)
        count = removed_total(detail[1]) if kind == "removed" else None
        # "Leaves the field" is offered only where shots can miss (see HitColor).
        missable = can_miss(draw.params["min_marbles"], draw.params["max_marbles"])
        fixed = [outcome_text("left", None)] if missable or kind == "left" else []
        fixed.append(outcome_text("stays", None))
        start = draw.rng.randint(max(2, (count or 2) - 3), count or draw.rng.randint(2, 5))
        counted = [f"{n} marbles of the chain are removed" for n in range(start, start + 4)]
        options, index = draw.place(answer, [o for o in fixed + counted if o != answer])
        text = (f"The frog faces {frog['angle']} degrees and shoots its next marble "
                f"({frog['next']}) now. What happens? (Removed marbles count only marbles "
                "that were in the chain, cascades included, not the shot.)")
        open_form = OpenForm(
            answer=outcome_open(kind, detail), text=text,
            hint="Answer leaves the field, stays (it joins the chain and nothing is removed), "
                 "or the number of chain marbles removed, e.g. 4 removed.")
        return choice_question(state, text, options, index, "\n".join(lines),
                               {"outcome": outcome_open(kind, detail)}, open=open_form)

    def check_open(self, state: dict[str, Any], meta: dict[str, Any], answer: str) -> float:
        return 1.0 if parse_outcome(answer) == meta["outcome"] else 0.0


AIM_VARIANTS = ((0.0, CONTACT), (-ANGLE_SLACK, CONTACT), (ANGLE_SLACK, CONTACT),
                (0.0, CONTACT - REACH_SLACK), (0.0, CONTACT + REACH_SLACK))


@dataclass(frozen=True)
class Aim:
    """A shot aimed at marble `target`'s centre: the marble it touches, where it joins the
    chain, the run of the shot's colour it completes (chain indices [low, high)) and what it
    removes."""

    target: int
    angle: float
    touched: int
    position: int
    low: int
    high: int
    steps: tuple[rules.Elimination, ...]


@dataclass(frozen=True)
class Touch:
    """A shot aimed at marble `target`'s centre (turned by the variant's offset): the marble
    it touches first and the shot's centre at contact. Independent of the shot's colour."""

    target: int
    angle: float
    hit: rules.Hit
    position: int  # where the shot joins the chain


def touches(state: dict[str, Any], offset: float = 0.0, reach: float = CONTACT) -> list[Touch]:
    """Every shot aimed at a marble's centre, all aims computed at once."""
    chain = chain_of(state)
    fx, fy = rules.frog_point(state)
    pos = np.array([(m["x"] - fx, m["y"] - fy) for m in chain])
    angles = np.degrees(np.arctan2(pos[:, 1], pos[:, 0])) + offset
    rad = np.radians(angles)
    d = np.stack([np.cos(rad), np.sin(rad)], axis=1)
    along = d @ pos.T
    side = np.abs(d[:, :1] * pos[:, 1] - d[:, 1:] * pos[:, 0])
    ok = (along > 0) & (side < reach)
    travel = np.where(ok, along - np.sqrt(np.maximum(reach * reach - side * side, 0.0)), np.inf)
    first = np.argmin(travel, axis=1)
    out = []
    for i, j in enumerate(first.tolist()):
        if ok[i, j]:
            t = float(travel[i, j])
            hit = rules.Hit(j, t, (fx + t * float(d[i, 0]), fy + t * float(d[i, 1])))
            out.append(Touch(i, float(angles[i]), hit, rules.insert_position(chain, hit)))
    return out


def removing_aims(state: dict[str, Any], shot: str, found: list[Touch]) -> list[Aim]:
    """The aims whose shot (of colour `shot`) joins 2 or more marbles of its colour."""
    colors = rules.chain_colors(state)
    n = len(colors)
    out = []
    for touch in found:
        position = touch.position
        if not ((position > 0 and colors[position - 1] == shot) or
                (position < n and colors[position] == shot)):
            continue
        low = high = position
        while low > 0 and colors[low - 1] == shot:
            low -= 1
        while high < len(colors) and colors[high] == shot:
            high += 1
        if high - low >= 2:
            steps = tuple(rules.resolve(colors, position, shot))
            out.append(Aim(touch.target, touch.angle, touch.hit.index, position, low, high,
                           steps))
    return out


def all_touches(state: dict[str, Any]) -> list[list[Touch]]:
    """The touches of every aim variant (exact first)."""
    return [touches(state, offset, reach) for offset, reach in AIM_VARIANTS]


def summarise(aims: list[Aim]) -> tuple[int, list[tuple[int, int]]]:
    """The most chain marbles one aim removes and the distinct runs whose removal does it."""
    value: dict[tuple[int, int], int] = {}
    for aim in aims:
        if aim.steps:
            value[(aim.low, aim.high)] = removed_total(list(aim.steps))
    best = max(value.values(), default=0)
    return best, sorted(k for k, v in value.items() if v == best) if best else []


def best_shots(state: dict[str, Any], variants: list[list[Touch]] | None = None
               ) -> tuple[int, list[tuple[int, int]], list[str]]:
    """The most chain marbles one shot of the next colour removes when the frog may aim at
    any marble's centre, the runs whose removal reaches it, and the analysis lines. Retry
    when aiming half a degree off the centres, or a touching distance a little different,
    would change the answer."""
    variants = variants or all_touches(state)
    shot = state["frog"]["next"]
    exact = removing_aims(state, shot, variants[0])
    best, winners = summarise(exact)
    for found in variants[1:]:
        if summarise(removing_aims(state, shot, found)) != (best, winners):
            raise Retry
    shot = state["frog"]["next"]
    chain = chain_of(state)
    lines = []
    shown: set[tuple[int, int]] = set()
    for aim in sorted(exact, key=lambda a: (a.low, a.target)):
        if not aim.steps or (aim.low, aim.high) in shown:
            continue
        shown.add((aim.low, aim.high))
        extra = "" if len(aim.steps) == 1 else " with the cascade (" + ", then ".join(
            f"{s.removed} {s.color}" for s in aim.steps) + ")"
        lines.append(
            f"Aiming at marble {aim.target + 1} ({aim.angle:.1f} degrees), the shot first "
            f"touches marble {aim.touched + 1} ({chain[aim.touched]['color']}) and joins the "
            f"chain next to the {shot} run of marbles {aim.low + 1}-{aim.high}: it removes "
            f"{removed_total(list(aim.steps))} chain marbles{extra}.")
    if not shown:
        lines.append(f"No aim puts the shot next to 2 or more {shot} marbles: every shot just "
                     "joins the chain.")
    else:
        lines.append("Every other aim removes nothing or repeats one of these runs.")
    return best, winners, lines


class BestShot(Task):
    name = "best_shot"
    description = "Whether a shot can remove marbles, the most it removes, and how many ways"
    qa_type = "strategy_optimization"
    qa_level = "hard"
    answer_type = "sequence"
    # Balanced buckets of (most removed, runs reaching it): most boards with a removal at
    # all remove 2 from a single run.
    BUCKETS = ("no", "2 once", "2 more", "3", "4+")

    @staticmethod
    def bucket(best: int, runs: int) -> str:
        if best == 0:
            return "no"
        if best == 2:
            return "2 once" if runs == 1 else "2 more"
        return "4+" if best >= 4 else "3"

    def build(self, draw: Draw) -> Question:
        want = draw.target(self.BUCKETS)
        state = new_state(draw)
        variants = all_touches(state)
        colors = list(COLORS)
        draw.rng.shuffle(colors)
        for color in colors:
            candidate = with_frog(state, next=color)
            best, winners, _ = best_shots(candidate, variants)
            if self.bucket(best, len(winners)) == want:
                return self._question(candidate)
        raise Retry

    @staticmethod
    def _question(state: dict[str, Any]) -> Question:
        best, winners, lines = best_shots(state)
        shot = state["frog"]["next"]
        lines.insert(0, f"The frog shoots {shot}. A shot removes marbles only if it joins the "
                        f"chain next to 2 or more {shot} marbles in a row. Aiming at each "
                        "marble's centre in turn, the shots that remove marbles:")
        if best:
            answer = f"yes, {best}, {len(winners)}"
            lines.append(f"The most is {best}, reached by {plural(len(winners), 'run')}.")
        else:
            answer = "no, 0, 0"
            lines.append("No shot removes any marble.")
        text = ("The frog may turn to aim straight at the centre of any marble on the track "
                "and then shoots its next marble. Can some shot remove marbles? Give yes or "
                "no, the most chain marbles one shot can remove (cascades included, the shot "
                "not counted), and the number of different runs of the chain a shot can hit to "
                "remove that many. Write the answer as yes, most, runs (e.g. yes, 3, 2), or "
                "no, 0, 0.")
        return Question(state, text, answer, "\n".join(lines),
                        meta={"runs": [[a + 1, b] for a, b in winners]})


TASKS = [ShooterColor(), ColorCount(), GroupCount(), HitColor(), ShotOutcome(), BestShot()]
