"""How much reward a dataset hands out without reasoning, per task, level and answer form.

A policy trained with RL finds every shortcut the data leaves: a favourite option letter, an
answer value that is right most of the time, an option list whose middle (or most typical)
member is the answer, items that need no rule at all, repeated items, and states shared with
a held-out set. The audit measures each of these on any dataset; `strict` turns the
thresholds below into failures.

Thresholds (a group is a task x plot level x answer form; groups under `MIN_GROUP` items
are reported but not judged):
- the most common correct letter is right at most 1/k + 0.08 of the time (k options);
- always giving the most common answer scores at most max(1/m + 0.10, 0.25) (plus one item),
  where m is the number of distinct answers seen;
- the best options-only guesser (it sees the option list, never the state) scores at most
  1/k + 0.10;
- trivial items are at most 10%, repeats at most 2%, and no state is shared with `against`.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ..core.registry import find_task, get_game
from ..core.sample import Sample
from ..core.splits import state_hash

MIN_GROUP = 30
LETTER_SLACK = 0.08
CONSTANT_SLACK, CONSTANT_FLOOR = 0.10, 0.25
OPTIONS_ONLY_SLACK = 0.10
TRIVIAL_MAX = 0.10
REPEAT_MAX = 0.02

_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?(?:/\d+)?")


# ------------------------------------------------------------------- options-only guessers
# Each sees only the option texts and returns the index it bets on, or None when it does not
# apply (an inapplicable guesser earns the chance rate 1/k on that item).

def _numbers(option: str) -> list[Fraction] | None:
    found = _NUMBER.findall(option)
    if not found:
        return None
    try:
        return [Fraction(x) for x in found]
    except (ValueError, ZeroDivisionError):
        return None


def _scalars(options: Sequence[str]) -> list[Fraction] | None:
    values = [_numbers(o) for o in options]
    if any(v is None or len(v) != 1 for v in values):
        return None
    return [v[0] for v in values]  # type: ignore[index]


def _vectors(options: Sequence[str]) -> list[list[Fraction]] | None:
    values = [_numbers(o) for o in options]
    if any(v is None for v in values) or len({len(v) for v in values}) != 1:  # type: ignore[arg-type]
        return None
    return values  # type: ignore[return-value]


def _tokens(option: str) -> list[str]:
    return [t for t in re.split(r"[\s,;]+", option.casefold()) if t]


def _edit_distance(a: Sequence[str], b: Sequence[str]) -> int:
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (x != y))
    return row[-1]


def _medoid(items: Sequence[Any], distance: Callable[[Any, Any], float]) -> int:
    totals = [sum(distance(a, b) for b in items) for a in items]
    return totals.index(min(totals))


def guess_lower_median(options: Sequence[str]) -> int | None:
    values = _scalars(options)
    if values is None:
        return None
    order = sorted(range(len(values)), key=lambda i: values[i])
    return order[(len(order) - 1) // 2]


def guess_upper_median(options: Sequence[str]) -> int | None:
    values = _scalars(options)
    if values is None:
        return None
    order = sorted(range(len(values)), key=lambda i: values[i])
    return order[len(order) // 2]


def guess_smallest(options: Sequence[str]) -> int | None:
    values = _scalars(options)
    return None if values is None else values.index(min(values))


def guess_largest(options: Sequence[str]) -> int | None:
    values = _scalars(options)
    return None if values is None else values.index(max(values))


def guess_vector_medoid(options: Sequence[str]) -> int | None:
    """The option nearest all others (coordinates: the centre of a cluster of cells)."""
    values = _vectors(options)
    if values is None:
        return None
    return _medoid(values, lambda a, b: float(sum(abs(x - y) for x, y in zip(a, b, strict=True))))


def guess_token_medoid(options: Sequence[str]) -> int | None:
    """The option nearest all others by token edit distance (the 'typical' sequence)."""
    return _medoid([_tokens(o) for o in options], _edit_distance)


SHORT_TEXT = 40


def guess_char_medoid(options: Sequence[str]) -> int | None:
    """The option nearest all others by character edits, for short labels only: in longer
    texts the words carry the meaning, and the token medoid judges those."""
    if any(len(o) > SHORT_TEXT for o in options):
        return None
    return _medoid([o.casefold() for o in options], _edit_distance)


def guess_longest(options: Sequence[str]) -> int | None:
    lengths = [len(o) for o in options]
    return lengths.index(max(lengths))


def guess_shortest(options: Sequence[str]) -> int | None:
    lengths = [len(o) for o in options]
    return lengths.index(min(lengths))


GUESSERS: dict[str, Callable[[Sequence[str]], int | None]] = {
    "lower median": guess_lower_median,
    "upper median": guess_upper_median,
    "smallest": guess_smallest,
    "largest": guess_largest,
    "centre cell": guess_vector_medoid,
    "typical sequence": guess_token_medoid,
    "typical text": guess_char_medoid,
    "longest": guess_longest,
    "shortest": guess_shortest,
}


# ----------------------------------------------------------------------------- the report

@dataclass
class GroupAudit:
    task: str
    level: str
    form: str
    n: int = 0
    options_mean: float = 0.0
    letter_share: float | None = None
    top_letter: str | None = None
    constant_score: float = 0.0
    top_answer: str = ""
    distinct_answers: int = 0
    options_only: float | None = None
    options_only_by: str | None = None
    trivial_share: float = 0.0
    repeats: int = 0
    overlap: int | None = None
    failures: list[str] = field(default_factory=list)

    @property
    def judged(self) -> bool:
        return self.n >= MIN_GROUP

    def as_json(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__} | \
            {"judged": self.judged}


@dataclass
class AuditReport:
    groups: list[GroupAudit]
    samples: int

    @property
    def failures(self) -> list[str]:
        return [f"{g.task} {g.level} {g.form}: {reason}" for g in self.groups
                for reason in g.failures]

    def as_json(self) -> dict[str, Any]:
        return {"samples": self.samples, "groups": [g.as_json() for g in self.groups],
                "failures": self.failures}

    def table(self) -> str:
        header = ("task", "level", "form", "n", "k", "letter", "const", "m", "opts-only",
                  "trivial", "rep", "overlap", "status")
        rows = [header]
        for g in self.groups:
            rows.append((
                g.task, g.level, g.form, str(g.n), f"{g.options_mean:.1f}" if g.options_mean
                else "-", _pct(g.letter_share), _pct(g.constant_score), str(g.distinct_answers),
                _pct(g.options_only), _pct(g.trivial_share), str(g.repeats),
                "-" if g.overlap is None else str(g.overlap),
                "FAIL" if g.failures else ("ok" if g.judged else "few"),
            ))
        widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
        return "\n".join("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip()
                         for r in rows)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.0f}%"


def state_id(sample: Sample) -> str:
    """The hash of what identifies the sample's state (its game's `state_key`)."""
    try:
        key = get_game(sample.game).state_key(sample.state)
    except Exception:  # a foreign game: the whole state identifies it
        key = json.dumps(sample.state, sort_keys=True, separators=(",", ":"), default=str)
    return state_hash(sample.game, key)


def item_key(sample: Sample) -> str:
    """What makes two items the same question: task, state and question text."""
    return state_hash(sample.game, f"{sample.task}\x1f{state_id(sample)}\x1f{sample.question}")


def _answer_content(sample: Sample) -> str:
    """What the answer says: the option text for a lettered answer, else the answer itself."""
    if sample.options and len(sample.answer) == 1 and sample.answer.isalpha():
        index = ord(sample.answer) - 65
        if 0 <= index < len(sample.options):
            return sample.options[index].strip().casefold()
    return sample.answer.strip().casefold()


def _options_only(samples: Sequence[Sample]) -> tuple[float | None, str | None]:
    scored = [s for s in samples if s.options and len(s.answer) == 1]
    if not scored:
        return None, None
    best, best_name = -1.0, None
    for name, guesser in GUESSERS.items():
        credit = 0.0
        for s in scored:
            try:
                pick = guesser(s.options)
            except Exception:
                pick = None
            credit += 1 / len(s.options) if pick is None else float(
                ord(s.answer) - 65 == pick)
        if credit / len(scored) > best:
            best, best_name = credit / len(scored), name
    return best, best_name


def _judge(g: GroupAudit, against: bool) -> None:
    if not g.judged:
        return
    k = g.options_mean
    if g.letter_share is not None and k and g.letter_share > 1 / k + LETTER_SLACK:
        g.failures.append(f"letter {g.top_letter} is right {_pct(g.letter_share)} "
                          f"(limit {_pct(1 / k + LETTER_SLACK)})")
    limit = max(1 / max(g.distinct_answers, 1) + CONSTANT_SLACK, CONSTANT_FLOOR)
    # One item of slack: exactly even answers over a count that is not a multiple of the
    # bucket count leave one bucket an item ahead (30 of 117 is 25.6%).
    if g.constant_score > limit + 1 / g.n:
        g.failures.append(f"always answering {g.top_answer!r} scores {_pct(g.constant_score)} "
                          f"(limit {_pct(limit)})")
    if g.options_only is not None and k and g.options_only > 1 / k + OPTIONS_ONLY_SLACK:
        g.failures.append(f"options-only guess '{g.options_only_by}' scores "
                          f"{_pct(g.options_only)} (limit {_pct(1 / k + OPTIONS_ONLY_SLACK)})")
    if g.trivial_share > TRIVIAL_MAX:
        g.failures.append(f"{_pct(g.trivial_share)} trivial items (limit {_pct(TRIVIAL_MAX)})")
    if g.repeats > REPEAT_MAX * g.n:
        g.failures.append(f"{g.repeats} repeated items (limit {_pct(REPEAT_MAX)})")
    if against and g.overlap:
        g.failures.append(f"{g.overlap} states also in the other dataset")


def audit(samples: Iterable[Sample], against: Iterable[Sample] | None = None) -> AuditReport:
    """Measure every task x level x answer-form group of `samples` (see the module doc)."""
    groups: dict[tuple[str, str, str], list[Sample]] = defaultdict(list)
    total = 0
    for sample in samples:
        total += 1
        sample.image = None  # the audit never looks at pictures; do not hold them
        groups[(sample.task_id, sample.plot_level, sample.answer_form)].append(sample)
    other_states: set[str] | None = None
    if against is not None:
        other_states = {state_id(s) for s in against}
    report = []
    for (task_id, level, form), items in sorted(groups.items(), key=_group_order):
        g = GroupAudit(task_id, level, form, n=len(items))
        with_options = [s for s in items if s.options]
        if with_options:
            g.options_mean = sum(len(s.options) for s in with_options) / len(with_options)
            letters = Counter(s.answer for s in with_options if len(s.answer) == 1)
            if letters:
                g.top_letter, count = letters.most_common(1)[0]
                g.letter_share = count / len(with_options)
        answers = Counter(_answer_content(s) for s in items)
        g.top_answer, count = answers.most_common(1)[0]
        g.constant_score = count / len(items)
        g.distinct_answers = len(answers)
        g.options_only, g.options_only_by = _options_only(items)
        g.trivial_share = sum(bool(s.meta.get("trivial")) for s in items) / len(items)
        keys = Counter(item_key(s) for s in items)
        g.repeats = sum(c - 1 for c in keys.values())
        if other_states is not None:
            g.overlap = sum(state_id(s) in other_states for s in items)
        _judge(g, other_states is not None)
        report.append(g)
    return AuditReport(report, total)


def _group_order(item: tuple[tuple[str, str, str], list[Sample]]) -> tuple:
    task_id, level, form = item[0]
    game, _, name = task_id.partition("/")
    task = find_task(game, name)
    rank = ("easy", "medium", "hard").index(level) if level in ("easy", "medium", "hard") else 9
    return (task_id if task is None else task.id, rank, form)
