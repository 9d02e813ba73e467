"""Zuma logic: the spiral track, the chain, shots, insertion, eliminations and cascades.

Plain 2-D geometry in world units, y pointing up, angles in degrees counter-clockwise from
+x in (-180, 180]. The chain is a list of marbles from the tail (index 0, farthest along the
track from the hole) to the head (last index, nearest the hole). No drawing here.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any

RADIUS = 0.3
CONTACT = 2 * RADIUS  # two marbles touch when their centres are this far apart
COLORS = ("red", "yellow", "blue", "green")
GROWTH = 0.2  # the spiral's radius grows this much per radian
INNER = 1.7  # the spiral's radius at the hole
SECTORS = ("right", "up-right", "up", "up-left", "left", "down-left", "down", "down-right")

Point = tuple[float, float]


# ----------------------------------------------------------------------------- angles

def angle_of(frm: Point, to: Point) -> float:
    """Degrees from `frm` to `to`, counter-clockwise from +x, in (-180, 180]."""
    a = math.degrees(math.atan2(to[1] - frm[1], to[0] - frm[0]))
    return 180.0 if a <= -180.0 else a


def sector_range(index: int) -> tuple[float, float]:
    """The sector's angles [low, high) with the centre at 45 x index (the left sector wraps)."""
    centre = 45.0 * index
    return centre - 22.5, centre + 22.5


def in_sector(angle: float, index: int, widen: float = 0.0) -> bool:
    """The angle lies in the sector [centre - 22.5, centre + 22.5), widened by `widen`."""
    delta = (angle - 45.0 * index + 180.0) % 360.0 - 180.0
    return -22.5 - widen <= delta < 22.5 + widen


