"""Report pictures drawn with Pillow: a task x level heatmap and per-category bars."""

from __future__ import annotations

from typing import Any

from PIL import Image, ImageDraw

from ..render import BACKGROUND, COLORS, GRID_LINE, INK, font, png_bytes

_RUN_COLORS = ("blue", "orange", "green", "purple", "red", "aqua", "brown", "magenta")
_MISSING = (235, 235, 235)


def accuracy_color(value: float) -> tuple[int, int, int]:
    """Red (0) through yellow (0.5) to green (1): readable at a glance, monotone in value."""
    v = max(0.0, min(1.0, value))
    low, mid, high = (215, 48, 39), (254, 224, 139), (26, 152, 80)
    a, b, t = (low, mid, v / 0.5) if v <= 0.5 else (mid, high, (v - 0.5) / 0.5)
    return tuple(round(a[i] + (b[i] - a[i]) * t) for i in range(3))  # type: ignore[return-value]


def _text_width(text: str, size: int, bold: bool = False) -> int:
    return int(font(size, bold).getlength(text))


def task_level_heatmap(m: dict[str, Any], title: str = "") -> bytes:
    """Rows are tasks, columns plot levels; each cell shows accuracy % and n."""
    rows, cols, cells = m["rows"], m["cols"], m["cells"]
    cw, ch, pad = 96, 34, 12
    label_w = max([_text_width(r, 13) for r in rows] + [60]) + 2 * pad
    top = 64
    width = label_w + cw * max(1, len(cols)) + pad
    height = top + ch * max(1, len(rows)) + pad
    image = Image.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    heading = "Accuracy by task and plot level" + (f": {title}" if title else "")
    draw.text((pad, pad), heading, fill=INK, font=font(16, bold=True))
    for j, col in enumerate(cols):
        x = label_w + j * cw + cw / 2
        draw.text((x, top - 8), col, fill=INK, font=font(13, bold=True), anchor="mb")
    for i, row in enumerate(rows):
        y = top + i * ch
        draw.text((label_w - pad, y + ch / 2), row, fill=INK, font=font(13), anchor="rm")
        for j, col in enumerate(cols):
            box = (label_w + j * cw, y, label_w + (j + 1) * cw, y + ch)
            value = cells[row].get(col)
            fill = accuracy_color(value["accuracy"]) if value else _MISSING
            draw.rectangle(box, fill=fill, outline=GRID_LINE)
            text = f"{100 * value['accuracy']:.0f}% n={value['n']}" if value else "-"
            draw.text(((box[0] + box[2]) / 2, (box[1] + box[3]) / 2), text, fill=INK,
                      font=font(12), anchor="mm")
    return png_bytes(image)


def category_bars(reports: list[dict[str, Any]]) -> bytes:
    """Accuracy per category, one bar per run, with 95% Wilson whiskers."""
    categories: list[str] = []
    for report in reports:
        categories += [c["group"] for c in report["by"]["category"]
                       if c["group"] not in categories]
    bar_w, gap, pad, plot_h = 28, 24, 16, 240
    left, top = 56, 56 + 18 * len(reports)
    group_w = max(bar_w * len(reports) + gap, 96)
    width = max(left + group_w * max(1, len(categories)) + pad, 360)
    height = top + plot_h + 48
    image = Image.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.text((pad, pad), "Accuracy by category (95% CI)", fill=INK, font=font(16, bold=True))
    for k, report in enumerate(reports):
        color = COLORS[_RUN_COLORS[k % len(_RUN_COLORS)]]
        y = 40 + 18 * k
        draw.rectangle((pad, y, pad + 12, y + 12), fill=color)
        draw.text((pad + 18, y + 6), report["name"], fill=INK, font=font(12), anchor="lm")
    base = top + plot_h
    for tick in range(0, 101, 25):
        y = base - plot_h * tick / 100
        draw.line((left, y, width - pad, y), fill=COLORS["light gray"])
        draw.text((left - 6, y), f"{tick}%", fill=INK, font=font(11), anchor="rm")
    for i, category in enumerate(categories):
        x0 = left + i * group_w + (group_w - bar_w * len(reports)) / 2
        for k, report in enumerate(reports):
            found = [c for c in report["by"]["category"] if c["group"] == category]
            if not found:
                continue
            c = found[0]
            x = x0 + k * bar_w
            color = COLORS[_RUN_COLORS[k % len(_RUN_COLORS)]]
            draw.rectangle((x + 2, base - plot_h * c["accuracy"], x + bar_w - 2, base),
                           fill=color)
            mid = x + bar_w / 2
            lo, hi = base - plot_h * c["ci_low"], base - plot_h * c["ci_high"]
            draw.line((mid, lo, mid, hi), fill=INK, width=2)
            draw.line((mid - 5, lo, mid + 5, lo), fill=INK, width=2)
            draw.line((mid - 5, hi, mid + 5, hi), fill=INK, width=2)
        draw.text((x0 + bar_w * len(reports) / 2, base + 8), category, fill=INK,
                  font=font(12), anchor="mt")
    draw.line((left, base, width - pad, base), fill=INK)
    return png_bytes(image)
