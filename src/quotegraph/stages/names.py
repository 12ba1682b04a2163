"""Entities from mentions: canonical names in the nominative, one entity per person per document.

A person's mentions are merged when they share a surname (and agree in gender), when a lone
first name or initial fits exactly one full name, and when a mention repeats a full name. The
canonical name is «First Last», voted across the mentions, nominative forms counting double.
"""
from __future__ import annotations

import collections
import functools
import re
from importlib import resources
from dataclasses import dataclass, field

from ..lexicon import lemma
from ..model import Entity, Mention
from ..nlp import Token, parse_word
from .inflect import nominative_name_part, nominative_phrase, tags_of
from .mentions import Candidate

INITIAL = re.compile(r"^[A-ZА-ЯЁ]\.?$")
PATRONYMIC = re.compile(r"(ович|евич|ьич|овн|евн|ичн)(а|у|ем|е|ы|ой|ою)?$", re.I)
FEMALE_SURNAME = re.compile(r"(ова|ева|ёва|ина|ына|ская|цкая)$", re.I)
OBLIQUE_FEMALE_SURNAME = re.compile(r"(овой|евой|ёвой|иной|ыной|ской|цкой)$", re.I)
MALE_SURNAME = re.compile(r"(ов|ев|ёв|ин|ын|ский|цкий)$", re.I)
GENERATION = re.compile(r"-(младш|старш)[а-я]*$")


@dataclass
class PersonName:
    first: str | None = None
    patronymic: str | None = None
    last: str | None = None
    initials: str = ""
    gender: str | None = None  # Masc | Fem
    nominative: bool = False  # the mention stands in the nominative: its form is the name itself
    nickname: str | None = None  # «Бадди» in «Джеймс «Бадди» Макгирт»


@dataclass
class Cluster:
    type: str
    mentions: list[tuple[Candidate, PersonName | None, str]] = field(default_factory=list)

    _distinct: dict = field(default_factory=dict, repr=False, compare=False)
    _counted: int = field(default=0, repr=False, compare=False)

    def names(self) -> list[PersonName]:
        return [n for _, n, _ in self.mentions if n]

    def distinct_names(self) -> list[PersonName]:
        """``names()`` without repeats, kept up as mentions are appended: a person named 2,000
        times has a handful of forms, and each new mention is checked against them all."""
        for _, n, _ in self.mentions[self._counted:]:
            if n:
                self._distinct.setdefault(tuple(vars(n).values()), n)
        self._counted = len(self.mentions)
        return list(self._distinct.values())


def words_of(tokens: list[Token]) -> list[Token]:
    return [t for t in tokens if any(ch.isalpha() for ch in t.text)]


def is_patronymic(word: str) -> bool:
    """«Николаевича» is: it comes from a known first name (Николай). «Юткевича» and «Абрамовича»,
    surnames with the same ending, are not: no such name, or pymorphy knows the surname better."""
    if not PATRONYMIC.search(word):
        return False
    parses = parse_word(word.lower())
    patr = max((p.score for p in parses if "Patr" in tags_of(p)), default=0.0)
    surn = max((p.score for p in parses if "Surn" in tags_of(p)), default=0.0)
    if patr < 0.1 or surn >= patr:
        return False
    nominative = next(p.normal_form for p in parses if "Patr" in tags_of(p))
    m = re.search(r"(ович|евич|ьич|ич)$", nominative)
    if not m:
        return False
    stem = nominative[: m.start()]
    bases = {"ович": [stem], "евич": [stem + "й", stem], "ьич": [stem + "я", stem + "а"], "ич": [stem + "а"]}
    from ..nlp import morph_analyzer
    known = morph_analyzer().word_is_known
    return any(known(b) and is_known_first_name(b) for b in bases[m.group(1)])


def is_known_first_name(word: str) -> bool:
    return any("Name" in tags_of(p) and p.score >= 0.05 for p in parse_word(word.split("-")[-1].lower()))


