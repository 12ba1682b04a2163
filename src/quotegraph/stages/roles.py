"""Roles and titles of people: «президент Казахстана», «казахстанский политолог».

A role phrase is ``ADJ* HEAD dependents``: the head an animate role noun (``role_nouns()``, or an
ending from ``lang/ru/role_suffixes.txt``), the dependents genitive words, quoted names, place and
organisation names, «по» + dative; never a person's name. Head and adjectives go to the nominative
and lowercase; dependents stay as written. Each pattern is a small function ``(ctx, i, j) ->
list[Piece]`` over the name tokens ``i:j``, run in the order of ``PATTERNS``; a phrase found is a
role and a ``nominal`` mention. Phrases alone later («эксперт») are left to the quotes stage.
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

from ..lexicon import role_nouns
from ..model import Entity, Mention
from ..nlp import Sentence, Token, parse_word
from .inflect import CASES, GENDERS, inflect_word, join_tokens, tags_of

Piece = tuple[int, int, int]  # token indices: phrase start, head, end (exclusive)
Pattern = Callable[["Context", int, int], list[Piece]]

QUOTE_PAIRS = {"«": "»", "„": "“", "“": "”", '"': '"'}
MAX_QUOTED, MAX_PHRASE = 12, 30  # tokens in a quoted name; tokens from a head to the name
CLOSERS = {",", ".", "!", "?", ";", ":", "—", "–", "-"}
SUBORDINATORS = {"как", "что", "когда", "если", "хотя", "пока", "чтобы"}
PERSON_TAGS = {"Name", "Surn", "Patr"}
OBLIQUE = {"Gen", "Acc"}  # an animate accusative looks genitive; slovnet confuses the two
WORD_POS = {"NOUN", "PROPN", "ADJ", "NUM"}


@functools.cache
def words(name: str) -> frozenset[str]:
    """A word list from ``lang/ru``: role_extra, role_suffixes, role_exceptions, role_relational."""
    lines = (resources.files("quotegraph") / "lang" / "ru" / name).read_text(encoding="utf-8")
    return frozenset(s.strip() for s in lines.splitlines() if s.strip() and not s.startswith("#"))


@functools.cache
def role_lemma(word: str, case: str | None = None, initial: bool = False) -> str | None:
    """The role noun ``word`` is a form of («Президента» → президент), or None. Only animate
    nouns in the tagged case count (roles.txt, learned from NEREL, also has «армия», and
    «политику» may be «политик»); the ending rule wants lowercase: «Шредер» is a name."""
    parses = [p for p in parse_word(word.lower()) if p.tag.POS == "NOUN" and p.tag.animacy == "anim"
              and not PERSON_TAGS & tags_of(p) and (case not in CASES or CASES[case] in tags_of(p))]
    if not parses and "-" in word:  # «хип-хоп-исполнитель»: pymorphy guesses it inanimate
        return role_lemma(word.rsplit("-", 1)[1], case, True)
    known, skip = role_nouns() | words("role_extra.txt"), words("role_exceptions.txt")
    lemmas = [p.normal_form.replace("ё", "е") for p in parses]
    for lem in lemmas:
        if lem not in skip and (lem in known or lem.split("-")[-1] in known):
            return lem
    top = lemmas[0] if lemmas else ""
    ending = (initial or word[:1].islower()) and top.endswith(tuple(words("role_suffixes.txt")))
    return top if ending and top not in skip else None


@dataclass
class Context:
    tokens: list[Token]
    people: set[int]               # tokens of people's names
    groups: dict[int, int]         # first token of a place/organisation or quoted name -> end
    inside: set[int]               # tokens inside a group, after its first
    bounds: list[tuple[int, int]]  # token index -> its sentence's token range
    starts: dict[int, int]         # character offset -> token index
    ends: dict[int, int]


def case_of(t: Token) -> str | None:
    return t.feats.get("Case")


def is_adjective(t: Token, role: bool = True) -> bool:
    """«казахстанского», «47-й»; an age («57-летний») or a participle («отравленный») is no part
    of a role, but may stand between a role and the name (``role=False``)."""
    if any(ch.isdigit() for ch in t.text):
        return "-" in t.text and t.text[-1].isalpha() and (not role or len(t.text.rsplit("-", 1)[1]) <= 3)
    return t.pos == "ADJ" or not role and t.pos == "VERB" and "Case" in t.feats


def cases_agree(case: str | None, name_cases: set[str]) -> bool:
    return case is None or not name_cases or case in name_cases or case in OBLIQUE and bool(name_cases & OBLIQUE)


def is_dependent(ctx: Context, k: int, cases: set[str]) -> bool:
    """A genitive word of the phrase: never part of a name, nor a person's name NER missed."""
    t = ctx.tokens[k]
    person = t.pos == "PROPN" and (t.feats.get("Animacy") == "Anim" or any(
        PERSON_TAGS & tags_of(p) for p in parse_word(t.text.lower()) if p.score >= 0.1))
    return t.pos in WORD_POS and case_of(t) in cases and not person and k not in ctx.people and k not in ctx.inside


