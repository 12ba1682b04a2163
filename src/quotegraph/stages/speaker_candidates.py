"""Who could have said a quote: every speaker candidate near its cue, resolved, with features.

A candidate is a mention that could be the source: a named person, organisation or place, a
pronoun (resolved to its antecedent), or a description («эксперт», «пресс-служба МВД»,
resolved to the entity it describes or kept as a description), plus the speaker the rules
chose. The speaker model (``stages/decide.py``) scores them; ``features`` is the one function
that describes a candidate, in training (``train/speakers.py``) and at run time.

A mixin of ``quotes.Finder``.
"""
from __future__ import annotations

import bisect
import functools
import math
from dataclasses import dataclass, field

from ..cues import verb_class
from .cues_found import passive_neuter
from ..lexicon import lemma, role_nouns
from ..model import Mention
from ..nlp import Token
from .quote_base import QUOTING, RELAYING
from .roles import words
from .speakers import (ANONYMOUS, GENERIC_SOURCES, ORG_DESCRIPTIONS, PERSON_NOUNS, PRONOUNS, SOURCE_NOUNS, Speaker,
                       antecedent, describe, entity_speaker, fuller)

WINDOW_BEFORE, WINDOW_AFTER = 1, 1  # sentences around the cue's own sentence
WINDOW_TOKENS = 120  # and tokens either side of it (a run-on "sentence" is cut in parts of 500)
MAX_CANDIDATES = 12  # per quote: the nearest to the cue, whatever the article
CASES = ("Nom", "Gen", "Dat", "Acc", "Ins", "Loc")
RELS = ("nsubj", "nsubj:pass", "obl", "obj", "nmod", "appos")
KINDS = ("name", "pronoun", "self", "description", "rule")
# the features' names, made once: every candidate of every quote sets them
KIND_KEYS = tuple((kind, f"kind_{kind}") for kind in KINDS)
TYPE_KEYS = tuple((t, f"type_{t}") for t in ("PER", "ORG", "LOC"))
CASE_KEYS = tuple((k, f"case_{k}") for k in CASES)
REL_KEYS = tuple((r, f"rel_{r.replace(':', '_')}") for r in RELS)
CUE_KINDS = ("verb", "phrase", "colon", "adj")
CLASSES = ("speech", "opinion", "report", "intent")
QUOTE_KINDS = ("direct", "indirect", "mixed")
SELF_PRONOUNS = {"я", "мы"}


@dataclass
class Candidate:
    speaker: Speaker
    kind: str  # name | pronoun | description | rule
    token: Token | None  # the mention's head token (None for the rules' own choice without one)
    features: dict[str, float] = field(default_factory=dict)


@functools.cache
def _description_heads() -> frozenset[str]:
    return role_nouns() | GENERIC_SOURCES | ANONYMOUS | SOURCE_NOUNS | PERSON_NOUNS | ORG_DESCRIPTIONS


def ranks(values: list[float]) -> list[int]:
    """Each value's rank among the values, smallest first (ties share the lower rank)."""
    order = sorted(values)
    return [order.index(v) for v in values]


def relative_features(cands: list[Candidate], context: dict) -> None:
    """What a candidate is against the quote's other candidates: its rank by distance to the
    cue (among all, among those before the cue, among named ones), by how often its entity is
    mentioned, and how many candidates name the same speaker. A ranker sees one row at a time,
    so these say what the rows alone cannot."""
    nan = math.nan
    dist = ranks([c.features["abs_tokens_to_cue"] for c in cands])
    before = [c for c in cands if c.features["tokens_to_cue"] <= 0]
    before_rank = dict(zip(map(id, before), ranks([c.features["abs_tokens_to_cue"] for c in before])))
    named = [c for c in cands if c.speaker.entity]
    named_rank = dict(zip(map(id, named), ranks([c.features["abs_tokens_to_cue"] for c in named])))
    counts = {c.speaker.entity: len(context["entities"][c.speaker.entity].mentions) for c in named
              if c.speaker.entity in context["entities"]}
    by_mentions = sorted(set(counts.values()), reverse=True)
    names = [c.speaker.name for c in cands]
    for c, r in zip(cands, dist):
        f = c.features
        f["dist_rank"] = float(r)
        f["before_rank"] = float(before_rank[id(c)]) if id(c) in before_rank else nan
        f["named_rank"] = float(named_rank[id(c)]) if id(c) in named_rank else nan
        n = counts.get(c.speaker.entity)
        f["mentions_rank"] = float(by_mentions.index(n)) if n is not None else nan
        f["most_mentioned"] = float(bool(n) and n == context["top_mentions"])
        f["same_name"] = float(names.count(c.speaker.name) - 1) if c.speaker.name else 0.0


