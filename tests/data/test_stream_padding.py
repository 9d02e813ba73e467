"""`check_left_padding`: GRPO batches of streamed rows need a processor that pads on the left."""

from __future__ import annotations

import itertools
from types import SimpleNamespace

import pytest
from PIL import Image

from visreason import VisreasonError
from visreason.data.stream import SampleStream, check_left_padding


def test_a_left_padding_processor_or_tokenizer_is_returned_as_is() -> None:
    tokenizer = SimpleNamespace(padding_side="left")
    processor = SimpleNamespace(tokenizer=tokenizer)
    assert check_left_padding(processor) is processor
    assert check_left_padding(tokenizer) is tokenizer


@pytest.mark.parametrize("thing", [
    SimpleNamespace(tokenizer=SimpleNamespace(padding_side="right")),
    SimpleNamespace(padding_side="right"),
    SimpleNamespace(tokenizer=SimpleNamespace()),
    object(),
])
def test_anything_else_is_refused_with_the_way_to_fix_it(thing) -> None:
    with pytest.raises(VisreasonError, match="padding_side='left'"):
        check_left_padding(thing)


def test_streamed_pictures_keep_their_aspect_ratio_so_batches_mix_sizes() -> None:
    rows = list(itertools.islice(iter(SampleStream(image_size=56, seed=0)), 40))
    sizes = {row["image"].size for row in rows}
    assert all(max(size) == 56 for size in sizes)
    assert len(sizes) > 1


@pytest.mark.torch
def test_a_left_padded_batch_keeps_image_token_types_on_the_image_tokens() -> None:
    """What GRPOTrainer relies on: the processor's padded `mm_token_type_ids` line up with
    prompt ids padded on the left, for two pictures with different numbers of image tokens."""
    from tests.rewards.tiny_vlm import build_processor, build_tokenizer

    processor = check_left_padding(build_processor(build_tokenizer()))
    pictures = [Image.new("RGB", (56, 56)), Image.new("RGB", (56, 37))]
    texts = [processor.apply_chat_template(
        [{"role": "user", "content": [{"type": "image"}, {"type": "text", "text": text}]}],
        add_generation_prompt=True) for text in ("A", "ABCDEFGH")]
    batch = processor(images=pictures, text=texts, padding=True, return_tensors="pt")
    counts = batch["image_grid_thw"].prod(-1) // 4
    assert counts.tolist() == [4, 6]
    pad = processor.tokenizer.convert_tokens_to_ids("<|image_pad|>")
    ids, mask, types = batch["input_ids"], batch["attention_mask"], batch["mm_token_type_ids"]
    assert (types == 1).equal(ids == pad)
    assert (types == 1).sum(1).tolist() == counts.tolist()
    # Left padding: every row ends with real tokens, and a shorter row starts with padding.
    assert bool(mask[:, -1].all()) and not bool(mask[:, 0].all())
    # Unpadding each row by its mask leaves the same ids as tokenizing it alone.
    for row, (picture, text) in enumerate(zip(pictures, texts, strict=True)):
        alone = processor(images=[picture], text=[text], return_tensors="pt")
        assert ids[row][mask[row].bool()].equal(alone["input_ids"][0])
        assert types[row][mask[row].bool()].equal(alone["mm_token_type_ids"][0])
