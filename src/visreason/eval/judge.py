"""An optional LLM judge: for free-text answers, or as a second opinion on rule scores."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..core.sample import Sample
from ..llm.types import ChatBackend, LLMError

JUDGE_SYSTEM = ("You grade answers. Compare a model's response with the reference answer to the "
                "question and decide whether the response's final answer means the same as the "
                "reference. Ignore the reasoning; judge only the final answer.")

_VERDICT = re.compile(r"verdict\s*[:\-]?\s*\**\s*(correct|incorrect)", re.IGNORECASE)
FREE_TEXT_TYPES = frozenset({"text"})


def judge_prompt(sample: Sample, response: str) -> str:
    return (f"Question:\n{sample.question}\n\nReference answer: {sample.answer}\n\n"
            f"Model response:\n{response}\n\n"
            "Reply with one line: 'Verdict: correct' or 'Verdict: incorrect'.")


def parse_verdict(text: str) -> float | None:
    """1.0 / 0.0 from the judge's last verdict line; None when it gave none."""
    found = _VERDICT.findall(text or "")
    if not found:
        return None
    return 1.0 if found[-1].lower() == "correct" else 0.0


@dataclass
class Judge:
    client: ChatBackend
    model: str | None = None
    scope: str = "text"  # "text": free-text answers only; "all": every sample

    def applies(self, sample: Sample) -> bool:
        return self.scope == "all" or sample.answer_type in FREE_TEXT_TYPES

    async def judge(self, sample: Sample, response: str) -> dict[str, Any]:
        """Record fields: judge_score (None if the judge gave no verdict), judge_response."""
        messages = [{"role": "system", "content": JUDGE_SYSTEM},
                    {"role": "user", "content": judge_prompt(sample, response)}]
        try:
            result = await self.client.chat(messages, model=self.model, temperature=0.0,
                                            max_tokens=64)
        except LLMError as exc:
            return {"judge_score": None, "judge_response": None, "judge_error": str(exc)}
        return {"judge_score": parse_verdict(result.text), "judge_response": result.text}