class SpeakerCandidates:
    def speaker_candidates(self, q, index: int) -> list[Candidate]:
        """The candidates of quote ``q`` (the ``index``-th of the article's quotes, in order)."""
        anchor = q.cue.start if q.cue else q.start
        window, parts = self.candidate_window(anchor, q)
        heads = _description_heads()
        kinds, marked = self.token_kinds()
        # the window's tokens with a kind of their own, looked up rather than scanned, the
        # nearest to the anchor first (resolving costs): (index in the window, kind)
        spots = sorted(((k0 + i - first, kinds[i]) for first, last, k0 in parts
                        for i in marked[bisect.bisect_left(marked, first):bisect.bisect_left(marked, last)]),
                       key=lambda spot: abs(window[spot[0]].start - anchor))
        found: dict[tuple, Candidate] = {}
        for k, kind in spots:
            if len(found) >= MAX_CANDIDATES:
                break
            if kind == "name":  # a mention once (its first token), and not a description's owner
                e = self.ctx.by_offset[window[k].start]
                if (k and self.ctx.by_offset.get(window[k - 1].start) is e) \
                        or (e.type == "PER" and self.owner_of_description(window, k)):
                    continue
            elif kind == "description" and self.dependent_description(window, k, heads):
                continue
            t = window[k]
            cand = self.resolved(window, k, kind)
            if cand is not None:
                found.setdefault((t.start, cand.speaker.name), Candidate(cand.speaker, cand.kind, t))
        rule = q.speaker
        ordered = self.without_parts(rule, self.without_told(q, self.without_relayers(q, list(found.values()))))
        if rule is not None and rule.name and not any(self.same_choice(c.speaker, rule) for c in ordered):
            token = next((t for t in window if rule.mention and rule.mention.start <= t.start < rule.mention.end), None)
            ordered.append(Candidate(rule, "rule", token))
        context = self.quote_context(q, index, len(ordered))
        for c in ordered:
            c.features = self.features(q, c, context)
        relative_features(ordered, context)
        return ordered

    def without_relayers(self, q, candidates: list[Candidate]) -> list[Candidate]:
        """The candidates less the outlet that relays the words («цитируют X СМИ», «слова X
        передаёт ТАСС»): the subject of a quoting or relaying cue speaks only its own reports.
        Kept when the rules found no one else to be the speaker."""
        cue, rule = q.cue, q.speaker
        if cue is None or cue.lemma.strip("<>") not in QUOTING | RELAYING or rule is None or rule.mention is None:
            return candidates
        relayer = {t.start for t in self.subject(cue)}
        if not relayer or rule.mention.start in relayer:
            return candidates
        return [c for c in candidates if c.token is None or c.token.start not in relayer]

    def without_told(self, q, candidates: list[Candidate]) -> list[Candidate]:
        """The candidates less an outlet told the words («пояснили «Интерфаксу»», «сообщили ТАСС в
        пресс-службе»): in the dative, or right beside the cue, when the rules chose someone else."""
        cue, rule = q.cue, q.speaker
        if cue is None or rule is None or not rule.name:
            return candidates

        def told(c: Candidate) -> bool:
            e = self.ctx.by_offset.get(c.token.start) if c.token is not None else None
            if e is None or e.id == rule.entity or not self.is_outlet(e):
                return False
            near = min(abs(c.token.start - cue.end), abs(cue.start - c.token.end)) <= 15
            return c.token.feats.get("Case") == "Dat" or near
        return [c for c in candidates if not told(c)]

    def owner_of_description(self, window: list[Token], k: int) -> bool:
        """A person named in the genitive after a description of someone else, whose case differs
        («представитель партии Ивана Петрова», «соседка актёра Олега Павлова» as subjects): the
        owner, whom the description is about, not a candidate of its own. In the description's own
        case it would be an apposition («представителя МИД Марии Захаровой»)."""
        case = window[k].feats.get("Case")
        if case not in ("Gen", None):
            return False
        j = k - 1
        while j >= 0 and window[j].feats.get("Case") == "Gen" and window[j].pos in ("NOUN", "ADJ", "PROPN", "VERB") \
                and window[j].start not in self.ctx.by_offset:
            j -= 1
        if j < 0 or case is None and j == k - 1:  # an indeclinable name: genitive only after a genitive noun
            return False
        head = window[j]
        return head.pos == "NOUN" and head.feats.get("Case") not in ("Gen", None) and head.start not in self.ctx.by_offset \
            and (head.feats.get("Animacy") == "Anim" or lemma(head.text) in role_nouns() | PERSON_NOUNS | GENERIC_SOURCES | ANONYMOUS)

    @staticmethod
    def without_parts(rule: Speaker | None, candidates: list[Candidate]) -> list[Candidate]:
        """The candidates less the names inside the phrase the rules read as someone else: the
        members of a joint source («Трамп и Путин заявили») and the owner in a description
        («представитель партии Цвангираи»)."""
        if rule is None or rule.name is None or rule.entity is not None:
            return candidates
        if rule.mention is None:  # a joint source carried on from before («говорится в совместном заявлении»)
            members = set(rule.name.split(" и ")) if " и " in rule.name else set()
            return [c for c in candidates if not (c.kind == "name" and c.speaker.name in members)]
        m = rule.mention
        return [c for c in candidates if not (c.kind == "name" and c.token is not None and m.start <= c.token.start < m.end)]

    @staticmethod
    def dependent_description(window: list[Token], k: int, heads: frozenset[str]) -> bool:
        """A description noun in the genitive right after another («пресс-секретарь
        губернатора», «в пресс-службе ведомства»): part of that description, whose speaker is
        not the one it names, so not a candidate of its own."""
        prev = window[k - 1] if k else None  # («брат футболиста»: a relation is such a description too)
        return bool(prev and prev.pos == "NOUN" and window[k].feats.get("Case") == "Gen" and prev.end <= window[k].start
                    and (lemma(prev.text) in heads or lemma(prev.text) in words("role_relational.txt")))

    def resolved(self, window: list[Token], k: int, kind: str) -> Candidate | None:
        """The candidate of the ``k``-th token of a window, resolved, or None: memoised per
        article, since neighbouring quotes share most of their windows (their features are
        each quote's own). A description is read in the tokens around it, which depend on the
        window, so they are its key."""
        t = window[k]
        lo, hi = max(0, k - 3), min(len(window), k + 8)
        key = (t.start, kind) if kind != "description" else (t.start, kind, *(u.start for u in window[lo:hi]))
        if key not in self._resolved:
            if kind == "name":
                e = self.ctx.by_offset[t.start]
                sp = entity_speaker(self.ctx, e, t.start)
                cand = Candidate(fuller(self.ctx, window, sp) if e.type == "ORG" else sp, "name", t)
            elif kind == "pronoun":
                cand = self.pronoun_candidate(t)
            else:
                sp = describe(self.ctx, window[lo:hi], window[k].start, head=t)
                cand = Candidate(sp, "description", t) if sp else None
            self._resolved[key] = cand if cand is not None and cand.speaker is not None else None
        return self._resolved[key]

    def quote_context(self, q, index: int, n_candidates: int) -> dict:
        """What every candidate of a quote shares: computed once per quote."""
        cue = q.cue
        anchor = cue.start if cue else q.start
        cue_tok = self.token_at(cue.start) if cue else None
        last = self.ctx.history.last_before(anchor)
        cls = verb_class(cue.lemma) if cue else None
        base = {f"cue_{k}": float(bool(cue) and cue.kind == k) for k in CUE_KINDS}
        base.update({f"class_{k}": float(cls == k) for k in CLASSES})
        base.update({f"quote_{k}": float(q.kind == k) for k in QUOTE_KINDS})
        reflexive = bool(cue) and (cue.text.lower().endswith(("ся", "сь")) or passive_neuter(cue.text))
        base.update({"cue_reflexive": float(reflexive),
                     "quote_chars": math.log1p(q.end - q.start), "no_cue": float(cue is None),
                     "quote_index": float(index), "candidates": float(n_candidates)})
        return {"anchor": anchor, "cue_tok": cue_tok, "anchor_sentence": self.sentence_index(anchor),
                "said": self.ctx.history.said_before(anchor), "last": last[1].name if last else None,
                "base": base, **self.article_context()}

    def article_context(self) -> dict:
        """What every quote of the article shares: computed once (the entities are settled by
        now), so the cost per quote does not grow with the number of entities."""
        if self._article_context is None:
            self._article_context = {
                "entities": {e.id: e for e in self.ctx.entities},
                "top_mentions": max((len(e.mentions) for e in self.ctx.entities if e.type == "PER"), default=0)}
        return self._article_context

    def candidate_window(self, anchor: int, q) -> tuple[list[Token], list[tuple[int, int, int]]]:
        """Tokens of the sentences around the anchor, outside the quote's own words; and its two
        parts as (first, last + 1, index in the window of the first) indexes of ``self.tokens``."""
        units = self.sentences
        k = bisect.bisect_right(self._sentence_starts, anchor) - 1  # the first sentence holding the anchor or
        if k >= 1 and anchor <= units[k - 1].end:  # ending right at it, found by bisection
            k -= 1
        i = k if k >= 0 and anchor <= units[k].end else None
        if i is None:
            i = max(0, min(range(len(units)), key=lambda k: abs(units[k].start - anchor))) if units else 0
        lo, hi = max(0, i - WINDOW_BEFORE), min(len(units), i + WINDOW_AFTER + 1)
        first = bisect.bisect_left(self._token_starts, units[lo].start)  # and at most WINDOW_TOKENS either side
        at = bisect.bisect_left(self._token_starts, anchor)
        a = max(first, at - WINDOW_TOKENS)
        b = max(a, min(at + WINDOW_TOKENS, bisect.bisect_left(self._token_starts, units[hi - 1].end)))
        # the quote's own tokens are one run of indexes, [cut, resume)
        cut = min(max(bisect.bisect_left(self._token_starts, q.start), a), b)
        resume = max(min(bisect.bisect_left(self._token_starts, q.end), b), cut)
        return self.tokens[a:cut] + self.tokens[resume:b], [(a, cut, 0), (resume, b, cut - a)]

    def token_kinds(self) -> tuple[list[str | None], list[int]]:
        """Each token's kind of candidate by itself (name, pronoun, description head, or None),
        and the indexes of those with one: found once per article, since neighbouring quotes'
        windows overlap (a window adds its own checks: ``speaker_candidates``)."""
        if self._token_kinds is None:
            heads, kinds = _description_heads(), []
            for t in self.tokens:
                low = t.text.lower()
                kinds.append("name" if t.start in self.ctx.by_offset and t.pos != "ADJ"
                             else "pronoun" if low in PRONOUNS or low in SELF_PRONOUNS
                             else "description" if t.pos == "NOUN" and lemma(t.text) in heads else None)
            self._token_kinds = kinds, [i for i, kind in enumerate(kinds) if kind]
        return self._token_kinds

    def pronoun_candidate(self, t: Token) -> Candidate | None:
        low = t.text.lower()
        mention = Mention(t.start, t.end, t.text, "pronoun")
        if low in SELF_PRONOUNS:
            inside = self.ctx.speaker_at(t.start)
            return Candidate(Speaker(inside.name, inside.entity, mention, inside.gender), "self", t) if inside else None
        gender, number = PRONOUNS[low]
        found = antecedent(self.ctx, t.start, gender, number)
        sp = Speaker(found.name, found.entity, mention, found.gender, number) if found \
            else Speaker(None, None, mention, gender, number)
        return Candidate(sp, "pronoun", t)

    @staticmethod
    def same_choice(a: Speaker | None, b: Speaker | None) -> bool:
        if a is None or b is None:
            return a is b
        if a.mention and b.mention and a.mention.start < b.mention.end and b.mention.start < a.mention.end:
            return a.name == b.name
        return False

    # --- features -------------------------------------------------------------------------

    def features(self, q, c: Candidate, context: dict) -> dict[str, float]:
        """What the speaker model sees of one candidate: NaN where a feature does not apply.
        ``context``: the quote's own part (``quote_context``)."""
        nan = math.nan
        f: dict[str, float] = dict(context["base"])  # the quote's own: cue, class, kind, length
        sp, tok, cue, rule = c.speaker, c.token, q.cue, q.speaker
        anchor = context["anchor"]
        at = tok.start if tok else (sp.mention.start if sp.mention else anchor)
        f["rule_mention"] = float(self.same_choice(sp, rule))
        f["rule_entity"] = float(bool(rule and sp.entity and rule.entity == sp.entity))
        f["rule_name"] = float(bool(rule and rule.name and rule.name == sp.name))
        f["rule_none"] = float(rule is None or not rule.name)
        for kind, key in KIND_KEYS:
            f[key] = float(c.kind == kind)
        entity = context["entities"].get(sp.entity) if sp.entity else None
        for t, key in TYPE_KEYS:
            f[key] = float(entity is not None and entity.type == t)
        f["resolved"] = float(entity is not None)
        f["lowercase_name"] = float(bool(sp.name) and sp.name[:1].islower())
        f["mentions"] = math.log1p(len(entity.mentions)) if entity else 0.0
        f["has_role"] = float(bool(entity and entity.roles))
        # where it stands: against the cue and the quote
        f["chars_to_cue"] = (at - anchor) / 100
        f["abs_chars_to_cue"] = abs(at - anchor) / 100
        lo, hi = min(at, anchor), max(at, anchor)
        n_between = bisect.bisect_left(self._token_starts, hi) - bisect.bisect_left(self._token_starts, lo)
        f["tokens_to_cue"] = float(n_between) * (1 if at >= anchor else -1)
        f["abs_tokens_to_cue"] = float(n_between)
        f["punct_to_cue"] = float(sum(map(self.text[lo:hi].count, ",;:—–-()")))
        f["sentences_to_cue"] = float(self.sentence_index(at) - context["anchor_sentence"])
        f["newline_to_cue"] = float("\n" in self.text[min(at, anchor):max(at, anchor)])
        f["between_cue_and_quote"] = float(min(anchor, q.start) <= at < max(anchor, q.start))
        f["adjacent_before_cue"] = float(bool(cue and tok) and 0 <= cue.start - tok.end <= 2)
        # the mention's own form
        case = tok.feats.get("Case") if tok else None
        for k, key in CASE_KEYS:
            f[key] = float(case == k)
        f["case_none"] = float(tok is not None and case is None)
        prev = self.token_before(tok) if tok else None
        f["after_po"] = float(bool(prev) and prev.text.lower() == "по")
        # agreement with the cue verb («сказала» wants a woman, «сообщили» a plural)
        cue_tok = context["cue_tok"]
        g = cue_tok.feats.get("Gender") if cue_tok else None
        num = cue_tok.feats.get("Number") if cue_tok else None
        f["agree_gender"] = nan if g is None or sp.gender is None else float(g == sp.gender)
        f["agree_number"] = nan if num is None else float((num == "Plur") == (sp.number == "Plur"))
        # syntax, only where the rules parsed the sentence already (parsing costs)
        rel, head_is_cue, in_subject = self.syntax_of_candidate(tok, cue_tok)
        for r, key in REL_KEYS:
            f[key] = nan if rel is None else float(rel == r)
        f["head_is_cue"] = nan if rel is None else float(head_is_cue)
        f["in_subject"] = nan if rel is None else float(in_subject)
        # the article so far
        f["was_speaker"] = float(sp.name in context["said"])
        f["last_speaker"] = float(context["last"] is not None and context["last"] == sp.name)
        return f

    def sentence_index(self, at: int) -> int:
        return bisect.bisect_right(self._sentence_starts, at)

    def token_at(self, at: int) -> Token | None:
        i = bisect.bisect_left(self._token_starts, at)
        return self.tokens[i] if i < len(self.tokens) and self.tokens[i].start == at else None

    def token_before(self, tok: Token) -> Token | None:
        i = bisect.bisect_left(self._token_starts, tok.start)
        return self.tokens[i - 1] if i > 0 else None

    def syntax_of_candidate(self, tok: Token | None, cue_tok: Token | None) -> tuple[str | None, bool, bool]:
        """(the candidate's relation, whether its head is the cue, whether it is in the cue's
        subject), from the cue sentence's tree if the rules parsed it; (None, ...) if not."""
        if tok is None or cue_tok is None:
            return None, False, False
        sent = self.sentence_of(cue_tok.start)
        if sent is None or sent.start not in self.trees or not (sent.start <= tok.start < sent.end):
            return None, False, False
        tree = self.trees[sent.start]
        idx = self.places_in(sent)  # once per sentence: every candidate of every quote asks
        i, c = idx.get(tok.start), idx.get(cue_tok.start)
        if i is None or c is None or i >= len(tree):
            return None, False, False
        head, rel = tree[i]
        in_subject = False
        k, seen = i, 0
        while k is not None and 0 <= k < len(tree) and seen < 20:
            h, r = tree[k]
            if h == c and r.startswith("nsubj"):
                in_subject = True
                break
            k, seen = h, seen + 1
        return rel, head == c, in_subject
