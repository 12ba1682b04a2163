"""Reported clauses: «X заявил, что ...», «По словам X, ...», «Об этом сказал X», «..., уточнил X»,
colon clauses, parenthetical cues, requests. A mixin of ``quotes.Finder``."""
from __future__ import annotations

import bisect
import re

from ..cues import cue_class, noun_class, verb_class
from ..lexicon import lemma, role_nouns
from ..nlp import Sentence, Token
from .cues_found import WEAK_WITH_THAT, Cue, cue_of, impersonal_report, phrase_at
from .dates import time_word
from .placed import Placed
from .quote_base import DASH, DATELINE, NOT_SAID, Quote, THAT
from .speaking import SHOWING
from .speakers import GENERIC_SOURCES, PERSON_NOUNS, abbreviation, modifier_aside, resolve


# verbs that report a judgement as «V object predicate»: «назвал реформу ошибкой», «считает его виновным»
NAMING = {"назвать", "называть", "считать", "посчитать", "объявить", "объявлять", "охарактеризовать",
          "характеризовать", "расценить", "расценивать"}  # («признал виновным» is a verdict, not a judgement reported)
# of these the words said are the predicate alone: «назвал реформу [провалом]»; «считает [реформу провалом]»
CALLING = {"назвать", "называть", "охарактеризовать", "характеризовать"}
OBJECT_PRONOUNS = {"его", "ее", "её", "их", "это", "этот", "эту", "эти", "себя", "него", "нее", "неё", "них"}
CAUSAL = {"из-за", "благодаря", "после", "перед", "до", "вместо", "кроме", "помимо", "вследствие", "ввиду", "с"}
BUT = {"но", "а", "однако", "зато"}
INTENT_REACH = 9  # tokens from an intent cue to its infinitive («попросил жителей на ближайших выборах проголосовать»)
REASONS = {"из-за", "потому", "поскольку", "так как", "ведь"}

# predicates of gladness, pride and gratitude: their «что»-clause is a fact taken as given, not
# something the subject states («рад, что все вернулись», «благодарны компании, что она помогла»);
# as the verb of a sign-off («— Победа! — радуется тренер») they still report
FACTIVE = {"рад", "счастливый", "гордый", "довольный", "признательный", "благодарный", "радоваться",
           "обрадоваться", "гордиться"}


