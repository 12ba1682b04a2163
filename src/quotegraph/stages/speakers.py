"""Who is speaking: a speaker phrase next to a cue, resolved to a canonical name.

Order of evidence, nearest to the cue first: a named entity (person, then organisation or
place), a personal pronoun (resolved to the latest speaker or person of its gender and
number), a description («эксперт», «пресс-служба полиции»: the person introduced with that
role, else the description itself in the nominative).
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..lexicon import lemma, role_nouns
from ..model import Entity, Mention
from ..nlp import Token, parse_word
from .inflect import genitive_name, inflect_word, nominative_phrase
from .history import History
from .roles import words
from .referents import kind_of_noun, leaders, org_kinds, org_of_kind, person_with_role, role_heads, state_of_capital

PRONOUNS = {  # form → (gender, number)
    "он": ("Masc", "Sing"), "его": ("Masc", "Sing"), "него": ("Masc", "Sing"), "ему": ("Masc", "Sing"),
    "она": ("Fem", "Sing"), "ее": ("Fem", "Sing"), "её": ("Fem", "Sing"), "нее": ("Fem", "Sing"),
    "неё": ("Fem", "Sing"), "ей": ("Fem", "Sing"),
    "они": (None, "Plur"), "их": (None, "Plur"), "них": (None, "Plur"),
}
ANONYMOUS = {"собеседник", "источник"}  # sources that stay unnamed: «собеседник ТАСС», then «собеседник»
GENERIC_SOURCES = {"эксперт", "аналитик", "специалист", "спикер", "автор",
                   "представитель", "пресс-секретарь", "политик", "чиновник", "глава", "руководитель"}
HEADS = {"глава", "руководитель"}  # «глава столичной полиции»: one person, spoken of before; a «представитель» may be anyone
SOURCE_NOUNS = {"пресс-служба", "служба", "ведомство", "министерство", "издание", "агентство", "газета",
                "телеканал", "сми", "полиция", "прокуратура", "суд", "администрация", "правительство",
                "мэрия", "власть", "штаб", "команда", "сторона", "организация", "компания", "заявление",
                "сообщение", "документ", "релиз", "канал", "врач", "сотрудник", "житель", "очевидец",
                "свидетель", "родитель", "адвокат", "семья", "друг", "знакомый", "коллега", "ученый",
                "исследователь", "журналист", "участник", "экипаж", "депутат", "следователь"}
FEMALE_NAME_END = re.compile(r"(а|я|ова|ева|ина|ская)$")
# the nouns of a place that a body works for: «управление ... по Томской области»
PLACE_NOUNS = {"область", "край", "район", "округ", "республика", "город", "регион", "штат", "провинция", "столица"}


@dataclass(frozen=True)
class Speaker:
    name: str | None
    entity: str | None
    mention: Mention | None
    gender: str | None = None
    number: str = "Sing"


@dataclass
class SpeakerContext:
    """What resolution needs from the document, and the speakers seen so far, in text order."""
    text: str
    entities: list[Entity]
    genders: dict[str, str | None]
    by_offset: dict[int, Entity] = field(default_factory=dict)
    name_at: dict[tuple[str, int], Mention] = field(default_factory=dict)  # (entity id, offset) → its first name mention there
    history: History = field(default_factory=History)  # (offset, speaker) remembered
    subjects: list[tuple[int, Entity]] = field(default_factory=list)  # persons named as subjects
    org_kinds: dict[str, set[str]] = field(default_factory=dict)  # organisation id → its kinds, once asked
    # plural sources as subjects: (offset, the speaker) for two named ones («ГИБДД и МЧС»), (offset,
    # (tokens around, head)) for a description («представители Роскосмоса»), resolved when asked
    plural_sources: list[tuple[int, object]] = field(default_factory=list)
    # singular people described as subjects («его дочь сообщила»): (offset, (tokens around, head))
    described_subjects: list[tuple[int, object]] = field(default_factory=list)
    _types: dict[str, str] = field(default_factory=dict)  # entity id → type, filled when first asked
    tokens: list[Token] = field(default_factory=list)  # the article's, in order
    token_index: dict[int, int] = field(default_factory=dict)  # a token's end offset → its index

    @classmethod
    def build(cls, text: str, entities: list[Entity], tokens: list[Token] = ()) -> "SpeakerContext":
        starts = [t.start for t in tokens]
        ctx = cls(text, entities, {e.id: entity_gender(e, tokens, starts) for e in entities},
                  tokens=list(tokens), token_index={t.end: i for i, t in enumerate(tokens)})
        for e in entities:
            for m in e.mentions:
                if m.kind == "name":
                    for i in range(m.start, m.end):
                        ctx.by_offset[i] = e
                        ctx.name_at.setdefault((e.id, i), m)
        return ctx

    enclosing: dict[tuple[int, int], Speaker] = field(default_factory=dict)  # quoted spans' (start, end) → speaker
    spans_around: Callable[[int], list] = lambda at: []  # the quoted spans holding an offset, outermost first

    def type_of(self, entity_id: str | None) -> str | None:
        """An entity's type by its id (PER, ORG, LOC, ...)."""
        if not self._types and self.entities:
            self._types.update((e.id, e.type) for e in self.entities)
        return self._types.get(entity_id)

    def speaker_at(self, at: int) -> Speaker | None:
        """The speaker of the innermost attributed quote around ``at``."""
        for q in reversed(self.spans_around(at)):
            if (q.start, q.end) in self.enclosing:
                return self.enclosing[(q.start, q.end)]
        return None

    def remember(self, at: int, speaker: Speaker) -> None:
        if speaker.name:
            self.history.append((at, speaker))