def salience(c: "Cluster") -> tuple[int, int]:
    """A lone surname that fits several people means the most mentioned one, then the latest."""
    return len(c.mentions), c.mentions[-1][0].start


def gender_of(tokens: list[Token]) -> str | None:
    """Gender from a known first name and a gendered surname ending; the tags in context
    (often wrong on unknown names) only break ties."""
    from ..nlp import morph_analyzer
    known = morph_analyzer().word_is_known
    votes = collections.Counter(t.feats.get("Gender") for t in tokens if t.feats.get("Gender"))
    for t in tokens:
        word = t.text.split("-")[-1].lower()
        names = [p for p in parse_word(word)[:1] if "Name" in tags_of(p) and known(word)]  # no guesses
        if names and names[0].tag.gender in ("masc", "femn"):
            votes["Masc" if names[0].tag.gender == "masc" else "Fem"] += 2
        elif (OBLIQUE_FEMALE_SURNAME.search(word) and t.feats.get("Case") not in (None, "Nom")
              or FEMALE_SURNAME.search(word) and t.feats.get("Case") == "Nom"):
            votes["Fem"] += 3
    return votes.most_common(1)[0][0] if votes else None


def marked_gender(name: "PersonName") -> str | None:
    """Gender the name itself shows: a first name, or a surname ending (Иванов / Иванова).
    A lone foreign surname (Гиффордс) shows none, whatever its tags say."""
    if name.first:
        return name.gender
    if name.last:
        if FEMALE_SURNAME.search(name.last):
            return "Fem"
        if MALE_SURNAME.search(name.last):
            return "Masc"
    return None


