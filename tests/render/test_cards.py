"""The card kit: faces readable in a fanned strip, red and black inks, backs and slots distinct,
sprites cached, card names read back."""

from __future__ import annotations

from PIL import Image

from visreason.core.text import CARD_RANKS, CARD_SUITS, card_name, card_short, parse_card
from visreason.render import cards
from visreason.render.cache import clear_caches

WIDTH = 64


def rgb(image: Image.Image) -> Image.Image:
    return image.convert("RGB")


def strip_colours(card: str | None, width: int = WIDTH) -> set[tuple[int, int, int]]:
    """The colours in the strip of a card that a fanned column leaves visible."""
    geo = cards.geometry(width)
    picture, _ = cards.card_sprite(card, width)
    strip = rgb(picture).crop((2, 2, width - 2, geo.up_step))
    return {c for _, c in strip.getcolors(4096)}


def test_geometry_leaves_the_corner_index_visible() -> None:
    for width in (40, 56, 64, 80):
        geo = cards.geometry(width)
        assert geo.height == round(width * cards.CARD_RATIO)
        assert geo.up_step >= geo.index_size + 4 and geo.down_step < geo.up_step


def test_red_suits_draw_red_and_black_suits_black_in_the_visible_strip() -> None:
    for rank in CARD_RANKS:
        for suit in CARD_SUITS:
            colours = strip_colours(rank + suit)
            assert cards.FACE in colours
            assert (cards.RED_INK in colours) == (suit in "HD"), rank + suit
            assert (cards.BLACK_INK in colours) == (suit in "SC"), rank + suit


def test_every_face_is_different_and_the_strips_differ_too() -> None:
    faces = {}
    strips = {}
    geo = cards.geometry(WIDTH)
    for rank in CARD_RANKS:
        for suit in CARD_SUITS:
            picture, _ = cards.card_sprite(rank + suit, WIDTH)
            faces[picture.tobytes()] = rank + suit
            strips[picture.crop((0, 0, WIDTH, geo.up_step)).tobytes()] = rank + suit
    assert len(faces) == 52 and len(strips) == 52


def test_back_and_slot_look_nothing_like_a_face() -> None:
    back = strip_colours(None)
    assert cards.BACK in back and cards.RED_INK not in back and cards.BLACK_INK not in back
    slot, mask = cards.slot_sprite("A", WIDTH)
    colours = {c for _, c in rgb(slot).getcolors(4096)}
    assert cards.FACE not in colours and cards.FELT in colours and cards.SLOT_LINE in colours
    assert mask.mode == "1" and mask.size == slot.size


def test_sprites_are_drawn_once_per_card_and_width() -> None:
    clear_caches()
    first = cards.card_sprite("QH", WIDTH)
    assert cards.card_sprite("QH", WIDTH) is first
    assert cards.card_sprite("QH", WIDTH + 8) is not first


def test_column_fans_down_with_face_down_slivers_and_fits_its_room() -> None:
    image = cards.table((200, 600), "test column")
    bottom = cards.draw_column(image, (10, 10), ["KS", "QH", "JC", "10D", "9S"], 2, WIDTH)
    geo = cards.geometry(WIDTH)
    assert bottom == 10 + 2 * geo.down_step + 2 * geo.up_step + geo.height
    picture = rgb(image)
    assert picture.getpixel((10 + WIDTH // 2, 10 + geo.down_step // 2 + 1)) in \
        (cards.BACK, cards.BACK_LINE, cards.FACE)
    squeezed = cards.column_steps(geo, 6, 20, 500)
    assert squeezed[1] >= geo.index_size + 4
    assert geo.height + 6 * squeezed[0] + 19 * squeezed[1] <= 500 or squeezed[1] == \
        geo.index_size + 4
    empty = cards.draw_column(image, (100, 10), [], 0, WIDTH, empty_label="K")
    assert empty == 10 + geo.height


def test_table_layer_is_copied_not_shared() -> None:
    calls = []
    a = cards.table((50, 50), "copy test", lambda im: calls.append(1))
    b = cards.table((50, 50), "copy test", lambda im: calls.append(1))
    assert a is not b and len(calls) == 1
    cards.paste_card(a, (0, 0), "AS", 30)
    assert a.tobytes() != b.tobytes()


def test_card_names_read_back() -> None:
    for rank in CARD_RANKS:
        for suit in CARD_SUITS:
            card = rank + suit
            for text in (card_name(card), card_short(card), card, card_name(card).upper()):
                assert parse_card(text) == card, text
    for text in ("", "hearts", "9", "9 of hearts and 8 of clubs", "9 of cups", "nine hearts x"):
        assert parse_card(text) is None, text
    assert parse_card("(Heart, 9)") == "9H" and parse_card("Spade Ace") == "AS"