def entity_gender(e: Entity, tokens: list[Token] = (), starts: list[int] | None = None) -> str | None:
    """A person's gender: from the article, where past-tense verbs right after the name in the
    nominative agree with it («Комуро сказал», «Хьюстон умерла») and all show one gender; else
    from the canonical name."""
    if e.type != "PER":
        return None
    from .names import gender_of_name
    gender = gender_of_name(e.name)
    if not tokens:
        return gender
    import bisect
    starts = [t.start for t in tokens] if starts is None else starts  # (the tokens' starts)
    votes: dict[str, int] = {}
    for m in e.mentions:
        if m.kind != "name":
            continue
        i = bisect.bisect_left(starts, m.end)
        if i == 0 or tokens[i - 1].feats.get("Case") not in ("Nom", None):
            continue  # («жена Ивана Петрова сказала»: the verb is hers)
        for t in tokens[i:i + 2]:
            g = t.feats.get("Gender")
            if t.pos in ("VERB", "AUX") and t.feats.get("Tense") == "Past" and g in ("Masc", "Fem"):
                votes[g] = votes.get(g, 0) + 1
                break
            if t.text in ".,;:!?«»\"()":
                break
    if len(votes) == 1 and max(votes.values()) >= 1:  # what its verbs show, over what its name seems to
        return next(iter(votes))
    return gender


OBLIQUE = {"его", "него", "ему", "ее", "её", "нее", "неё", "ей", "их", "них", "им"}


def resolve(ctx: SpeakerContext, tokens: list[Token], cue_at: int, possessive: bool = False,
            said_by: str | None = "Masc") -> Speaker | None:
    """The speaker among ``tokens`` (a phrase next to the cue at ``cue_at``), or None; ``said_by``
    as in ``describe``."""
    if not tokens:
        return None
    ordered = sorted(tokens, key=lambda t: (t.feats.get("Case") != "Nom", abs(t.start - cue_at)))
    subjects = [t for t in ordered if t.feats.get("Case") in ("Nom", None)]
    if any(t.pos in ("NOUN", "PROPN") and t.feats.get("Case") == "Nom" for t in subjects):
        # beside a subject, a dative is the addressee («сказал министр губернатору»), never the
        # speaker; without one it may hold the view («Ему кажется»)
        ordered = [t for t in ordered if t.feats.get("Case") != "Dat"]
    person = named(ctx, subjects, {"PER"})  # a person named as a subject
    if person:
        return person
    owned = None if possessive else owner_described(ctx, subjects, ordered)
    if owned is not None:  # «соседка актёра», «семья журналистки»: the one described, not the owner
        found = describe(ctx, tokens, cue_at, head=owned)
        if found is not None:
            return found
    if not possessive and any(t.text.lower() in ("он", "она", "они") for t in subjects):
        ordered = subjects  # «он ... прокомментировал отравление Скрипалей»: the pronoun is the subject
    else:
        person = named(ctx, ordered, {"PER"})
        if person:
            return person
    for t in ordered:  # a pronoun: a subject («он»); a possessive («его») only inside «по его словам»
        low = t.text.lower()
        if low in OBLIQUE and not possessive:
            continue
        if low in ("я", "мы", "ты", "вы"):  # first or second person: whoever speaks around it
            inside = ctx.speaker_at(t.start)
            mention = Mention(t.start, t.end, t.text, "pronoun")
            return Speaker(inside.name, inside.entity, mention, inside.gender) if inside \
                else Speaker(None, None, mention)
        if low in PRONOUNS:
            gender, number = PRONOUNS[low]
            found = antecedent(ctx, t.start, gender, number)
            mention = Mention(t.start, t.end, t.text, "pronoun")
            if found:
                return Speaker(found.name, found.entity, mention, found.gender, number)
            return Speaker(None, None, mention, gender, number)
    org = named(ctx, ordered, {"ORG", "LOC"})
    if org is not None and org.mention is not None:
        before = [t for t in tokens if t.end <= org.mention.start and t.text not in "«\"„“"]
        head = before[-1] if before and ctx.text[before[-1].end:org.mention.start].strip(" «\"") == "" else None
        if head is not None and head.feats.get("Case") == "Dat" and len(ordered) < len(tokens):
            # «сообщил агентству AFP»: beside a subject, the body named after a dative is the addressee
            return resolve(ctx, [t for t in tokens if not head.start <= t.start < org.mention.end], cue_at,
                           possessive, said_by)
        if head is not None and head.pos == "NOUN" and lemma(head.text) in source_heads() \
                and not (kind_of_noun(head.text) and ctx.text[head.end:org.mention.start].strip()):
            return describe(ctx, tokens, cue_at, head=head, said_by=said_by) or org  # «сотрудник полиции», «пресс-служба МВД»
        if len(before) >= 2 and before[-1].text.lower() in ("в", "во", "из") \
                and lemma(before[-2].text) in ANONYMOUS:  # «источник в Кремле»: the source, not the place
            return describe(ctx, tokens, cue_at, head=before[-2], said_by=said_by) or org
    if org is not None and org.mention is not None and ctx.by_offset[org.mention.start].type == "ORG":
        return fuller(ctx, tokens, org)
    return org or describe(ctx, tokens, cue_at, said_by=said_by)