@functools.cache
def full_first_names() -> dict[str, set[str]]:
    """Everyday form → the full names it may stand for (саша → александр, александра)."""
    out: dict[str, set[str]] = collections.defaultdict(set)
    with (resources.files("quotegraph") / "lang" / "ru" / "diminutives.txt").open(encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                full, *short = line.rstrip("\n").replace("ё", "е").split("\t")
                for form in [full, *short]:
                    out[form].add(full)
    return out


def same_first_name(a: str, b: str) -> bool:
    """Раймон / Раймонд, Сулим / Сулимы: one is the other plus at most two letters;
    Саша / Александр: an everyday form of the full name."""
    a, b = a.lower().replace("ё", "е"), b.lower().replace("ё", "е")
    full = full_first_names()
    if full.get(a, set()) & full.get(b, set()):
        return True
    short, long_ = sorted((a, b), key=len)
    return long_.startswith(short) and len(long_) - len(short) <= 2 and len(short) >= 3 or a == b


def nickname_tokens(tokens: list[Token]) -> list[Token]:
    """Words in quotation marks inside a name: a nickname, not a first or middle name."""
    out, inside = [], False
    for t in tokens:
        if t.text in "«\"„“»”":
            inside = not inside if t.text == '"' else t.text in "«„“"
            continue
        if inside:
            out.append(t)
    return out


def parse_person(tokens: list[Token]) -> PersonName:
    """«Касым-Жомарта Токаева» → first Касым-Жомарт, last Токаев, Masc."""
    quoted = nickname_tokens(tokens)
    words = [t for t in words_of(tokens) if t not in quoted]
    name = PersonName(gender=gender_of(words), nickname=" ".join(t.text for t in quoted) or None)
    name.nominative = all(t.feats.get("Case", "Nom") == "Nom" for t in words)
    initials = [t for t in words if INITIAL.match(t.text)]
    rest = [t for t in words if not INITIAL.match(t.text)]
    name.initials = "".join(t.text[0] for t in initials)
    if not rest:
        return name
    case = rest[-1].feats.get("Case")
    parts = {}
    if len(rest) == 1:
        kind = "first" if is_known_first_name(rest[0].text) and not initials else "last"
        parts[kind] = rest[0]
    elif len(rest) == 2 and is_patronymic(rest[1].text):  # «Борис Николаевич»
        parts["first"], parts["patronymic"] = rest
    else:
        parts["first"] = rest[0]
        parts["last"] = rest[-1]
        if len(rest) >= 3 and is_patronymic(rest[1].text):
            parts["patronymic"] = rest[1]
        elif len(rest) >= 3:  # «Джордж Уокер Буш»: middle names stay with the first
            parts["first"] = None
            name.first = " ".join(nominative_name_part(t.text, "first", t.feats.get("Case") or case, name.gender)
                                  for t in rest[:-1])
    for kind, tok in parts.items():
        if tok is None:
            continue
        value = nominative_name_part(tok.text, "surname" if kind == "last" else kind,
                                     tok.feats.get("Case") or case, name.gender)
        setattr(name, kind, value)
    if name.gender is None and name.last and FEMALE_SURNAME.search(name.last):
        name.gender = "Fem"
    return name


def surname_key(last: str) -> str:
    """Иванов and Иванова, Зеленский and Зеленская share one key; so do spellings that differ
    only in a doubled letter (Буфье / Буффье), as transliterations often do. A generation
    («Вэнс-младший», «Кеннеди-старший») is no part of the key: the article shortens it to «Вэнс»."""
    low = re.sub(r"(.)\1", r"\1", GENERATION.sub("", last.lower().replace("ё", "е")))
    for fem, masc in (("ская", "ский"), ("цкая", "цкий"), ("ова", "ов"), ("ева", "ев"), ("ина", "ин"), ("ына", "ын")):
        if low.endswith(fem):
            return low[: -len(fem)] + masc
    return low


def compatible(a: PersonName, b: PersonName) -> bool:
    ga, gb = marked_gender(a), marked_gender(b)
    if ga and gb and ga != gb:
        return False
    if a.first and b.first and not same_first_name(a.first, b.first) \
            and not (a.nickname and same_first_name(a.nickname, b.first)) \
            and not (b.nickname and same_first_name(b.nickname, a.first)):
        return False
    for x, y in ((a, b), (b, a)):
        if x.initials and y.first and x.initials[0] != y.first[0]:
            return False
    return True


def cluster_people(items: list[tuple[Candidate, PersonName, str]]) -> list[Cluster]:
    """Full names first; then lone surnames and first names join the person they fit."""
    clusters: list[Cluster] = []
    by_surname: dict[str, list[Cluster]] = collections.defaultdict(list)
    full = [it for it in items if it[1].last and (it[1].first or it[1].initials)]
    bare = [it for it in items if not (it[1].last and (it[1].first or it[1].initials))]
    for item in full + bare:
        name = item[1]
        lone = None if name.initials or (name.first and name.last) else name.first or name.last
        if lone and not name.patronymic:  # «Гордон»: a surname if some full name has it, else a first name
            as_surname = PersonName(last=lone, gender=name.gender, nominative=name.nominative)
            stem = oblique_surname(lone, by_surname)
            if stem:  # «По словам Данна» after «Питер Данн»: the surname in another case
                name.first, name.last = None, stem
            elif by_surname[surname_key(lone)]:
                name.first, name.last = None, lone
            elif name.last and first_name_fits(clusters, as_surname):
                name.first, name.last = lone, None
        fits = [c for c in by_surname[surname_key(name.last)] if all(compatible(name, n) for n in c.distinct_names())] \
            if name.last else []
        if not fits and name.first and not name.last:
            fits = first_name_fits(clusters, name)
        if not fits and lone and not name.patronymic:  # a surname spelt another way, or said first
            as_surname = PersonName(last=lone, gender=name.gender, nominative=name.nominative)
            near = {id(c): c for c in near_spelling(lone, by_surname) + given_first(lone, clusters)
                    if all(compatible(as_surname, n) for n in c.distinct_names())}
            if len(near) == 1:
                name.first, name.last = None, lone
                fits = list(near.values())
        if len(fits) > 1 and name.gender:  # a lone «Бут»: the tags' gender breaks the tie
            fits = [c for c in fits if any(n.gender == name.gender for n in c.names())] or fits
        if fits:
            max(fits, key=salience).mentions.append(item)
            continue
        cl = Cluster("PER", [item])
        clusters.append(cl)
        if name.last:
            by_surname[surname_key(name.last)].append(cl)
    return clusters


CASE_ENDINGS = ("ом", "ым", "ем", "а", "у", "е", "ю", "я")


def oblique_surname(word: str, by_surname: dict) -> str | None:
    """The surname of a person already named that ``word`` is a case form of («Данна», «Данну» of
    Данн), when the word itself is no known surname; else None."""
    if by_surname.get(surname_key(word)):
        return None
    for ending in CASE_ENDINGS:
        stem = word[:-len(ending)]
        if word.lower().endswith(ending) and len(stem) >= 3 and by_surname.get(surname_key(stem)):
            return stem
    return None


NEAR_KEYS = 300  # past so many surnames or people in one article, no other spelling is looked for


def near_spelling(word: str, by_surname: dict) -> list[Cluster]:
    """The people whose surname is spelt one letter apart from ``word`` (two, for a long one), in
    any case: a translated article spells a foreign name two ways («Бенер» and «Бонер»). Names
    of a Russian shape (Сорокин, Соркин; Иванов, Ивашов) are different people, not spellings."""
    if len(word) < 5 or len(by_surname) > NEAR_KEYS or russian_shaped(word):
        return []
    forms = {surname_key(word)} | {surname_key(word[:-len(e)]) for e in CASE_ENDINGS
                                   if word.lower().endswith(e) and len(word) - len(e) >= 5}
    out = []
    for key, people in by_surname.items():
        if people and key[:1] == word[:1].lower() and not russian_shaped(key) and any(
                edits_within(key, f, 1 if len(f) < 8 else 2) for f in forms):
            out.extend(people)
    return out


def russian_shaped(surname: str) -> bool:
    return bool(MALE_SURNAME.search(surname) or FEMALE_SURNAME.search(surname)
                or OBLIQUE_FEMALE_SURNAME.search(surname) or re.search(r"(ова|ева|ина|ого|ому|ым)$", surname, re.I))


def edits_within(a: str, b: str, limit: int) -> bool:
    """Levenshtein distance of a and b is at most ``limit`` (a banded count)."""
    if abs(len(a) - len(b)) > limit:
        return False
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
        if min(row) > limit:
            return False
    return row[-1] <= limit


def given_first(word: str, clusters: list[Cluster]) -> list[Cluster]:
    """The people named with the family name first («Хван Чжан Еп», «Ким Чен Ын») whose first
    word ``word`` is, in any case: a lone «Хван» is that person, not a new one."""
    if len(clusters) > NEAR_KEYS:
        return []
    key = surname_key(word)
    stems = {key} | {surname_key(word[:-len(e)]) for e in CASE_ENDINGS if word.lower().endswith(e)}
    return [c for c in clusters if any(n.first and " " in n.first and not n.patronymic
                                       and surname_key(n.first.split()[0]) in stems
                                       and not is_known_first_name(n.first.split()[0])
                                       for n in c.distinct_names())]


def first_name_fits(clusters: list[Cluster], name: PersonName) -> list[Cluster]:
    """The one cluster whose first name (and patronymic, when given) matches a lone first name."""
    word = name.first or name.last or ""
    scored = []
    for c in clusters:
        names = c.distinct_names()
        if any(n.first and same_first_name(n.first, word) for n in names):
            same_patr = name.patronymic and any(n.patronymic == name.patronymic for n in names)
            scored.append((2 if same_patr else 1, c))
    if not scored:
        return []
    best = max(s for s, _ in scored)
    top = sorted((c for s, c in scored if s == best), key=lambda c: -len(c.mentions))
    if len(top) > 1 and len(top[0].mentions) < 2 * len(top[1].mentions):
        return []  # two people of that first name, neither clearly the article's subject
    return top[:1]


def vote(values: list[tuple[str, bool]]) -> str | None:
    counts = collections.Counter()
    for v, nominative in values:
        if v:
            counts[v] += 2 if nominative else 1
    return counts.most_common(1)[0][0] if counts else None


def person_canonical(cluster: Cluster) -> str:
    names = cluster.names()
    firsts = {n.first.lower().replace("ё", "е"): n.first for n in names if n.first}
    full = full_first_names()

    def fullest(first: str | None) -> str | None:
        """«Саша» counts for «Александр» when the article also gives the full name."""
        if not first:
            return first
        forms = [firsts[f] for f in full.get(first.lower().replace("ё", "е"), ()) if f in firsts]
        return forms[0] if forms else first

    first = vote([(fullest(n.first), n.nominative) for n in names])
    # the surname as the full names spell it: a lone «Вэнс» or a misspelt «Буров» does not
    # outvote «Сайрус Вэнс-младший» or «Николай Бурков»
    last = vote([(n.last, n.nominative) for n in names if n.first or n.initials]) \
        or vote([(n.last, n.nominative) for n in names])
    if last:
        fem = [n for n in names if n.last and n.gender == "Fem"]
        if fem and FEMALE_SURNAME.search(last) is None and any(FEMALE_SURNAME.search(n.last) for n in fem):
            last = vote([(n.last, n.nominative) for n in fem])
    if not first and not last:
        return cluster.mentions[0][2]
    if not first:
        initials = next((n.initials for n in names if n.initials), "")
        return " ".join([*(f"{i}." for i in initials), last]) if initials else last
    return " ".join(p for p in (first, last) if p)


BRACKET_BETWEEN = re.compile(r"\s*\(\s*")


def merge_bracketed_aliases(text: str, named: list[tuple[Cluster, str]]) -> list[tuple[Cluster, str]]:
    """«Гаррет Рейсман (Garrett Reisman)», «Федеральная служба ... (Роскомнадзор)»: a name in
    brackets right after a name of the same type is the same entity under another spelling."""
    owner = {id(c): i for i, (cl, _) in enumerate(named) for c, _, _ in cl.mentions}
    ordered = sorted((c for cl, _ in named for c, _, _ in cl.mentions), key=lambda c: c.start)
    parent = list(range(len(named)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for a, b in zip(ordered, ordered[1:]):
        if a.type == b.type and BRACKET_BETWEEN.fullmatch(text[a.end:b.start]):
            ra, rb = root(owner[id(a)]), root(owner[id(b)])
            if ra != rb:
                parent[rb] = ra
    merged: dict[int, tuple[Cluster, str]] = {}
    for i, (cl, canon) in enumerate(named):
        r = root(i)
        if r in merged:
            merged[r][0].mentions.extend(cl.mentions)
        else:
            merged[r] = (Cluster(cl.type, list(cl.mentions)), named[r][1])
    return list(merged.values())


FUNCTION_WORDS = {"и", "по", "в", "во", "на", "при", "для", "с", "со", "о", "об", "за", "от", "of", "and", "the", "for"}


def initials(name: str) -> str:
    """«Федеральная антимонопольная служба» → ФАС."""
    return "".join(w[0] for w in name.replace("«", " ").replace("»", " ").replace('"', " ").split()
                   if w.lower() not in FUNCTION_WORDS and w[:1].isalpha()).upper()


def abbreviates(short: str, long: str) -> bool:
    """Whether ``short`` is an abbreviation of ``long`` in the article: its initials («ФАС»), its
    initials but a final place («АНБ», «Агентство национальной безопасности США»), or a Min- word
    («Минсвязи», «Министерство связи и массовых коммуникаций»)."""
    words = long.split()
    if len(words) < 2 or " " in short.strip():
        return False
    if short.isupper() and 2 <= len(short) <= 6:
        full = initials(long)
        return full == short or full[:-1] == short and words[-1][:1].isupper()
    if short.startswith("Мин") and len(short) > 4 and lemma(words[0]) == "министерство":
        return words[1].lower().startswith(short[3:].lower()[:4])
    return False


def merge_abbreviations(named: list[tuple[Cluster, str]]) -> list[tuple[Cluster, str]]:
    """An organisation named both in full and by its abbreviation in one article («Федеральная
    антимонопольная служба» ... «ФАС») is one entity, under the full name."""
    orgs = [i for i, (cl, _) in enumerate(named) if cl.type == "ORG"]
    into: dict[int, int] = {}
    for i in orgs:
        fulls = [j for j in orgs if j != i and abbreviates(named[i][1], named[j][1])]
        if len(fulls) == 1:
            into[i] = fulls[0]
    out = []
    for i, (cl, canon) in enumerate(named):
        if i in into:
            continue
        mentions = list(cl.mentions) + [m for k, j in into.items() if j == i for m in named[k][0].mentions]
        out.append((Cluster(cl.type, mentions), canon))
    return out


def build_entities(text: str, tokens: list[Token], cands: list[Candidate]) -> list[Entity]:
    starts = {t.start: i for i, t in enumerate(tokens)}
    ends = {t.end: i for i, t in enumerate(tokens)}

    def toks(c: Candidate) -> list[Token]:
        i, j = starts.get(c.start), ends.get(c.end)
        if i is None or j is None:
            return [t for t in tokens if c.start <= t.start and t.end <= c.end]
        return tokens[i:j + 1]

    people = [(c, parse_person(toks(c)), text[c.start:c.end]) for c in cands if c.type == "PER"]
    clusters = cluster_people([p for p in people if words_of(toks(p[0]))])
    named: list[tuple[Cluster, str]] = [(cl, person_canonical(cl)) for cl in clusters]
    others: dict[tuple[str, str], Cluster] = {}
    for c in cands:
        if c.type == "PER":
            continue
        ts = toks(c)
        canon = nominative_phrase(ts) if ts else text[c.start:c.end]
        key = (c.type, canon.lower().replace("ё", "е"))
        others.setdefault(key, Cluster(c.type)).mentions.append((c, None, canon))
    named += [(cl, cl.mentions[0][2]) for cl in others.values()]
    named = merge_bracketed_aliases(text, named)
    named = merge_abbreviations(named)
    named.sort(key=lambda x: min(m[0].start for m in x[0].mentions))
    entities = []
    for n, (cl, canon) in enumerate(named, 1):
        mentions = sorted({Mention(c.start, c.end, text[c.start:c.end]) for c, _, _ in cl.mentions},
                          key=lambda m: m.start)
        entities.append(Entity(f"e{n}", cl.type, canon, [], mentions))
    return entities


def gender_of_name(name: str) -> str | None:
    """The gender a canonical person name shows: its first name, else its surname's ending."""
    words = name.split()
    first = words[0].split("-")[-1].lower() if len(words) > 1 else None
    if first:  # a canonical name is in the nominative: «Валерия» is her name, not Валерий's genitive
        parses = [p for p in parse_word(first)[:3] if "Name" in tags_of(p) and p.tag.gender in ("masc", "femn")]
        nominative = [p for p in parses if p.tag.case == "nomn" and p.tag.number == "sing"]
        for p in nominative:  # (an oblique reading, «Прит» as «Прита»'s genitive, shows nothing)
            return "Masc" if p.tag.gender == "masc" else "Fem"
    last = words[-1] if words else ""
    if FEMALE_SURNAME.search(last):
        return "Fem"
    if MALE_SURNAME.search(last):
        return "Masc"
    return None
