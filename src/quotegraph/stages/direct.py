"""Quotes in quotation marks: sign-offs, lead-ins, fragments next to their verb, quotes
interrupted by the author, paragraphs after a colon. A mixin of ``quotes.Finder``."""
from __future__ import annotations

import bisect
import re

from .cues_found import Cue, cue_of, phrase_at
from ..cues import noun_class, verb_class
from ..lexicon import lemma
from .quote_base import DASH, INTERRUPTION, QUOTING, Quote, SIGNOFF, SUBORDINATE
from .quote_marks import QuotedSpan
from .reported import NAMING
from .speakers import Speaker, resolve

MAX_BLANK = 20  # blank characters from a paragraph's closing colon to the quote that opens the next
# nouns whose name follows in marks: «роман «...»», «фильм «...»» (a title, never a quote)
TITLE_NOUNS = {"роман", "повесть", "рассказ", "книга", "фильм", "сериал", "спектакль", "опера", "балет", "шоу",
               "песня", "альбом", "сингл", "клип", "картина", "выставка", "программа", "передача", "проект",
               "операция", "закон", "законопроект", "фестиваль", "конкурс", "премия", "номинация", "журнал",
               "газета", "сайт", "портал", "компания", "партия", "движение", "фонд", "группа", "команда", "клуб"}


