"""The extractor: an article in, its casualty claims out, each with its evidence.

It runs in two passes. The sentence pass reads every sentence that holds both a figure
and an outcome word (a compiled prefilter skips the rest, most of any article) and
turns each figure into a draft claim: its figure, outcome, victims, quote, claimant,
date phrase and attack. The article pass then ties drafts together the way an analyst
does: subsets to their parent ("including 14 children"), breakdowns to the tally they
break down, and dates and attackers carried to claims of the same event that do not
repeat them.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date
from functools import cache

import ahocorasick

from harmledger.extract.actors import (
    Attack,
    Mentions,
    Stance,
    combine_mentions,
    find_blamed,
    find_mentions,
    find_stance,
)
from harmledger.extract.claimants import VERB_FOLDED as REPORTING_VERB
from harmledger.extract.claimants import Attribution, Quotation, attribute, quotations
from harmledger.extract.dates import UNKNOWN, EventDate, find_dates
from harmledger.extract.figures import Figure, find_figures
from harmledger.extract.outcomes import Reading, read_figure
from harmledger.extract.patterns import CUMULATIVE_FOLDED, HINT_WORDS, OUTCOME_HINT_FOLDED, fold
from harmledger.extract.sentences import Sentence, sentences
from harmledger.models import Article, Claim

# Patterns written in lower case, for the folded text (``patterns.fold``).
_EARLIER = re.compile(
    r"\b(?:an?\s+|another\s+|yet\s+another\s+)?earlier\s+(?:\w+\s+){0,2}?(?:air\s*strikes?|strikes?|attacks?|raids?|"
    r"bombings?|shelling)\b",
)
# A sentence that tells of another event does not take the date of the one before it.
_NEW_EVENT = re.compile(
    r"\b(?:separate|another|different|earlier|previous)\s+(?:\w+\s+)?(?:incident|attack|strike|raid|bombing)|"
    r"\b\w+\s+(?:days?|weeks?|months?)\s+(?:later|earlier|before)\b",
)
_EVENT_PRECISIONS = ("day", "week", "month")
_OF_THEM = re.compile(r"\s+of\s+(?:them|whom)\b")
_NOT_STATEMENT = re.compile(r"(?:(?:has|have|had)\s+)?(?:saying|documented|recorded|counted)$")
# "In September, our team documented the deaths of 212 civilians": a tally over the month.
_TALLY_VERB = re.compile(r"\b(?:documented|recorded|counted|registered|tallied)\b")
_WINDOW = 90  # characters before a figure in which its outcome verb may stand
_PART_REACH = 2  # sentences back in which "including", "of them", "31 were children" find their total
_BREAKDOWN_REACH = 3  # sentences after a tally in which smaller figures break it down
_ATTACK_REACH = 8  # sentences back (within this and the last paragraph) in which an attacker is sought


@dataclass(slots=True)
class _Draft:
    """A claim being assembled: the figure's reading plus its sentence, before article rules."""

    figure: Figure
    reading: Reading
    sentence: int
    attribution: Attribution
    when: EventDate
    attack: Attack
    cumulative: bool
    parent: _Draft | None = None
    children: list[_Draft] = field(default_factory=list)

    @property
    def outcome(self) -> str | None:
        if self.reading.outcome is None and self.parent is not None:
            return self.parent.outcome
        return self.reading.outcome

    def root(self) -> _Draft:
        return self.parent.root() if self.parent else self