def group_fits(ctx: Context, k: int, cases: set[str]) -> bool:
    """A quoted name always fits; a place or organisation name when genitive or indeclinable."""
    first = next((t for t in ctx.tokens[k:ctx.groups[k]] if t.pos in WORD_POS), ctx.tokens[k])
    return ctx.tokens[k].text in QUOTE_PAIRS or case_of(first) in cases | {None} or first.text.isupper()


def dependents_end(ctx: Context, i: int, limit: int) -> int:
    """Where the dependents of a head at ``i - 1`` end (greedy, up to ``limit``)."""
    cases, k = {"Gen"}, i
    while k < limit:
        if k in ctx.groups:
            if ctx.groups[k] > limit or not group_fits(ctx, k, cases):
                break
            k = ctx.groups[k]
            continue
        low, nxt = ctx.tokens[k].text.lower(), k + 1 < limit and k + 1 not in ctx.inside
        if low == "по" and nxt and is_dependent(ctx, k + 1, {"Dat"}):
            cases = {"Gen", "Dat"}  # «помощник президента по международным вопросам»
        elif not (low == "и" and k > i and nxt and (k + 1 in ctx.groups or is_dependent(ctx, k + 1, cases))) \
                and not is_dependent(ctx, k, cases):  # «министр науки и высшего образования»
            break
        k += 1
    while k > i and k - 1 not in ctx.inside and k - 1 not in ctx.groups and (
            ctx.tokens[k - 1].pos in ("ADJ", "NUM") or ctx.tokens[k - 1].text.lower() in ("и", "по")):
        k -= 1  # «главы ведомства 30-летнего Ивана Муравьева»: the adjective is the name's
    return k


def head_fits(ctx: Context, h: int, name_cases: set[str]) -> bool:
    t = ctx.tokens[h]
    noun = t.pos in ("NOUN", "PROPN") or t.pos == "ADJ" and parse_word(t.text.lower())[0].tag.POS == "NOUN"
    return (noun and h not in ctx.people and h not in ctx.inside and h not in ctx.groups
            and t.feats.get("Number") != "Plur" and cases_agree(case_of(t), name_cases)
            and role_lemma(t.text, case_of(t), h == ctx.bounds[h][0]) is not None)


def with_adjectives(ctx: Context, lo: int, h: int) -> int:
    """Start of the phrase: the agreeing adjectives right before the head («казахстанского»)."""
    k = h
    while k > lo and is_adjective(ctx.tokens[k - 1]) and k - 1 not in ctx.inside and k - 1 not in ctx.people \
            and case_of(ctx.tokens[k - 1]) in (case_of(ctx.tokens[h]), None):
        k -= 1
    return k


def phrase_ending_at(ctx: Context, lo: int, end: int, name_cases: set[str]) -> Piece | None:
    """The longest role phrase that ends right at token ``end``."""
    for h in range(max(lo, end - MAX_PHRASE), end):
        if head_fits(ctx, h, name_cases) and dependents_end(ctx, h + 1, end) == end:
            return with_adjectives(ctx, lo, h), h, end
    return None


def phrase_starting_at(ctx: Context, i: int, hi: int, name_cases: set[str]) -> Piece | None:
    h = i
    while h < hi and is_adjective(ctx.tokens[h]) and h not in ctx.inside:
        h += 1
    if h >= hi or not head_fits(ctx, h, name_cases) or with_adjectives(ctx, i, h) != i:
        return None
    return i, h, dependents_end(ctx, h + 1, hi)


def name_cases_of(ctx: Context, i: int, j: int) -> set[str]:
    return {c for t in ctx.tokens[i:j] if (c := case_of(t))}


def may_be_genitive(ctx: Context, i: int, j: int) -> bool:
    """«Цвангираи», «Маркива»: pymorphy finds a genitive in every word of the name."""
    return all(any("gent" in tags_of(p) and (p.score >= 0.1 or "Fixd" in tags_of(p)) or p.tag.POS is None
                   for p in parse_word(t.text.lower())) for t in ctx.tokens[i:j] if t.text[:1].isalpha())


