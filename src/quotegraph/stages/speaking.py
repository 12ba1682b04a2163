"""Who speaks: the cue's subject from the syntax tree, the source of a document or a
«в»-phrase, names in apposition, roles written before a name. A mixin of ``quotes.Finder``."""
from __future__ import annotations

import re

from ..cues import noun_class, verb_class
from ..lexicon import lemma, role_nouns
from ..model import Entity, Mention
from ..nlp import Sentence, Token, parse_syntax, parse_word
from .cues_found import Cue, impersonal_report
from .dates import time_word
from .quote_base import MAX_CLAUSE, QUOTING, RELAYING, SELF
from .referents import kind_of_noun
from .speakers import (ANONYMOUS, ORG_DESCRIPTIONS, PRONOUNS, SOURCE_NOUNS, Speaker, describe, entity_speaker, fuller,
                       is_outlet, named, one_of, resolve)

DOCUMENTS = {"заявление", "сообщение", "документ", "письмо", "доклад", "отчет", "исследование", "статья",
             "релиз", "пресс-релиз", "коммюнике", "обращение", "телеграмма", "твит", "пост", "запись",
             "протокол", "приговор", "решение", "постановление", "указ", "закон", "сайт", "источник",
             "суд", "совет", "комитет", "комиссия", "министерство", "правительство", "руководство", "штаб"}
SPEAKING_THINGS = SOURCE_NOUNS | ORG_DESCRIPTIONS | DOCUMENTS
# verbs that also mean «shows» when a thing is their subject: «период говорит о том, что ...»
SHOWING = {"говорить", "свидетельствовать", "означать", "показывать", "показать", "доказывать", "доказать",
           "подтверждать", "подтвердить", "указывать", "указать", "демонстрировать", "продемонстрировать"}


# nouns of quantity whose people, in the genitive, are the source («ряд экспертов», «часть депутатов»)
QUANTITIES = {"ряд", "часть", "большинство", "меньшинство", "группа", "множество", "половина", "треть",
              "десяток", "сотня", "тысяча"}


