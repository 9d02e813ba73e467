"""A tiny Qwen2-VL with random weights, built from configs in code: no download, CPU-fast.

The tokenizer knows single characters only for option letters and digits (everything else
is [UNK]), so even an untrained model emits answer-shaped text and the verifier's rewards
vary within a GRPO group, which gives the optimiser a real gradient.

The tokenizer pads on the left, as TRL loads a processor itself (`padding_side="left"`): the
GRPOTrainer pads prompt ids on the left but takes Qwen2-VL's `mm_token_type_ids` from the
processor's own padding, so a right-padding processor misplaces every shorter prompt's image
tokens in the training forward pass (a rope-index shape error when the batch's pictures differ
in size, silently wrong positions when they do not).
"""

from __future__ import annotations

import string

IMAGE_SIDE = 56  # 4x4 patches of 14 px, merged 2x2: 4 image tokens per picture
SPECIAL = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<|vision_start|>", "<|vision_end|>",
           "<|image_pad|>", "<|video_pad|>"]
CHAT_TEMPLATE = (
    "{% for message in messages %}<|im_start|>{{ message['role'] }}\n"
    "{% if message['content'] is string %}{{ message['content'] }}{% else %}"
    "{% for part in message['content'] %}{% if part['type'] == 'image' %}"
    "<|vision_start|><|image_pad|><|vision_end|>"
    "{% elif part['type'] == 'text' %}{{ part['text'] }}{% endif %}{% endfor %}{% endif %}"
    "<|im_end|>\n{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)


def build_tokenizer():
    from tokenizers import Regex, Tokenizer, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    symbols = ["[UNK]", *string.ascii_uppercase[:8], *string.digits]
    vocab = {symbol: i for i, symbol in enumerate(symbols)}
    core = Tokenizer(models.WordLevel(vocab=vocab, unk_token="[UNK]"))
    core.pre_tokenizer = pre_tokenizers.Split(Regex("."), behavior="isolated")
    core.add_special_tokens(SPECIAL)
    return PreTrainedTokenizerFast(tokenizer_object=core, unk_token="[UNK]",
                                   eos_token="<|im_end|>", pad_token="<|endoftext|>",
                                   padding_side="left", chat_template=CHAT_TEMPLATE)


def build_processor(tokenizer):
    from transformers import Qwen2VLProcessor
    from transformers.processing_utils import ProcessorMixin

    try:
        from transformers import Qwen2VLImageProcessorPil as ImageProcessor  # no torchvision
    except ImportError:
        from transformers import Qwen2VLImageProcessor as ImageProcessor

    class ImageOnlyQwen2VLProcessor(Qwen2VLProcessor):
        """Qwen2-VL's processor without the video half (which needs torchvision)."""

        def __init__(self, image_processor=None, tokenizer=None, chat_template=None, **kwargs):
            self.image_token, self.video_token = "<|image_pad|>", "<|video_pad|>"
            self.image_token_id = tokenizer.convert_tokens_to_ids(self.image_token)
            self.video_token_id = tokenizer.convert_tokens_to_ids(self.video_token)
            ProcessorMixin.__init__(self, image_processor, tokenizer, chat_template=chat_template)

    pixels = IMAGE_SIDE * IMAGE_SIDE
    images = ImageProcessor(min_pixels=pixels, max_pixels=pixels, patch_size=14, merge_size=2,
                            temporal_patch_size=2)
    return ImageOnlyQwen2VLProcessor(image_processor=images, tokenizer=tokenizer,
                                     chat_template=CHAT_TEMPLATE)


def build_model(tokenizer, seed: int = 0):
    import torch
    from transformers import Qwen2VLConfig, Qwen2VLForConditionalGeneration

    ids = {token: tokenizer.convert_tokens_to_ids(token) for token in SPECIAL}
    config = Qwen2VLConfig(
        text_config={
            "vocab_size": len(tokenizer), "hidden_size": 32, "intermediate_size": 64,
            "num_hidden_layers": 2, "num_attention_heads": 2, "num_key_value_heads": 1,
            "max_position_embeddings": 4096,
            "rope_parameters": {"rope_type": "default", "rope_theta": 10000.0,
                                "mrope_section": [2, 3, 3]},
            "bos_token_id": ids["<|endoftext|>"], "eos_token_id": ids["<|im_end|>"],
            "pad_token_id": ids["<|endoftext|>"],
        },
        vision_config={"depth": 1, "embed_dim": 32, "hidden_size": 32, "num_heads": 2,
                       "mlp_ratio": 2, "patch_size": 14, "spatial_merge_size": 2,
                       "temporal_patch_size": 2, "in_channels": 3},
        image_token_id=ids["<|image_pad|>"], video_token_id=ids["<|video_pad|>"],
        vision_start_token_id=ids["<|vision_start|>"], vision_end_token_id=ids["<|vision_end|>"],
    )
    torch.manual_seed(seed)
    return Qwen2VLForConditionalGeneration(config)