class _ArticleReader:
    """State shared while one article is read: its sentences, quotations, last claimant."""

    def __init__(self, article: Article, published: date | None) -> None:
        self.text = article.text
        self.article = article
        self.published = published
        self.folded = fold(self.text)
        self.sentences: list[Sentence] = sentences(self.text)
        self.quotes: list[Quotation] = quotations(self.text)
        self.last_attribution: Attribution | None = None
        self.hinted: list[int] = []
        self._attributed = -1  # the sentence of the last claimant found
        self.drafts: list[_Draft] = []
        # Looked up once per sentence, however many claims or later sentences ask.
        self._dates: dict[int, list[EventDate]] = {}
        self._mentions: dict[int, Mentions] = {}
        self._cumulative: dict[int, bool] = {}

    def read(self) -> list[_Draft]:
        self.hinted = self._hinted()
        for index in self.hinted:
            self._read_sentence(index, self.sentences[index])
        return self.drafts

    def _hinted(self) -> list[int]:
        """Sentences holding an outcome word, found in one pass over the folded text (most have none)."""
        starts = [s.start for s in self.sentences]
        hinted: list[int] = []
        for last, (length, sure) in _hint_automaton().iter(self.folded):
            index = bisect_right(starts, last) - 1
            if index < 0 or (hinted and hinted[-1] == index):
                continue
            sentence = self.sentences[index]
            if last - length + 1 < sentence.start:
                continue
            if (sure and last < sentence.end) or OUTCOME_HINT_FOLDED.search(self.folded, sentence.start, sentence.end):
                hinted.append(index)
        return hinted

    def dates_in(self, index: int) -> list[EventDate]:
        if index not in self._dates:
            sentence = self.sentences[index]
            self._dates[index] = find_dates(self.text, sentence.start, sentence.end, self.published, self.folded)
        return self._dates[index]

    def mentions_in(self, index: int) -> Mentions:
        if index not in self._mentions:
            sentence = self.sentences[index]
            self._mentions[index] = find_mentions(self.text, self.folded, sentence.start, sentence.end)
        return self._mentions[index]

    def attack_over(self, first: int, last: int) -> Attack:
        """The attack named in sentences ``first`` to ``last``, nearest the end first."""
        return combine_mentions([self.mentions_in(i) for i in range(first, last + 1)])

    def is_cumulative(self, index: int) -> bool:
        if index not in self._cumulative:
            sentence = self.sentences[index]
            self._cumulative[index] = bool(CUMULATIVE_FOLDED.search(self.folded, sentence.start, sentence.end))
        return self._cumulative[index]

    def _read_sentence(self, index: int, sentence: Sentence) -> None:
        figures = find_figures(self.folded, sentence.start, sentence.end, is_folded=True)
        previous_end = sentence.start
        for figure in figures:
            lower = max(previous_end, figure.start - _WINDOW)
            previous_end = figure.end
            reading = read_figure(self.text, self.folded, figure, lower, sentence.end)
            if reading is None:
                continue
            draft = self._draft(index, sentence, figure, reading)
            if draft is not None:
                self.drafts.append(draft)

    def _draft(self, index: int, sentence: Sentence, figure: Figure, reading: Reading) -> _Draft | None:
        parent = self._parent(index, figure, reading)
        if reading.outcome is None and parent is None:
            return None
        span = (sentence.start, sentence.end)
        attribution = attribute(
            self.text, self.folded, span, figure.start, quotes=self.quotes, previous=self.last_attribution
        )
        if attribution.claimant:
            self.last_attribution = attribution
            self._attributed = index
        elif self._continues_statement(index):
            attribution = self.last_attribution or attribution
        draft = _Draft(
            figure=figure,
            reading=reading,
            sentence=index,
            attribution=attribution,
            when=(when := self._date(index, figure)),
            attack=self.attack_over(index, index),
            cumulative=self.is_cumulative(index) or self._is_tally(index, when),
            parent=parent,
        )
        if parent is not None:
            parent.children.append(draft)
        return draft

    def _is_tally(self, index: int, when: EventDate) -> bool:
        sentence = self.sentences[index]
        return when.precision in ("month", "year") and bool(
            _TALLY_VERB.search(self.folded, sentence.start, sentence.end)
        )

    def _continues_statement(self, index: int) -> bool:
        """ "..., a military source said. A dozen others were wounded.": a sentence with no attribution
        of its own, right after an attributed one in the same paragraph, carries on the same statement."""
        last = self._attributed
        if last < 0 or index - last > 1:
            return False
        sentence, previous = self.sentences[index], self.sentences[last]
        if sentence.paragraph != previous.paragraph:
            return False
        return not REPORTING_VERB.search(self.folded, sentence.start, sentence.end)

    def _parent(self, index: int, figure: Figure, reading: Reading) -> _Draft | None:
        """The claim a subset belongs to: the last whole claim close before it."""
        if reading.subset == "list":
            return self._listed_with(index)
        reach = _PART_REACH if reading.subset == "part" else _BREAKDOWN_REACH if reading.subset == "family" else 0
        if not reach:
            return self._tally_broken_down(index, figure, reading)
        for draft in reversed(self.drafts):
            if index - draft.sentence > reach:
                break
            # A breakdown of a tally ("killed 29 people, 11 of them children") is a whole to its own parts.
            whole = draft.parent is None or (
                draft.reading.subset is None
                and draft.sentence == index
                and bool(_OF_THEM.match(self.folded, figure.end))
            )
            if whole and _fits_within(figure, draft.figure):
                return draft
        return self._tally_broken_down(index, figure, reading)

    def _listed_with(self, index: int) -> _Draft | None:
        """ "including 58 children and 37 women": a group listed after a share belongs to the same total."""
        last = self.drafts[-1] if self.drafts else None
        return last.parent if last is not None and last.sentence == index else None

    def _tally_broken_down(self, index: int, figure: Figure, reading: Reading) -> _Draft | None:
        """A smaller figure of the same outcome right after a tally, with no date of its own, is part of it."""
        if not self.drafts:
            return None
        last = self.drafts[-1]
        tally = last.root()
        if not tally.cumulative or index - last.sentence > _BREAKDOWN_REACH or tally.outcome != reading.outcome:
            return None
        if self.dates_in(index):
            return None
        return tally if _fits_within(figure, tally.figure) else None

    def _date(self, index: int, figure: Figure) -> EventDate:
        sentence = self.sentences[index]
        found = self.dates_in(index)
        if not found:
            return UNKNOWN
        period = next((d for d in found if d.precision == "period"), None)
        if period is not None:
            return period
        before = [d for d in found if d.start < figure.start]
        when = before[-1] if before else found[0]
        if when.value is None:
            return when
        if self._is_statement_date(sentence, when, figure):
            # "a raid on Sunday ..., the monitor said on Tuesday, adding that the toll had risen to 20"
            event = next((d for d in reversed(before[:-1]) if not self._is_statement_date(sentence, d, figure)), None)
            if event is not None and event.value is not None:
                return event
            precision = "before" if _EARLIER.search(self.folded, sentence.start, sentence.end) else "on_or_before"
            return when.with_precision(precision)
        return when

    def event_date_before(self, index: int) -> EventDate | None:
        """The date of the event told last before sentence ``index``: a later paragraph about the same
        strike ("more than 30 people were wounded") takes the lead's "on Sunday"."""
        if _NEW_EVENT.search(self.folded, self.sentences[index].start, self.sentences[index].end):
            return None
        # The nearest sentence about harm that carries a date decides: its event's day or month, or
        # nothing when it dates a statement or a tally (another event may have come between).
        for j in reversed(self.hinted[: bisect_left(self.hinted, index)]):
            found = self.dates_in(j)
            if self.is_cumulative(j):
                return None
            if not found:
                continue
            sentence = self.sentences[j]
            hint = OUTCOME_HINT_FOLDED.search(self.folded, sentence.start, sentence.end)
            outcome_at = hint.start() if hint else sentence.end  # "..., the monitor said." dates no statement
            return next(
                (
                    when
                    for when in reversed(found)
                    if when.precision in _EVENT_PRECISIONS and not self._is_statement_date(sentence, when, outcome_at)
                ),
                None,
            )
        return None

    def _is_statement_date(self, sentence: Sentence, when: EventDate, figure: Figure | int) -> bool:
        """ "On Tuesday, the government condemned a strike that killed ..." dates the statement, not the strike."""
        stop = figure if isinstance(figure, int) else figure.start
        for verb in REPORTING_VERB.finditer(self.folded, sentence.start, stop):
            if _NOT_STATEMENT.match(verb.group(0)):
                # "denied ... on Thursday, saying the raid killed 6": the date is the raid's;
                # "In September, our team documented the deaths of 212": the tally's.
                continue
            if when.end <= verb.start() or 0 <= when.start - verb.end() <= 2:
                return True
        return False


