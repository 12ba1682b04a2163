"""Quotations and who said them: direct quotes in marks, reported clauses, and their speakers.

    find quoted spans → attribute each (sign-off, lead-in, cue phrase) → reported clauses
    («X заявил, что ...», «По словам X, ...», «Об этом сказал X», «..., уточнил X») →
    speakers resolved (stages.speakers) → nesting → records

A quoted span with no attribution is speech only when it reads like sentences (titles and
scare quotes do not): it then takes the speaker of the quote it continues.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import replace

from ..cues import verb_class
from ..model import Entity
from ..nlp import Sentence, Token
from .cues_found import Cue, cue_of, impersonal_report, may_cue, verb_cues
from .direct import DirectQuotes
from .quote_base import (CLAUSE_END, DATELINE, MAX_CLAUSE, MAX_CLAUSE_TOKENS, MAX_CUES_PER_RUN, MAX_QUOTE_DEPTH,
                         TRIM_END, Quote)
from .placed import placed
from .quote_marks import QuotedSpan, find_quoted_spans
from .reported import ReportedClauses
from ..lexicon import lemma
from .speakers import ANONYMOUS, KIN, PRONOUNS, Speaker, SpeakerContext, abbreviation, antecedent, source_heads
from .speaking import Speaking
from .quote_features import QuoteFeatures
from .speaker_candidates import SpeakerCandidates

DECIDE_IN = 256  # quotes whose speaker candidates are held at once (``Finder.find``)


class Finder(DirectQuotes, ReportedClauses, Speaking, SpeakerCandidates, QuoteFeatures):
    """All of one article's quotes. The patterns live in the mixins: ``direct`` (in marks),
    ``reported`` (clauses), ``speaking`` (who), ``speaker_candidates`` (who else could have
    said it, for the speaker model); this class holds the document and puts their findings
    together."""

    def __init__(self, text: str, sentences: list[Sentence], entities: list[Entity], body: tuple[int, int]):
        self.text, self.body = text, body
        self.tokens = [t for s in sentences for t in s.tokens]
        self.may_cue = {t.start for t in self.tokens if may_cue(t.text)}  # the only tokens tried as cues
        datelines = [(m.start(), m.end()) for line in re.finditer(r"(?m)^.+$", text[body[0]:body[1]])
                     if (m := DATELINE.match(text, body[0] + line.start(), body[0] + line.end()))]
        if datelines:  # «Москва. 7 мая. INTERFAX.RU -»: the agency's dateline names no speaker
            def outside(toks):
                return tuple(t for t in toks if not any(a <= t.start < b for a, b in datelines))
            self.tokens = list(outside(self.tokens))
            kept = [(s, outside(s.tokens)) for s in sentences]
            sentences = [Sentence(toks[0].start, s.end, toks) for s, toks in kept if toks]
        self.sentences = sentences
        first_break = text.find("\n", body[0], body[1])
        self.first_line_end = first_break if first_break >= 0 else body[1]
        self._token_starts = [t.start for t in self.tokens]
        self._token_ends = [t.end for t in self.tokens]
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self._sentence_starts = [s.start for s in sentences]
        self.ctx = SpeakerContext.build(text, entities, self.tokens)
        self.limits: dict[str, int] = {}  # what a per-article bound left out (docs/reliability.md)
        self.quoted = self.bounded(find_quoted_spans(text, *body))
        self._opens = [q.open for q in self.quoted]
        self.ctx.spans_around = self.around
        self.speaker_of_span: dict[int, Speaker | None] = {}
        self._cues: dict[tuple[int, int], list[tuple[int, Cue]]] = {}
        self._over_cues: set[int] = set()
        self._token_places: dict[int, dict[int, int]] = {}  # sentence start → token start → index in it
        self._children: dict[int, dict[int, list[int]]] = {}  # sentence start → head → its dependents
        self._resolved: dict[tuple, object] = {}  # speaker candidates resolved (speaker_candidates.resolved)
        self._article_context: dict | None = None  # what all quotes' candidates share (speaker_candidates)
        self._token_kinds: tuple | None = None  # each token's kind of speaker candidate (speaker_candidates)
        self._speech: set | None = None  # quoted spans that hold speech, not names
        self._nesting: tuple = (None,)  # (key of the quote list, its nesting, its cues): quote_features
        self._nominal_ends: dict | None = None  # role mentions by entity and end (speaking.with_role)
        self._levels: dict[int, list[int]] = {}  # offset → the speech spans around it (their opening marks)
        self.trees: dict[int, list[tuple[int, str]]] = {}  # sentence start → (head, rel) per token
        starts = {t.start: t for t in self.tokens}
        for e in entities:
            for m in e.mentions:
                tok = starts.get(m.start)
                if e.type == "PER" and m.kind == "name" and tok and tok.feats.get("Case") == "Nom" \
                        and not self.inside_quote(m.start):
                    self.ctx.subjects.append((m.start, e))
        self.plural_sources()

    def plural_sources(self) -> None:
        """The plural subjects «они» may stand for, in text order: two bodies or people named
        together («ГИБДД и МЧС опровергли»), a plural description («представители Роскосмоса»)."""
        heads, by_offset, toks = source_heads(), self.ctx.by_offset, self.tokens
        for k, t in enumerate(toks):
            if self.inside_quote(t.start):
                continue
            if t.text == "и" and 0 < k < len(toks) - 1:
                a, b = by_offset.get(toks[k - 1].start), by_offset.get(toks[k + 1].start)
                if a is not None and b is not None and a is not b and a.type in ("ORG", "PER") \
                        and b.type in ("ORG", "PER") \
                        and all(u.feats.get("Case") in ("Nom", None) or abbreviation(u) for u in (toks[k - 1], toks[k + 1])):
                    self.ctx.plural_sources.append((toks[k - 1].start, Speaker(f"{a.name} и {b.name}", None, None,
                                                                              None, "Plur")))
            elif t.pos == "NOUN" and t.feats.get("Number") == "Plur" and t.start not in by_offset \
                    and t.feats.get("Case") == "Nom" and (lemma(t.text) in heads or lemma(t.text) in KIN):
                self.ctx.plural_sources.append((t.start, (toks[max(0, k - 4):k + 8], t)))
            elif t.pos == "NOUN" and t.feats.get("Number") == "Sing" and t.feats.get("Case") == "Nom" \
                    and t.feats.get("Animacy") == "Anim" and t.start not in by_offset and lemma(t.text) in heads \
                    and self.acts(toks, k):
                # «О смерти сообщила его дочь. Она рассказала, что ...»: a person described as a subject
                self.ctx.described_subjects.append((t.start, (toks[max(0, k - 4):k + 8], t)))

    @staticmethod
    def acts(toks: list[Token], k: int) -> bool:
        """Whether the noun at ``k`` is a verb's subject: a finite verb of its gender right after it
        (past its adjectives and complements, within 4 words) or right before it."""
        gender = toks[k].feats.get("Gender")
        near = toks[k + 1:k + 5] + toks[max(0, k - 3):k]
        for t in near:
            if t.pos in ("VERB", "AUX") and t.feats.get("VerbForm") == "Fin" and t.feats.get("Number") == "Sing":
                return t.feats.get("Gender") in (gender, None) or t.feats.get("Tense") != "Past"
        return False

    def same_quote_level(self, a: int, b: int) -> bool:
        """Whether offsets a and b stand inside the same quotes (a quote's own words never name
        the one who says it)."""
        if self._speech is None:
            self._speech = {q for q in self.quoted if self.is_fragment(q) or len(self.text[q.start:q.end].split()) >= 3}
        levels, speech = self._levels, self._speech
        for at in (a, b):  # computed once per offset: every cue asks about every token in its reach
            if at not in levels:
                levels[at] = [q.open for q in self.around(at) if q in speech]
        return levels[a] == levels[b]

    def bounded(self, spans: list[QuotedSpan]) -> list[QuotedSpan]:
        """The quoted spans nested at most MAX_QUOTE_DEPTH deep (news nests two at most; each
        level holds all the ones inside it, so the cost of deeper ones is quadratic)."""
        if all(q.depth < MAX_QUOTE_DEPTH for q in spans):
            return spans
        kept = [i for i, q in enumerate(spans) if q.depth < MAX_QUOTE_DEPTH]  # a parent is shallower: kept
        index = {old: new for new, old in enumerate(kept)}
        self.limits["quote_depth"] = len(spans) - len(kept)
        return [replace(spans[i], parent=None if spans[i].parent is None else index[spans[i].parent]) for i in kept]

    def cues_of(self, toks: list[Token]) -> list[tuple[int, Cue]]:
        """verb_cues of a token run, computed once per run (every pattern asks)."""
        key = (toks[0].start, len(toks)) if toks else (0, 0)
        if key not in self._cues:
            self._cues[key] = verb_cues(toks, self.text, self.cue_places(toks))
        return self._cues[key]

    def cue_tokens(self, toks: list[Token], strict: bool = True) -> list[tuple[int, Cue]]:
        """(index, cue) of the tokens of a run that are cues by themselves (``cue_of``)."""
        return [(i, c) for i in self.cue_places(toks) if (c := cue_of(toks[i], strict=strict))]

    def cue_places(self, toks: list[Token]) -> list[int]:
        """Indexes of the tokens of a run that may be cues: the first MAX_CUES_PER_RUN of them (news
        has a few in a sentence; each is tried against its whole sentence)."""
        places = [i for i, t in enumerate(toks) if t.start in self.may_cue]
        if len(places) > MAX_CUES_PER_RUN:
            self._over_cues.update(toks[i].start for i in places[MAX_CUES_PER_RUN:])
            self.limits["cues_per_sentence"] = len(self._over_cues)  # cue words never tried
        return places[:MAX_CUES_PER_RUN]

    def inside_quote(self, at: int) -> bool:
        return bool(self.around(at))

    def around(self, at: int) -> list[QuotedSpan]:
        """The quoted spans whose content holds ``at``, outermost first. Spans nest, so they are
        the last span opened before ``at`` and its ancestors: no scan of all the spans."""
        out = []
        i = bisect.bisect_left(self._opens, at) - 1  # the last opened before at (start = open + 1 <= at)
        while i is not None and i >= 0:
            q = self.quoted[i]
            if q.start <= at < q.end:
                out.append(q)
            i = q.parent
        return out[::-1]

    def opening_in(self, start: int, end: int) -> list[QuotedSpan]:
        """The quoted spans whose opening mark stands in [start, end), in text order."""
        return self.quoted[bisect.bisect_left(self._opens, start):bisect.bisect_left(self._opens, end)]

    def covering(self, at: int) -> list[QuotedSpan]:
        """The quoted spans with the opening mark at or before ``at`` and the closing one after it."""
        return self.around(at) + [q for q in self.opening_in(at, at + 1) if q.close > at]

    def tokens_in(self, start: int, end: int) -> list[Token]:
        """The tokens inside [start, end), found by bisection: every rule asks, so no scans."""
        i = bisect.bisect_left(self._token_starts, start)
        j = bisect.bisect_right(self._token_ends, end, lo=i)  # tokens do not overlap: ends are sorted too
        return self.tokens[i:j]

    def sentence_of(self, at: int) -> Sentence | None:
        i = bisect.bisect_right(self._sentence_starts, at) - 1
        return self.sentences[i] if i >= 0 and at < self.sentences[i].end else None

    def clause_after(self, at: int) -> int:
        """Where the clause from ``at`` ends; a run-on line without one ends MAX_CLAUSE characters on."""
        m = CLAUSE_END.search(self.text, at, at + MAX_CLAUSE)
        return m.start() if m else min(len(self.text), at + MAX_CLAUSE)

    def line_start(self, at: int) -> int:
        """Where the line holding ``at`` starts (found by bisection: a scan back is quadratic
        in a text of one long line)."""
        return max(self._line_starts[bisect.bisect_right(self._line_starts, at) - 1], self.body[0])

    def clause_floor(self, at: int) -> int:
        """How far back a lead-in of ``at`` may reach: its line, at most MAX_CLAUSE characters
        and MAX_CLAUSE_TOKENS tokens (each quote looks back: unbounded, that is quadratic)."""
        back = bisect.bisect_left(self._token_starts, at) - MAX_CLAUSE_TOKENS
        return max(self.line_start(at), at - MAX_CLAUSE, self._token_starts[back] if back > 0 else 0)

    def trim(self, start: int, end: int) -> tuple[int, int]:
        while end > start and self.text[end - 1] in TRIM_END:
            end -= 1
        while start < end and self.text[start] in " \t\n\u00a0,":
            start += 1
        return start, end

    def find(self, decide=None) -> list[Quote]:
        """The article's quotes. ``decide(finder, quotes)`` is the learned step: it gets the
        rules' quotes, each with its speaker candidates, and returns the quotes kept, with
        their speakers chosen (``stages.decide``); None keeps the rules' decisions."""
        direct = self.direct_quotes() + self.colon_paragraphs()
        near = placed(direct)
        reported = [q for q in self.reported()  # a clause that is a direct quote already found,
                    if not any(abs(d.start - q.start) < 3 and q.end <= d.end + 2  # or that half-
                               or d.start < q.start < d.end < q.end or q.start < d.start < q.end < d.end
                               for d in near.overlapping(q.start - 3, q.end + 3))]  # overlaps one (runs
        near = placed(reported)  # into an interruption): quotes nest
        direct = [d for d in direct if d.rule != "fragment" or not any(
            r.start <= d.start and d.end <= r.end for r in near.overlapping(d.start - 1, d.end + 1))]  # part of a mixed clause
        quotes = sorted(direct + reported, key=lambda q: (q.start, -q.end))
        self.same_unnamed_source(quotes)
        self.attribute_in_order(quotes)
        if decide is not None:
            # the features of all the quotes, or (deciding, not collecting for training) of
            # DECIDE_IN quotes at a time, freed once decided: each quote's are its own, and an
            # article of thousands of quotes held them all (~5 kB a candidate)
            step = len(quotes) if getattr(decide, "collecting", True) else DECIDE_IN
            kept = []
            for at in range(0, len(quotes), max(step, 1)):
                for i, q in enumerate(quotes[at:at + step], start=at):
                    if getattr(decide, "needs_candidates", True):
                        q.candidates = self.speaker_candidates(q, i)
                    if getattr(decide, "needs_quote_features", True):
                        q.features = self.quote_features(q, quotes)
                kept += decide(self, quotes[at:at + step])
                if step < len(quotes):
                    for q in quotes[at:at + step]:
                        q.candidates, q.features = [], {}
            quotes = kept
        for q in quotes:
            q.speaker = self.with_role(q.speaker)
        set_parents(quotes)
        return quotes

    def same_unnamed_source(self, quotes: list[Quote]) -> None:
        """«— сказал собеседник ТАСС» ... «— добавил собеседник»: the bare description is the
        source described before, under its fuller description."""
        seen: dict[str, str] = {}
        for q in sorted(quotes, key=lambda q: q.cue.start if q.cue else q.start):
            sp = q.speaker
            if sp is None or sp.entity is not None or not sp.name:
                continue
            head = lemma(sp.name.split()[0])
            if head not in ANONYMOUS:
                continue
            if len(sp.name.split()) > 1:
                seen[head] = sp.name
            elif head in seen:
                q.speaker = Speaker(seen[head], None, sp.mention, sp.gender, sp.number)

    def attribute_in_order(self, quotes: list[Quote]) -> None:
        """Speakers are remembered in the order their cues appear, so «она» finds the latest
        speaker; an unattributed quote takes the speaker of the quote it continues."""
        for q in sorted(quotes, key=lambda q: q.cue.start if q.cue else q.end):
            if q.speaker and q.speaker.name:
                self.ctx.remember(q.cue.start if q.cue else q.start, q.speaker)
        for q in quotes:  # a pronoun again, now that every speaker before it is known
            sp = q.speaker
            if sp is None or sp.mention is None or sp.mention.kind != "pronoun" \
                    or sp.mention.text.lower() not in PRONOUNS or q.cue is None:
                continue
            gender, number = PRONOUNS[sp.mention.text.lower()]
            if number != "Sing":
                continue
            found = antecedent(self.ctx, min(q.cue.start, sp.mention.start), gender, number)
            if found is not None and found.name and found.name != sp.name and found.gender == gender:
                q.speaker = Speaker(found.name, found.entity, sp.mention, found.gender, number)  # (of a known gender)
        for q in quotes:
            if q.cue is not None and q.cue.kind == "verb" and (verb_class(q.cue.lemma) == "report" or impersonal_report(q.cue)) \
                    and (q.speaker is None or q.speaker.name is None):
                history = self.ctx.history
                source = history.last_before(q.cue.start) or history.first_within(q.cue.start, q.cue.start + 1000)
                if source:  # «..., — говорится в сообщении»: the document of the nearest source
                    q.speaker = Speaker(source[1].name, source[1].entity, None, source[1].gender)
                    q.confidence = 0.5
                continue
            if q.cue is not None and q.cue.kind == "verb" and (q.speaker is None or q.speaker.name is None):
                found = self.dropped_subject(q.cue)  # «..., — и добавил», «Также отметил, что ...»
                if found is not None:
                    q.speaker, q.confidence = found, 0.5
                continue
            if q.cue is None:
                prior = self.ctx.history.last_before(q.start)
                before = self.text[max(self.body[0], q.start - 3):q.start]
                if prior and re.search(r"[-–—][ \t\u00a0]*[«\"„“]?$", before) and q.start - prior[0] < 120:
                    q.speaker = prior[1]  # «...», — сказал он, — «...»: the second half
                    continue
                later = self.ctx.history.first_within(q.end, self.clause_after(q.end) + 200, from_low=True)
                source = later or prior
                if source:
                    q.speaker = Speaker(source[1].name, source[1].entity, None, source[1].gender)

    def dropped_subject(self, cue: Cue) -> Speaker | None:
        """Who a finite singular verb or a gerund with no subject speaks for: the latest speaker or
        person named as a subject before it, agreeing with the verb's gender («Она ... и добавила»)."""
        verb = self.token_at(cue.start)
        if verb is not None and verb.feats.get("VerbForm") == "Conv":  # «..., обосновав это тем, что»
            found = antecedent(self.ctx, cue.start, None, "Sing")
            return Speaker(found.name, found.entity, None, found.gender) if found and found.name else None
        if verb is None or verb.feats.get("Number") != "Sing" or verb.feats.get("VerbForm") != "Fin" \
                or verb.feats.get("Person") not in (None, "3"):
            return None
        found = antecedent(self.ctx, cue.start, self.gender_shown(cue), "Sing")
        return Speaker(found.name, found.entity, None, found.gender) if found and found.name else None


