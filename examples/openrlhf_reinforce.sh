#!/usr/bin/env bash
# OpenRLHF with visreason's reward_func (text-only variant: OpenRLHF's reward file sees text).
# 1) visreason generate --text-only --per-task 200 --out data/vr-text
#    visreason export data/vr-text --to swift --out data/vr-text-swift   (rows carry `label`)
# 2) run (needs OpenRLHF installed and GPUs):
set -euo pipefail
REWARD_FILE=$(python -c "import visreason.rewards.openrlhf as m; print(m.__file__)")
python3 -m openrlhf.cli.train_ppo_ray \
  --pretrain Qwen/Qwen2.5-7B-Instruct \
  --prompt_data data/vr-text-swift/train.jsonl --input_key messages --apply_chat_template \
  --label_key label --remote_rm_url "$REWARD_FILE" \
  --advantage_estimator reinforce_baseline --n_samples_per_prompt 8 \
  --save_path runs/openrlhf-visreason "$@"