@cache
def _hint_automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for word, sure in HINT_WORDS.items():
        automaton.add_word(word, (len(word), sure))
    automaton.make_automaton()
    return automaton


def _fits_within(part: Figure, whole: Figure) -> bool:
    if part.value is None or whole.value is None:
        return True
    return part.value <= whole.value if whole.max is None or whole.qualifier == "range" else part.value <= whole.max


def extract_claims(article: Article, published: date | None = None) -> list[Claim]:
    """Every casualty claim in ``article``, in text order; ``published`` overrides an unknown date."""
    reader = _ArticleReader(article, article.published or published)
    drafts = reader.read()
    _carry_context(reader, drafts)
    stance = find_stance(article.text, 0, len(article.text), reader.folded) if drafts else None
    blamed = find_blamed(article.text, 0, len(article.text), reader.folded) if drafts else None
    for draft in drafts:
        if draft.attack.perpetrator is None:
            fallback = blamed or (stance.actor if stance and stance.implicates else None)
            draft.attack = Attack(fallback, draft.attack.attack)
    return [_claim(article, reader, draft, stance) for draft in drafts if draft.outcome is not None]


def _carry_context(reader: _ArticleReader, drafts: list[_Draft]) -> None:
    """Give claims that do not repeat their event's date or attacker those of the claim before them."""
    previous: _Draft | None = None
    for draft in drafts:
        same_paragraph = previous is not None and (
            reader.sentences[previous.sentence].paragraph == reader.sentences[draft.sentence].paragraph
        )
        source = draft.parent or (previous if same_paragraph else None)
        if source is not None:
            if draft.when.precision == "unknown":
                draft.when = source.when
            if draft.attack.perpetrator is None:
                draft.attack = Attack(source.attack.perpetrator, draft.attack.attack or source.attack.attack)
            if draft.attribution.claimant is None and draft.parent is not None:
                draft.attribution = draft.parent.attribution
            draft.cumulative = draft.cumulative or (draft.parent is not None and draft.parent.cumulative)
        if draft.when.precision == "unknown" and not draft.cumulative:
            draft.when = reader.event_date_before(draft.sentence) or draft.when
        if draft.attack.perpetrator is None:
            draft.attack = _paragraph_attack(reader, draft)
        previous = draft


