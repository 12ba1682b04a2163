"""Coreference for sources: what a pronoun or a description that speaks refers to.

«она», «эксперт», «глава ведомства», «издание» speak for someone the article names elsewhere.
For such a speaker candidate, every person, organisation and place of the article is an option,
and so is the description itself (a source the article never names: «собеседник агентства»).
``antecedent_options`` gives each option with its features; the resolver model
(``stages/decide.py``, trained by ``train/attribution.py``) picks one. The rules' own resolution
(``speakers.antecedent`` and ``describe``) is one of the features.

A mixin of ``quotes.Finder``.
"""
from __future__ import annotations

import bisect
import functools
import math
from importlib import resources

from ..lexicon import lemma
from ..model import Entity
from .speakers import ORG_DESCRIPTIONS, PRONOUNS, Speaker, antecedent

MAX_OPTIONS = 30  # entities per anaphor: the most recently mentioned, whatever the article


@functools.cache
def leaders() -> frozenset[str]:
    text = (resources.files("quotegraph") / "lang" / "ru" / "leaders.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def role_heads(e: Entity) -> set[str]:
    """The head lemmas of an entity's roles («министр иностранных дел» → министр)."""
    out = set()
    for r in e.roles:
        words = [w for w in r.replace("«", " ").replace("»", " ").split() if w.isalpha() or "-" in w]
        for w in words:
            lem = lemma(w)
            if lem not in ("и", "по", "в"):
                out.add(lem)
                break
    return out


def lemma_set(text: str) -> set[str]:
    return {lemma(w) for w in text.replace("«", " ").replace("»", " ").replace('"', " ").split() if len(w) > 2}


class Coreference:
    def antecedent_options(self, cand, anchor: int) -> list[tuple[Speaker, dict[str, float]]]:
        """(speaker, features) for each thing the candidate (of a quote whose cue is at ``anchor``)
        may refer to; the last option is the candidate itself, unresolved."""
        sp, tok = cand.speaker, cand.token
        at = tok.start if tok else anchor
        pronoun = cand.kind == "pronoun"
        low = tok.text.lower() if tok else ""
        gender, number = (PRONOUNS.get(low, (None, "Sing")) if pronoun else
                          ({"Fem": "Fem", "Masc": "Masc"}.get(tok.feats.get("Gender")) if tok else None,
                           "Plur" if tok and tok.feats.get("Number") == "Plur" else "Sing"))
        head = lemma(tok.text) if tok and not pronoun else ""
        phrase = lemma_set(sp.mention.text) if sp.mention and not pronoun else set()
        modifiers = [t for t in self.tokens_in(sp.mention.start, sp.mention.end) if t is not tok] \
            if sp.mention and not pronoun else []
        person_modifier = any(t.start in self.ctx.by_offset and self.ctx.by_offset[t.start].type == "PER"
                              or t.pos == "NOUN" and t.feats.get("Animacy") == "Anim" for t in modifiers)
        org_modifier = any(t.start in self.ctx.by_offset and self.ctx.by_offset[t.start].type in ("ORG", "LOC")
                           for t in modifiers)
        recent = antecedent(self.ctx, at, gender, number)
        base = {"ana_pronoun": float(pronoun), "ana_plural": float(number == "Plur"),
                "ana_fem": float(gender == "Fem"), "ana_masc": float(gender == "Masc"),
                "ana_leader": float(head in leaders()), "ana_org_noun": float(head in ORG_DESCRIPTIONS),
                "ana_words": float(len(phrase)), "ana_person_modifier": float(person_modifier),
                "ana_org_modifier": float(org_modifier)}
        mentions = self.name_mentions()
        starts = [m[0] for m in mentions]
        k = bisect.bisect_left(starts, at)
        last_seen: dict[str, int] = {}
        for start, _, e in reversed(mentions[:k]):
            last_seen.setdefault(e.id, start)
        later: dict[str, int] = {}
        for start, _, e in mentions[k:]:
            later.setdefault(e.id, start)
        by_id = {e.id: e for e in self.ctx.entities}
        ids = sorted(set(last_seen) | {i for i, s in later.items() if s - at < 400},
                     key=lambda i: at - last_seen[i] if i in last_seen else later[i] - at)[:MAX_OPTIONS]
        history = [h for h in self.ctx.history if h[0] < at]
        subjects = [e.id for pos, e in self.ctx.subjects if pos < at]
        salience = sorted(self.ctx.entities, key=lambda e: -len(e.mentions))
        rank = {e.id: r for r, e in enumerate(salience)}
        out = []
        for i in ids:
            e = by_id[i]
            f = dict(base)
            f["opt_self"] = 0.0
            for t in ("PER", "ORG", "LOC"):
                f[f"ent_{t}"] = float(e.type == t)
            eg = self.ctx.genders.get(e.id)
            f["gender_agree"] = math.nan if gender is None or eg is None else float(gender == eg)
            f["number_agree"] = float((number == "Plur") == (e.type != "PER"))
            heads = role_heads(e)
            f["role_head"] = float(bool(head) and head in heads)
            f["role_leader"] = float(bool(head) and head in leaders() and bool(heads & leaders()))
            f["has_roles"] = float(bool(e.roles))
            f["role_overlap"] = float(len(phrase & set().union(*(lemma_set(r) for r in e.roles)))) if e.roles else 0.0
            f["name_overlap"] = float(len(phrase & lemma_set(e.name)))
            f["mentions"] = math.log1p(len(e.mentions))
            f["salience_rank"] = float(rank.get(e.id, 99))
            if i in last_seen:
                f["before"], f["chars_since"] = 1.0, math.log1p(at - last_seen[i])
                f["entities_between"] = float(len({m[2].id for m in mentions[:k] if m[0] > last_seen[i]}))
            else:
                f["before"], f["chars_since"], f["entities_between"] = 0.0, math.log1p(later[i] - at), math.nan
            f["rule_choice"] = float(sp.entity == e.id)
            f["recent_agreeing"] = float(bool(recent) and recent.entity == e.id)
            f["last_speaker"] = float(bool(history) and history[-1][1].entity == e.id)
            f["was_speaker"] = float(any(h[1].entity == e.id for h in history))
            f["last_subject"] = float(bool(subjects) and subjects[-1] == e.id)
            out.append((Speaker(e.name, e.id, sp.mention, eg, "Plur" if e.type != "PER" else "Sing"), f))
        own = cand.unresolved or Speaker(None, None, sp.mention, gender, number)
        f = dict(base)
        f.update({"opt_self": 1.0, "rule_choice": float(sp.entity is None), "unnamed": float(own.name is None),
                  "recent_agreeing": float(recent is None)})
        out.append((own, f))
        return out

    def name_mentions(self) -> list[tuple[int, int, Entity]]:
        """Every name mention of the article, in order (computed once)."""
        if getattr(self, "_name_mentions", None) is None:
            self._name_mentions = sorted(((m.start, m.end, e) for e in self.ctx.entities for m in e.mentions
                                          if m.kind == "name"), key=lambda m: (m[0], m[1]))
        return self._name_mentions