def newcomer(ctx: SpeakerContext, tokens: list[Token], head: Token) -> Speaker | None:
    """Someone introduced by a plain noun («33-летний мужчина вышел во двор»): a new person,
    named by the description itself, not anyone named before; None for other heads."""
    if lemma(head.text) not in PERSON_NOUNS:
        return None
    k = tokens.index(head)
    while k > 0 and tokens[k - 1].pos in ("ADJ", "NUM") and tokens[k - 1].feats.get("Case") in ("Nom", None):
        k -= 1
    if k > 0 and tokens[k - 1].text.lower() in ("его", "ее", "её", "их", "сам", "сама", "этот", "эта", "тот", "та"):
        return None  # «его дочь», «сама женщина»: someone known
    phrase = tokens[k:tokens.index(head) + 1]
    start, end = phrase[0].start, phrase[-1].end
    name = nominative_phrase(phrase)
    gender = {"Fem": "Fem", "Masc": "Masc"}.get(head.feats.get("Gender"))
    return Speaker(name[:1].lower() + name[1:], None, Mention(start, end, ctx.text[start:end], "nominal"), gender, "Sing")


def owner_described(ctx: SpeakerContext, subjects: list[Token], ordered: list[Token]) -> Token | None:
    """The head of a subject that describes someone by a person named after it in the genitive
    («отец Сингха», «дети журналистки Анны Петровой», «владельцы компании»), or None."""
    heads = [t for t in subjects if t.pos == "NOUN" and t.feats.get("Case") == "Nom" and t.start not in ctx.by_offset
             and (t.feats.get("Animacy") == "Anim" or lemma(t.text) in source_heads())]
    if not heads:
        return None
    head = heads[0]
    owners = [t for t in ordered if t.start > head.start and t.feats.get("Case") == "Gen"]
    return head if named(ctx, owners, {"PER"}) is not None else None


def source_heads() -> frozenset[str]:
    """Nouns that head a description of a source: roles, generic and anonymous sources, bodies."""
    return role_nouns() | GENERIC_SOURCES | ANONYMOUS | SOURCE_NOUNS | PERSON_NOUNS


def entity_speaker(ctx: SpeakerContext, e: Entity, at: int) -> Speaker:
    """The entity as the speaker, through its name mention at offset ``at``."""
    m = ctx.name_at[(e.id, at)]
    state = state_of_capital(ctx.text, ctx.entities, e, m.start)
    if state is not None:  # «Пекин заявил»: the state
        return Speaker(state[0], state[1].id if state[1] else None, m, None)
    return Speaker(e.name, e.id, m, ctx.genders.get(e.id))


def is_outlet(ctx: SpeakerContext, e: Entity | None) -> bool:
    """Whether the entity is a news outlet (``referents.org_kinds``, asked once per article)."""
    if e is None or e.type != "ORG":
        return False
    if e.id not in ctx.org_kinds:
        ctx.org_kinds[e.id] = org_kinds(ctx.text, e)
    return "media" in ctx.org_kinds[e.id]


def named(ctx: SpeakerContext, ordered: list[Token], types: set[str]) -> Speaker | None:
    """The named entity of one of ``types`` nearest the cue."""
    for t in ordered:
        e = ctx.by_offset.get(t.start)
        if e is not None and e.type in types and t.pos != "ADJ":  # «немецкий» names no speaker
            return entity_speaker(ctx, e, t.start)
    return None


SITE = re.compile(r"[\w-]+(\.[\w-]+)*\.(ru|su|com|net|org|info|io|ua|by|kz|рф)\b", re.I)


def abbreviation(t: Token) -> bool:
    """«МВД», «ГУ», «РФ»: letters in capitals, which the tagger gives no reliable case."""
    return len(t.text) >= 2 and t.text.isupper() and t.text.isalpha()