def set_parents(quotes: list[Quote]) -> None:
    """Each quote's ``parent``: the index of the shortest longer quote that holds it (the first,
    of equal ones). ``quotes`` are sorted by (start, -end), so a holder comes before; only the
    quotes still open where this one starts are looked at."""
    open_: list[int] = []  # indexes of earlier quotes that end at or after the current start
    for i, q in enumerate(quotes):
        open_ = [j for j in open_ if quotes[j].end >= q.start]
        holders = [j for j in open_ if quotes[j].start <= q.start and q.end <= quotes[j].end
                   and quotes[j].end - quotes[j].start > q.end - q.start]
        q.parent = min(holders, key=lambda j: quotes[j].end - quotes[j].start) if holders else None
        open_.append(i)


def extract_quotes(text: str, sentences: list[Sentence], entities: list[Entity],
                   body: tuple[int, int], trees: dict | None = None, decide=None,
                   limits: dict[str, int] | None = None) -> list[dict]:
    """The record's ``quotes``: dicts in the format of docs/record-format.md, sorted by start.
    Pronoun and description mentions of resolved speakers are added to their entities.
    ``trees`` (sentence start → syntax tree) is filled with the trees parsed here; ``decide``
    as in ``Finder.find``. ``limits`` gets what a per-article bound left out (``Finder.limits``)."""
    finder = Finder(text, sentences, entities, body)
    if trees is not None:
        finder.trees = trees
    quotes = finder.find(decide)
    by_id = {e.id: e for e in entities}
    had = {e.id: set(e.mentions) for e in entities}
    grown = set()
    out = []
    for q in quotes:
        sp = q.speaker
        if sp and sp.entity and sp.mention and sp.mention.kind != "name":
            if sp.mention not in had[sp.entity]:
                had[sp.entity].add(sp.mention)
                by_id[sp.entity].mentions.append(sp.mention)
                grown.add(sp.entity)
        out.append({
            "start": q.start, "end": q.end, "text": text[q.start:q.end], "kind": q.kind,
            "cue": {"start": q.cue.start, "end": q.cue.end, "text": q.cue.text, "lemma": q.cue.lemma}
            if q.cue else None,
            "speaker": {"name": sp.name if sp else None, "entity": sp.entity if sp else None,
                        "mention": {"start": sp.mention.start, "end": sp.mention.end, "text": sp.mention.text}
                        if sp and sp.mention else None},
            "parent": q.parent,
            "confidence": round(q.confidence, 2),
        })
    for entity in grown:
        by_id[entity].mentions.sort(key=lambda m: (m.start, m.end))
    if limits is not None:
        limits.update(finder.limits)
    return out
