"""Named-entity mentions: natasha's NER spans, repaired by small general rules and the lexicon
learned from NEREL train (``quotegraph.lexicon``).

Each rule is a small function over the candidate list, run in the order of ``RULES``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..lexicon import Lexicon, entity_lexicon, lemma, role_nouns
from ..nlp import NerSpan, Token, parse_word

NAME_TAGS = {"Name", "Surn", "Patr", "Init", "Abbr", "Geox", "Orgn", "Trad"}
OPEN_BRACKETS = "([{"
VERBAL_OR_FUNCTION = {"VERB", "INFN", "GRND", "PREP", "CONJ"}


@dataclass
class Candidate:
    start: int
    end: int
    type: str
    source: str = "natasha"  # natasha | lexicon | head


@dataclass
class Context:
    text: str
    tokens: list[Token]
    lex: Lexicon
    starts: dict[int, int]  # char offset -> token index
    ends: dict[int, int]
    lemmas: list[str]  # of each token, computed once: several rules ask


def token_span(ctx: Context, c: Candidate) -> tuple[int, int] | None:
    i, j = ctx.starts.get(c.start), ctx.ends.get(c.end)
    return (i, j + 1) if i is not None and j is not None else None


def span_key(ctx: Context, c: Candidate) -> str | None:
    r = token_span(ctx, c)
    return " ".join(ctx.lemmas[r[0]:r[1]]) if r else None


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and not (text[start].isalnum()):
        start += 1
    while end > start and not (text[end - 1].isalnum() or text[end - 1] in ".!)»\"'"):
        end -= 1
    return start, end


def split_at_breaks(ctx: Context, cands: list[Candidate]) -> list[Candidate]:
    """«Иван Петров\\nИван Петров» and «Джей Зи (Jay Z)» are two mentions, not one."""
    out = []
    for c in cands:
        piece_start = c.start
        for m in re.finditer(r"\n|\(|\)|\s[-–—]\s", ctx.text[c.start:c.end]):
            out.append(Candidate(piece_start, c.start + m.start(), c.type, c.source))
            piece_start = c.start + m.end()
        out.append(Candidate(piece_start, c.end, c.type, c.source))
    result = []
    for c in out:
        s, e = trim(ctx.text, c.start, c.end)
        if e > s and any(ch.isalpha() for ch in ctx.text[s:e]):
            result.append(Candidate(s, e, c.type, c.source))
    return result


def is_title_word(word: str) -> bool:
    """Not part of the name: a role or title written before it («Император», «Поп-звезда»), or a
    dictionary word that is no name at all («Нравился Сталину», «Благодаря ...»)."""
    if not word[:1].isupper() or word.isupper():
        return False
    from ..nlp import morph_analyzer
    low = word.lower()
    parses = parse_word(low)
    if any(NAME_TAGS & set(str(p.tag).replace(" ", ",").split(",")) for p in parses if p.score >= 0.05):
        return False
    if parses[0].tag.POS == "NOUN":
        return lemma(word) in role_nouns()
    return (morph_analyzer().word_is_known(low) and parses[0].score >= 0.5
            and parses[0].tag.POS in VERBAL_OR_FUNCTION)


def join_split_names(ctx: Context, cands: list[Candidate]) -> list[Candidate]:
    """«Фёдора» + «Ивановича Шаляпина»: natasha sometimes cuts one name in two. A lone first
    name right before another person's span (a space apart, the same case) is its first part."""
    out: list[Candidate] = []
    for c in sorted(cands, key=lambda c: c.start):
        prev = out[-1] if out else None
        between = ctx.text[prev.end:c.start] if prev else ""
        if prev and prev.type == c.type == "PER" and between in ("» ", "\" ") \
                and ctx.text[prev.start:prev.end].count("«") + ctx.text[prev.start:prev.end].count('"') % 2:
            out[-1] = Candidate(prev.start, c.end, "PER", prev.source)  # «Джеймс «Бадди» Макгирт»
            continue
        if prev and prev.type == c.type == "PER" and between == " ":
            r1, r2 = token_span(ctx, prev), token_span(ctx, c)
            if r1 and r2 and r1[1] - r1[0] == 1:
                a, b = ctx.tokens[r1[0]], ctx.tokens[r2[0]]
                first = any("Name" in str(p.tag) and p.score >= 0.2 for p in parse_word(a.text.lower()))
                if first and a.feats.get("Case") == b.feats.get("Case"):
                    out[-1] = Candidate(prev.start, c.end, "PER", prev.source)
                    continue
        out.append(c)
    return out