def whose_role(ctx: Context, piece: Piece, i: int, j: int) -> bool:
    """False when the role may well be someone else's, the name depending on a word before it:
    «представитель партии Цвангираи», «адвокат Маркива», «помощника президента России Путина»,
    «дочь президента Иванку», «писателя и режиссёра Марии Шукшиной»."""
    start, h, end = piece
    cases, head, lo, hi = name_cases_of(ctx, i, j), ctx.tokens[h], *ctx.bounds[i]
    if j < hi and j in ctx.people:
        return False  # «Врач Хиллари Клинтон Лиза Бардек»
    while start > lo and is_adjective(ctx.tokens[start - 1], role=False):
        start -= 1  # «дочь действующего президента Иванку»
    before = ctx.tokens[start - 1] if start > lo else None
    oblique = bool(cases & OBLIQUE)
    last_noun = end - 1 != h and ctx.tokens[end - 1].pos == "NOUN" and end - 1 not in ctx.groups \
        and end - 1 not in ctx.inside
    relational = role_lemma(head.text, case_of(head), True) in words("role_relational.txt")
    if (last_noun or relational and end - 1 == h) and (oblique or may_be_genitive(ctx, i, j)) \
            or relational and oblique:
        return False
    if before is None or start - 1 in ctx.inside or start - 1 in ctx.groups:
        return True
    if before.pos == "NOUN" and before.feats.get("Animacy") == "Anim" and cases_agree(case_of(before), cases):
        return False
    return not (before.text.lower() in ("и", "или") and case_of(head) in OBLIQUE)


def in_subordinate_clause(ctx: Context, lo: int, k: int) -> bool:
    """«Как отметил эксперт, министр Иванов...»: the clause before a comma is no apposition."""
    while k > lo and ctx.tokens[k - 1].text != ",":
        k -= 1
        if ctx.tokens[k].pos == "SCONJ" or ctx.tokens[k].text.lower() in SUBORDINATORS:
            return True
    return False


def role_before_name(ctx: Context, i: int, j: int) -> list[Piece]:
    """«Президент Казахстана Касым-Жомарт Токаев»; «политолог, ассистент кафедры ... Жампетова»."""
    lo, cases, end = ctx.bounds[i][0], name_cases_of(ctx, i, j), i
    while end > lo and ctx.tokens[end - 1].pos in ("ADJ", "NUM") and is_adjective(ctx.tokens[end - 1], role=False) \
            and cases_agree(case_of(ctx.tokens[end - 1]), cases):
        end -= 1  # «30-летнего Ивана Муравьева»
    piece = phrase_ending_at(ctx, lo, end, cases)
    if piece is None or not whose_role(ctx, piece, i, j):
        return []
    pieces = [piece]
    while pieces[0][0] - 2 >= lo and ctx.tokens[pieces[0][0] - 1].text == ",":
        prev = phrase_ending_at(ctx, lo, pieces[0][0] - 1, cases)
        if prev is None or in_subordinate_clause(ctx, lo, prev[0]) or not whose_role(ctx, prev, i, j):
            break
        pieces.insert(0, prev)
    return pieces


def role_after_comma(ctx: Context, i: int, j: int) -> list[Piece]:
    """«Ильхам Алиев, президент Азербайджана, заявил»: closed by a comma, a dash or the end."""
    hi, pieces, k = ctx.bounds[i][1], [], j
    while k < hi and ctx.tokens[k].text == ",":
        piece = phrase_starting_at(ctx, k + 1, hi, name_cases_of(ctx, i, j))
        if piece is None or piece[2] < hi and ctx.tokens[piece[2]].text not in CLOSERS:
            break
        pieces.append(piece)
        k = piece[2]
    return pieces


def role_in_brackets(ctx: Context, i: int, j: int) -> list[Piece]:
    """«Айгерим Жампетова (политолог)»."""
    hi = ctx.bounds[i][1]
    piece = phrase_starting_at(ctx, j + 1, hi, {"Nom"}) if j < hi and ctx.tokens[j].text == "(" else None
    return [piece] if piece and piece[2] < hi and ctx.tokens[piece[2]].text == ")" else []


PATTERNS: list[Pattern] = [role_before_name, role_after_comma, role_in_brackets]


