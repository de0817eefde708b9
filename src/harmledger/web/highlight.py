"""Showing evidence: a claim's quote inside its paragraph, the figure marked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from harmledger.extract.sentences import paragraphs


@dataclass(frozen=True, slots=True)
class Marked:
    start: int
    end: int
    title: str


def in_paragraph(text: str, start: int, end: int) -> Markup:
    """The paragraph holding ``text[start:end]`` as HTML, that span wrapped in <mark>."""
    para = next((p for p in paragraphs(text) if p.start <= start < p.end), None)
    lo, hi = (para.start, max(para.end, end)) if para else (max(0, start - 200), min(len(text), end + 200))
    return mark(text[lo:hi], [Marked(start - lo, end - lo, "")])


def mark(text: str, spans: Sequence[Marked]) -> Markup:
    """``text`` escaped, each non-overlapping span wrapped in <mark title=...>."""
    parts: list[str] = []
    pos = 0
    for span in sorted(spans, key=lambda s: s.start):
        if span.start < pos:
            continue
        parts.append(escape(text[pos : span.start]))
        parts.append(Markup('<mark title="{}">{}</mark>').format(span.title, text[span.start : span.end]))
        pos = span.end
    parts.append(escape(text[pos:]))
    return Markup("").join(parts)