def site_end(ctx: SpeakerContext, tokens: list[Token], j: int) -> int:
    """The index after a site's name starting at ``tokens[j]`` («vc.ru», «Газета.ру» in one or
    several tokens), which has no case; ``j`` where none starts there."""
    m = SITE.match(ctx.text, tokens[j].start) if j < len(tokens) else None
    if m is None:
        return j
    k = j
    while k < len(tokens) and tokens[k].end <= m.end():
        k += 1
    return k if tokens[k - 1].end == m.end() else j


def place_after(ctx: SpeakerContext, tokens: list[Token], j: int) -> int:
    """The end of «по» + a place in the dative right at ``j`` («по Томской области», «по
    Москве»): the region a body serves, part of its name; ``j`` where there is none."""
    if j >= len(tokens) or tokens[j].text.lower() != "по":
        return j
    k = j + 1
    while k < len(tokens) and tokens[k].pos == "ADJ" and tokens[k].feats.get("Case") == "Dat":
        k += 1
    if k < len(tokens) and tokens[k].feats.get("Case") == "Dat" and tokens[k].pos in ("NOUN", "PROPN") and (
            lemma(tokens[k].text) in PLACE_NOUNS or getattr(ctx.by_offset.get(tokens[k].start), "type", None) == "LOC"):
        return k + 1
    return j


def where_from(tokens: list[Token], j: int) -> int:
    """The end of «в» / «во» / «из» + a body or place right at ``j`` («в правительстве», «из
    окружения министра»): where an unnamed source sits, part of its description."""
    if j + 1 >= len(tokens) or tokens[j].text.lower() not in ("в", "во", "из"):
        return j
    k = j + 1
    case = "Gen" if tokens[j].text.lower() == "из" else "Loc"
    while k < len(tokens) and tokens[k].pos == "ADJ" and tokens[k].feats.get("Case") == case:
        k += 1
    if k < len(tokens) and tokens[k].pos in ("NOUN", "PROPN") and tokens[k].feats.get("Case") in (case, None):
        k += 1
        while k < len(tokens) and (tokens[k].pos in ("NOUN", "PROPN") and tokens[k].feats.get("Case") == "Gen"
                                   or abbreviation(tokens[k])):  # «в аппарате правительства»
            k += 1
        return k
    return j


def name_tail(ctx: SpeakerContext, tokens: list[Token], j: int) -> int:
    """The end of what completes an organisation's name from ``tokens[j]`` on: organisations
    and places in the genitive, abbreviations, and the region it serves («Управление» +
    «Роспотребнадзора по Томской области», «прокуратура района» + «Саратова»)."""
    while j < len(tokens):
        t = tokens[j]
        e = ctx.by_offset.get(t.start)
        if abbreviation(t) or e is not None and e.type in ("ORG", "LOC") and t.pos != "ADJ" \
                and t.feats.get("Case") in ("Gen", None):
            j += 1
            continue
        if t.pos == "ADJ" and t.feats.get("Case") == "Gen" and j + 1 < len(tokens) \
                and ctx.by_offset.get(tokens[j + 1].start) is not None:  # «Томской» before «области»
            j += 1
            continue
        after = place_after(ctx, tokens, j)
        if after == j:
            break
        j = after
    return j


def fuller(ctx: SpeakerContext, tokens: list[Token], org: Speaker) -> Speaker:
    """An organisation speaker by the fullest name the phrase gives it: «Управление» followed
    by «Роспотребнадзора по Томской области» is the whole; the entity stays the head's."""
    m = org.mention
    if m is None:
        return org
    tokens = sorted(tokens, key=lambda t: t.start)
    ends = [i for i, t in enumerate(tokens) if t.end == m.end]
    if not ends:
        return org
    start = next((i for i, t in enumerate(tokens) if t.start >= m.start), ends[0])
    end = name_tail(ctx, tokens, ends[0] + 1)
    if end == ends[0] + 1:
        return org
    phrase = tokens[start:end]
    mention = Mention(phrase[0].start, phrase[-1].end, ctx.text[phrase[0].start:phrase[-1].end], m.kind)
    return Speaker(nominative_phrase(phrase), org.entity, mention, org.gender, org.number)


