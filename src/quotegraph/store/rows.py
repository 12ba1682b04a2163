"""A record → the rows that store it. Pure, and cheap enough to run in the worker that made
the record, so the single writer only executes inserts."""
from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field

_WORD = re.compile(r"\w+")


def signature(text: str) -> bytes | None:
    from .copies import signature
    return signature(text)


def content_hash(text: str) -> str:
    """An article's identity: the sha256 of its text."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def search_lemmas(text: str) -> str:
    """``text`` as space-separated lemmas, the form both the search index and queries use."""
    from ..lexicon import lemma
    return " ".join(lemma(w) for w in _WORD.findall(text))


_ENDINGS = sorted("ами ями ого его ому ему ой ей ою ею ую юю ым им ом ем ам ям ах ях а я у ю е ы и о".split(),
                  key=len, reverse=True)
_MIN_STEM = 3


def stems(name: str) -> str:
    """Each word with a case ending cut off (a crude stemmer for names no dictionary knows):
    «Жампетовой», «Жампетова» and «Жампетову» all give «жампетов»."""
    out = []
    for word in norm(name).replace("-", " ").split():
        for ending in _ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
                word = word[: -len(ending)]
                break
        out.append(word)
    return " ".join(out)


def norm(name: str) -> str:
    """What name look-ups compare: lowercase, ё → е, single spaces."""
    return " ".join(name.lower().replace("ё", "е").split())


def name_forms(name: str) -> tuple[str, str, str, str, str]:
    """A name and the forms look-ups match it by: (name, norm, lemmas, stems, last stem)."""
    stemmed = stems(name)
    return name, norm(name), search_lemmas(name), stemmed, stemmed.rpartition(" ")[2]


@dataclass
class ArticleRows:
    key: str
    hash: str
    date: str | None
    title: str | None
    source: str | None
    url: str | None
    lang: str
    text: str
    record: str  # JSON, without "text"
    origin: str
    entities: list[tuple] = field(default_factory=list)  # local_id, type, name, roles JSON, n_mentions
    mentions: list[tuple] = field(default_factory=list)  # local_id, start, end, text, kind
    dates: list[tuple] = field(default_factory=list)  # start, end, text, value
    quotes: list[tuple] = field(default_factory=list)  # idx, start, end, text, kind, cue..., speaker..., parent, conf, date
    quote_entities: list[tuple] = field(default_factory=list)  # quote idx, local_id, n, tone, score, role
    tone: tuple | None = None  # tone, positive, negative, polarity, words, positive_words, negative_words
    quote_lemmas: list[str] = field(default_factory=list)  # per quote idx
    name_forms: list[tuple] = field(default_factory=list)  # name_forms() of each name it uses
    site: str | None = None
    author: str | None = None
    fetched_at: str | None = None
    signature: bytes | None = None  # MinHash of the text, to find copies (copies.py)


def article_rows(record: dict, origin: str = "", hash: str | None = None) -> ArticleRows:
    text = record["text"]
    body = {k: v for k, v in record.items() if k != "text"}
    rows = ArticleRows(key=record["id"], hash=hash or content_hash(text), date=record.get("date"),
                       title=record.get("title"), source=record.get("source"), url=record.get("url"),
                       lang=record.get("lang") or "ru", text=text,
                       record=json.dumps(body, ensure_ascii=False), origin=origin or record["id"],
                       site=record.get("site"), author=record.get("author"), fetched_at=record.get("fetched_at"),
                       signature=signature(text))
    spans: list[tuple[int, int, str]] = []  # every mention (name, description, pronoun): what a quote mentions
    for e in record["entities"]:
        rows.entities.append((e["id"], e["type"], e["name"], json.dumps(e["roles"], ensure_ascii=False),
                              len(e["mentions"])))
        seen = set()
        for m in e["mentions"]:
            if (m["start"], m["end"]) in seen:
                continue
            seen.add((m["start"], m["end"]))
            rows.mentions.append((e["id"], m["start"], m["end"], m["text"], m["kind"]))
            spans.append((m["start"], m["end"], e["id"]))
    names = {e["name"] for e in record["entities"]}
    names.update(m["text"] for e in record["entities"] for m in e["mentions"] if m["kind"] == "name")
    rows.name_forms = [name_forms(name) for name in sorted(names)]
    rows.dates = [(d["start"], d["end"], d["text"], d["value"]) for d in record["dates"]]
    for idx, q in enumerate(record["quotes"]):
        cue, speaker = q.get("cue") or {}, q.get("speaker") or {}
        mention = speaker.get("mention") or {}
        rows.quotes.append((idx, q["start"], q["end"], q["text"], q["kind"],
                            cue.get("start"), cue.get("end"), cue.get("text"), cue.get("lemma"),
                            speaker.get("name"), speaker.get("entity"),
                            mention.get("start"), mention.get("end"), mention.get("text"),
                            q.get("parent"), q.get("confidence", 0.0), record.get("date")))
        if "targets" in q:  # format v2: the quote's targets, with their tone
            rows.quote_entities.extend((idx, t["entity"], len(t["mentions"]), t["tone"], t["score"], t["role"])
                                       for t in q["targets"])
        else:  # format v1: the entities mentioned inside, tone unknown
            inside = Counter(local for start, end, local in spans if q["start"] <= start and end <= q["end"])
            rows.quote_entities.extend((idx, local, n, None, None, None) for local, n in sorted(inside.items()))
        rows.quote_lemmas.append(search_lemmas(q["text"]))
    if tone := record.get("tone"):
        rows.tone = tuple(tone[k] for k in ("tone", "positive", "negative", "polarity", "words",
                                            "positive_words", "negative_words"))
    return rows