CASES_UD = {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt", "Loc": "loct"}


def allows_case(token: Token, case: str) -> bool:
    return any(CASES_UD[case] in p.tag for p in parse_word(token.text.lower()))


def is_dictionary_name(token: Token) -> bool:
    """A first name, surname or patronymic pymorphy knows from its dictionary, not a guess;
    only for such words are its case forms trustworthy."""
    from ..nlp import morph_analyzer
    word = token.text.lower()
    return morph_analyzer().word_is_known(word) and any(
        {"Name", "Surn", "Patr"} & set(str(p.tag).replace(" ", ",").split(",")) for p in parse_word(word))


def split_at_case_change(ctx: Context, cands: list[Candidate]) -> list[Candidate]:
    """«Нравился Сталину Вертинский», «Ильфа и Петрова Остап»: two people natasha ran together.
    The parts of one name share a case; split where the tagger gives two cases, both words are
    names pymorphy knows, and one of them cannot take the other's case at all."""
    out = []
    for c in cands:
        r = token_span(ctx, c)
        if c.type != "PER" or not r or r[1] - r[0] < 2:
            out.append(c)
            continue
        start = r[0]
        for i in range(r[0] + 1, r[1]):
            a, b = ctx.tokens[i - 1], ctx.tokens[i]
            ca, cb = a.feats.get("Case"), b.feats.get("Case")
            if (ca in CASES_UD and cb in CASES_UD and ca != cb and is_dictionary_name(a)
                    and is_dictionary_name(b) and not (allows_case(a, cb) and allows_case(b, ca))):
                out.append(Candidate(ctx.tokens[start].start, a.end, c.type, c.source))
                start = i
        out.append(Candidate(ctx.tokens[start].start, c.end, c.type, c.source))
    return out


def split_off_outlets(ctx: Context, cands: list[Candidate]) -> list[Candidate]:
    """«В Росгидромете ТАСС заявили»: a body and the outlet told, run together by the tagger, are
    two mentions. The outlet is a name of the media list ending the span; what comes before it is
    a Russian name of its own (capitalised, not a kind: «газета «Коммерсант»» stays one, and so do
    «New York Times», «The Guardian»). An outlet that
    opens a span before lowercase words («уточнили Интерфаксу источники») is the whole name."""
    from .referents import kind_of_noun, media_names

    media = media_names()
    out = []
    for c in cands:
        r = token_span(ctx, c)
        if not r or r[1] - r[0] < 2:
            out.append(c)
            continue
        head = next((k for k in range(r[0] + 1, min(r[0] + 5, r[1])) if ctx.tokens[k].text[:1].islower()
                     and " ".join(ctx.lemmas[r[0]:k]) in media), None)
        if head is not None:  # «Интерфаксу источники»: the outlet, then the words after it
            out.append(Candidate(c.start, ctx.tokens[head - 1].end, "ORG", c.source))
            continue
        cut = next((k for k in range(max(r[0] + 1, r[1] - 4), r[1])  # (media names run to 4 tokens)
                    if ctx.text[ctx.tokens[k].start:c.end].lower().replace("ё", "е").strip("«»\"") in media), None)
        before = ctx.tokens[cut - 1] if cut else None
        if cut is None or not ctx.tokens[r[0]].text[:1].isupper() or before.text in "«\"-–—" \
                or not re.search("[а-яё]", ctx.text[c.start:before.end], re.I) \
                or kind_of_noun(ctx.tokens[r[0]].text) or kind_of_noun(before.text):
            out.append(c)
            continue
        out.append(Candidate(c.start, before.end, c.type, c.source))
        out.append(Candidate(ctx.tokens[cut].start, c.end, "ORG", c.source))
    return out


def strip_titles(ctx: Context, cands: list[Candidate]) -> list[Candidate]:
    """«Принц Филипп» → «Филипп»: NEREL and users want the name without its title."""
    out = []
    for c in cands:
        r = token_span(ctx, c)
        if c.type == "PER" and r and r[1] - r[0] >= 2:
            i = r[0]
            while i < r[1] - 1 and is_title_word(ctx.tokens[i].text):
                i += 1
            c = Candidate(ctx.tokens[i].start, c.end, c.type, c.source)
        out.append(c)
    return out


def drop_known_false(ctx: Context, cands: list[Candidate]) -> list[Candidate]:
    """Spans natasha tags but NEREL's conventions do not («СМИ», «Twitter»)."""
    out = []
    for c in cands:
        hit = ctx.lex.drop.get(span_key(ctx, c) or "")
        if not (hit and hit[0] == c.type):
            out.append(c)
    return out


def retype_from_lexicon(ctx: Context, cands: list[Candidate]) -> list[Candidate]:
    """«Белый дом» is an organisation in news, not a place."""
    for c in cands:
        hit = ctx.lex.add.get(span_key(ctx, c) or "")
        if hit and hit[0] != c.type and hit[1] >= 3 and hit[2] >= 0.6:
            c.type = hit[0]
    return cands


def add_from_lexicon(ctx: Context, cands: list[Candidate]) -> list[Candidate]:
    """Mentions natasha misses that NEREL train tags most of the time («полиция», «британский»)."""
    taken = [False] * len(ctx.tokens)
    for c in cands:
        r = token_span(ctx, c)
        if r:
            for i in range(*r):
                taken[i] = True
    words = [t.text for t in ctx.tokens]
    added, free = [], 0  # the tokens from ``free`` on are in no mention added
    for i in range(len(ctx.tokens)):
        if i < free:
            continue
        for n, hit in ctx.lex.add_hits(words, ctx.lemmas, i):
            if not any(taken[i:i + n]):
                added.append(Candidate(ctx.tokens[i].start, ctx.tokens[i + n - 1].end, hit[0], "lexicon"))
                free = i + n
                break
    return sorted(cands + added, key=lambda c: c.start)


def extend_org_heads(ctx: Context, cands: list[Candidate]) -> list[Candidate]:
    """«полиции» + «Нью-Йорка» → ORG «полиции Нью-Йорка», NEREL's full extent."""
    lemmas = ctx.lemmas
    out: list[Candidate] = []
    for c in sorted(cands, key=lambda c: c.start):
        r = token_span(ctx, c)
        if r and c.type in {"LOC", "ORG", "PER"} and ctx.tokens[r[0]].feats.get("Case", "Gen") == "Gen":
            for n in (3, 2, 1):
                i = r[0] - n
                if i < 0 or ctx.lex.head.get(" ".join(lemmas[i:r[0]])) is None:
                    continue
                if ctx.text[ctx.tokens[i].start:c.start].count("\n"):
                    continue
                if c.type == "PER" and i > 0 and lemmas[i - 1] in role_nouns():
                    break  # «пресс-атташе посольства Сергея Маркова»: the role's holder, not the body's name
                head_start = ctx.tokens[i].start
                while out and out[-1].start >= head_start:
                    out.pop()
                if out and out[-1].end > head_start:
                    continue
                c = Candidate(head_start, c.end, "ORG", "head")
                break
        out.append(c)
    return out


def drop_overlaps(ctx: Context, cands: list[Candidate]) -> list[Candidate]:
    """Flat mentions: where two overlap, the longer wins."""
    out: list[Candidate] = []
    for c in sorted(cands, key=lambda c: (c.start, -(c.end - c.start))):
        if out and c.start < out[-1].end:
            continue
        out.append(c)
    return out


def propagate_known_names(ctx: Context, cands: list[Candidate]) -> list[Candidate]:
    """A name found once is a name everywhere in the article: natasha finds four of the
    seed's five «Ильхама Алиева»; the fifth is the same string, so it is the same entity."""
    forms: dict[str, str] = {}
    for c in cands:
        form = ctx.text[c.start:c.end]
        if len(form) >= 3 and form[:1].isupper() and c.source != "lexicon":
            forms.setdefault(form, c.type)
    if not forms:
        return cands
    taken = bytearray(len(ctx.text))  # by character: one lookup per place, not one per mention
    for c in cands:
        taken[c.start:c.end] = b"\x01" * (c.end - c.start)
    added = []
    body_start = ctx.tokens[0].start if ctx.tokens else len(ctx.text)
    found = []  # every occurrence of every form; then, left to right, the longest at each place,
    for form in forms:  # never overlapping (what one regex alternation of the forms, longest
        at = ctx.text.find(form, body_start)  # first, would find, without compiling one per article)
        while at >= 0:
            found.append((at, -len(form), form))
            at = ctx.text.find(form, at + 1)
    last_end = -1
    for start, minus_len, form in sorted(found):
        end = start - minus_len
        if start < last_end:
            continue
        last_end = end
        if start not in ctx.starts or end not in ctx.ends:
            continue
        if taken.find(1, start, end) >= 0:
            continue
        added.append(Candidate(start, end, forms[form], "propagated"))
    return sorted(cands + added, key=lambda c: c.start)


def propagate_surnames(ctx: Context, cands: list[Candidate]) -> list[Candidate]:
    """«Путина» is a mention wherever «Владимир Путин» is one: a capitalised word whose lemma
    is the lemma of a known person's surname joins, whatever its case."""
    surnames = set()
    for c in cands:
        r = token_span(ctx, c)
        if c.type == "PER" and r and len(ctx.tokens[r[1] - 1].text) >= 4:
            surnames.add(ctx.lemmas[r[1] - 1])
    if not surnames:
        return cands
    taken = bytearray(len(ctx.text))  # by character: a mention may end inside a token («Алиев ¹\b»)
    for c in cands:
        taken[c.start:c.end] = b"\x01" * (c.end - c.start)
    added = [Candidate(t.start, t.end, "PER", "propagated") for i, t in enumerate(ctx.tokens)
             if taken.find(1, t.start, t.end) < 0 and t.text[:1].isupper() and not t.text.isupper()
             and ctx.lemmas[i] in surnames]
    return sorted(cands + added, key=lambda c: c.start)


RULES = [split_at_breaks, join_split_names, split_at_case_change, split_off_outlets, strip_titles, drop_known_false, retype_from_lexicon,
         add_from_lexicon, extend_org_heads, drop_overlaps, propagate_known_names,
         propagate_surnames]


def find_mentions(text: str, tokens: list[Token], spans: list[NerSpan]) -> list[Candidate]:
    ctx = Context(text, tokens, entity_lexicon(), {t.start: i for i, t in enumerate(tokens)},
                  {t.end: i for i, t in enumerate(tokens)}, [lemma(t.text) for t in tokens])
    cands = [Candidate(s.start, s.end, s.type) for s in spans]
    for rule in RULES:
        cands = rule(ctx, cands)
    return cands