def antecedent(ctx: SpeakerContext, at: int, gender: str | None, number: str, mentioned: bool = True) -> Speaker | None:
    """What a pronoun at ``at`` refers to: the latest speaker or the latest person named as a
    subject (outside other quotes), whichever came last, agreeing in gender and number; else,
    if ``mentioned``, the person named last."""
    latest = ctx.history.latest_before(at, lambda h: h[1].number == number and (gender is None or h[1].gender in (gender, None)))
    found: list[tuple[int, Speaker]] = [latest] if latest else []
    if number == "Sing":
        found += [(pos, Speaker(e.name, e.id, None, ctx.genders.get(e.id))) for pos, e in ctx.subjects
                  if pos < at and (gender is None or ctx.genders.get(e.id) in (gender, None))]
        last = max((h[0] for h in found), default=-1)
        i = bisect.bisect_left(ctx.described_subjects, (at,))  # (in text order: the latest few before)
        described = [(pos, source) for pos, source in ctx.described_subjects[max(0, i - 4):i] if pos > last
                     and (gender is None or source[1].feats.get("Gender") in (gender, None)
                          or lemma(source[1].text) not in PERSON_NOUNS)]
        if described and mentioned:  # a person described as a subject after all named ones
            pos, (tokens, head) = described[-1]
            person = newcomer(ctx, tokens, head) or describe(ctx, tokens, pos, head=head, said_by=gender)
            kin = lemma(head.text) in PERSON_NOUNS
            if person is not None and person.name and person.number == "Sing" \
                    and (ctx.type_of(person.entity) == "PER" or person.entity is None and kin) \
                    and (gender is None or person.gender in (gender, None)):  # (a role resolves to a person, or is no one)
                return Speaker(person.name, person.entity, None, person.gender or gender, "Sing")
    if number == "Plur":  # «они», «их»: a plural source described as a subject, if one came later
        described = [(pos, source) for pos, source in ctx.plural_sources if pos < at
                     and (not found or pos > max(h[0] for h in found))]
        if described:
            pos, source = described[-1]
            plural = source if isinstance(source, Speaker) else describe(ctx, source[0], pos, head=source[1])
            if plural is not None and plural.name:
                return Speaker(plural.name, plural.entity, None, None, "Plur")
    if found:
        return max(found, key=lambda h: h[0])[1]
    if number != "Sing" or not mentioned:
        return None
    best = None
    for e in ctx.entities:
        if e.type != "PER" or (gender and ctx.genders.get(e.id) not in (gender, None)):
            continue
        before = [m for m in e.mentions if m.end <= at]
        if before and (best is None or before[-1].start > best[0]):
            best = (before[-1].start, e)
    if best:
        e = best[1]
        return Speaker(e.name, e.id, None, ctx.genders.get(e.id))
    return None


PERSON_NOUNS = {"женщина", "мужчина", "девушка", "парень", "человек", "мать", "отец", "сын", "дочь", "жена",
                "муж", "вдова", "певица", "певец", "артист", "артистка", "актер", "актриса", "музыкант",
                "писатель", "спортсмен", "пограничник", "солдат", "пенсионер", "старик", "бизнесмен"}
# relatives who speak together («братья и сестры певца утверждали»), for «они»
KIN = {"брат", "сестра", "внук", "внучка", "дедушка", "бабушка", "дядя", "тетя", "племянник", "племянница", "ребенок"}
ORG_DESCRIPTIONS = {"издание", "агентство", "газета", "министерство", "ведомство", "телеканал", "компания",
                    "концерн", "организация", "партия", "журнал", "портал", "сайт", "корпорация", "банк"}


