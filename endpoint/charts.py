"""Figures drawn on the server as SVG: bar charts a reader can follow without JavaScript.

Each bar is a link (to the filtered list it counts) whose name says the label and the number, and
the number is also printed beside the bar, so a screen reader, a printout and a phone all read
the same figures. Colours are fill attributes, which browsers keep when printing.
"""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 400            # viewBox width; the SVG scales to its container, text stays readable at 375 px
ROW = 34               # one horizontal bar: its label above, the bar below
COLUMN_HEIGHT = 160    # a column chart's drawing area
MAX_COLUMNS = 16       # more values than this read better as horizontal bars
COLUMN = 36            # the least width of a column: a four-digit year under it
BAR_COLOUR = "#0b4f9c"
TEXT_COLOUR = "#1b1b1b"


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    href: str | None = None
    lang: str | None = None  # the language of the label, when it is not the page's


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _link(bar: Bar, name: str, inner: str) -> str:
    """*inner* wrapped in a link to the bar's list, named "label: count <unit>"."""
    if not bar.href:
        return f'<g role="img" aria-label="{escape(name)}">{inner}</g>'
    return f'<a href="{escape(bar.href)}" aria-label="{escape(name)}">{inner}</a>'


def _label_attributes(bar: Bar) -> str:
    return f' lang="{escape(bar.lang)}"' if bar.lang else ""


def bar_chart(bars: list[Bar], caption_id: str, unit: str) -> Markup:
    """Horizontal bars, one row each: the label, then the bar with its count at its end."""
    top = max((bar.count for bar in bars), default=0) or 1
    rows = []
    for index, bar in enumerate(bars):
        y = index * ROW
        length = (WIDTH - 40) * bar.count / top
        name = f"{bar.label} {bar.count} {unit}"  # the visible text, then the unit: one name for eyes and ears
        end = max(length, 1)
        # One text element, label then count, so what is read aloud is what is seen.
        inner = (f'<rect x="0" y="{y + 16}" width="{_number(end)}" height="12" fill="{BAR_COLOUR}"/>'
                 f'<text font-size="12" fill="{TEXT_COLOUR}"><tspan x="0" y="{y + 12}"{_label_attributes(bar)}>'
                 f'{escape(bar.label)}</tspan> <tspan class="count" x="{_number(end + 4)}" y="{y + 26}">'
                 f'{bar.count}</tspan></text>')
        rows.append(_link(bar, name, inner))
    height = max(len(bars) * ROW, ROW)
    return _svg(rows, height, caption_id)


def column_chart(bars: list[Bar], caption_id: str, unit: str) -> Markup:
    """Vertical columns in the given order (years): the count above each, the label below.
    Falls back to horizontal bars when there are too many columns to label."""
    if len(bars) > MAX_COLUMNS:
        return bar_chart(bars, caption_id, unit)
    top = max((bar.count for bar in bars), default=0) or 1
    width = max(WIDTH, COLUMN * len(bars))  # wide enough for each label; the SVG scales to fit
    step = width / max(len(bars), 1)
    columns = []
    for index, bar in enumerate(bars):
        x = index * step
        height = COLUMN_HEIGHT * bar.count / top
        centre = _number(x + step / 2)
        name = f"{bar.label} {bar.count} {unit}"  # the visible text, then the unit: one name for eyes and ears
        inner = (f'<rect x="{_number(x + step * 0.15)}" y="{_number(20 + COLUMN_HEIGHT - height)}" '
                 f'width="{_number(step * 0.7)}" height="{_number(max(height, 1))}" fill="{BAR_COLOUR}"/>'
                 f'<text font-size="12" text-anchor="middle" fill="{TEXT_COLOUR}">'
                 f'<tspan x="{centre}" y="{COLUMN_HEIGHT + 36}"{_label_attributes(bar)}>{escape(bar.label)}</tspan> '
                 f'<tspan class="count" x="{centre}" y="{_number(16 + COLUMN_HEIGHT - height)}">{bar.count}</tspan>'
                 f'</text>')
        columns.append(_link(bar, name, inner))
    return _svg(columns, COLUMN_HEIGHT + 44, caption_id, width)


def _svg(items: list[str], height: int, caption_id: str, width: float = WIDTH) -> Markup:
    return Markup(f'<svg class="chart" viewBox="0 0 {_number(width)} {height}" width="100%" '
                  f'aria-labelledby="{escape(caption_id)}" xmlns="http://www.w3.org/2000/svg">'
                  + "".join(items) + "</svg>")


def share_bar(part: int, whole: int, name: str) -> Markup:
    """A thin bar of part/whole (women among a body's members), named in words for screen readers."""
    share = part / whole if whole else 0
    return Markup(f'<svg class="share" viewBox="0 0 100 8" width="100%" height="12" preserveAspectRatio="none" '
                  f'role="img" aria-label="{escape(name)}" xmlns="http://www.w3.org/2000/svg">'
                  f'<rect x="0" y="0" width="100" height="8" fill="#d9dee6"/>'
                  f'<rect x="0" y="0" width="{_number(100 * share)}" height="8" fill="{BAR_COLOUR}"/></svg>')