def role_text(ctx: Context, piece: Piece) -> str:
    """Head and adjectives in the nominative, lowercase; what follows the head as written."""
    start, h, end = piece
    toks, head = ctx.tokens[start:end], ctx.tokens[h]
    out = [t.text for t in toks]
    form = inflect_word(head, {"nomn", "sing"}, None) if case_of(head) not in (None, "Nom") else None
    out[h - start] = form[0] if form else head.text
    gender = form[1] if form and form[1] in ("masc", "femn", "neut") else None
    for k, t in enumerate(toks[:h - start]):
        grams = {"nomn", "sing", gender or GENDERS.get(t.feats.get("Gender", ""), "masc")}
        adj = inflect_word(t, grams, "ADJF") if case_of(t) not in (None, "Nom") else None
        out[k] = adj[0] if adj else t.text
    out[:h - start + 1] = [w if w.isupper() and len(w) > 1 else w.lower() for w in out[:h - start + 1]]
    return join_tokens(toks, out)


def quote_groups(tokens: list[Token], lo: int, hi: int) -> dict[int, int]:
    """Quoted names in one sentence: opening quote index -> index after the closing one."""
    stack: list[int] = []
    out: dict[int, int] = {}
    for k in range(lo, hi):
        if stack and tokens[k].text == QUOTE_PAIRS[tokens[stack[-1]].text]:
            a = stack.pop()
            if 0 < k - a - 1 <= MAX_QUOTED and not any(t.pos in ("VERB", "AUX") for t in tokens[a + 1:k]):
                out[a] = k + 1
        elif tokens[k].text in QUOTE_PAIRS:
            stack.append(k)
    return out


def build_context(text: str, sentences: list[Sentence], entities: list[Entity]) -> Context:
    """Tokens, names and quoted names; sentences end at line breaks too (headlines have no stop)."""
    tokens, firsts = [t for s in sentences for t in s.tokens], {s.start for s in sentences}
    cuts = [0] + [k for k in range(1, len(tokens)) if tokens[k].start in firsts
                  or "\n" in text[tokens[k - 1].end:tokens[k].start]] + [len(tokens)]
    bounds = [(a, b) for a, b in zip(cuts, cuts[1:]) for _ in range(a, b)]
    ctx = Context(tokens, set(), {}, set(), bounds, {t.start: k for k, t in enumerate(tokens)},
                  {t.end: k for k, t in enumerate(tokens)})
    for lo, hi in sorted(set(bounds)):
        for a, b in quote_groups(tokens, lo, hi).items():
            ctx.groups[a] = b
            ctx.inside.update(range(a + 1, b))
    for e in entities:
        for a, b in (name_range(ctx, m) for m in e.mentions):
            if b and e.type == "PER":
                ctx.people.update(range(a, b))
            elif b and a not in ctx.inside:  # a name in quotes is quoted; «Металлоинвеста» stays whole
                ctx.groups[a] = max(b, ctx.groups.get(a, b))
                ctx.inside.update(range(a + 1, ctx.groups[a]))
    return ctx


def name_range(ctx: Context, m: Mention) -> tuple[int, int]:
    """Token range of a name mention; (0, 0) for other mentions or ones off the token grid."""
    a, b = ctx.starts.get(m.start), ctx.ends.get(m.end)
    return (a, b + 1) if m.kind == "name" and a is not None and b is not None else (0, 0)


def attach_roles(text: str, sentences: list[Sentence], entities: list[Entity]) -> None:
    """Give each person the roles that introduce them (nominative, deduplicated, in order of
    first appearance), and each role phrase as a ``nominal`` mention. Mutates ``entities``."""
    ctx = build_context(text, sentences, entities)
    for e in (e for e in entities if e.type == "PER"):
        found: list[tuple[int, str, Mention]] = []
        for i, j in (name_range(ctx, m) for m in e.mentions):
            for piece in (p for pattern in PATTERNS for p in pattern(ctx, i, j)) if j else ():
                s, end = ctx.tokens[piece[0]].start, ctx.tokens[piece[2] - 1].end
                found.append((s, role_text(ctx, piece), Mention(s, end, text[s:end], "nominal")))
        seen = {r.lower().replace("ё", "е") for r in e.roles}
        had = set(e.mentions)
        for _, role, mention in sorted(found, key=lambda x: x[0]):
            if role.lower().replace("ё", "е") not in seen:
                seen.add(role.lower().replace("ё", "е"))
                e.roles.append(role)
            if mention not in had:
                had.add(mention)
                e.mentions.append(mention)
        e.mentions.sort(key=lambda m: (m.start, m.end))