def describe(ctx: SpeakerContext, tokens: list[Token], cue_at: int, head: Token | None = None,
             said_by: str | None = "Masc") -> Speaker | None:
    """A description, resolved (``stages/referents.py``): the person introduced with that role,
    the organisation of its kind, the leader, the person spoken of last; else the description
    itself. ``head`` is the description's head noun when the syntax tree gave it; ``said_by`` the
    gender its verb shows (None: it shows none), which a masculine title («директор») yields to."""
    if head is not None and head in tokens:
        i = tokens.index(head)
    else:
        heads = [i for i, t in enumerate(tokens) if t.pos == "NOUN" and (lemma(t.text) in role_nouns()
                 or lemma(t.text) in GENERIC_SOURCES | ANONYMOUS or lemma(t.text) in SOURCE_NOUNS)]
        if not heads:
            return None
        i = min(heads, key=lambda i: abs(tokens[i].start - cue_at))
    head = lemma(tokens[i].text)
    j = i + 1
    while j < len(tokens):
        t = tokens[j]
        if t.text in "«\"„" and j + 1 < len(tokens):  # «пресс-служба «Киностудии КИТ»»: a name in marks
            close = next((k for k in range(j + 1, min(j + 8, len(tokens))) if tokens[k].text in "»\"“"), None)
            if close is None or j > i + 1 and tokens[j + 1].feats.get("Case") == "Dat" \
                    and is_outlet(ctx, ctx.by_offset.get(tokens[j + 1].start)):
                break  # («в пресс-службе «Ростелекома» «Интерфаксу» пояснили»: the outlet is told)
            j = close + 1
            continue
        if site_end(ctx, tokens, j) > j:  # «собеседник vc.ru»
            j = site_end(ctx, tokens, j)
            continue
        if t.pos in ("NOUN", "PROPN", "ADJ", "DET", "NUM") and t.feats.get("Case") in ("Gen", None) \
                or t.pos == "VERB" and t.feats.get("Case") == "Gen" \
                or t.pos == "PROPN" and (t.text.isupper() or t.start in ctx.by_offset) and t.feats.get("Case") != "Dat" \
                or abbreviation(t):  # «собеседник ТАСС»; not the addressee: «министр Петрову»
            j += 1
            continue
        if t.text.lower() == "и" and j + 1 < len(tokens) and joins(ctx, tokens[j + 1], tokens[i]):
            j += 2  # «местные жители и активисты», «родители и адвокат»: one source of two
            continue
        after = place_after(ctx, tokens, j) if j > i + 1 else j  # «пресс-служба ГУ МВД по Москве»
        if after == j and head in ANONYMOUS and all(t.start in ctx.by_offset or abbreviation(t) or t.text in "«»\""
                                                    for t in tokens[i + 1:j]):
            # «источник в правительстве», «собеседник в Кремле», «источник РБК в правительстве»
            after = where_from(tokens, j)
        if after > j:
            j = after
            continue
        break
    k = i
    while k > 0 and tokens[k - 1].pos in ("ADJ", "DET"):
        k -= 1
    if k >= 2 and tokens[k - 1].text.lower() == "и" and joins(ctx, tokens[k - 2], tokens[i]):
        k -= 2  # «жена и адвокат Петра Власова»: the first of two described together
        while k > 0 and tokens[k - 1].pos in ("ADJ", "DET"):
            k -= 1
    phrase = tokens[k:j]
    mention = Mention(phrase[0].start, phrase[-1].end, ctx.text[phrase[0].start:phrase[-1].end], "nominal")
    number = "Plur" if tokens[i].feats.get("Number") == "Plur" or any(t.text.lower() == "и" for t in phrase) \
        else "Sing"
    at = tokens[k].start
    gender = None if head in GENERIC_SOURCES else {"Fem": "Fem", "Masc": "Masc"}.get(tokens[i].feats.get("Gender"))
    if gender == "Masc" and said_by != "Masc" and head in role_nouns() and head not in PERSON_NOUNS:
        gender = said_by  # «директор», «капитан» name women too: the verb tells («сказала»); «певица» tells
    animate = head not in ANONYMOUS and (tokens[i].feats.get("Animacy") == "Anim"
                                         or head in role_nouns() | GENERIC_SOURCES | PERSON_NOUNS)
    bare = j == i + 1 and all(t.pos in ("ADJ", "DET") or t is tokens[i] for t in phrase)
    # «пресс-секретарь губернатора», «адвокат Маркива», «соседка актёра»: someone else's associate
    associate = any(t.start in ctx.by_offset and ctx.by_offset[t.start].type == "PER"
                    or t.pos == "NOUN" and t.feats.get("Animacy") == "Anim" for t in tokens[i + 1:j])
    named_here = appositive_person(ctx, tokens, i, j)
    if named_here is not None:  # «по словам представителя СК Ивана Петрова»: the role and its holder
        return Speaker(named_here.name, named_here.id, mention, ctx.genders.get(named_here.id), number)
    if animate and not associate:  # the person introduced with this role, named last
        e = person_with_role(ctx.entities, ctx.genders, at, {head}, gender)
        if e is not None:
            return Speaker(e.name, e.id, mention, ctx.genders.get(e.id), number)
    if associate:  # «племянник долгожителя», «команда россиянина»: the associate of the one named before
        whose = owner_named(ctx, tokens, k, i, j, at)
        if whose is not None:  # («одного из советников губернатора»: «один из советников Ивана Петрова»)
            return one_of_many(ctx, tokens, k, f"{ctx.text[tokens[k].start:tokens[i].end]} {whose[1]}", phrase[-1].end) \
                or Speaker(f"{whose[0]} {whose[1]}", None, mention, None, number)
    if associate and tokens[i].feats.get("Animacy") == "Anim" and j > i + 1:
        e = ctx.by_offset.get(tokens[i + 1].start)
        if e is not None and e.type == "PER" and all(ctx.by_offset.get(t.start) is e for t in tokens[i + 1:j]):
            # «отец Сингха» → «отец Рама Сингха»: the owner by the full name the article gives
            held = nominative_phrase(tokens[k:i + 1])
            return Speaker(f"{held[:1].lower() + held[1:]} {genitive_name(e.name, ctx.genders.get(e.id))}", None, mention,
                           None, number)
    owner = tokens[i - 1].text.lower() if i > 0 else ""
    if owner in ("его", "ее", "её", "их") and tokens[i].feats.get("Animacy") == "Anim":
        found = antecedent(ctx, tokens[i - 1].start, None if owner == "их" else
                           ("Masc" if owner == "его" else "Fem"), "Plur" if owner == "их" else "Sing")
        if found and found.entity and (owner == "их" or found.gender is not None):
            # «Его дочь»: the daughter of the person named before (a person: «его» is no channel)
            start = tokens[i - 1].start
            mention = Mention(start, phrase[-1].end, ctx.text[start:phrase[-1].end], "nominal")
            return Speaker(f"{lemma(tokens[i].text)} {genitive_name(found.name)}", None, mention, None, number)
    if bare and kind_of_noun(head) and number == "Sing":  # «издание», «ведомство»: the organisation of that kind named last
        org = org_of_kind(ctx.text, ctx.entities, at, head, ctx.org_kinds)  # («сайт кабмина» names its own)
        if org is not None:
            return Speaker(org.name, org.id, mention, None, number)
    if head in leaders() and number == "Sing" and not associate:  # «глава государства»: the leader named last
        e = person_with_role(ctx.entities, ctx.genders, at, title_holders(head), gender)
        if e is not None:
            return Speaker(e.name, e.id, mention, ctx.genders.get(e.id), number)
    if number == "Sing" and animate and (bare or not associate and head not in ANONYMOUS | GENERIC_SOURCES - HEADS
                                          and head not in words("role_relational.txt")):
        found = antecedent(ctx, at, gender, number, mentioned=bare)  # «эксперт», «ветеран футбола»: the person spoken of last
        if found and found.entity and not (head in leaders() and other_title(ctx, found.entity, head)):
            return Speaker(found.name, found.entity, mention, found.gender, number)
    many = one_of_many(ctx, tokens, k, ctx.text[phrase[0].start:phrase[-1].end], phrase[-1].end)
    if many:  # («один из экспертов»: one of many)
        return many
    found = unresolved(phrase, tokens[i], mention, number)
    return with_aside(ctx, found, tokens[i]) if head in ANONYMOUS else found


