"""TRL's GRPOTrainer plays an environment through `environment_factory`: real trainer, CPU.

The tiny Qwen2-VL of tests/rewards (random weights, built from a config) gets a tool-call
chat template and whole-phrase tokens, one tool call per candidate Game of Life board, so
an untrained model makes real `move` calls that TRL parses; the environment steps its
episode, the next picture goes back into the conversation, and `get_reward` (the episode's
cell-scored total) differs within a group, so the weights move.
"""

from __future__ import annotations

import json

import pytest

from visreason import env

from ..rewards.tiny_vlm import build_model, build_processor, build_tokenizer

GENERATIONS, PROMPTS, STEPS = 4, 2, 1
BOARDS = ["000/000/000", "010/010/010", "111/111/111", "100/010/001"]


def _call(board: str) -> str:
    return "<tool_call>\n" + json.dumps({"name": "move", "arguments": {"action": board}}) + \
        "\n</tool_call>"


def test_adapter_replays_an_episode_without_a_trainer():
    from visreason.env.trl import GameToolEnv, env_dataset

    rows = env_dataset(["maze"], ["easy"], 2, seed=3)
    assert [r["seed"] for r in rows] == [3, 4] and rows[0]["images"][0].size[0] > 0
    tool = GameToolEnv()
    tool.reset(**rows[0])
    episode = env.make("maze", level="easy", seed=3)
    _, info = episode.reset()
    assert rows[0]["prompt"][-1]["content"].startswith(episode.reset()[0]["text"][:200])
    while not episode.done:
        action = episode.env.policy(episode.state)
        episode.step(action)
        reply = tool.move(action)
    assert reply[0]["type"] == "image" and "reaching the goal" in reply[-1]["text"]
    assert tool.get_reward() == 1.0 and tool.actions and len(tool.actions) == info["optimal_steps"]
    assert "over" in tool.move("up")[-1]["text"] and tool.get_reward() == 1.0


@pytest.mark.trl
def test_grpo_plays_the_environment_through_its_move_tool(tmp_path) -> None:
    import datasets
    import torch
    from trl import GRPOConfig, GRPOTrainer
    from trl.chat_template_utils import qwen3_vl_chat_template

    from visreason.env.trl import GameToolEnv, env_dataset

    tokenizer = build_tokenizer()
    calls = [_call(board) for board in BOARDS]
    tokenizer.add_tokens(calls)
    tokenizer.chat_template = qwen3_vl_chat_template
    processor = build_processor(tokenizer)
    processor.chat_template = qwen3_vl_chat_template
    model = build_model(tokenizer)
    before = {n: p.detach().clone() for n, p in model.named_parameters()}

    data = datasets.Dataset.from_list(env_dataset(["lifegame"], ["easy"], PROMPTS * STEPS,
                                                  template="Predict."))
    environments: list[GameToolEnv] = []

    class Env(GameToolEnv):
        brief = True

        def __init__(self) -> None:
            super().__init__()
            environments.append(self)

    end = tokenizer.convert_tokens_to_ids("<|im_end|>")
    allowed = set(tokenizer.convert_tokens_to_ids(calls)) | {end}
    suppressed = [i for i in range(len(tokenizer)) if i not in allowed]
    generation = {"suppress_tokens": suppressed, "min_new_tokens": 1,
                  "sequence_bias": [[[end], 2.5]]}
    seen: list[dict] = []
    original = Env.get_reward

    def get_reward(self) -> float:
        value = original(self)
        seen.append({"env": self, "reward": value, "actions": list(self.actions),
                     "seed": self.episode.seed})
        return value

    Env.get_reward = get_reward  # type: ignore[method-assign]
    args = GRPOConfig(
        output_dir=str(tmp_path), per_device_train_batch_size=GENERATIONS * PROMPTS,
        num_generations=GENERATIONS, max_completion_length=400, max_steps=STEPS,
        max_tool_calling_iterations=2, generation_kwargs=generation,
        logging_steps=1, report_to="none", use_cpu=True, save_strategy="no",
        learning_rate=5e-2, beta=0.0, seed=0, dataloader_num_workers=0,
    )
    trainer = GRPOTrainer(model=model, processing_class=processor, args=args,
                          train_dataset=data, environment_factory=Env)
    trainer.train()

    assert trainer.state.global_step == STEPS
    assert len(seen) == STEPS * GENERATIONS * PROMPTS
    played = [s for s in seen if s["actions"]]
    assert played, "the model never called the move tool"
    # Every reward is re-derived by replaying the rollout's moves on a fresh episode.
    for item in seen:
        episode = env.make("lifegame", level="easy", seed=item["seed"])
        episode.reset()
        for action in item["actions"]:
            episode.step(action)
        assert item["reward"] == pytest.approx(episode.total_reward)
        assert all(a in BOARDS for a in item["actions"])
    logs = [h for h in trainer.state.log_history if "rewards/Env/mean" in h]
    assert len(logs) == STEPS
    assert len({round(s["reward"], 6) for s in seen}) > 1
    assert any(not torch.equal(before[n], p) for n, p in model.named_parameters())