class DirectQuotes:
    def signoff(self, span: QuotedSpan) -> tuple[Cue, Speaker | None] | None:
        """«...», — сказала она. / «...», — добавил Песков. / «...», — говорится в заявлении."""
        m = SIGNOFF.match(self.text, span.close + 1)
        if not m or not any(ch in DASH for ch in m.group()):
            m = re.compile(r"[ \t\u00a0]*,[ \t\u00a0]*").match(self.text, span.close + 1)  # «...», заявила X
            if not m or not self.is_fragment(span) and len(self.text[span.start:span.end].split()) < 4 \
                    or re.match(r"и\b", self.text[m.end():m.end() + 2]):  # «...», и пообещал: the verb before's words
                return None
        end = self.clause_after(m.end())
        toks = self.tokens_in(m.end(), end)
        for i, tok in enumerate(toks[:5]):
            phrase = phrase_at(self.text, toks, i)
            if phrase is None and lemma(tok.text) in QUOTING:  # «— приводит ТАСС слова министра»
                relayed = [tok] + self.past_outlet(toks[i + 1:])
                phrase = phrase_at(self.text, relayed, 0) if len(relayed) < len(toks) - i else None
                toks = toks[:i] + relayed if phrase else toks
            if phrase and phrase[1] in ("after", "anaphor") and lemma(tok.text) in QUOTING:  # «— приводит его слова»
                return phrase[0], self.phrase_speaker(phrase[0], phrase[1], toks)
            cue = cue_of(tok)
            if cue is None and tok.text.lower() == "с" and self.text[tok.start:tok.start + 16].lower() == "с этими словами":
                cue = Cue(tok.start, tok.start + 15, self.text[tok.start:tok.start + 15], "с этими словами", "phrase")
            if cue:
                who = [t for t in toks if not (cue.start <= t.start < cue.end)]
                return cue, self.who(cue, who)
        return None

    def lead_end(self, open_: int) -> int:
        """Where the lead-in of a quote opening at ``open_`` ends: right before it on its line;
        or, when the quote opens its paragraph, at the colon that ends the paragraph before
        («сказал журналистам после игры:⏎«...»»)."""
        line = self.line_start(open_)
        if line <= self.body[0] or self.text[line:open_].strip(" \t\u00a0"):
            return open_
        end = line
        while end > self.body[0] and line - end < MAX_BLANK and self.text[end - 1] in " \t\u00a0\r\n":
            end -= 1
        return end if self.text[end - 1:end] == ":" else open_

    def leadin(self, span: QuotedSpan) -> tuple[Cue, Speaker | None] | None:
        """X заявил: «...» / Кисин: «...» / По словам X, «...»; the colon may end the paragraph
        before the quote's."""
        end = self.lead_end(span.open)
        floor = self.clause_floor(end)
        stripped = self.text[floor:end].rstrip()
        clause_start = floor + max(stripped.rfind(". "), stripped.rfind("» "), -1) + 1
        toks = self.tokens_in(clause_start, end)
        if stripped.endswith(":"):
            cues = self.cues_of(toks)
            colon = clause_start + len(self.text[clause_start:end].rstrip()) - 1
            if cues:
                cue = cues[-1][1]
                return cue, self.who(cue, [t for t in toks if t.start != cue.start])
            words = [t for t in toks if t.text[:1].isalnum()]
            if len(words) >= 2 and noun_class(lemma(words[0].text)) in ("speech", "opinion") \
                    and (words[0].feats.get("Case") in ("Nom", None) or words[0].text.lower() == "слова") \
                    and words[1].feats.get("Case") == "Gen":
                # «Слова министра из интервью: «...»», «Мнение эксперта: «...»»: whose words follow
                cue = Cue(words[0].start, words[0].end, words[0].text, lemma(words[0].text), "phrase")
                found = self.phrase_speaker(cue, "after", toks)
                if found and found.name:
                    return cue, found
            speaker = resolve(self.ctx, toks[-3:], colon)
            if not (speaker and speaker.entity) and self.sentences_in(span):
                # «Сам Белов оказался дипломатичнее: «...»»: sentences after the colon are the words
                # of the clause's subject, named in the nominative
                subjects = [t for t in toks if t.feats.get("Case") == "Nom" and t.start in self.ctx.by_offset
                            and self.ctx.by_offset[t.start].type in ("PER", "ORG")]
                speaker = resolve(self.ctx, subjects[:1], colon) if subjects else None
            if speaker and speaker.entity:
                return Cue(colon, colon + 1, ":", ":", "colon"), speaker
            return None
        if stripped.endswith(",") and toks:
            found = phrase_at(self.text, toks, 0)
            if found and self.text.find(",", found[0].end, end) == len(stripped) - 1 + floor:
                cue, role, _ = found
                return cue, self.phrase_speaker(cue, role, self.tokens_in(cue.start, end))
        return None

    def reads_like_speech(self, span: QuotedSpan) -> bool:
        """Sentences, not a name: several words, a capital start, sentence punctuation or a
        paragraph of its own («Великое возвращение», «Бананц» and scare quotes are not)."""
        content = self.text[span.start:span.end].strip()
        words = content.split()
        if len(words) < 3 or not content[:1].isupper():
            return False
        opens_sentence = self.text[self.clause_floor(span.open):span.open].strip() in ("", "-", "–", "—") \
            or re.search(r"[.!?…][\s\u00a0]*([-–—][\s\u00a0]*)?$", self.text[max(0, span.open - 4):span.open]) is not None
        closes_sentence = content[-1] in ".!?…" or re.match(r"[.!?…]|[,\s\u00a0]*[-–—]|\s*$|\s*\n",
                                                              self.text[span.close + 1:span.close + 4]) is not None
        return opens_sentence and closes_sentence and (len(words) >= 6 or content[-1] in ".!?…")

    def sentences_in(self, span: QuotedSpan) -> bool:
        """Whether the marks hold whole sentences: a capital start, three words or more, and the
        sentence ends with the marks."""
        content = self.text[span.start:span.end].strip()
        return len(content.split()) >= 3 and content[:1].isupper() \
            and re.match(r"[\s\u00a0]*([.!?…]|$|\n)", self.text[span.close + 1:span.close + 3]) is not None

    def interrupted(self, span: QuotedSpan) -> list[Quote]:
        """«Всё началось случайно, — рассказал Андреа, — сделать 50 масок»: the author's words
        inside the marks split one quote into two, both the speaker's."""
        inner = INTERRUPTION.search(self.text, span.start, span.end)
        while inner:
            toks = self.tokens_in(inner.start(1), inner.end(1))
            cues = self.cues_of(toks) or self.cue_tokens(toks, strict=False)  # between dashes «продолжает» reports
            if cues and len(toks) <= 15:  # «— рассказал главный врач областного онкологического диспансера Иван Петров. —»
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
                    self.ctx.enclosing.setdefault((span.start, span.end), parts[0].speaker)
                quotes.extend(parts)
                continue
            found = self.signoff(span) or self.leadin(span)
            rule = "attributed"
            if not found:
                found, rule = self.fragment(span), "fragment"
            if found and self.names_a_thing(span):
                found = None
            if not found and quotes and quotes[-1].rule in ("fragment", "attributed") and quotes[-1].span is not None \
                    and quotes[-1].span.close < span.open \
                    and quotes[-1].cue is not None and quotes[-1].cue.end <= quotes[-1].start \
                    and (self.is_fragment(span) or quotes[-1].rule == "attributed") and re.fullmatch(r"[\s\u00a0]*(,|и|или|а также)?[\s\u00a0,]*",
                                                                self.text[quotes[-1].span.close + 1:span.open]):
                found = quotes[-1].cue, quotes[-1].speaker  # «назвал его «A», «B» и «C»», «скандировали: «A», «B»»
                # (a list after the quote before, not a name in marks inside it)
                rule = quotes[-1].rule
            if found:
                cue, speaker = found
                self.speaker_of_span[span.open] = speaker
                if speaker:
                    self.ctx.enclosing.setdefault((span.start, span.end), speaker)
                quotes.append(Quote(span.start, span.end, "direct", cue, speaker,
                                    0.9 if speaker and speaker.entity else 0.7, span=span, rule=rule))
            elif span.depth == 0 and self.reads_like_speech(span):
                quotes.append(Quote(span.start, span.end, "direct", None, None, 0.5, span=span, rule="speech_like"))
        return quotes

    def fragment(self, span: QuotedSpan) -> tuple[Cue, Speaker | None] | None:
        """назвал выборы «фундаментальным мошенничеством», порассуждал о «предательстве»: a
        quoted fragment in the clause of a reporting verb. Capitalised short spans are names."""
        content = self.text[span.start:span.end].strip()
        floor = self.clause_floor(span.open)
        clause_start = max(floor, max(self.text.rfind(ch, floor, span.open) for ch in ".!?;:") + 1)
        toks = self.tokens_in(clause_start, span.open)
        cues = [(i, c) for i, c in self.cue_tokens(toks, strict=False)
                if not any(not q.start <= span.open < q.end for q in self.around(c.start))]
        if not content or not cues:
            return None  # (a cue inside another quote is that quote's words)
        i, cue = cues[-1]
        said = i == len(toks) - 1 and verb_class(cue.lemma) == "speech" and cue.lemma not in NAMING \
            and (len(content.split()) > 1 or content[-1:] in "!?")  # («опубликовал «Коммерсантъ»»: a name)
        if content[:1].isupper() and not self.has_verb(span.start, span.end) and not said:
            return None  # «Газпром», «Великое возвращение»: names; but «кричали «Свобода»» is what was said
        inside = [t for t in self.tokens_in(span.start, span.end) if t.text[:1].isalnum()]
        if inside and all(t.start in self.ctx.by_offset for t in inside):
            return None  # «пишет «Комсомольская правда»»: a name the NER knows, not words said
        if toks and toks[-1] is not cue and toks[-1].pos == "NOUN" and inside and inside[0].pos in ("ADJ", "NOUN") \
                and inside[0].feats.get("Case") == "Gen":
            return None  # «операторы «большой тройки»», «в жанре «буфф-нуар»»: a term that names a thing
        between = toks[i + 1:]
        if len(between) > 6 or any(t.text == "(" for t in between) or any(
                t.text.lower() in SUBORDINATE and k and between[k - 1].text == "," for k, t in enumerate(between)):
            return None  # «рассказала, как она «исчезла»», «(«политическая»)»: not the cue's words
        if re.search(r"(ют|ят|ут|ат)$", cue.text.lower()) and not any(
                t.feats.get("Case") == "Nom" and t.pos in ("NOUN", "PROPN", "PRON") for t in toks[:i]):
            return None  # «сейчас говорят о «...»»: nobody in particular
        return cue, self.who(cue, [t for t in toks if t.start != cue.start])

    def names_a_thing(self, span: QuotedSpan) -> bool:
        """Marks around a term or a title that a noun right before them governs, not around
        words said: «путь «построения нового общества»», «роман «Убить пересмешника»»."""
        k = bisect.bisect_left(self._token_starts, span.open) - 1  # the token right before the mark
        prev = self.tokens[k] if k >= 0 else None
        if prev is None or prev.pos != "NOUN" or self.text[prev.end:span.open].strip(" \t\u00a0"):  # same line, nothing between
            return False
        inside = [t for t in self.tokens_in(span.start, span.end) if t.text[:1].isalnum()]
        if not inside:
            return False
        return inside[0].pos in ("ADJ", "NOUN") and inside[0].feats.get("Case") == "Gen" \
            or lemma(prev.text) in TITLE_NOUNS and inside[0].text[:1].isupper()  # a title is capitalised

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
            cues = self.cue_tokens(toks)
            if not cues:
                continue
            verbs = [c for _, c in cues if c.kind == "verb"]
            cue = verbs[0] if verbs else cues[-1][1]  # «заявил, что намерен ...:»: the reporting verb
            end = self.text.find("\n", start)
            s, e = self.trim(start, end if end >= 0 else self.body[1])
            if e - s < 15:
                continue
            speaker = self.who(cue, [t for t in toks if t.start != cue.start])
            out.append(Quote(s, e, "direct", cue, speaker, 0.7 if speaker and speaker.entity else 0.5,
                             rule="colon_paragraph"))
        return out