def with_aside(ctx: SpeakerContext, speaker: Speaker, head: Token) -> Speaker:
    """An anonymous source with the modifier set off after it, which is all that tells it
    apart: «источник, близкий к следствию», «собеседник, знакомый с ходом переговоров»."""
    m = speaker.mention
    at = ctx.token_index.get(m.end) if m else None
    if at is None or at + 1 >= len(ctx.tokens) or ctx.tokens[at + 1].text != ",":
        return speaker
    close = modifier_aside(ctx.tokens, at + 2, ",.;")
    first = ctx.tokens[at + 2] if close else None
    if close is None or first.feats.get("Case") != head.feats.get("Case"):
        return speaker
    number = "plur" if head.feats.get("Number") == "Plur" else "sing"
    gender = {"Masc": "masc", "Fem": "femn", "Neut": "neut"}.get(head.feats.get("Gender")) if number == "sing" else None
    grams = {"nomn", number} | ({gender} if gender else set())
    form = inflect_word(first, grams, "PRTF" if first.pos == "VERB" else "ADJF") \
        or inflect_word(first, grams, "ADJF" if first.pos == "VERB" else "PRTF")
    end = ctx.tokens[close - 1].end
    rest = ctx.text[first.end:end]
    name = f"{speaker.name}, {form[0] if form else first.text}{rest}"
    return Speaker(name, speaker.entity, Mention(m.start, end, ctx.text[m.start:end], m.kind), speaker.gender, speaker.number)


def modifier_aside(tokens: list[Token], k: int, ends: str = ",") -> int | None:
    """The index of the comma closing an adjective or participle set off after a noun, when
    ``tokens[k]`` opens one («источник, [близкий к следствию], ...», «собеседник, [пожелавший
    остаться неизвестным]», «данным, [объявленным поздним вечером]»): it takes a complement,
    not a noun of its own, and holds no finite verb; None otherwise. ``ends``: the marks that may close it."""
    if k + 1 >= len(tokens) or not is_full_modifier(tokens[k]):
        return None
    nxt = tokens[k + 1]
    if nxt.pos not in ("ADP", "ADV") and nxt.feats.get("VerbForm") != "Inf" and not (
            tokens[k].pos == "VERB" and not (nxt.pos in ("NOUN", "PROPN", "ADJ")
                                             and nxt.feats.get("Case") == tokens[k].feats.get("Case"))):
        return None  # («выросшие цены ударят»: a participle of the noun after it opens the clause)
    for m in range(k + 1, min(k + 10, len(tokens))):
        t = tokens[m]
        if t.text in ends:
            return m
        if t.text in ",.;:!?—–()" or t.pos in ("VERB", "AUX") and t.feats.get("VerbForm") == "Fin":
            return None
    return None


def is_full_modifier(t: Token) -> bool:
    """A full adjective or participle; «знакомый», which the tagger may read as a noun, too."""
    if t.feats.get("Variant") == "Short":
        return False
    return t.pos == "ADJ" or t.pos == "VERB" and t.feats.get("VerbForm") == "Part" \
        or t.pos == "NOUN" and any(p.tag.POS in ("ADJF", "PRTF") for p in parse_word(t.text.lower())[:2])


def one_of_many(ctx: SpeakerContext, tokens: list[Token], k: int, many: str, end: int) -> Speaker | None:
    """«один из экспертов»: the source «один из» (any case) right before ``tokens[k]`` names, one
    of ``many`` as written, its mention running to ``end``; None without «один из»."""
    one = one_of(tokens, k)
    if one is None:
        return None
    start = tokens[k - 2].start
    return Speaker(f"{one} из {many}", None, Mention(start, end, ctx.text[start:end], "nominal"),
                   "Fem" if one == "одна" else None, "Sing")


