"""Chess Ranger as a game: the rules text, the picture, the text description and parameters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from PIL import Image

from ...core import Game, Param
from ...core.text import text_grid
from . import render as draw
from .rules import FILES, NAMES, ORDER


def position_of(state: dict[str, Any]) -> dict[str, str]:
    return {sq: piece for sq, piece in state["pieces"]}


def state_of(position: dict[str, str]) -> dict[str, Any]:
    return {"pieces": [[sq, position[sq]] for sq in sorted(position, key=ORDER.__getitem__)]}


def piece_list(position: dict[str, str]) -> str:
    """'queen on d1, rook on b3': the pieces in scan order (a8 ... h1)."""
    return ", ".join(f"{NAMES[position[sq]]} on {sq}" for sq in sorted(position,
                                                                       key=ORDER.__getitem__))


class ChessRanger(Game):
    name = "chess_ranger"
    title = "Chess Ranger"
    category = "strategic"
    split = "out_of_domain"
    params = (
        Param("pieces_min", "fewest pieces on the board", low=4, high=8),
        Param("pieces_max", "most pieces on the board (at least pieces_min)", low=4, high=8),
    )
    # Ranges from the original's 4, 5 and 6 pieces up: with one count per level the number
    # of moves (always pieces - 1) would be the same answer on every item, and with 3 pieces
    # the smallest of four consecutive move counts would be right too often.
    presets: ClassVar[Mapping[str, Mapping[str, Any]]] = {
        "easy": {"pieces_min": 4, "pieces_max": 6},
        "medium": {"pieces_min": 5, "pieces_max": 7},
        "hard": {"pieces_min": 6, "pieces_max": 8},
    }

    def rules(self, state: dict[str, Any], text_only: bool = False) -> str:
        if text_only:
            look = ("This is a Chess Ranger (solo chess) puzzle on an 8x8 chessboard, written "
                    "as text below.")
        else:
            look = ("This is a Chess Ranger (solo chess) puzzle on an 8x8 chessboard. Every "
                    "piece is drawn as a white chess piece with a black outline: pawn, rook, "
                    "knight, bishop, queen and king look as in standard chess diagrams.")
        return (
            f"{look} All pieces belong to one side, and any piece may capture any other. "
            "Pieces move as in standard chess, but every move must be a capture: rooks, "
            "bishops and queens slide along free lines onto the first piece in the way, "
            "knights jump, kings step one square. Pawns capture one square diagonally toward "
            "rank 8 (up the board), never move straight, and never promote. A king may be "
            "captured like any piece. The goal is to end with exactly one piece on the board. "
            "Squares are written in algebraic notation: files a-h from left to right and "
            "ranks 1-8 from bottom to top"
            f"{'' if text_only else ' (as labelled beside the board)'}."
        )

    def render(self, state: dict[str, Any]) -> Image.Image:
        return draw.render(state)

    def describe(self, state: dict[str, Any]) -> str:
        position = position_of(state)
        cells = [[position.get(f"{f}{rank}", ".") for f in FILES] for rank in range(8, 0, -1)]
        return "\n".join([
            "Board, rank numbers on the left (rank 8 at the top) and files on top:",
            text_grid(cells, [str(r) for r in range(8, 0, -1)], list(FILES)),
            "Legend: P = pawn, R = rook, N = knight, B = bishop, Q = queen, K = king, . = "
            "empty square.",
            f"Pieces: {piece_list(position)}.",
        ])

    def state_key(self, state: dict[str, Any]) -> str:
        """The position: every piece and its square."""
        return ",".join(f"{piece}{sq}" for sq, piece in state["pieces"])
