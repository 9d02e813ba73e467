"""Zuma as a game: the rules text, the picture, the text description and its parameters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from PIL import Image

from ...core import Game, Param
from . import render as draw
from .rules import SECTORS, sector_range


def sectors_text() -> str:
    parts = []
    for k, name in enumerate(SECTORS):
        low, high = sector_range(k)
        if k == 4:
            parts.append(f"{name} [157.5, 180] and (-180, -157.5)")
        else:
            wrap = lambda v: v - 360 if v > 180 else v  # noqa: E731
            parts.append(f"{name} [{wrap(low):g}, {wrap(high):g})")
    return "; ".join(parts)


def point(x: float, y: float) -> str:
    return f"({x:.3f}, {y:.3f})"


class Zuma(Game):
    name = "zuma"
    title = "Zuma"
    category = "pattern"
    split = "in_domain"
    params = (
        Param("min_marbles", "fewest marbles in the chain", low=5, high=150),
        Param("max_marbles", "most marbles in the chain", low=5, high=150),
    )
    presets: ClassVar[Mapping[str, Mapping[str, Any]]] = {
        "easy": {"min_marbles": 10, "max_marbles": 30},
        "medium": {"min_marbles": 31, "max_marbles": 75},
        "hard": {"min_marbles": 76, "max_marbles": 134},
    }

    def rules(self, state: dict[str, Any], text_only: bool = False) -> str:
        if text_only:
            looks = ("The positions of the frog, the hole and every marble are given as (x, y) "
                     "coordinates, x to the right and y up; every marble has a radius of 0.3.")
        else:
            looks = ("The frog is the long white triangle; it points where it faces, the "
                     "marble on it is the next one it shoots, and the small dot at its back "
                     "is the marble after that. The marbles (red, yellow, blue or green) lie "
                     "on the light-grey track, which ends in the black hole. Grey dashed "
                     "rays from the frog mark the borders of the eight direction sectors, "
                     "each named at the edge of the picture.")
        return (
            "This is a game of Zuma. A chain of coloured marbles lies along a spiral track "
            "and rolls toward a hole at the track's inner end; the marble nearest the hole "
            "is the head of the chain and the one farthest from it along the track is the "
            f"tail. A frog shoots one marble at a time in a straight line. {looks} Angles are "
            "measured at the centre of the frog's marble, counter-clockwise from the positive "
            "x direction (right is 0 degrees, up is 90), in (-180, 180]. The eight direction "
            f"sectors are: {sectors_text()}. A shot marble travels in a straight line from "
            "the frog's centre; it touches a chain marble when its path passes less than two "
            "marble radii (0.6) from that marble's centre, and it stops at the first marble it "
            "touches (it cannot pass through marbles). A shot that touches no marble leaves "
            "the field. A shot that touches a marble joins the chain next to it: on the head "
            "side of the touched marble if the shot's centre at the moment of contact lies "
            "ahead of the touched marble's centre in the direction from it to the next marble "
            "toward the head (for the head itself, the direction from the marble behind it), "
            "else on the tail side. If the shot then belongs to a run of 3 or more marbles of "
            "one colour, that run disappears; the chain closes the gap, and if the two marbles "
            "that meet there have one colour and their joined run has 3 or more marbles, that "
            "run disappears too, and so on (a cascade). Otherwise the shot just stays in the "
            "chain."
        )

    def render(self, state: dict[str, Any]) -> Image.Image:
        return draw.render(state)

    def describe(self, state: dict[str, Any]) -> str:
        frog, track = state["frog"], state["track"]
        from .rules import spiral_point

        hole = spiral_point(track, 0.0)
        marbles = state["marbles"]
        lines = [f"Frog: centre {point(frog['x'], frog['y'])}, facing {frog['angle']} degrees; "
                 f"next marble {frog['next']}, the one after it {frog['after']}.",
                 f"Hole: {point(*hole)}.",
                 f"Chain of {len(marbles)} marbles, from the tail (1) to the head "
                 f"({len(marbles)}, nearest the hole):"]
        lines += [f"{i}. {m['color']} at {point(m['x'], m['y'])}"
                  for i, m in enumerate(marbles, 1)]
        return "\n".join(lines)

    def state_key(self, state: dict[str, Any]) -> str:
        frog = state["frog"]
        chain = ";".join(f"{m['color'][0]}{m['x']},{m['y']}" for m in state["marbles"])
        return f"{frog['x']},{frog['y']},{frog['angle']},{frog['next']},{frog['after']}|{chain}"