def sector_of(angle: float) -> int:
    return int(((angle + 22.5) % 360.0) // 45.0)


# ----------------------------------------------------------------------------- the track

def spiral_point(track: dict[str, Any], phi: float) -> Point:
    """The track's centre line at spiral parameter phi (0 = the hole)."""
    rho = INNER + GROWTH * phi
    theta = track["start"] + track["turn"] * phi
    return (track["cx"] + rho * math.cos(theta), track["cy"] + rho * math.sin(theta))


def spiral_samples(track: dict[str, Any], step: float = 0.04) -> list[tuple[float, Point]]:
    """(phi, point) along the centre line from the hole out, about `step` units apart."""
    out = []
    phi = 0.0
    while phi <= track["length"]:
        out.append((phi, spiral_point(track, phi)))
        phi += step / (INNER + GROWTH * phi)
    return out


def new_track(rng: random.Random, marbles: int) -> dict[str, Any]:
    """A spiral around a centre near the origin, long enough for the chain and a stretch of
    empty track before the hole; it turns either way and starts at a random angle."""
    need = (marbles + rng.randint(1, 4)) * (CONTACT + 0.02) + 1.0
    # arc length of rho = INNER + GROWTH * phi up to PHI is about INNER*PHI + GROWTH*PHI^2/2
    length = (-INNER + math.sqrt(INNER * INNER + 2 * GROWTH * need)) / GROWTH
    return {"cx": round(rng.uniform(-0.3, 0.3), 2), "cy": round(rng.uniform(-0.3, 0.3), 2),
            "start": round(rng.uniform(-math.pi, math.pi), 3), "turn": rng.choice((-1, 1)),
            "length": round(length, 3)}


def lay_chain(rng: random.Random, track: dict[str, Any], count: int) -> list[dict[str, Any]]:
    """`count` marbles of random colours placed back from the outer end of the track toward
    the hole (tail first), each centre on the track's centre line and a hair more than two
    radii from the one before (so rounded positions never overlap)."""
    gap = CONTACT + 0.005
    phi = track["length"]
    point = spiral_point(track, phi)
    placed = [point]
    while len(placed) < count:
        step = gap / (INNER + GROWTH * phi)
        for _ in range(3):  # the chord to phi - step, scaled to the gap
            step *= gap / math.dist(point, spiral_point(track, phi - step))
        phi -= step
        if phi < 0:
            raise ValueError("the track is too short for the chain")
        point = spiral_point(track, phi)
        placed.append(point)
    return [{"x": round(x, 3), "y": round(y, 3), "color": rng.choice(COLORS)}
            for x, y in placed]


# ----------------------------------------------------------------------------- shots

@dataclass(frozen=True)
class Hit:
    """The first chain marble a shot touches: its index, how far the shot travelled to touch
    it, and where the shot's centre was then."""

    index: int
    travel: float
    contact: Point


def first_hit(frog: Point, angle: float, chain: list[dict[str, Any]],
              reach: float = CONTACT) -> Hit | None:
    """The marble the shot touches first: a marble is touched when the shot's path passes
    within two radii of its centre, ahead of the frog; the first is the one the shot reaches
    after the shortest travel."""
    dx, dy = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    best: Hit | None = None
    for i, m in enumerate(chain):
        px, py = m["x"] - frog[0], m["y"] - frog[1]
        along = px * dx + py * dy
        if along <= 0:
            continue
        side = abs(px * dy - py * dx)
        if side >= reach:
            continue
        travel = along - math.sqrt(reach * reach - side * side)
        if best is None or travel < best.travel:
            best = Hit(i, travel, (frog[0] + travel * dx, frog[1] + travel * dy))
    return best


def insert_position(chain: list[dict[str, Any]], hit: Hit) -> int:
    """Where the shot joins the chain: after the hit marble (toward the hole) when the contact
    point lies ahead of it along the chain's direction of travel, else before it."""
    i = hit.index
    o = chain[i]
    if i + 1 < len(chain):
        v = (chain[i + 1]["x"] - o["x"], chain[i + 1]["y"] - o["y"])
    else:
        v = (o["x"] - chain[i - 1]["x"], o["y"] - chain[i - 1]["y"])
    ahead = (hit.contact[0] - o["x"]) * v[0] + (hit.contact[1] - o["y"]) * v[1]
    return i + 1 if ahead > 0 else i


def side_margin(chain: list[dict[str, Any]], hit: Hit) -> float:
    """How far the contact point is from the boundary between inserting before and after
    (in world units along the chain direction): small values are too close to call."""
    i = hit.index
    o = chain[i]
    if i + 1 < len(chain):
        v = (chain[i + 1]["x"] - o["x"], chain[i + 1]["y"] - o["y"])
    else:
        v = (o["x"] - chain[i - 1]["x"], o["y"] - chain[i - 1]["y"])
    norm = math.hypot(*v) or 1.0
    return abs((hit.contact[0] - o["x"]) * v[0] + (hit.contact[1] - o["y"]) * v[1]) / norm


@dataclass(frozen=True)
class Elimination:
    """One group removed: its colour, how many chain marbles it held (the shot excluded) and
    whether the shot was in it."""

    color: str
    removed: int
    with_shot: bool


def resolve(colors: list[str], position: int, shot: str) -> list[Elimination]:
    """Insert the shot at `position` of the colour list, then remove groups as in the game:
    a run of 3 or more that holds the shot disappears; the chain closes the gap, and while
    the two marbles that meet have one colour and their joined run has 3 or more marbles,
    that run disappears too (a cascade)."""
    return resolve_trace(colors, position, shot)[0]


def resolve_trace(colors: list[str], position: int,
                  shot: str) -> tuple[list[Elimination], tuple[str | None, str | None]]:
    """`resolve`, and the colours of the two marbles that meet at the last gap (None at an
    end of the chain): why the cascade stops."""
    seq = [(c, False) for c in colors]
    seq.insert(position, (shot, True))
    lo = hi = position
    while lo > 0 and seq[lo - 1][0] == shot:
        lo -= 1
    while hi + 1 < len(seq) and seq[hi + 1][0] == shot:
        hi += 1
    if hi - lo + 1 < 3:
        return [], (None, None)
    steps = [Elimination(shot, hi - lo, True)]
    del seq[lo:hi + 1]
    gap = lo
    while 0 < gap < len(seq) and seq[gap - 1][0] == seq[gap][0]:
        color = seq[gap][0]
        lo, hi = gap - 1, gap
        while lo > 0 and seq[lo - 1][0] == color:
            lo -= 1
        while hi + 1 < len(seq) and seq[hi + 1][0] == color:
            hi += 1
        if hi - lo + 1 < 3:
            break
        steps.append(Elimination(color, hi - lo + 1, False))
        del seq[lo:hi + 1]
        gap = lo
    left = seq[gap - 1][0] if 0 < gap <= len(seq) else None
    right = seq[gap][0] if 0 <= gap < len(seq) else None
    return steps, (left, right)


def runs(colors: list[str]) -> list[tuple[int, int]]:
    """Maximal runs of one colour along the chain as (first index, last index)."""
    out = []
    start = 0
    for i in range(1, len(colors) + 1):
        if i == len(colors) or colors[i] != colors[start]:
            out.append((start, i - 1))
            start = i
    return out


def frog_point(state: dict[str, Any]) -> Point:
    return (state["frog"]["x"], state["frog"]["y"])


def chain_colors(state: dict[str, Any]) -> list[str]:
    return [m["color"] for m in state["marbles"]]


# ----------------------------------------------------------------------------- play

def after_shot(colors: list[str], position: int, shot: str) -> list[str]:
    """The chain's colours after the shot joins it at `position` and every group it sets off
    is removed, by the rule `resolve` states (its eliminations, applied)."""
    seq = list(colors)
    seq.insert(position, shot)
    gap = position  # the shot's place, then where the chain closed: each group holds it
    for step in resolve(colors, position, shot):
        lo = hi = gap
        while lo > 0 and seq[lo - 1] == step.color:
            lo -= 1
        while hi + 1 < len(seq) and seq[hi + 1] == step.color:
            hi += 1
        del seq[lo:hi + 1]
        gap = lo
    return seq


def relay(track: dict[str, Any], colors: list[str]) -> list[dict[str, Any]] | None:
    """The chain after a shot: `colors` laid from the outer end of the track toward the hole
    at `lay_chain`'s spacing (the tail stays where it is, the head moves on or back), or None
    when the head would pass the hole: the chain has reached it."""
    if not colors:
        return []
    try:
        placed = lay_chain(random.Random(0), track, len(colors))
    except ValueError:
        return None
    return [{**m, "color": c} for m, c in zip(placed, colors, strict=True)]