def one_of(tokens: list[Token], k: int) -> str | None:
    """«один» or «одна» when «один из» (in any case) stands right before ``tokens[k]``."""
    if k < 2 or tokens[k - 1].text.lower() != "из" or lemma(tokens[k - 2].text) != "один":
        return None
    return "одна" if tokens[k - 2].text.lower() in ("одна", "одной", "одну", "одною") else "один"


def owner_named(ctx: SpeakerContext, tokens: list[Token], k: int, i: int, j: int, at: int) -> tuple[str, str] | None:
    """«племянник долгожителя» as («племянник», «Дзироэмона Кимуры»): a description in the
    nominative and its owner (``tokens[i + 1:j]``, a described person in the genitive) named, when
    the owner resolves to a person named before; None when the owner is named in the phrase itself
    or resolves to no one."""
    if any(getattr(ctx.by_offset.get(t.start), "type", None) == "PER" for t in tokens[i + 1:j]):
        return None
    dep = next((p for p in range(i + 1, j) if tokens[p].pos == "NOUN"), None)
    if dep is None or tokens[dep].feats.get("Animacy") != "Anim" or tokens[dep].feats.get("Case") != "Gen" \
            or tokens[dep].feats.get("Number") == "Plur":
        return None
    gender = "Fem" if tokens[dep].feats.get("Gender") == "Fem" else \
        "Masc" if lemma(tokens[dep].text) in PERSON_NOUNS else None  # («певца» is a man; «министра» may not be)
    e = person_with_role(ctx.entities, ctx.genders, at, {lemma(tokens[dep].text)}, gender)
    name = e.name if e is not None else None
    if name is None and all(t.pos in ("ADJ", "DET", "VERB") for t in tokens[i + 1:j] if t is not tokens[dep]):
        found = antecedent(ctx, at, gender, "Sing", mentioned=False)  # the person spoken of last
        name = found.name if found is not None and found.entity else None
    if name is None:
        return None
    own = nominative_phrase(tokens[k:i + 1])
    return own[:1].lower() + own[1:], genitive_name(name)


ANY_LEADER = {"глава", "лидер", "руководитель", "шеф"}  # whoever leads, whatever their title


def title_holders(head: str) -> set[str]:
    """The titles a leader's description may name someone introduced with: its own («мэр» is not
    the governor; «премьер» is the премьер-министр), and for «глава», «лидер» any leader's."""
    if head in ANY_LEADER:
        return set(leaders())
    return {head} | ANY_LEADER | {h for h in leaders() if h.startswith(head + "-") or head.startswith(h + "-")}


def other_title(ctx: SpeakerContext, entity: str, head: str) -> bool:
    """Whether the person was introduced with titles, none of which the title ``head`` may name
    («министр Илья Фомин» is not «президент»)."""
    e = next((e for e in ctx.entities if e.id == entity), None)
    heads = role_heads(e) if e is not None else set()
    return bool(heads) and not heads & title_holders(head)


def joins(ctx: SpeakerContext, other: Token, head: Token) -> bool:
    """Whether a noun joined by «и» to a subject's description head describes a source with it:
    both in the nominative, the other a person or a source noun, not a name."""
    return other.pos == "NOUN" and other.feats.get("Case") == head.feats.get("Case") == "Nom" \
        and other.start not in ctx.by_offset \
        and (other.feats.get("Animacy") == "Anim" or lemma(other.text) in source_heads())


def appositive_person(ctx: SpeakerContext, tokens: list[Token], i: int, j: int) -> Entity | None:
    """The person a role heading ``tokens[i:j]`` names, when the name is in the head's case
    after the body the role serves: «представителя СК Ивана Петрова», «пресс-секретарь МИД
    России Анна Орлова». Right after the head («адвоката Маркива») or after another person
    («помощника губернатора Ивана Петрова») the name is someone else's: no apposition."""
    case = tokens[i].feats.get("Case")
    for p in range(i + 2, j):
        e = ctx.by_offset.get(tokens[p].start)
        if e is None or e.type != "PER":
            continue
        between = tokens[i + 1:p]
        body = all(abbreviation(t) or getattr(ctx.by_offset.get(t.start), "type", None) in ("ORG", "LOC")
                   or t.pos in ("ADJ", "NOUN") and t.feats.get("Animacy") != "Anim" for t in between)
        if body and any(abbreviation(t) or t.start in ctx.by_offset for t in between) \
                and case is not None and tokens[p].feats.get("Case") == case:
            return e
        return None
    return None


def unresolved(phrase: list[Token], head: Token, mention: Mention, number: str) -> Speaker:
    """A description as its own speaker, in the nominative («эксперты банка»)."""
    name = nominative_phrase(phrase)
    if head.pos == "PROPN":  # a name the NER missed
        return Speaker(name, None, mention, None, number)
    return Speaker(name[:1].lower() + name[1:] if not name.isupper() else name, None, mention, None, number)