class Speaking:
    def tree_of(self, sent: Sentence) -> list[tuple[int, str]]:
        """The sentence's syntax tree, parsed on first need: most sentences never need one."""
        if sent.start not in self.trees:
            self.trees[sent.start] = parse_syntax([sent])[0]
        return self.trees[sent.start]

    def places_in(self, sent: Sentence) -> dict[int, int]:
        """Token start → its index in the sentence, made once per sentence."""
        if sent.start not in self._token_places:
            self._token_places[sent.start] = {t.start: k for k, t in enumerate(sent.tokens)}
        return self._token_places[sent.start]

    def children_in(self, sent: Sentence, tree: list[tuple[int, str]]) -> dict[int, list[int]]:
        """Head index → its dependents' indexes in order, made once per tree: a sentence of
        hundreds of tokens holds many cues."""
        if sent.start not in self._children:
            children: dict[int, list[int]] = {}
            for k, (h, _) in enumerate(tree):
                children.setdefault(h, []).append(k)
            self._children[sent.start] = children
        return self._children[sent.start]

    def subject(self, cue: Cue) -> list[Token]:
        """The cue verb's subject phrase from the syntax tree (nsubj and what hangs on it);
        for a gerund or a second verb («..., назвав», «... и добавил»), its head verb's."""
        sent = self.sentence_of(cue.start)
        tree = self.tree_of(sent) if sent else None
        if not tree:
            return []
        toks = sent.tokens
        i = self.places_in(sent).get(cue.start)
        children = self.children_in(sent, tree)
        for _ in range(3):
            if i is None or i < 0:
                return []
            subj = [k for k in children.get(i, ()) if tree[k][1].startswith("nsubj")
                    and self.same_quote_level(toks[k].start, cue.start)]
            if subj and in_place_phrase(toks, subj[0]):  # «В своём блоге Twitter он написал»: no subject
                return []
            if subj:  # the subject and what hangs on it, but its relative clauses and asides
                keep, todo = {subj[0]}, [subj[0]]
                while todo:
                    for k in children.get(todo.pop(), ()):
                        if k not in keep and tree[k][1] not in ("acl", "acl:relcl", "punct", "parataxis"):
                            keep.add(k)
                            todo.append(k)
                return [toks[subj[0]]] + [toks[k] for k in sorted(keep) if k != subj[0]]
            h, rel = tree[i]
            i = h if rel in ("conj", "advcl", "xcomp", "parataxis", "acl") else None
        return []

    def whose_words(self, cue: Cue, toks: list[Token]) -> Speaker | None:
        """The one named right after «слова» («слова министра», «слова Петрова») in the cue's
        clause, when an outlet relays them."""
        ordered = sorted(toks, key=lambda t: t.start)
        for k, t in enumerate(ordered):
            if t.text.lower() in ("слова", "слов") and not (cue.start <= t.start < cue.end):
                phrase = []
                for w in ordered[k + 1:k + 7]:
                    if w.text in ",.;:!?—–" or cue.start <= w.start < cue.end:
                        break
                    phrase.append(w)
                return resolve(self.ctx, phrase, t.end) if phrase else None
        return None

    def document_source(self, cue: Cue) -> Speaker | None:
        """«В заявлении полиции говорится», «говорится в сообщении МИД»: the author named with
        the document; a document without one speaks for the latest speaker."""
        sent = self.sentence_of(cue.start)
        if sent is None:
            return None
        toks = list(sent.tokens)
        i = next((k for k, t in enumerate(toks) if t.start == cue.start), 0)

        def stop(t: Token) -> bool:  # punctuation, or the words of a quote («компании «Ростелеком»» is a name)
            return t.text in ",.;:!?" or any(len(self.text[q.start:q.end].split()) > 4 for q in self.around(t.start))
        a = i
        while a > 0 and not stop(toks[a - 1]):
            a -= 1
        b = i + 1
        while b < len(toks) and not stop(toks[b]):
            b += 1
        window = toks[a:i] + toks[i + 1:b]  # «В заявлении Ватикана говорится», «говорится в сообщении МИД»
        described = []  # a body or role described in full: «правительства Оренбургской области»
        roles = [t for t in window if t.pos == "NOUN" and lemma(t.text) in role_nouns()]
        if roles:  # «В поздравлении президента России говорится»: the person with that role
            found = describe(self.ctx, window, cue.start, head=roles[0])
            if found and found.entity:
                return found
            described += [found] if found and found.mention and found.mention.end > roles[0].end else []
        kinds = [t for t in window if t.pos == "NOUN" and t.feats.get("Case") == "Gen" and kind_of_noun(t.text)
                 and t.start not in self.ctx.by_offset]
        found = describe(self.ctx, window, cue.start, head=kinds[0]) if kinds else None
        described += [found] if found and found.entity is None and found.mention and found.mention.end > kinds[0].end else []
        named_here = named(self.ctx, sorted(window, key=lambda t: abs(t.start - cue.start)), {"PER", "ORG", "LOC"})
        if named_here and not (described and self.ctx.by_offset[named_here.mention.start].type == "LOC"):
            return named_here  # (a place is the complement of a body described: «губернатора области»)
        if described:
            return min(described, key=lambda d: d.mention.start)
        if found and found.entity:  # «говорится в сообщении компании»: the company named before
            return found
        return None  # the latest speaker, once all are known (attribute_in_order)

    def with_following(self, subj: list[Token], head: Token, stop: int | None = None) -> list[Token]:
        """The subject's tokens and those right after its head up to the clause's punctuation or
        the cue at ``stop``: the tree may hang «ТАСС» in «собеседник ТАСС» on the verb."""
        sent = self.sentence_of(head.start)
        after = []
        if sent:
            for t in sent.tokens:
                if t.start <= head.start:
                    continue
                if t.text in ",.;:!?()—–-" or t.pos == "VERB" or stop is not None and head.start < stop <= t.start:
                    break
                after.append(t)
        return sorted({id(t): t for t in subj + after}.values(), key=lambda t: t.start)

    def mute_subject(self, cue: Cue) -> bool:
        """«Третий период говорит о том, что ...», «Это говорит о том»: a thing, not a source, is
        the subject; the verb means «shows», and there is no quote."""
        subj = self.subject(cue) if cue.kind == "verb" else []
        if not subj:
            return False
        head = subj[0]
        if head.start in self.ctx.by_offset:
            return False
        if head.text.lower() in ("это", "то", "всё", "все", "что"):
            return head.text.lower() != "все"
        if cue.lemma in SHOWING and (head.pos in ("ADJ", "DET") or head.feats.get("VerbForm") == "Part") \
                and head.feats.get("Gender") == "Neut" \
                and head.feats.get("Number") != "Plur":
            return True  # «Последнее говорило о том, что ...», «Случившееся показывает»: a thing
        if lemma(head.text) in QUANTITIES and any(t.feats.get("Animacy") == "Anim" for t in subj[1:]):
            return False  # «ряд экспертов подтвердил», «часть депутатов считает»: people speak
        return (cue.lemma in SHOWING and head.pos == "NOUN" and head.feats.get("Animacy") == "Inan"
                and lemma(head.text) not in SPEAKING_THINGS)

    def who(self, cue: Cue, fallback: list[Token]) -> Speaker | None:
        """The speaker: the cue's subject if the tree gives one, else the nearest candidate.
        A subject headed by a common noun («представитель ZANU-PF», «собеседник ТАСС») is a
        description, not the name inside it."""
        if impersonal_report(cue):  # «говорится в заявлении», «в сообщении сказано»
            return self.document_source(cue)
        if cue.lemma in QUOTING:  # «цитирует X», «приводит слова X»: the quoted one speaks
            after = self.past_outlet([t for t in fallback if t.start >= cue.end])
            found = resolve(self.ctx, after, cue.end) if after else None
            if found:
                return found
        if cue.lemma in QUOTING | RELAYING:  # «Слова губернатора передаёт ТАСС»: whose words they are
            found = self.whose_words(cue, fallback)
            if found:
                return found
        fallback = [t for t in fallback if self.same_quote_level(t.start, cue.start)]
        shown = self.gender_shown(cue)
        source = self.in_source(cue, fallback)
        if source:
            return source
        if self.candidates(fallback) == 1:  # one name or pronoun in reach: no tree needed
            found = resolve(self.ctx, fallback, cue.start, said_by=shown)
            if found:
                return found
        semi = self.text.rfind(";", self.clause_floor(cue.start), cue.start)  # the cue's own clause
        reach = min(len(self.text), cue.end + MAX_CLAUSE)
        upto = self.text.find(";", cue.end, reach)
        upto = reach if upto < 0 else upto
        subj = [t for t in self.subject(cue) if not (cue.start <= t.start < cue.end) and semi < t.start < upto]
        if subj:
            return self.as_subject(self.from_subject(cue, subj), subj) or resolve(self.ctx, fallback, cue.start, said_by=shown)
        if self.parsed_gerund(cue):  # no subject in the tree: a name in an oblique case is not one
            fallback = [t for t in fallback if t.feats.get("Case") in ("Nom", None) or t.pos not in ("NOUN", "PROPN")]
        return resolve(self.ctx, fallback, cue.start, said_by=shown)

    def parsed_gerund(self, cue: Cue) -> bool:
        """Whether the cue is a gerund («..., обосновав это тем, что») whose sentence the parser read."""
        tok = self.token_at(cue.start)
        sent = self.sentence_of(cue.start)
        return tok is not None and tok.feats.get("VerbForm") == "Conv" and sent is not None \
            and bool(self.tree_of(sent))

    def is_outlet(self, e: Entity | None) -> bool:
        return is_outlet(self.ctx, e)

    def past_outlet(self, toks: list[Token]) -> list[Token]:
        """The tokens after an outlet named first («цитирует ТАСС министра», «приводит РИА Новости
        слова ...»): the outlet is the subject, set after its verb, and relays the words."""
        first = 1 if len(toks) > 1 and toks[0].text in "«\"„“" else 0  # «цитирует «Интерфакс» ...»
        e = self.ctx.by_offset.get(toks[first].start) if toks else None
        if not self.is_outlet(e):
            return toks
        end = max((m.end for m in e.mentions if m.start <= toks[first].start < m.end), default=toks[first].end)
        rest = [t for t in toks if t.start >= end and not (first and t.start == end and t.text in "»\"“”")]
        return rest if any(t.pos in ("NOUN", "PROPN") for t in rest) else toks

    def without_outlets(self, toks: list[Token]) -> list[Token]:
        """The tokens but an outlet's name and its marks: beside a «в»-phrase («сообщили ТАСС в
        пресс-службе», «В МЧС РИА Новости уточнили») the outlet is the one told, not the source."""
        spans = {(m.start, m.end) for t in toks if self.is_outlet(e := self.ctx.by_offset.get(t.start))
                 for m in e.mentions if m.start <= t.start < m.end}  # (each mention once, not per token)
        if not spans:
            return toks
        return [t for t in toks if not any(a <= t.start < b or (t.text in "«»\"„“”" and (t.end == a or t.start == b))
                                           for a, b in spans)]

    def in_source(self, cue: Cue, toks: list[Token]) -> Speaker | None:
        """«В пресс-службе ведомства сообщили», «заявили в МИД России»: a plural verb with no
        subject speaks through the «в»-phrase next to it."""
        word = cue.text.lower()
        if cue.kind != "verb" or not re.search(r"(ли|ют|ят|ут|ат)$", word):
            return None
        toks = self.without_outlets(toks)
        near = sorted(toks, key=lambda t: abs(t.start - cue.start))[:8]
        if any(t.text.lower() in PRONOUNS or t.feats.get("Case") == "Nom" and t.pos in ("NOUN", "PROPN")
               for t in near):
            return None
        found = self.place_source(cue, toks)
        if found is None:
            return None
        subj = self.subject(cue)  # «Фермеры, потерявшие урожай в Поволжье, заявили»: they have a subject
        if subj and subj[0].feats.get("Case") == "Nom" and subj[0].pos in ("NOUN", "PROPN", "PRON") \
                and not self.is_outlet(self.ctx.by_offset.get(subj[0].start)):
            return None  # (asked only when a «в»-phrase is there: the tree costs a parse)
        return found

    def place_source(self, cue: Cue, toks: list[Token]) -> Speaker | None:
        """The source a «в»-phrase near the cue names: «в МИД России», «в пресс-службе ведомства»."""
        ordered = sorted(toks, key=lambda t: t.start)
        for k, t in enumerate(ordered[:-1]):
            if t.text.lower() in ("в", "во") and abs(t.start - cue.start) < 60:
                rest = ordered[k + 1:]
                e = self.ctx.by_offset.get(rest[0].start)
                if e is not None and e.type == "ORG":
                    return fuller(self.ctx, rest, entity_speaker(self.ctx, e, rest[0].start))
                n = next((m for m, w in enumerate(rest[:4]) if w.pos != "ADJ"), 0)  # «в региональном управлении»
                if rest[n].pos == "NOUN" and not time_word(rest[n].text, lemma(rest[n].text)) \
                        and rest[n].start not in self.ctx.by_offset:  # «во вторник»
                    return describe(self.ctx, rest, cue.start, head=rest[n])
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
                and any(t.text in ",()«»\"" for t in toks) \
                or any(re.search(r"[\w,]", self.text[a.end:b.start].strip(" «»\"„“-")) for a, b in zip(toks, toks[1:])):
            return speaker  # (words the tree left out of the subject lie between: it is not one phrase)
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
        gap = 0  # only spaces between the role and the name
        while gap < m.start and self.text[m.start - gap - 1].isspace():
            gap += 1
        ends = self.nominal_ends().get(speaker.entity, {})
        roles = sorted(r for end in range(m.start - gap, m.start + 1) for r in ends.get(end, ()))
        for _, r in roles:  # (in the entity's order of mentions)
            if len(self.text[r.start:m.end].split()) <= 6:
                return Speaker(speaker.name, speaker.entity, Mention(r.start, m.end, self.text[r.start:m.end], "name"),
                               speaker.gender, speaker.number)
        return speaker

    def nominal_ends(self) -> dict[str, dict[int, list]]:
        """Entity id → end offset → its role mentions ending there, with their places in its list."""
        if self._nominal_ends is None:
            self._nominal_ends = {}
            for e in self.ctx.entities:
                for k, r in enumerate(e.mentions):
                    if r.kind == "nominal":
                        self._nominal_ends.setdefault(e.id, {}).setdefault(r.end, []).append((k, r))
        return self._nominal_ends

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

    def relative_antecedent(self, head: Token) -> Speaker | None:
        """«министр, который заявил»: the relative pronoun stands for the noun before its comma."""
        sent = self.sentence_of(head.start)
        before = [t for t in (sent.tokens if sent else ()) if t.end <= head.start]
        if len(before) < 2 or before[-1].text != ",":
            return None
        phrase = before[:-1]
        for k in range(len(phrase) - 1, -1, -1):
            t = phrase[k]
            if t.pos in ("NOUN", "PROPN"):
                if t.feats.get("Case") == "Gen" and k and phrase[k - 1].pos in ("NOUN", "PROPN", "ADJ") \
                        and phrase[k - 1].feats.get("Case") != "Gen" or t.feats.get("Case") == "Gen" and k > 1 \
                        and phrase[k - 1].pos == "ADJ" and phrase[k - 2].pos in ("NOUN", "PROPN"):
                    continue  # «сторонники лунных проектов, которые»: the head, not its complement
                e = self.ctx.by_offset.get(t.start)
                if e is not None and e.type in ("PER", "ORG"):
                    return entity_speaker(self.ctx, e, t.start)
                if t.feats.get("Animacy") == "Anim":
                    return describe(self.ctx, self.with_following([t], t), head.start, head=t)
                return None
        return None

    def owned_by(self, head: Token, person: Speaker) -> bool:
        """Whether the subject's head noun is someone the person is named to own or be related to:
        the name hangs on it, directly or through other nouns, as a genitive modifier (nmod) in the
        syntax tree («соседка певца Ивана Петрова», «дети журналистки Анны Петровой»), not in
        apposition («политолог Айгерим Жампетова»)."""
        if head.pos != "NOUN" or head.start in self.ctx.by_offset or person.mention is None:
            return False
        sent = self.sentence_of(head.start)
        tree = self.tree_of(sent) if sent else None
        if not tree:
            return False
        index = {t.start: k for k, t in enumerate(sent.tokens)}
        k, goal, owned = index.get(person.mention.start), index.get(head.start), False
        if k is None or goal is None or k < goal:
            return False
        if head.feats.get("Number") == "Plur" and person.number != "Plur":
            return True  # «родители и адвокат Сингха»: many are not one person in apposition
        after = self.ctx.by_offset.get(person.mention.end + 1)
        if after is not None and after.type == "PER" and after.id != person.entity \
                and self.text[person.mention.end:person.mention.end + 1] == " ":
            return True  # «Врач Хиллари Клинтон Лиза Бардек»: the owner, then the one in apposition
        said, canonical = person.mention.text.split()[-1].lower(), (person.name or "").split()[-1:] or [""]
        canonical = canonical[0].lower()
        if person.entity and said != canonical and len(canonical) >= 3 and said.startswith(canonical) \
                and said[len(canonical):] in ("а", "я", "у", "ю", "ом", "ым", "ой", "ей", "е"):
            return True  # «Отец Сингха» of Рам Сингх: the name in another case than its own
        if nominative_form(sent.tokens[k].text):
            return False  # «... университета Айгерим Жампетова»: a name that may be nominative is in apposition
        if goal < k - 1 and head.feats.get("Case") == "Nom" \
                and sent.tokens[k].feats.get("Case") == "Gen" and sent.tokens[k - 1].feats.get("Case") == "Gen" \
                and sent.tokens[k - 1].pos in ("NOUN", "ADJ"):
            return True  # «соседка певца Ивана Петрова»: the name goes with the genitive before it
        for _ in range(6):
            if k is None or k == goal:
                break
            h, rel = tree[k]
            owned = owned or rel == "nmod" and sent.tokens[k].feats.get("Case") == "Gen"
            k = h if h != k and h >= 0 else None
        return owned and k == goal

    def from_subject(self, cue: Cue, subj: list[Token]) -> Speaker | None:
        if subj:
            head = subj[0]
            if head.text.lower().startswith("котор"):  # things that «доказывают» are no source
                return self.relative_antecedent(head)
            people = self.coordinated(subj)
            if people:
                return people
            # «политолог ... Айгерим Жампетова»: the name in apposition; not a dative (the addressee),
            # nor an owner («соседка певца Ивана Петрова» is the neighbour)
            rest = [t for t in subj if t.feats.get("Case") != "Dat"]
            while (person := named(self.ctx, rest, {"PER"})) is not None:
                if not self.owned_by(head, person):
                    return person
                rest = [t for t in rest if not person.mention.start <= t.start < person.mention.end]
            same_case = [t for t in subj if t.feats.get("Case") in (head.feats.get("Case"), None)
                         or re.fullmatch(r"\s*[«\"„“]\s*", self.text[head.end:t.start])]
            person_head = (head.feats.get("Animacy") == "Anim" or lemma(head.text) in role_nouns() | ANONYMOUS) \
                and kind_of_noun(head.text) is None and lemma(head.text) not in SOURCE_NOUNS | ORG_DESCRIPTIONS
            org = None if person_head else named(self.ctx, same_case, {"ORG"})  # («глава компании «Лукойл»» is a person)
            if org and head.feats.get("Case"):  # «немецкий концерн Bayer», «компания «Газпром»»: apposition
                return fuller(self.ctx, subj, org)
            if head.pos in ("NUM", "DET", "PRON") and head.text.lower() not in PRONOUNS.keys() | SELF:
                phrase = sorted(subj, key=lambda t: t.start)  # «один из ректоров», «некоторые деканы», «Та»
                nouns = [t for t in phrase if t.pos == "NOUN"]
                found = describe(self.ctx, phrase, cue.start, head=nouns[0]) if nouns else None
                if found and found.entity:  # «Сама женщина»: the woman named before
                    return found
                start, end = phrase[0].start, phrase[-1].end
                text = self.text[start:end]
                return Speaker(text[:1].lower() + text[1:], None, Mention(start, end, text, "nominal"))
            if head.pos in ("NOUN", "PROPN") and head.start not in self.ctx.by_offset \
                    and head.text.lower() not in PRONOUNS.keys() | SELF:
                found = describe(self.ctx, self.with_following(subj, head, cue.start), cue.start, head=head,
                                 said_by=self.gender_shown(cue))
                if found:
                    return found
            if (head.feats.get("VerbForm") == "Part" or head.pos == "ADJ") and head.feats.get("Case") == "Nom" \
                    and head.feats.get("Variant") != "Short" and head.start not in self.ctx.by_offset \
                    and not any(t.pos in ("NOUN", "PROPN") and t.feats.get("Case") == "Nom" for t in subj[1:]):
                # «присутствующие в зале начали скандировать», «собравшиеся потребовали»: people named by what they do
                phrase = [t for t in sorted(subj, key=lambda t: t.start) if t.start >= head.start]
                start, end = head.start, phrase[-1].end
                text = self.text[start:end]
                number = "Plur" if head.feats.get("Number") == "Plur" else "Sing"
                return Speaker(text[:1].lower() + text[1:], None, Mention(start, end, text, "nominal"), None, number)
            return resolve(self.ctx, subj, cue.start)
        return None

    def gender_shown(self, cue: Cue) -> str | None:
        """The gender a cue verb or predicate shows («сказала», «уверен»), if any."""
        tok = self.token_at(cue.start)
        gender = tok.feats.get("Gender") if tok is not None and tok.feats.get("Number") != "Plur" else None
        return gender if gender in ("Masc", "Fem") else None

    def phrase_speaker(self, cue: Cue, role: str, toks: list[Token]) -> Speaker | None:
        """The source a cue phrase names: after it («по словам X»), inside it («по её словам»)."""
        if role == "none":
            return None
        if role == "self":
            outer = self.around(cue.start)
            return self.speaker_of_span.get(outer[-1].open) if outer else None
        if role == "anaphor":
            return resolve(self.ctx, [t for t in toks if cue.start <= t.start < cue.end], cue.start, possessive=True)
        after = [t for t in toks if t.start >= cue.end]
        rest = self.past_outlet(after)
        if rest and rest[0].text.lower() in ("в", "во") and re.search(r"(ли|ют|ят|ут|ат)$", cue.text):
            found = self.place_source(cue, rest)  # «Как сообщили РИА Новости в пресс-службе ...»
            if found:
                return found
        if rest is not after and any(t.feats.get("Case") == "Nom" and t.pos in ("NOUN", "PROPN") for t in rest[:3]):
            after = rest  # «Как уточнили Интерфаксу источники в ...»: the outlet is told
        if lemma(cue.text.split()[0]) in QUOTING:  # «цитирует ТАСС министра»; «цитирует его ТАСС»
            after = self.past_outlet(after)
            if after and after[0].text.lower() in ("его", "ее", "её", "их"):  # the one quoted
                return resolve(self.ctx, after[:1], cue.end, possessive=True)
        found = resolve(self.ctx, after, cue.end)
        if found is None or found.entity is None and found.mention is not None and found.mention.start > after[0].start:
            nouns = [t for k, t in enumerate(after) if t.pos == "NOUN" and noun_class(lemma(t.text)) is None
                     and not (k and after[k - 1].pos == "ADP" and not one_of(after, k))  # «во вторник» is no source
                     and t.feats.get("Case") != "Dat"]  # «как сообщил журналу ...»: the addressee
            if nouns and not (found and found.entity):
                return describe(self.ctx, after, cue.end, head=nouns[0]) or found
        return found


def in_place_phrase(toks: list[Token], k: int) -> bool:
    """Whether the name at ``toks[k]`` stands in apposition to a noun in the prepositional case
    right before it («в микроблоге Twitter», «на сайте «Лента.ру»»), which the parser may take
    for a subject."""
    j = k - 1
    while j >= 0 and toks[j].text in "«\"„“":
        j -= 1
    return toks[k].pos == "PROPN" and j >= 0 and toks[j].pos == "NOUN" and toks[j].feats.get("Case") == "Loc"


def nominative_form(word: str) -> bool:
    """Whether a word may be a singular nominative («Айгерим», «Петра» may; «Ивана» may not)."""
    return any(p.tag.case == "nomn" and p.tag.number in ("sing", None) for p in parse_word(word.lower()))
