"""Evaluation: run a model over a dataset, score by rule, report accuracy with intervals."""

from .prompts import TEMPLATES, build_messages
from .records import load_records
from .report import summarize, wilson, write_comparison, write_report
from .runner import EvalSettings, EvalSummary, evaluate, run_eval

__all__ = [
    "TEMPLATES", "EvalSettings", "EvalSummary", "build_messages", "evaluate", "load_records",
    "run_eval", "summarize", "wilson", "write_comparison", "write_report",
]
