"""Quotations and who said them: direct quotes in marks, reported clauses, and their speakers.

    find quoted spans → attribute each (sign-off, lead-in, cue phrase) → reported clauses
    («X заявил, что ...», «По словам X, ...», «Об этом сказал X», «..., уточнил X») →
    speakers resolved (stages.speakers) → nesting → records

A quoted span with no attribution is speech only when it reads like sentences (titles and
scare quotes do not): it then takes the speaker of the quote it continues.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Entity, Mention
from ..cues import verb_class
from ..lexicon import lemma, role_nouns
from ..nlp import Sentence, Token, parse_syntax
from .cues_found import Cue, cue_of, phrase_at, verb_cues
from .quote_marks import QuotedSpan, find_quoted_spans
from .speakers import PRONOUNS, Speaker, SpeakerContext, describe, named, resolve

DASH = "-–—"
INTERRUPTION = re.compile(r",[ \t\u00a0]*[-–—][ \t\u00a0]*([^«»\"„“\n.!?]{3,120}?),[ \t\u00a0]*[-–—][ \t\u00a0]*")
SIGNOFF = re.compile(r"[ \t\u00a0]*[,.!?…]?[ \t\u00a0]*[-–—]{1,2}[ \t\u00a0]*")
CLAUSE_END = re.compile(r"[.;!?\n]|,\s*[-–—]|\s[-–—]\s")
TRIM_END = " \t\n\u00a0.,;:!?…"
QUOTING = {"цитировать", "процитировать", "приводить", "привести"}
NOT_SAID = {"обязать", "обязывать", "запретить", "запрещать", "разрешить", "разрешать", "заставить", "заставлять",
            "поручить", "поручать", "приказать", "приказывать"}  # orders by law or rank, not reported speech
DATELINE = re.compile(r".{0,60}?\b(?:[A-Z][A-Z.]{2,}(?:\.[A-Z]{2,3})?|ТАСС|РИА Новости|Интерфакс|РБК)[ \t\u00a0]*[-–—][ \t\u00a0]+")
SELF = {"я", "мы", "ты", "вы"}
SUBORDINATE = {"как", "что", "чтобы", "который", "которая", "которое", "которые", "где", "когда", "если"}
THAT = {"что", "чтобы", "будто", "якобы"}


@dataclass
class Quote:
    start: int
    end: int
    kind: str
    cue: Cue | None
    speaker: Speaker | None
    confidence: float
    parent: int | None = None
    span: QuotedSpan | None = field(default=None, repr=False)
    rule: str = ""


class Finder:
    def __init__(self, text: str, sentences: list[Sentence], entities: list[Entity], body: tuple[int, int]):
        self.text, self.body = text, body
        self.tokens = [t for s in sentences for t in s.tokens]
        self.sentences = sentences
        self.ctx = SpeakerContext.build(text, entities)
        self.quoted = find_quoted_spans(text, *body)
        self.speaker_of_span: dict[int, Speaker | None] = {}
        self._cues: dict[tuple[int, int], list[tuple[int, Cue]]] = {}
        self.trees: dict[int, list[tuple[int, str]]] = {}  # sentence start → (head, rel) per token
        starts = {t.start: t for t in self.tokens}
        for e in entities:
            for m in e.mentions:
                tok = starts.get(m.start)
                if e.type == "PER" and m.kind == "name" and tok and tok.feats.get("Case") == "Nom" \
                        and not self.inside_quote(m.start):
                    self.ctx.subjects.append((m.start, e))

    # --- helpers ---------------------------------------------------------------------------
    def tree_of(self, sent: Sentence) -> list[tuple[int, str]]:
        """The sentence's syntax tree, parsed on first need: most sentences never need one."""
        if sent.start not in self.trees:
            self.trees[sent.start] = parse_syntax([sent])[0]
        return self.trees[sent.start]

    def subject(self, cue: Cue) -> list[Token]:
        """The cue verb's subject phrase from the syntax tree (nsubj and what hangs on it);
        for a gerund or a second verb («..., назвав», «... и добавил»), its head verb's."""
        sent = self.sentence_of(cue.start)
        tree = self.tree_of(sent) if sent else None
        if not tree:
            return []
        toks = list(sent.tokens)
        i = next((k for k, t in enumerate(toks) if t.start == cue.start), None)
        for _ in range(3):
            if i is None or i < 0:
                return []
            subj = [k for k, (h, rel) in enumerate(tree) if h == i and rel.startswith("nsubj")
                    and self.same_quote_level(toks[k].start, cue.start)]
            if subj:
                keep = {subj[0]}
                changed = True
                while changed:
                    changed = False
                    for k, (h, rel) in enumerate(tree):
                        if h in keep and k not in keep and rel not in ("acl:relcl", "punct", "parataxis"):
                            keep.add(k)
                            changed = True
                return [toks[subj[0]]] + [toks[k] for k in sorted(keep) if k != subj[0]]
            h, rel = tree[i]
            i = h if rel in ("conj", "advcl", "xcomp", "parataxis", "acl") else None
        return []

    def document_source(self, cue: Cue) -> Speaker | None:
        """«В заявлении полиции говорится», «говорится в сообщении МИД»: the author named with
        the document; a document without one speaks for the latest speaker."""
        sent = self.sentence_of(cue.start)
        if sent is None:
            return None
        toks = list(sent.tokens)
        i = next((k for k, t in enumerate(toks) if t.start == cue.start), 0)
        a = i
        while a > 0 and toks[a - 1].text not in ",.;:!?«»\"":
            a -= 1
        b = i + 1
        while b < len(toks) and toks[b].text not in ",.;:!?«»\"":
            b += 1
        window = toks[a:i] + toks[i + 1:b]  # «В заявлении Ватикана говорится», «говорится в сообщении МИД»
        roles = [t for t in window if t.pos == "NOUN" and lemma(t.text) in role_nouns()]
        if roles:  # «В поздравлении президента России говорится»: the person with that role
            found = describe(self.ctx, window, cue.start, head=roles[0])
            if found and found.entity:
                return found
        found = named(self.ctx, sorted(window, key=lambda t: abs(t.start - cue.start)), {"PER", "ORG", "LOC"})
        if found:
            return found
        return None  # the latest speaker, once all are known (attribute_in_order)

    def who(self, cue: Cue, fallback: list[Token]) -> Speaker | None:
        """The speaker: the cue's subject if the tree gives one, else the nearest candidate.
        A subject headed by a common noun («представитель ZANU-PF», «собеседник ТАСС») is a
        description, not the name inside it."""
        if cue.kind == "verb" and cue.text.lower().endswith(("ся", "сь")) and verb_class(cue.lemma) == "report":
            return self.document_source(cue)
        if cue.lemma in QUOTING:  # «цитирует X», «приводит слова X»: the quoted one speaks
            after = [t for t in fallback if t.start >= cue.end]
            found = resolve(self.ctx, after, cue.end) if after else None
            if found:
                return found
        fallback = [t for t in fallback if self.same_quote_level(t.start, cue.start)]
        source = self.in_source(cue, fallback)
        if source:
            return source
        if self.candidates(fallback) == 1:  # one name or pronoun in reach: no tree needed
            found = resolve(self.ctx, fallback, cue.start)
            if found:
                return found
        subj = [t for t in self.subject(cue) if not (cue.start <= t.start < cue.end)]
        if subj:
            return self.as_subject(self.from_subject(cue, subj), subj) or resolve(self.ctx, fallback, cue.start)
        return resolve(self.ctx, fallback, cue.start)

    def in_source(self, cue: Cue, toks: list[Token]) -> Speaker | None:
        """«В пресс-службе ведомства сообщили», «заявили в МИД России»: a plural verb with no
        subject speaks through the «в»-phrase next to it."""
        word = cue.text.lower()
        if cue.kind != "verb" or not re.search(r"(ли|ют|ят|ут|ат)$", word):
            return None
        near = sorted(toks, key=lambda t: abs(t.start - cue.start))[:8]
        if any(t.text.lower() in PRONOUNS or t.feats.get("Case") == "Nom" and t.pos in ("NOUN", "PROPN")
               for t in near):
            return None
        ordered = sorted(toks, key=lambda t: t.start)
        for k, t in enumerate(ordered[:-1]):
            if t.text.lower() in ("в", "во") and abs(t.start - cue.start) < 60:
                rest = ordered[k + 1:]
                e = self.ctx.by_offset.get(rest[0].start)
                if e is not None and e.type == "ORG":
                    m = next(m for m in e.mentions if m.start <= rest[0].start < m.end)
                    return Speaker(e.name, e.id, m)
                if rest[0].pos == "NOUN":
                    return describe(self.ctx, rest, cue.start, head=rest[0])
        return None

    def candidates(self, toks: list[Token]) -> int:
        """How many possible speakers the tokens hold: entities, pronouns, nouns."""
        found = set()
        for t in toks:
            e = self.ctx.by_offset.get(t.start)
            if e is not None and t.pos != "ADJ":
                found.add(e.id)
            elif t.text.lower() in PRONOUNS or t.text.lower() in ("я", "мы") or t.pos in ("NOUN", "PROPN"):
                found.add(t.start)
        return len(found)

    def as_subject(self, speaker: Speaker | None, subj: list[Token]) -> Speaker | None:
        """The speaker, its mention widened to the whole subject phrase («министр труда Максим
        Топилин») when that phrase is short and unbroken, as attribution corpora mark sources."""
        if speaker is None or speaker.mention is None:
            return speaker
        toks = sorted(subj, key=lambda t: t.start)
        while toks and not toks[-1].text[:1].isalnum() and not (
                toks[-1].text in "»\"“" and any(t.text in "«\"„" for t in toks[:-1])):
            toks.pop()
        if not toks or len(toks) > 5 or speaker.mention.kind == "pronoun":
            return speaker
        if any(self.text[a.end:b.start].strip() not in ("", "-") for a, b in zip(toks, toks[1:])) \
                and any(t.text in ",()«»\"" for t in toks):
            return speaker
        start, end = toks[0].start, toks[-1].end
        if not (start <= speaker.mention.start and speaker.mention.end <= end):
            return speaker
        opened = self.text[start:end].count("«") - self.text[start:end].count("»")
        if opened > 0 and self.text[end:end + opened] == "»" * opened:  # the tree leaves out punctuation
            end += opened
        return Speaker(speaker.name, speaker.entity, Mention(start, end, self.text[start:end], speaker.mention.kind),
                       speaker.gender, speaker.number)

    def with_role(self, speaker: Speaker | None) -> Speaker | None:
        """«первый вице-премьер Шувалов»: a name mention takes in the role written right before it."""
        if speaker is None or speaker.entity is None or speaker.mention is None or speaker.mention.kind != "name":
            return speaker
        m = speaker.mention
        for e in self.ctx.entities:
            if e.id != speaker.entity:
                continue
            for r in e.mentions:
                if r.kind == "nominal" and r.end <= m.start and not self.text[r.end:m.start].strip() \
                        and len(self.text[r.start:m.end].split()) <= 6:
                    return Speaker(speaker.name, speaker.entity, Mention(r.start, m.end, self.text[r.start:m.end], "name"),
                                   speaker.gender, speaker.number)
        return speaker

    def coordinated(self, subj: list[Token]) -> Speaker | None:
        """«Трамп и Путин заявили»: two or more people speak together."""
        ordered = sorted(subj, key=lambda t: t.start)
        if not any(t.text.lower() == "и" for t in ordered):
            return None
        seen: list[Entity] = []
        for t in ordered:
            e = self.ctx.by_offset.get(t.start)
            if e is not None and e.type == "PER" and e not in seen:
                seen.append(e)
        if len(seen) < 2:
            return None
        start, end = ordered[0].start, ordered[-1].end
        return Speaker(" и ".join(e.name for e in seen), None, Mention(start, end, self.text[start:end], "name"),
                       None, "Plur")

    def from_subject(self, cue: Cue, subj: list[Token]) -> Speaker | None:
        if subj:
            head = subj[0]
            people = self.coordinated(subj)
            if people:
                return people
            person = named(self.ctx, subj, {"PER"})
            if person:  # «политолог ... Айгерим Жампетова»: the name in apposition
                return person
            same_case = [t for t in subj if t.feats.get("Case") in (head.feats.get("Case"), None)
                         or re.fullmatch(r"\s*[«\"„“]\s*", self.text[head.end:t.start])]
            org = named(self.ctx, same_case, {"ORG"})
            if org and head.feats.get("Case"):  # «немецкий концерн Bayer», «компания «Газпром»»: apposition
                return org
            if head.pos in ("NUM", "DET", "PRON") and head.text.lower() not in PRONOUNS.keys() | SELF:
                phrase = sorted(subj, key=lambda t: t.start)  # «один из ректоров», «некоторые деканы», «Та»
                start, end = phrase[0].start, phrase[-1].end
                text = self.text[start:end]
                return Speaker(text[:1].lower() + text[1:], None, Mention(start, end, text, "nominal"))
            if head.pos in ("NOUN", "PROPN") and head.start not in self.ctx.by_offset \
                    and head.text.lower() not in PRONOUNS.keys() | SELF:
                found = describe(self.ctx, sorted(subj, key=lambda t: t.start), cue.start, head=head)
                if found:
                    return found
            return resolve(self.ctx, subj, cue.start)
        return None

    def same_quote_level(self, a: int, b: int) -> bool:
        """Whether offsets a and b stand inside the same quotes (a quote's own words never name
        the one who says it)."""
        speech = [q for q in self.quoted if self.is_fragment(q) or len(self.text[q.start:q.end].split()) >= 3]
        return [q.open for q in speech if q.start <= a < q.end] == [q.open for q in speech if q.start <= b < q.end]

    def cues_of(self, toks: list[Token]) -> list[tuple[int, Cue]]:
        """verb_cues of a token run, computed once per run (every pattern asks)."""
        key = (toks[0].start, len(toks)) if toks else (0, 0)
        if key not in self._cues:
            self._cues[key] = verb_cues(toks)
        return self._cues[key]

    def inside_quote(self, at: int) -> bool:
        return any(q.start <= at < q.end for q in self.quoted)

    def tokens_in(self, start: int, end: int) -> list[Token]:
        return [t for t in self.tokens if start <= t.start and t.end <= end]

    def sentence_of(self, at: int) -> Sentence | None:
        return next((s for s in self.sentences if s.start <= at < s.end), None)

    def clause_after(self, at: int) -> int:
        m = CLAUSE_END.search(self.text, at)
        return m.start() if m else len(self.text)

    def line_start(self, at: int) -> int:
        return max(self.text.rfind("\n", 0, at) + 1, self.body[0])

    def trim(self, start: int, end: int) -> tuple[int, int]:
        while end > start and self.text[end - 1] in TRIM_END:
            end -= 1
        while start < end and self.text[start] in " \t\n\u00a0,":
            start += 1
        return start, end

    # --- direct quotes -----------------------------------------------------------------------
    def signoff(self, span: QuotedSpan) -> tuple[Cue, Speaker | None] | None:
        """«...», — сказала она. / «...», — добавил Песков. / «...», — говорится в заявлении."""
        m = SIGNOFF.match(self.text, span.close + 1)
        if not m or not any(ch in DASH for ch in m.group()):
            m = re.compile(r"[ \t\u00a0]*,[ \t\u00a0]*").match(self.text, span.close + 1)  # «...», заявила X
            if not m or not self.is_fragment(span) and len(self.text[span.start:span.end].split()) < 4:
                return None
        end = self.clause_after(m.end())
        toks = self.tokens_in(m.end(), end)
        for i, tok in enumerate(toks[:5]):
            cue = cue_of(tok)
            if cue is None and tok.text.lower() == "с" and self.text[tok.start:tok.start + 16].lower() == "с этими словами":
                cue = Cue(tok.start, tok.start + 15, self.text[tok.start:tok.start + 15], "с этими словами", "phrase")
            if cue:
                who = [t for t in toks if not (cue.start <= t.start < cue.end)]
                return cue, self.who(cue, who)
        return None

    def leadin(self, span: QuotedSpan) -> tuple[Cue, Speaker | None] | None:
        """X заявил: «...» / Кисин: «...» / По словам X, «...»."""
        before = self.text[self.line_start(span.open):span.open]
        stripped = before.rstrip()
        clause_start = self.line_start(span.open) + max(stripped.rfind(". "), stripped.rfind("» "), -1) + 1
        toks = self.tokens_in(clause_start, span.open)
        if stripped.endswith(":"):
            cues = self.cues_of(toks)
            colon = clause_start + len(self.text[clause_start:span.open].rstrip()) - 1
            if cues:
                cue = cues[-1][1]
                return cue, self.who(cue, [t for t in toks if t.start != cue.start])
            speaker = resolve(self.ctx, toks[-3:], colon)
            if speaker and speaker.entity:
                return Cue(colon, colon + 1, ":", ":", "colon"), speaker
            return None
        if stripped.endswith(",") and toks:
            found = phrase_at(self.text, toks, 0)
            if found and self.text.find(",", found[0].end, span.open) == len(stripped) - 1 + self.line_start(span.open):
                cue, role, _ = found
                return cue, self.phrase_speaker(cue, role, self.tokens_in(cue.start, span.open))
        return None

    def phrase_speaker(self, cue: Cue, role: str, toks: list[Token]) -> Speaker | None:
        """The source a cue phrase names: after it («по словам X»), inside it («по её словам»)."""
        if role == "none":
            return None
        if role == "self":
            outer = [q for q in self.quoted if q.start <= cue.start < q.end]
            return self.speaker_of_span.get(outer[-1].open) if outer else None
        if role == "anaphor":
            return resolve(self.ctx, [t for t in toks if cue.start <= t.start < cue.end], cue.start)
        after = [t for t in toks if t.start >= cue.end]
        found = resolve(self.ctx, after, cue.end)
        if found is None or found.entity is None and found.mention is not None and found.mention.start > after[0].start:
            nouns = [t for t in after if t.pos == "NOUN"]
            if nouns and not (found and found.entity):
                return describe(self.ctx, after, cue.end, head=nouns[0]) or found
        return found

    def reads_like_speech(self, span: QuotedSpan) -> bool:
        """Sentences, not a name: several words, a capital start, sentence punctuation or a
        paragraph of its own («Великое возвращение», «Бананц» and scare quotes are not)."""
        content = self.text[span.start:span.end].strip()
        words = content.split()
        if len(words) < 3 or not content[:1].isupper():
            return False
        opens_sentence = self.text[self.line_start(span.open):span.open].strip() in ("", "-", "–", "—") \
            or re.search(r"[.!?…][\s\u00a0]*([-–—][\s\u00a0]*)?$", self.text[max(0, span.open - 4):span.open]) is not None
        closes_sentence = content[-1] in ".!?…" or re.match(r"[.!?…]|[,\s\u00a0]*[-–—]|\s*$|\s*\n",
                                                              self.text[span.close + 1:span.close + 4]) is not None
        return opens_sentence and closes_sentence and (len(words) >= 6 or content[-1] in ".!?…")

    def interrupted(self, span: QuotedSpan) -> list[Quote]:
        """«Всё началось случайно, — рассказал Андреа, — сделать 50 масок»: the author's words
        inside the marks split one quote into two, both the speaker's."""
        inner = INTERRUPTION.search(self.text, span.start, span.end)
        while inner:
            toks = self.tokens_in(inner.start(1), inner.end(1))
            cues = self.cues_of(toks)
            if cues and len(toks) <= 8:
                cue = cues[0][1]
                speaker = self.who(cue, [t for t in toks if t.start != cue.start])
                first, second = self.trim(span.start, inner.start()), self.trim(inner.end(), span.end)
                conf = 0.85 if speaker and speaker.entity else 0.65
                return [Quote(a, b, "direct", cue, speaker, conf, span=span, rule="interrupted")
                        for a, b in (first, second) if b - a >= 3]
            inner = INTERRUPTION.search(self.text, inner.end(), span.end)
        return []

    def direct_quotes(self) -> list[Quote]:
        quotes: list[Quote] = []
        for span in self.quoted:
            parts = self.interrupted(span)
            if parts:
                self.speaker_of_span[span.open] = parts[0].speaker
                if parts[0].speaker:
                    self.ctx.enclosing.append((span.start, span.end, parts[0].speaker))
                quotes.extend(parts)
                continue
            found = self.signoff(span) or self.leadin(span)
            rule = "attributed"
            if not found:
                found, rule = self.fragment(span), "fragment"
            if found:
                cue, speaker = found
                self.speaker_of_span[span.open] = speaker
                if speaker:
                    self.ctx.enclosing.append((span.start, span.end, speaker))
                quotes.append(Quote(span.start, span.end, "direct", cue, speaker,
                                    0.9 if speaker and speaker.entity else 0.7, span=span, rule=rule))
            elif span.depth == 0 and self.reads_like_speech(span):
                quotes.append(Quote(span.start, span.end, "direct", None, None, 0.5, span=span))
        return quotes

    def fragment(self, span: QuotedSpan) -> tuple[Cue, Speaker | None] | None:
        """назвал выборы «фундаментальным мошенничеством», порассуждал о «предательстве»: a
        quoted fragment in the clause of a reporting verb. Capitalised short spans are names."""
        content = self.text[span.start:span.end].strip()
        if not content or content[:1].isupper() and not self.has_verb(span.start, span.end):
            return None
        clause_start = max(self.line_start(span.open), max(self.text.rfind(ch, 0, span.open) for ch in ".!?;:") + 1)
        toks = self.tokens_in(clause_start, span.open)
        cues = [(i, c) for i, t in enumerate(toks) if (c := cue_of(t, strict=False))]
        if not cues:
            return None
        i, cue = cues[-1]
        between = toks[i + 1:]
        if len(between) > 6 or t_paren(between) or any(
                t.text.lower() in SUBORDINATE and k and between[k - 1].text == "," for k, t in enumerate(between)):
            return None  # «рассказала, как она «исчезла»», «(«политическая»)»: not the cue's words
        if re.search(r"(ют|ят|ут|ат)$", cue.text.lower()) and not any(
                t.feats.get("Case") == "Nom" and t.pos in ("NOUN", "PROPN", "PRON") for t in toks[:i]):
            return None  # «сейчас говорят о «...»»: nobody in particular
        return cue, self.who(cue, [t for t in toks if t.start != cue.start])

    def is_fragment(self, q: QuotedSpan) -> bool:
        """Quoted words, not a name: lowercase, or a capitalised stretch with a verb («Великое
        возвращение» and «Газпром» are names)."""
        content = self.text[q.start:q.end].strip()
        return bool(content) and (content[:1].islower() or self.has_verb(q.start, q.end))

    def has_verb(self, start: int, end: int) -> bool:
        return any(t.pos in ("VERB", "AUX") for t in self.tokens_in(start, end))

    def colon_paragraphs(self) -> list[Quote]:
        """Ширвиндт изложил своё кредо:⏎ Без самоиронии ...: a paragraph quoted after a colon."""
        out = []
        for m in re.finditer(r":[ \t\u00a0]*\n+", self.text[:self.body[1]]):
            if m.start() < self.body[0]:
                continue
            start = m.end()
            if start >= self.body[1] or self.text[start] in "«\"„“":
                continue
            line = self.line_start(m.start())
            toks = self.tokens_in(line, m.start())
            cues = [(i, c) for i, t in enumerate(toks) if (c := cue_of(t))]
            if not cues:
                continue
            cue = cues[-1][1]
            end = self.text.find("\n", start)
            s, e = self.trim(start, end if end >= 0 else self.body[1])
            if e - s < 15:
                continue
            speaker = self.who(cue, [t for t in toks if t.start != cue.start])
            out.append(Quote(s, e, "direct", cue, speaker, 0.7 if speaker and speaker.entity else 0.5))
        return out

    # --- reported clauses --------------------------------------------------------------------
    def units(self) -> list[Sentence]:
        """Sentences, also cut at line breaks: a headline has no full stop."""
        out = []
        for sent in self.sentences:
            toks = list(sent.tokens)
            start = 0
            for k in range(1, len(toks) + 1):
                if k == len(toks) or "\n" in self.text[toks[k - 1].end:toks[k].start]:
                    part = toks[start:k]
                    out.append(Sentence(part[0].start, part[-1].end, tuple(part)))
                    start = k
        return out

    def reported(self) -> list[Quote]:
        out: list[Quote] = []
        self.unit_list = self.units()
        for sent in self.unit_list:
            toks = list(sent.tokens)
            found = (self.by_phrase(sent, toks) or self.headline_colon(sent, toks)
                     or self.that_clause(sent, toks) + self.intent(sent, toks) + self.colon_clause(sent, toks)
                     or self.parenthetical(sent, toks)
                     or self.about_this(sent, toks) or self.trailing_cue(sent, toks))
            for q in found or []:
                if not any(o.start < q.end and q.start < o.end for o in out):
                    out.append(q)
        return out

    def headline_colon(self, sent: Sentence, toks: list[Token]) -> list[Quote] | None:
        """«Кисин: Продолжайте ...», «СМИ: Дмитрий Быков впал в кому»: a line that opens with its
        source and a colon."""
        colon = next((k for k, t in enumerate(toks[:5]) if t.text == ":"), None)
        if colon is None or colon == 0 or colon + 1 >= len(toks) or self.text[toks[colon + 1].start] in "«\"„“":
            return None
        if self.line_start(sent.start) != sent.start:
            return None
        speaker = resolve(self.ctx, toks[:colon], toks[colon].start)
        if not speaker or not (speaker.entity or speaker.mention and speaker.mention.start == toks[0].start):
            return None
        s, e, kind = self.content(toks[colon].end, sent.end)
        if e - s < 10:
            return None
        cue = Cue(toks[colon].start, toks[colon].end, ":", ":", "colon")
        return [Quote(s, e, kind, cue, speaker, 0.6)]

    def colon_clause(self, sent: Sentence, toks: list[Token]) -> list[Quote]:
        """Мама сказала: попробуй повоюй. / Шувалов признал: у правительства нет рычагов."""
        out = []
        for i, cue in self.cues_of(toks):
            for j in range(i + 1, min(i + 4, len(toks) - 1)):
                if toks[j].text == ":":
                    if self.text[toks[j + 1].start] in "«\"„“":
                        break
                    s, e, kind = self.content(toks[j].end, sent.end)
                    if e - s >= 5:
                        out.append(Quote(s, e, kind, cue, self.who(cue, toks[:i] + toks[i + 1:j]), 0.7))
                    break
                if toks[j].text in ",.;!?":
                    break
        return out

    def parenthetical(self, sent: Sentence, toks: list[Token]) -> list[Quote]:
        """Эта тенденция, говорят эксперты, сохранится: a cue set off by commas inside the
        clause it reports. The longer side is the quote."""
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
            if speaker is None:
                continue
            left = self.content(sent.start, toks[i - 1].start)
            right = self.content(toks[close].end, sent.end)
            s, e, kind = max(left, right, key=lambda c: c[1] - c[0])
            if e - s >= 10:
                out.append(Quote(s, e, kind, cue, speaker, 0.6))
        return out

    def intent(self, sent: Sentence, toks: list[Token]) -> list[Quote]:
        """попросила остановить поединок, призвал семейство преодолеть распри: a request or a
        call, reported as the infinitive clause."""
        out = []
        for i, cue in self.cues_of(toks):
            if verb_class(cue.lemma) != "intent" or cue.lemma in NOT_SAID or i and toks[i - 1].text.lower() == "не":
                continue
            for j in range(i + 1, min(i + 5, len(toks))):
                if toks[j].text in ",.;:!?":
                    break
                if toks[j].pos == "VERB" and toks[j].feats.get("VerbForm") == "Inf":
                    s, e, kind = self.content(toks[j].start, sent.end)
                    if e - s >= 5:
                        out.append(Quote(s, e, kind, cue, self.who(cue, toks[:i]), 0.6))
                    break
        return out

    def content(self, start: int, end: int) -> tuple[int, int, str]:
        """A reported clause: trimmed, kept inside the quote it stands in, with its kind."""
        around = [q for q in self.quoted if q.start <= start < q.end]
        if around:
            end = min(end, around[-1].end)
        for k, t in enumerate(toks := self.tokens_in(start, end)):
            if k >= 3 and toks[k - 1].text == "," and t.pos == "VERB" and cue_of(t) and k >= len(toks) - 6:
                end = toks[k - 1].start  # «..., передает РИА Новости»: the clause ends before it
                break
        colon = re.compile(r":\s*[«\"„“]").search(self.text, start, end)
        if colon:
            end = colon.start()
        newline = self.text.find("\n", start, end)
        if newline >= 0 and not any(q.open < start and newline < q.close for q in self.quoted):
            end = newline
        s, e = self.trim(start, end)
        dateline = DATELINE.match(self.text, s, e)
        if dateline:  # «Москва. 30 апреля. INTERFAX.RU - ...»: the agency's dateline is not the quote
            s = dateline.end()
        inner = [q for q in self.quoted if s <= q.open and q.close < e + 1]
        kind = "mixed" if any(self.is_fragment(q) for q in inner) else "indirect"
        return s, e, kind

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
            if comma < 0 or len(self.tokens_in(cue.end, comma)) > 15:
                comma = self.source_end(toks, nxt, cue)
                if comma is None:
                    return None
            speaker = self.phrase_speaker(cue, role, self.tokens_in(cue.start, comma))
            s, e, kind = self.content(comma + 1, sent.end)
            if e - s < 8:
                return None
            return [Quote(s, e, kind, cue, speaker, 0.85 if speaker and speaker.entity else 0.7)]
        return None

    def source_end(self, toks: list[Token], nxt: int, cue: Cue) -> int | None:
        """«По словам его супруги Валентины Бондаревой он скончался»: no comma, so the source is
        the genitive phrase after the cue and the clause starts where it ends."""
        k = nxt
        while k < len(toks) and (toks[k].feats.get("Case") == "Gen" or toks[k].pos == "DET"):
            k += 1
        if k == nxt or k >= len(toks) - 2:
            return None
        return toks[k].start - 1

    def that_clause(self, sent: Sentence, toks: list[Token]) -> list[Quote]:
        """X заявил (в понедельник), что ... / В заявлении говорится, что ..."""
        out = []
        for i, cue in self.cues_of(toks):
            if i and toks[i - 1].text.lower() == "не" or self.impersonal(toks, i):
                continue
            for j in range(i + 1, min(i + 8, len(toks) - 1)):
                if toks[j].text == "," and toks[j + 1].text.lower() in THAT \
                        and (toks[j + 1].text.lower() != "чтобы" or verb_class(cue.lemma) == "intent"):
                    between = self.text[cue.end:toks[j].start]
                    if re.search(r"[.!?:;]", between):
                        break
                    s, e, kind = self.content(toks[j + 1].end, sent.end)
                    if e - s < 5:
                        break
                    who = [t for t in toks[:j] if not (cue.start <= t.start < cue.end)]
                    speaker = self.who(cue, who)
                    out.append(Quote(s, e, kind, cue, speaker, 0.8 if speaker and speaker.entity else 0.6))
                    break
                if toks[j].text in ".;:!?":
                    break
        return out

    def impersonal(self, toks: list[Token], i: int) -> bool:
        """«Сообщалось, что ...», «Ранее заявлялось»: no source at all, so no quote. «В заявлении
        говорится» names its source in the «в»-phrase before the verb."""
        word = toks[i].text.lower()
        if not word.endswith(("ся", "сь")):
            return False
        return not any(t.text.lower() in ("в", "во") for t in toks[max(0, i - 8):i])

    def about_this(self, sent: Sentence, toks: list[Token]) -> list[Quote] | None:
        """«Об этом (в беседе с Day.Az) сказала X.»: the lead paragraph, or sentence, before it."""
        if len(toks) < 3 or self.text[toks[0].start:toks[1].end].lower() not in ("об этом", "о том"):
            return None
        cues = self.cues_of(toks)
        if not cues:
            return None
        cue = cues[0][1]
        speaker = self.who(cue, [t for t in toks if t.start >= cue.end]) \
            or resolve(self.ctx, [t for t in toks[2:] if t.end <= cue.start], cue.start)
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
        if any(q.open <= start and end <= q.close for q in self.quoted):
            return None
        s, e, kind = self.content(start, end)
        if e - s < 8:
            return None
        return [Quote(s, e, kind, cue, speaker, 0.75 if speaker and speaker.entity else 0.6)]

    def trailing_cue(self, sent: Sentence, toks: list[Token]) -> list[Quote] | None:
        """«..., уточнил один из собеседников агентства.»: a clause signed off without marks."""
        for i, cue in self.cues_of(toks):
            if i >= 2 and toks[i - 1].text in DASH and toks[i - 2].text == ",":  # «..., - говорит X.»
                i_comma = i - 2
            elif i >= 4 and toks[i - 1].text == ",":
                i_comma = i - 1
            else:
                continue
            rest = toks[i + 1:]
            if not rest or any(t.text in (",", ":") for t in rest[:-1]) and len(rest) > 8:
                continue
            start = sent.start
            if self.text[start] in "«\"„“" or any(q.open <= start and toks[i_comma].start <= q.close + 2 for q in self.quoted):
                return None
            s, e, kind = self.content(start, toks[i_comma].start)
            if e - s < 10:
                return None
            speaker = self.who(cue, [t for t in rest if t.text not in ".!?"])
            if speaker is None:
                return None
            return [Quote(s, e, kind, cue, speaker, 0.7 if speaker.entity else 0.5)]
        return None

    # --- putting it together -----------------------------------------------------------------
    def find(self) -> list[Quote]:
        direct = self.direct_quotes() + self.colon_paragraphs()
        reported = [q for q in self.reported()
                    if not any(d.start - 2 <= q.start and q.end <= d.end + 2 and d.span.depth == q_depth(d)
                               for d in direct if abs(d.start - q.start) < 3)]
        direct = [d for d in direct if d.rule != "fragment" or not any(
            r.start <= d.start and d.end <= r.end for r in reported)]  # part of a mixed clause
        quotes = sorted(direct + reported, key=lambda q: (q.start, -q.end))
        self.attribute_in_order(quotes)
        for q in quotes:
            q.speaker = self.with_role(q.speaker)
        for i, q in enumerate(quotes):
            enclosing = [j for j, p in enumerate(quotes) if j != i and p.start <= q.start and q.end <= p.end
                         and (p.end - p.start) > (q.end - q.start)]
            q.parent = min(enclosing, key=lambda j: quotes[j].end - quotes[j].start) if enclosing else None
        return quotes

    def attribute_in_order(self, quotes: list[Quote]) -> None:
        """Speakers are remembered in the order their cues appear, so «она» finds the latest
        speaker; an unattributed quote takes the speaker of the quote it continues."""
        for q in sorted(quotes, key=lambda q: q.cue.start if q.cue else q.end):
            if q.speaker and q.speaker.name:
                self.ctx.remember(q.cue.start if q.cue else q.start, q.speaker)
        for q in quotes:
            if q.cue is not None and q.cue.kind == "verb" and verb_class(q.cue.lemma) == "report" \
                    and (q.speaker is None or q.speaker.name is None):
                prior = [h for h in self.ctx.history if h[0] < q.cue.start]
                if prior:  # «..., — говорится в сообщении»: the document of the latest source
                    q.speaker = Speaker(prior[-1][1].name, prior[-1][1].entity, None, prior[-1][1].gender)
                    q.confidence = 0.5
                continue
            if q.cue is None:
                prior = [h for h in self.ctx.history if h[0] < q.start]
                before = self.text[max(self.body[0], q.start - 3):q.start]
                if prior and re.search(r"[-–—][ \t\u00a0]*[«\"„“]?$", before) and q.start - prior[-1][0] < 120:
                    q.speaker = prior[-1][1]  # «...», — сказал он, — «...»: the second half
                    continue
                later = [h for h in self.ctx.history if q.end <= h[0] < self.clause_after(q.end) + 200]
                source = later[0] if later else prior[-1] if prior else None
                if source:
                    q.speaker = Speaker(source[1].name, source[1].entity, None, source[1].gender)


def t_paren(tokens: list[Token]) -> bool:
    return any(t.text == "(" for t in tokens)


def q_depth(q: Quote) -> int:
    return q.span.depth if q.span else 0


def extract_quotes(text: str, sentences: list[Sentence], entities: list[Entity],
                   body: tuple[int, int]) -> list[dict]:
    """The record's ``quotes``: dicts in the format of docs/record-format.md, sorted by start.
    Pronoun and description mentions of resolved speakers are added to their entities."""
    finder = Finder(text, sentences, entities, body)
    quotes = finder.find()
    by_id = {e.id: e for e in entities}
    out = []
    for q in quotes:
        sp = q.speaker
        if sp and sp.entity and sp.mention and sp.mention.kind != "name":
            e = by_id[sp.entity]
            if sp.mention not in e.mentions:
                e.mentions.append(sp.mention)
                e.mentions.sort(key=lambda m: (m.start, m.end))
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
    return out