class ReportedClauses:
    def units(self) -> list[Sentence]:
        """Sentences, also cut at line breaks (a headline has no full stop); and a bracketed clause
        that opens with a cue phrase («... (по его словам, он здоров) ...») as a unit of its own,
        after its sentence."""
        out = []
        for sent in self.sentences:
            toks = list(sent.tokens)
            start = 0
            for k in range(1, len(toks) + 1):
                if k == len(toks) or "\n" in self.text[toks[k - 1].end:toks[k].start]:
                    part = toks[start:k]
                    out.append(Sentence(part[0].start, part[-1].end, tuple(part)))
                    start = k
            for k, t in enumerate(toks[:-1]):
                if t.text == "(" and phrase_at(self.text, toks, k + 1):
                    close = next((j for j in range(k + 1, len(toks)) if toks[j].text == ")"), len(toks))
                    part = toks[k + 1:close]
                    out.append(Sentence(part[0].start, part[-1].end, tuple(part)))
        return out

    def reported(self) -> list[Quote]:
        out: list[Quote] = []
        kept = Placed()
        self.unit_list = self.units()
        for sent in self.unit_list:
            toks = list(sent.tokens)
            leading = phrase = self.by_phrase(sent, toks)
            if phrase and all(q.speaker is None for q in phrase):
                leading = phrase = None  # «Как сообщается, ...», «Как выяснилось, ...»: no source, no quote
            if phrase and phrase[0].cue.lemma.startswith(("со ссылкой", "ссылаясь")):
                phrase = None  # «Со ссылкой на Росстат издание рассказывает, что ...»: the verb reports
            if phrase:  # «Как передаёт РИА, X заявил, что ...»: the agency reports X's words
                found = phrase + [q for q in self.that_clause(sent, toks)
                                  if phrase[0].start <= q.start and q.end <= phrase[0].end]
            elif (that := self.that_clause(sent, toks)):
                relay = self.trailing_cue(sent, toks, relay=True) or []  # «..., сообщила, что ..., передает РИА»
                found = that + [r for r in relay if r.start <= that[0].start and that[-1].end <= r.end]
                found += [q for q in self.intent(sent, toks) + self.small_clause(sent, toks)  # another cue of the
                          if not any(q.cue == t.cue or t.start <= q.cue.start < t.end for t in that)]  # sentence
            else:
                found = (leading or self.headline_colon(sent, toks)
                         or self.intent(sent, toks) + self.small_clause(sent, toks) + self.colon_clause(sent, toks)
                         or self.parenthetical(sent, toks) or self.inner_phrase(sent, toks)
                         or self.about_this(sent, toks) or self.trailing_cue(sent, toks))
            for q in found or []:  # quotes may nest, never half-overlap or repeat
                same = [o for o in kept.overlapping(q.start, q.end) if (o.start, o.end) == (q.start, q.end)]
                if same and q.rule == "about_this" and q.speaker and q.speaker.name:
                    # «Жители считают, что X. Об этом заявил депутат»: the one who confirms it is the source
                    same[0].cue, same[0].speaker, same[0].rule, same[0].confidence = q.cue, q.speaker, q.rule, q.confidence
                    continue
                if all((o.start <= q.start and q.end <= o.end or q.start <= o.start and o.end <= q.end)
                       and (o.start, o.end) != (q.start, q.end) for o in kept.overlapping(q.start, q.end)):
                    out.append(q)
                    kept.add(q)
        return out

    def headline_colon(self, sent: Sentence, toks: list[Token]) -> list[Quote] | None:
        """«Кисин: Продолжайте ...», «СМИ: Дмитрий Быков впал в кому»: a line that opens with its
        source and a colon."""
        colon = next((k for k, t in enumerate(toks[:5]) if t.text == ":"), None)
        if colon is None or colon == 0 or colon + 1 >= len(toks) or self.text[toks[colon + 1].start] in "«\"„“":
            return None
        if self.line_start(sent.start) != sent.start:
            return None
        lead = toks[:colon]
        if any(t.pos in ("ADP", "VERB", "AUX") for t in lead):
            return None  # «Взрыв в Киеве: двое пострадавших», «У Грузии новый премьер:»: a topic, not a source
        speaker = resolve(self.ctx, lead, toks[colon].start)
        named = [t for t in lead if speaker and speaker.mention and speaker.mention.start <= t.start < speaker.mention.end]
        if named and named[-1].feats.get("Case") not in ("Nom", None) and not abbreviation(named[-1]):
            return None  # «10-летие смерти Егора Летова:»: the person is what the line is about
        if not speaker or not (speaker.entity or speaker.mention and speaker.mention.start == toks[0].start):
            return None
        s, e, kind = self.content(toks[colon].end, sent.end)
        if e - s < 10:
            return None
        cue = Cue(toks[colon].start, toks[colon].end, ":", ":", "colon")
        return [Quote(s, e, kind, cue, speaker, 0.6, rule="headline_colon")]

    def colon_clause(self, sent: Sentence, toks: list[Token]) -> list[Quote]:
        """Мама сказала: попробуй повоюй. / Шувалов признал: у правительства нет рычагов."""
        out = []
        for i, cue in self.cues_of(toks):
            if self.impersonal(toks, i):  # «Сказано — сделано:», «Сообщалось:»: no source
                continue
            for j in range(i + 1, min(i + 8, len(toks) - 1)):
                if toks[j].text == ":":
                    if self.text[toks[j + 1].start] in "«\"„“":
                        break
                    s, e, kind = self.content(toks[j].end, sent.end)
                    if e - s >= 5:
                        out.append(Quote(s, e, kind, cue, self.who(cue, toks[:i] + toks[i + 1:j]), 0.7, rule="colon_clause"))
                    break
                if toks[j].text in ",.;!?":
                    break
        return out

    def parenthetical(self, sent: Sentence, toks: list[Token]) -> list[Quote]:
        """Эта тенденция, говорят эксперты, сохранится: a cue set off by commas inside the
        clause it reports. The quote is the whole clause, the cue inside it, as the gold marks it."""
        out = []
        for i, cue in self.cues_of(toks):
            if i < 2 or toks[i - 1].text != "," or toks[i].pos != "VERB" \
                    or toks[i].feats.get("VerbForm") in ("Conv", "Part"):  # «, выступая в ландтаге,» is no cue
                continue
            close = next((k for k in range(i + 1, min(i + 9, len(toks) - 2)) if toks[k].text == ","), None)
            if close is None or toks[close + 1].text.lower() in THAT:
                continue
            if any(self.inside_quote(t.start) != self.inside_quote(cue.start) for t in toks[:i]):
                continue
            speaker = self.who(cue, toks[i + 1:close])
            if speaker is None or speaker.mention is not None and not cue.end <= speaker.mention.start < toks[close].start:
                continue  # «..., сообщило в пятницу, 3 июня, управление ...»: the source is not set off with the cue
            s, e, kind = self.content(sent.start, sent.end, inside=cue)  # the whole clause, the cue inside it
            if e - s >= 10:
                out.append(Quote(s, e, kind, cue, speaker, 0.6, rule="parenthetical"))
        return out

    def intent(self, sent: Sentence, toks: list[Token]) -> list[Quote]:
        """попросила остановить поединок, призвал семейство преодолеть распри: a request or a
        call, reported as the infinitive clause."""
        out = []
        for i, cue in self.cues_of(toks):
            if cue_class(cue.lemma) != "intent" or cue.lemma in NOT_SAID or self.negated(toks, i, cue):
                continue
            if cue.kind == "adj" and self.inside_quote(cue.start):
                continue  # «Они готовы помочь» inside a quote: the speaker's account of a state, no new quote
            for j in range(i + 1, min(i + INTENT_REACH, len(toks))):
                if toks[j].text in ",.;:!?" or toks[j].pos in ("VERB", "AUX") and toks[j].feats.get("VerbForm") == "Fin":
                    break
                if toks[j].pos == "VERB" and toks[j].feats.get("VerbForm") == "Inf":
                    rest = toks[j + 1:]
                    stop = next((t.start for k, t in enumerate(rest) if t.text in ";:" or t.text.lower() in REASONS
                                 or t.text == "," and k + 1 < len(rest) and rest[k + 1].text.lower() in BUT),
                                sent.end)  # «остановить бой, но ...», «... из-за того, что»
                    a = i + 1  # the addressee: «пожелал ей», «попросил жителей»
                    while a < j and toks[a].pos in ("NOUN", "PROPN", "PRON", "ADJ", "DET") \
                            and toks[a].feats.get("Case") in ("Dat", "Acc", "Gen"):
                        a += 1
                    first = toks[a] if a < j else toks[j]  # «как можно скорее набрать форму», «не выходить»
                    if any(t.pos == "CCONJ" or t.pos == "NOUN" and t.feats.get("Case") == "Nom" for t in toks[a:j]):
                        break  # «грозит до четырёх лет тюрьмы и потеря права практиковать»: not its infinitive
                    s, e, kind = self.content(first.start, stop)
                    if e - s >= 5:
                        out.append(Quote(s, e, kind, cue, self.who(cue, toks[:i]), 0.6, rule="intent"))
                    break
        return out

    def small_clause(self, sent: Sentence, toks: list[Token]) -> list[Quote]:
        """«Эколог назвала вырубку парка преступлением», «Профсоюз считает реформу несправедливой»:
        a judgement reported as an object and its predicate in the instrumental. The quote is the
        object and the predicate, or the predicate alone after a verb of calling («назвал
        реформу провалом»: the word said is «провал») or a pronoun («считает его героем»).
        A predicate in quotation marks is a fragment (``direct.fragment``)."""
        out = []
        for i, cue in self.cues_of(toks):
            if cue.lemma not in NAMING or self.negated(toks, i, cue):
                continue
            span = []
            for t in toks[i + 1:]:
                if t.text in ",.;:!?«»\"()„“" or t.text.lower() in THAT:
                    break
                span.append(t)
            pred = next((k for k, t in enumerate(span) if t.pos in ("NOUN", "ADJ") and t.feats.get("Case") == "Ins"), None)
            if pred is None:
                continue
            objects = span[:pred]
            calling = cue.lemma in CALLING or all(t.text.lower() in OBJECT_PRONOUNS for t in objects)
            first = span[pred] if calling else objects[0]
            s, e, kind = self.content(first.start, span[-1].end)
            speaker = self.who(cue, toks[:i])
            if speaker is None and re.search(r"(ли|ют|ят|ут|ат)$", cue.text.lower()):
                continue  # «Его считают лучшим»: nobody in particular
            if e - s >= 3:
                out.append(Quote(s, e, kind, cue, speaker, 0.6, rule="small_clause"))
        return out

    def content(self, start: int, end: int, inside: Cue | None = None) -> tuple[int, int, str]:
        """A reported clause: trimmed, kept inside the quote it stands in, with its kind.
        ``inside``: the cue set off within the clause, which does not end it."""
        around = self.around(start)
        if around:
            end = min(end, around[-1].end)
        limit = end
        for k, t in enumerate(toks := self.tokens_in(start, end)):
            if inside is not None and inside.start <= t.start < inside.end:
                continue
            if k >= 3 and toks[k - 1].text == "," and t.pos == "VERB" and cue_of(t, strict=False) \
                    and k >= len(toks) - 16 and not any(w.text.lower() in THAT for w in toks[k + 1:]) \
                    and not any(t.start < q.close for q in self.opening_in(start, t.start)):
                end = toks[k - 1].start  # «..., передает РИА Новости»: the clause ends before it
                break
            if k >= 1 and t.text.lower() in BUT | {"и"} and not any(t.start < q.close
                                                                   for q in self.opening_in(start, t.start)):
                comma = toks[k - 1].text == ","
                after = toks[k + 1:k + 7]
                if (comma or t.text.lower() == "и") and after and cue_of(after[0]) \
                        or comma and after and after[0].text.lower() in ("что", "чтобы") \
                        or comma and t.text.lower() != "и" and any(cue_of(w) for w in after):
                    # «... и добавил, что», «..., и что ...», «..., а Россия уверена, что»: another report
                    end = toks[k - 1].start if comma else t.start
                    break
            if k >= 5 and toks[k - 1].text == "," and t.text.lower() == "что" and k + 1 < len(toks) \
                    and toks[k + 1].pos in ("VERB", "AUX") and toks[k + 1].feats.get("Number") != "Plur" \
                    and not any(t.start < q.close for q in self.opening_in(start, t.start)):
                end = toks[k - 1].start  # «..., что является признанием ...»: a comment on what was said
                break
        semi = self.text.find(";", start, end)
        if semi >= 0 and not self.around(semi):
            end = semi  # «...; по прилёту он ...»: a new clause of the author's
        colon = re.compile(r":\s*[«\"„“]").search(self.text, start, end)
        if colon:
            end = colon.start()
        newline = self.text.find("\n", start, end)
        if newline >= 0 and not any(newline < q.close for q in self.around(start)):
            end = newline
        # a clause never ends inside a quote it opens (quotes never cross): it takes the whole
        # quote, but stops before a quote that opens a new sentence and runs past the clause's end
        for q in self.quoted[bisect.bisect_left(self._opens, start):]:
            if q.open >= end:  # (in text order: once one opens past the end, all the rest do)
                break
            if end <= q.close:
                new_sentence = re.search(r"[.!?…]\s*$", self.text[start:q.open])
                end = q.close + 1 if q.close < limit or not new_sentence else q.open
        s, e = self.trim(start, end)
        dateline = DATELINE.match(self.text, s, e)
        if dateline:  # «Москва. 30 апреля. INTERFAX.RU - ...»: the agency's dateline is not the quote
            s = dateline.end()
        inner = [q for q in self.opening_in(s, e + 1) if q.close < e + 1]
        kind = "mixed" if any(self.is_fragment(q) for q in inner) else "indirect"
        return s, e, kind

    def speaking_source(self, toks: list[Token]) -> bool:
        """A source that can speak: a named person or organisation, someone, or the data, reports
        and sources of the cue lexicon's nouns («данным МВД», «информации агентства»)."""
        if not toks:
            return False
        t = toks[0]
        if t.start in self.ctx.by_offset or t.feats.get("Animacy") == "Anim":
            return True
        return noun_class(lemma(t.text)) is not None

    def inner_phrase(self, sent: Sentence, toks: list[Token]) -> list[Quote] | None:
        """«Сакко тоже, по сообщениям СМИ, имеет шансы»: a cue phrase set off by commas inside the
        clause it reports; the quote is the whole clause, the cue inside it."""
        for k in range(2, len(toks) - 2):
            if toks[k - 1].text != ",":
                continue
            found = phrase_at(self.text, toks, k)
            if not found or found[1] not in ("after", "anaphor"):
                continue
            cue, role, nxt = found
            if cue.lemma == "согласно" and not self.speaking_source(toks[nxt:nxt + 1]):
                continue
            close = next((m for m in range(nxt, min(nxt + 8, len(toks) - 1)) if toks[m].text == ","), None)
            if close is None:
                continue
            speaker = self.phrase_speaker(cue, role, toks[k:close])
            if speaker is None or not speaker.name:
                continue  # «, как сообщалось,»: no source named
            s, e, kind = self.content(sent.start, sent.end, inside=cue)  # the whole clause, the cue inside it
            if e - s >= 10:
                return [Quote(s, e, kind, cue, speaker, 0.6, rule="inner_phrase")]
        return None

    def by_phrase(self, sent: Sentence, toks: list[Token]) -> list[Quote] | None:
        """По словам X, ... / По мнению X, ... / Как сообщает X, ..."""
        for k in range(min(2, len(toks))):
            found = phrase_at(self.text, toks, k)
            if not found:
                continue
            cue, role, nxt = found
            comma = self.text.find(",", cue.end, sent.end)
            if role in ("self", "none") and not self.inside_quote(cue.start):
                return None
            if cue.lemma == "согласно" and not self.speaking_source(toks[nxt:nxt + 1]):
                return None  # «Согласно завещанию, ...»: a document, not a source that speaks
            if comma < 0 or len(self.tokens_in(cue.end, comma)) > 15:
                # «По его словам он доволен»: the source is in the cue, the clause right after it
                comma = toks[nxt].start - 1 if role == "anaphor" and nxt < len(toks) - 2 \
                    else self.source_end(toks, nxt, cue)
                if comma is None:
                    return None
            speaker = self.phrase_speaker(cue, role, self.tokens_in(cue.start, comma))
            after = self.tokens_in(comma + 1, sent.end)
            if after and after[0].text.lower().startswith(("котор", "чей", "чья", "чьи", "чьё", "чье")):
                return None  # «Об этом сообщил X, который ...»: a clause about the source, not its words
            comma = self.apposition_end(after) or comma  # «Как заявил X, директор завода, ...»
            if comma >= sent.end - 2:
                return None
            s, e, kind = self.content(comma + 1, sent.end)
            if e - s < 8:
                return None
            return [Quote(s, e, kind, cue, speaker, 0.85 if speaker and speaker.entity else 0.7, rule="by_phrase")]
        return None

    def apposition_end(self, toks: list[Token]) -> int | None:
        """Where a role set off by commas after the source ends («Как заявила Анна Белова,
        пресс-секретарь суда, который вынес решение, ...»): the offset of the comma after it (and
        after a relative clause hanging on it), or None when the clause starts right away."""
        aside = modifier_aside(toks, 0)  # «По словам источника, близкого к следствию, ...»
        if aside is not None:
            return toks[aside].start if aside + 3 < len(toks) else None
        k = 0
        while k < len(toks) and k < 3 and toks[k].pos in ("ADJ", "DET"):
            k += 1
        if k >= len(toks) or toks[k].pos != "NOUN" or toks[k].feats.get("Case") != "Nom" \
                or lemma(toks[k].text) not in role_nouns() | GENERIC_SOURCES | PERSON_NOUNS \
                and toks[k].feats.get("Animacy") != "Anim":
            return None
        commas = [m for m, t in enumerate(toks[k + 1:k + 16], k + 1) if t.text == ","]
        upto = commas[0] if commas else len(toks)
        if any(t.pos in ("VERB", "AUX") and "Case" not in t.feats or t.feats.get("Variant") == "Short"
               for t in toks[k + 1:upto]):
            return None  # «Как заявил X, министр подписал ...», «..., водитель был пьян»: the role heads the clause
        if not commas:  # «Об этом сказала X, доцент кафедры ...»: the role runs to the end
            return toks[-1].end
        end = commas[0]
        if end + 1 < len(toks) and toks[end + 1].text.lower().startswith("котор"):
            later = [m for m in range(end + 2, min(len(toks), end + 25)) if toks[m].text == ","]
            if not later:
                return None
            end = later[0]
        return toks[end].start if end + 3 < len(toks) else None

    def source_end(self, toks: list[Token], nxt: int, cue: Cue) -> int | None:
        """«По словам его супруги Валентины Бондаревой он скончался»: no comma, so the source is
        the genitive phrase after the cue and the clause starts where it ends."""
        k = nxt
        if cue.lemma.startswith("как "):  # «Как сообщило во вторник министерство здравоохранения ...»
            while k + 1 < len(toks) and toks[k].pos == "ADP":  # an adverbial «во вторник» first
                k += 2
            if k >= len(toks) or toks[k].feats.get("Case") != "Nom" or toks[k].pos not in ("NOUN", "PROPN"):
                return None
            k += 1
        while k < len(toks) and (toks[k].feats.get("Case") == "Gen" or toks[k].pos == "DET"):
            k += 1
        if k == nxt or k >= len(toks) - 2:
            return None
        return toks[k].start - 1

    def that_clause(self, sent: Sentence, toks: list[Token]) -> list[Quote]:
        """X заявил (в понедельник), что ... / В заявлении говорится, что ..."""
        out = []
        weak = [(i, c) for i, c in self.cue_tokens(toks, strict=False) if c.lemma in WEAK_WITH_THAT]
        cues = sorted(self.cues_of(toks) + weak, key=lambda x: x[0])
        for i, cue in cues:
            if self.negated(toks, i, cue) or self.impersonal(toks, i) or self.own_voice(toks, i):
                continue
            if cue.lemma in FACTIVE:  # «рад, что ...», «благодарны, что ...»: a fact the feeling is about, not a claim
                continue
            if any(toks[k].text == "," and toks[k + 1].text.lower() in THAT for k in range(i + 1, min(i + 8, len(toks) - 1))) \
                    and self.mute_subject(cue):
                continue
            for j in range(i + 1, min(i + 8, len(toks) - 1)):
                if j == i + 1 and toks[j].text.lower() == "что" and cue.kind == "verb":
                    j -= 1  # «подтвердил что ...»: the comma left out
                elif not (toks[j].text == "," and toks[j + 1].text.lower() in THAT):
                    if toks[j].text in ".;:!?":
                        break
                    continue
                if any(i < k <= j for k, _ in cues):
                    break  # «ответил на вопросы, уточнив, что ...»: the cue nearest the clause reports it
                after = toks[j + 2] if j + 2 < len(toks) else None
                if toks[j + 1].text.lower() == "что" and j > i + 2 and after is not None and after.pos in ("VERB", "AUX") \
                        and after.feats.get("Gender") == "Neut" and after.feats.get("Tense") == "Past" \
                        and lemma(after.text) not in ("быть", "стать", "оказаться", "удаться", "случиться"):
                    break  # «..., что привело к ...»: «что» stands for what came before, no clause is reported
                if (toks[j + 1].text.lower() != "чтобы" or cue_class(cue.lemma) == "intent") \
                        and not self.causal(toks, j):
                    between = self.text[cue.end:toks[j].start]
                    if re.search(r"[.!?:;]", between):
                        break
                    s, e, kind = self.content(toks[j + 1].end, sent.end)
                    if toks[i].feats.get("VerbForm") == "Part":
                        e = self.participle_clause_end(s, e)
                    if e - s < 5:
                        break
                    semi = max((k for k in range(i) if toks[k].text == ";"), default=-1)
                    who = [t for t in toks[semi + 1:j] if not (cue.start <= t.start < cue.end)]
                    speaker = self.who(cue, who)
                    if speaker is None and (re.search(r"(ли|ют|ят|ут|ать|ять|ить|еть|ти)$", cue.text.lower())
                                            or i and toks[i - 1].text.lower().startswith("котор")):
                        break  # «ей отвечали, что», «исследования, которые доказывают, что»: no source
                    out.append(Quote(s, e, kind, cue, speaker, 0.8 if speaker and speaker.entity else 0.6, rule="that_clause"))
                    more = re.compile(r"[\s\u00a0]*,?[\s\u00a0]*и[\s\u00a0]+что[\s\u00a0]+").match(self.text, e)
                    if more:  # «..., и что ...»: a second clause of the same report
                        s2, e2, kind2 = self.content(more.end(), sent.end)
                        if e2 - s2 >= 5:
                            out.append(Quote(s2, e2, kind2, cue, speaker, 0.7, rule="that_clause"))
                    break
                if toks[j].text in ".;:!?":
                    break
        return out

    def participle_clause_end(self, start: int, end: int) -> int:
        """«Хирург, отметившая, что операция прошла успешно, покинула клинику»: the clause a
        participle reports ends where the sentence's own verb comes back after a comma."""
        inner = self.tokens_in(start, end)
        for k, a in enumerate(inner):
            if a.text != "," or self.around(a.start):
                continue
            rest = inner[k + 1:k + 4]  # «, неоднократно лгала», «, так и не вернулась»: adverbs first
            b = next((t for t in rest if t.pos not in ("ADV", "PART")), None)
            if b is not None and b.pos in ("VERB", "AUX") and b.feats.get("VerbForm") == "Fin":
                return self.trim(start, a.start)[1]
        return end

    def causal(self, toks: list[Token], j: int) -> bool:
        """«из-за того, что», «несмотря на то, что», «после того, как»: a reason, not what was
        said («о том, что» is what was said)."""
        if j < 2 or toks[j - 1].text.lower() not in ("того", "тому", "тем", "то"):
            return False
        prep = toks[j - 2].text.lower()
        return prep in CAUSAL or prep == "на" and j >= 3 and toks[j - 3].text.lower() == "несмотря"

    @staticmethod
    def negated(toks: list[Token], i: int, cue) -> bool:
        """«не заявил, что»: nothing was said. «не исключил» is a cue of its own (a collocation)."""
        return i > 0 and toks[i - 1].text.lower() == "не" and not cue.text.lower().startswith("не ")

    def own_voice(self, toks: list[Token], i: int) -> bool:
        """«Я надеюсь, что ...» inside a quote: the speaker's own words, already part of the quote
        around it, not a second quote."""
        return i > 0 and toks[i - 1].text.lower() in ("я", "мы") and self.inside_quote(toks[i].start)

    def impersonal(self, toks: list[Token], i: int) -> bool:
        """«Сообщалось, что ...», «Ранее заявлялось»: no source at all, so no quote. «В заявлении
        говорится» names its source in the «в»-phrase before the verb. Only the impersonal
        reflexives of the lexicon's report class count: «призналась, что», «надеется, что»,
        «опасаются, что» have a subject who speaks or believes."""
        cue = cue_of(toks[i], strict=False)
        if cue is None or not impersonal_report(cue):
            return False
        return not any(t.text.lower() in ("в", "во", "на") for t in toks[max(0, i - 8):i])  # «на сайте значится»

    def about_this(self, sent: Sentence, toks: list[Token]) -> list[Quote] | None:
        """«Об этом (в беседе с Day.Az) сказала X.», «Это подтвердил X»: the lead paragraph, or
        sentence, before it."""
        if len(toks) < 3:
            return None
        opening = self.text[toks[0].start:toks[1].end].lower()
        cues = self.cues_of(toks)
        if opening in ("об этом", "о том"):
            if toks[2].pos == "NOUN" and toks[2].feats.get("Case") == "Loc":
                return None  # «Об этом человеке говорят разное»: a noun, not the news before
        elif toks[0].text.lower() in ("это", "эту", "эти") and cues and cues[0][0] <= 2 \
                and cue_class(cues[0][1].lemma) in ("speech", "report"):
            pass  # «Это сообщила мать спортсменки», «Эту информацию подтвердили в полиции»
        else:
            return None
        if not cues:
            return None
        cue = cues[0][1]
        speaker = self.who(cue, [t for t in toks if t.start >= cue.end]) \
            or resolve(self.ctx, [t for t in toks[2:] if t.end <= cue.start], cue.start)
        if opening not in ("об этом", "о том") and not (speaker and speaker.mention and speaker.mention.start >= cue.end):
            return None  # «Это подтверждает их правоту», «Это выяснилось, когда ...»: no source after the cue
        para_start = self.line_start(sent.start)
        if self.text[para_start:sent.start].strip():  # inside a paragraph: the sentence before
            prev = [s for s in self.unit_list if s.end <= sent.start]
            if not prev:
                return None
            start, end = prev[-1].start, prev[-1].end
        else:  # opens a paragraph: the paragraph before
            end = para_start
            while end > self.body[0] and self.text[end - 1] in "\n \t":
                end -= 1
            start = self.line_start(end)
        if any(end <= q.close for q in self.covering(start)):
            return None
        start = self.past_inner_report(start, end)
        s, e, kind = self.content(start, end)
        if e - s < 8:
            return None
        return [Quote(s, e, kind, cue, speaker, 0.75 if speaker and speaker.entity else 0.6, rule="about_this")]

    def past_inner_report(self, start: int, end: int) -> int:
        """Where the news a later «Об этом сообщил X» confirms begins, when the sentence reports it
        itself: after «Как передала радиостанция «Маяк»,», after «Соседи считают, что»."""
        toks = self.tokens_in(start, end)
        found = phrase_at(self.text, toks, 0) if toks else None
        if found and found[1] == "after":
            comma = next((k for k in range(found[2], min(found[2] + 8, len(toks))) if toks[k].text == ","), None)
            if comma is not None and comma + 3 < len(toks):
                return toks[comma + 1].start
        for k in range(2, min(len(toks) - 3, 12)):
            if toks[k].text.lower() == "что" and toks[k - 1].text == "," and self.cues_of(toks[:k - 1]):
                return toks[k + 1].start
        return start

    def trailing_cue(self, sent: Sentence, toks: list[Token], relay: bool = False) -> list[Quote] | None:
        """«..., уточнил один из собеседников агентства.»: a clause signed off without marks.
        ``relay``: only a sign-off at the very end that relays the whole sentence («..., передает РИА»)."""
        cues = self.cues_of(toks)
        if relay:
            cues = [(i, c) for i, c in self.cue_tokens(toks, strict=False) if i >= len(toks) - 16
                    and not any(w.text.lower() in THAT for w in toks[i + 1:])]
        for i, cue in cues:
            paragraph = False
            if i >= 2 and toks[i - 1].text in DASH and toks[i - 2].text == ",":  # «..., - говорит X.»
                i_comma = i - 2
            elif i >= 4 and toks[i - 1].text == ",":
                i_comma = i - 1
            elif i >= 4 and toks[i - 1].text in "—–" and self.text[toks[i - 1].start - 1] == " ":
                i_comma, paragraph = i - 1, True  # «... через его песни — сказала Варвара Визбор.»
            else:
                continue
            rest = toks[i + 1:]
            if not rest or any(t.text in (",", ":") for t in without_dates(rest)[:-1]) and len(rest) > 8:
                continue  # (a date set off by commas does not end the sign-off: «, сообщило в четверг, 5 мая, ...»)
            start = self.line_start(sent.start) if paragraph else sent.start  # speech without marks: its paragraph
            if self.text[start] in "«\"„“" or any(toks[i_comma].start <= q.close + 2 for q in self.covering(start)):
                return None
            lead = re.compile(r"(?i)(о том|то|о чем|о чём),\s*(что|чтобы)\s+").match(self.text, start)
            start = lead.end() if lead else start  # «О том, что X, сообщил Y»: the clause after «что»
            s, e, kind = self.content(start, toks[i_comma].start)
            if e - s < 10:
                return None
            speaker = self.who(cue, [t for t in rest if t.text not in ".!?"])
            if speaker is None or speaker.mention is not None and speaker.mention.start < cue.start:
                return None  # «В ходе неё он, в частности, прокомментировал ...»: the subject came first
            return [Quote(s, e, kind, cue, speaker, 0.7 if speaker.entity else 0.5, rule="trailing_cue")]
        return None


def without_dates(toks: list[Token]) -> list[Token]:
    """The tokens less each date set off by commas («в четверг, 5 мая, управление ...» →
    «в четверг управление ...»): numbers and words of time between two commas."""
    out, k = [], 0
    while k < len(toks):
        if toks[k].text == ",":
            close = next((m for m in range(k + 1, min(k + 6, len(toks))) if toks[m].text == ","), None)
            if close is not None and close > k + 1 and all(
                    t.text.isdigit() or time_word(t.text, lemma(t.text)) for t in toks[k + 1:close]):
                k = close + 1
                continue
        out.append(toks[k])
        k += 1
    return out