def _paragraph_attack(reader: _ArticleReader, draft: _Draft) -> Attack:
    sentence = reader.sentences[draft.sentence]
    first = max(0, draft.sentence - _ATTACK_REACH)
    while reader.sentences[first].paragraph < sentence.paragraph - 1:
        first += 1
    found = reader.attack_over(first, draft.sentence)
    return Attack(found.perpetrator, draft.attack.attack or found.attack)


def _undated_fallback(reader: _ArticleReader, draft: _Draft) -> EventDate:
    """A report of an event with no date phrase dates it no later than its own publication."""
    if draft.when.precision != "unknown" or reader.published is None or draft.cumulative:
        return draft.when
    return EventDate(reader.published.isoformat(), "on_or_before", None)


def _claim(article: Article, reader: _ArticleReader, draft: _Draft, stance: Stance | None) -> Claim:
    reading, figure = draft.reading, draft.figure
    when = _undated_fallback(reader, draft)
    sentence = reader.sentences[draft.sentence]
    parent = draft.parent
    quote = reader.text[reading.start : reading.end]
    return Claim(
        article_id=article.id,
        quote=quote,
        start=reading.start,
        end=reading.end,
        outcome=draft.outcome,  # type: ignore[arg-type]
        min=figure.min,
        max=figure.max,
        qualifier=figure.qualifier,  # type: ignore[arg-type]
        vague_term=figure.vague_term,
        victims=reading.victims,
        subset_of=reader.text[parent.reading.start : parent.reading.end] if parent else None,
        claimant=draft.attribution.claimant,
        via=draft.attribution.via,
        perpetrator=draft.attack.perpetrator,
        attack=draft.attack.attack,
        belligerent_stance=stance.stance if stance and stance.applies_to(draft.attack.perpetrator) else None,
        date=when.value,
        date_precision=when.precision,
        date_phrase=when.phrase,
        cumulative=draft.cumulative,
        context_start=sentence.start,
        context_end=sentence.end,
    )
