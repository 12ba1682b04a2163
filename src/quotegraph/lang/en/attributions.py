"""English attributions: who said, believes or wants what, from spaCy's parse.

Every verb (and «according to») is a candidate cue. For each one the parse gives what it
would attribute: its content (a quote in marks beside it, else its clausal complement, its
object or its prepositional object) and its source (its subject, the object of «according
to», or a «by» agent). A learned model (``cues.json``, trained on PolNeAR train by ``make
train``; ``train/english.py``) decides which candidates are attributions, from what it sees of
the verb, its lemma's record in the training data, the source and the content.

This is PolNeAR's notion of an attribution, which is also quotegraph's notion of a quote:
statements, and attributed beliefs and intentions («X believes», «X wants»).
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field

from ...stages.quote_marks import find_quoted_spans
from .. import data_table

TAIL_STOPS = ("punct", "cc", "conj", "advcl", "parataxis", "nsubj", "npadvmod")  # what ends a content
CUE_BEFORE = ("aux", "auxpass", "neg", "advmod")
CUE_AFTER = ("prt", "neg", "advmod", "agent")
SHARES_SUBJECT = ("conj", "xcomp", "advcl")
SUBJECTS = ("nsubj", "nsubjpass", "csubj")
CONTENT_DEPS = ("ccomp", "xcomp", "dobj", "attr", "oprd")  # in this order of preference
DEPS = ("ROOT", "ccomp", "conj", "advcl", "xcomp", "relcl", "acl", "parataxis", "pcomp", "aux", "amod", "prep")
TAGS = ("VBD", "VBZ", "VBP", "VB", "VBG", "VBN", "MD")
SUBJECT_POS = ("PRON", "PROPN", "NOUN")
SUBJECT_ENTS = ("PERSON", "ORG", "GPE", "NORP")
MAX_VERBS_PER_SENTENCE = 50  # verbs tried as cues in one sentence (PolNeAR has 29 at most; hostile text, thousands)
CONTENT_KINDS = ("quote", "ccomp", "xcomp", "dobj", "attr", "oprd", "prep", "according", "parenthetical", "colon")
LEMMAS = "cue_lemmas.tsv"
DOUBLE_APOSTROPHES = re.compile(r"(?<!')''(?!')")


@dataclass
class Candidate:
    cue: tuple[int, int]  # character span of the cue word(s)
    content: tuple[int, int] | None
    source: tuple[int, int] | None  # character span of the source phrase
    source_head: int | None  # token index of the source phrase's head
    kind: str  # direct (the content is in marks) | indirect
    features: dict[str, float] = field(default_factory=dict)


@functools.cache
def lemma_record() -> dict[str, tuple[int, int]]:
    """lemma → (times it was a cue, times it was seen as a verb) in PolNeAR train."""
    return {lemma: (int(cue), int(seen)) for lemma, (cue, seen) in data_table(__package__, LEMMAS).items()}


def text_of(doc) -> str:
    """A parsed text's string, kept on the doc (spaCy builds ``doc.text`` anew on every call)."""
    text = doc.user_data.get("quotegraph_text")
    if text is None:
        text = doc.user_data["quotegraph_text"] = doc.text
    return text


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Outermost quoted spans, marks included (PolNeAR's content span of a quote). Two
    apostrophes stand for a double mark, as some newspapers set them («''We won,'' he said»)."""
    if "''" in text:
        text = DOUBLE_APOSTROPHES.sub(lambda m: "\"'" if m.start() == 0 or text[m.start() - 1].isspace()
                                      or text[m.start() - 1] in "([{—–-" else "'\"", text)
    return [(q.open, q.close + (0 if q.implicit else 1)) for q in find_quoted_spans(text) if q.depth == 0]


def candidates(doc, quotes: list[tuple[int, int]] | None = None, record: dict | None = None,
               limits: dict[str, int] | None = None) -> list[Candidate]:
    """Every verb and «according to» of a parsed document, as a candidate attribution: at most
    MAX_VERBS_PER_SENTENCE verbs of a sentence (``limits`` counts the others, when given).
    ``record``: the lemma table (training passes one without the document's own counts)."""
    text = text_of(doc)
    quotes = quoted_spans(text) if quotes is None else quotes
    record = lemma_record() if record is None else record
    out = []
    starts, ends = [q[0] for q in quotes], [q[1] for q in quotes]  # outermost spans: both sorted
    for sent in doc.sents:
        in_sent = quotes[bisect.bisect_right(ends, sent.start_char):bisect.bisect_left(starts, sent.end_char)]
        following = quotes[bisect.bisect_left(starts, sent.end_char):bisect.bisect_right(starts, sent.end_char + 3)]
        near = in_sent or (following if sent.text.rstrip().endswith(":") else [])  # («X said: "..."»)
        near = (near, [q[0] for q in near])
        according = any(t.lower_ == "according" and t.i + 1 < sent.end and doc[t.i + 1].lower_ == "to" for t in sent)
        verbs = 0
        for tok in sent:
            if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                c = according_candidate(tok, doc)
            elif tok.pos_ in ("VERB", "AUX") and not (tok.pos_ == "AUX" and tok.dep_ in ("aux", "auxpass")):
                verbs += 1
                if verbs > MAX_VERBS_PER_SENTENCE:
                    if limits is not None:
                        limits["cues_per_sentence"] = limits.get("cues_per_sentence", 0) + 1
                    continue
                c = verb_candidate(tok, near, (quotes, starts, ends))
            else:
                continue
            if c is None:
                continue
            cue_n, seen = record.get(tok.lemma_.lower(), (0, 0))
            c.features.update(lemma_rate=(cue_n + 0.2) / (seen + 2), lemma_seen=float(seen),
                              sentence_quotes=float(len(in_sent)), sentence_according=float(according))
            out.append(c)
    for c in colon_candidates(doc, quotes) + signed_candidates(doc):
        c.features.update(lemma_rate=-1.0, lemma_seen=-1.0, sentence_quotes=1.0, sentence_according=0.0)
        out.append(c)
    return out


def subject_of(verb):
    """The verb's subject, or the one it shares: with the verb it is joined to («X said and
    added»), the verb it completes («X wants to say»), the clause a gerund hangs on («X spoke,
    saying»); the noun a participle describes («protesters chanting»); a passive's «by» agent."""
    for child in verb.children:
        if child.dep_ in SUBJECTS:
            return child, False
    head = verb
    while head.dep_ in SHARES_SUBJECT and head.head.i != head.i:
        if head.dep_ == "advcl" and head.tag_ != "VBG":
            break
        head = head.head
        if head.dep_ in ("acl", "relcl") or head.pos_ in ("NOUN", "PROPN", "PRON"):
            return (head, True) if head.pos_ in ("NOUN", "PROPN", "PRON") else (None, False)
        for child in head.children:
            if child.dep_ in SUBJECTS:
                return child, True
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head, True
    for child in verb.children:  # passive «was said by X»
        if child.dep_ == "agent":
            for g in child.children:
                if g.dep_ == "pobj":
                    return g, False
    return None, False


def phrase(tok) -> tuple[int, int]:
    """The character span of a noun phrase with its appositions and conjuncts («X, a spokesman
    for Y,», «X and Y»), within its paragraph, without trailing punctuation and spaces."""
    doc = tok.doc
    left, right = tok.left_edge.i, tok.right_edge.i
    if tok.dep_ == "acl" or any(c.i > tok.i and c.dep_ in ("acl",) and c.tag_ == "VBG" for c in tok.children):
        right = tok.i  # «protesters chanting ...»: the noun, not its participle's clause
    if right > left + 40:
        right = max([tok.i] + [c.right_edge.i for c in tok.rights if c.dep_ in ("appos", "conj", "cc", "prep", "compound")
                               and c.right_edge.i <= tok.i + 40])
    for i in range(tok.i - 1, left - 1, -1):
        if "\n" in doc[i].text_with_ws:
            left = i + 1
            break
    while right > left and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    while left < right and (doc[left].is_punct or doc[left].is_space):
        left += 1
    return doc[left].idx, doc[right].idx + len(doc[right].text.rstrip())


def subtree_span(tok, skip=()) -> tuple[int, int]:
    doc = tok.doc
    left, right = tok.left_edge.i, tok.right_edge.i
    for child in skip:
        if child.left_edge.i == left:
            left = child.right_edge.i + 1
    while left < right and (doc[left].is_punct and doc[left].text not in "\"“'‘"):
        left += 1
    while right > left and doc[right].is_punct and doc[right].text not in "\"”'’?!":
        right -= 1
    return doc[left].idx, doc[right].idx + len(doc[right])


def near_quote(verb, near: tuple[list, list]) -> tuple[tuple[int, int] | None, float]:
    """The quote the verb introduces or signs off, of ``near`` (the quotes of its sentence, else
    those just after a sentence ending with a colon, «X said: "..."», with their starts): the
    nearest, the one before on a tie; its distance in characters. A verb inside a quote does
    not introduce it. Outermost quotes do not overlap, so the nearest is on either side of it."""
    quotes, starts = near
    v = verb.idx
    after = bisect.bisect_right(starts, v)  # the first quote starting after the verb
    options = []
    before = after - 1 if after > 0 and quotes[after - 1][1] <= v else after - 2  # (skip the one holding it)
    if before >= 0:
        options.append((v - quotes[before][1], quotes[before]))
    if after < len(quotes):
        options.append((quotes[after][0] - v, quotes[after]))
    if not options:
        return None, 1e9
    dist, best = min(options, key=lambda o: o[0])
    return best, dist


def verb_candidate(verb, near: tuple[list, list], quotes: tuple[list, list, list]) -> Candidate | None:
    """``near``: the quotes the verb may introduce, with their starts (``near_quote``); ``quotes``:
    all of them, with their sorted starts and ends."""
    text = text_of(verb.doc)
    subject, inherited = subject_of(verb)
    quote, qdist = near_quote(verb, near)
    content, content_kind = complement(verb)
    if quote is not None and content is not None and overlap(quote, content):
        quote = continued(verb, quote, quotes)
        content = (min(quote[0], content[0]), max(quote[1], content[1]))
        content_kind = "quote" if content == quote else content_kind
    elif quote is not None and (content is None or (content_kind == "dobj" and qdist < 40)):  # «told reporters»
        content, content_kind = continued(verb, quote, quotes), "quote"
    if content is None and verb.dep_ in ("parataxis", "advcl", "ccomp") and verb.head.i != verb.i:
        content, content_kind = around(verb), "parenthetical"  # «X, he said, will Y»
    if content is None:
        return None
    if content_kind == "quote" and names_a_thing(verb.doc, content):
        return None  # «read "War and Peace"»: a title in marks, not speech
    source = phrase(subject) if subject is not None else None
    sent = verb.sent
    f = {
        "verb": float(verb.pos_ == "VERB"),
        "tag": float(index(verb.tag_, TAGS)),
        "dep": float(index(verb.dep_, DEPS)),
        "has_subject": float(subject is not None),
        "subject_inherited": float(inherited),
        "subject_pos": float(index(subject.pos_, SUBJECT_POS)) if subject is not None else -1.0,
        "subject_ent": float(index(subject.ent_type_, SUBJECT_ENTS)) if subject is not None else -1.0,
        "subject_after": float(subject is not None and subject.i > verb.i),
        "subject_words": float(source and len(text[source[0]:source[1]].split()) or 0),
        "content_kind": float(index(content_kind, CONTENT_KINDS)),
        "content_chars": float(content[1] - content[0]),
        "content_that": float(text[content[0]:content[0] + 5].lower() == "that "),
        "content_after": float(content[0] > verb.idx),
        "quote_distance": float(qdist if quote else -1),
        "inside_quote": float(inside_quote(verb.idx, quotes)),
        "negated": float(any(c.dep_ == "neg" for c in verb.children)),
        "sentence_position": float(verb.i - sent.start),
        "sentence_tokens": float(len(sent)),
        "first_person": float(subject is not None and subject.lower_ in ("i", "we")),
        **content_features(verb.doc, content),
    }
    kind = "direct" if content_kind == "quote" else "indirect"
    return Candidate(cue_span(verb, content), content, source,
                     subject.i if subject is not None else None, kind, f)


def cue_span(verb, content: tuple[int, int]) -> tuple[int, int]:
    """The cue's words, as PolNeAR marks them: the verb with the auxiliaries, negation and
    adverbs before it («has not publicly said»), and after it its particle, adverbs and the
    preposition that opens the content («pointed out», «pointed to [X]»); adjuncts («said
    Friday», «said in a statement») and an addressee («told reporters») are left out (on
    PolNeAR dev, cue token F1 0.610 → 0.620)."""
    doc = verb.doc
    left = verb.i
    while left > verb.sent.start and doc[left - 1].head.i == verb.i and doc[left - 1].dep_ in CUE_BEFORE:
        left -= 1
    right = verb.i
    for child in verb.rights:
        if child.idx >= content[0] and child.idx < content[1] or child.right_edge.idx + 1 > content[0] >= verb.idx \
                and child.idx >= content[0]:
            break
        obj = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None) if child.dep_ == "prep" else None
        if obj is not None and child.i == right + 1 and obj.left_edge.idx == content[0]:
            right = child.i  # «pointed to [X]», «warned against [X]»: the preposition that opens the content
            break
        if child.dep_ in CUE_AFTER and child.left_edge.i == right + 1 and child.right_edge.i - verb.i <= 12 \
                and not overlap((child.left_edge.idx, child.right_edge.idx + 1), content):
            right = child.right_edge.i
        elif child.dep_ != "dative" and not (child.dep_ == "dobj" and content[0] > verb.idx):
            break
    while right > verb.i and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    return doc[left].idx, doc[right].idx + len(doc[right])


def complement(verb) -> tuple[tuple[int, int] | None, str | None]:
    """What the verb says, believes or wants: its complements after it, from the first to the
    last («called [the charges baseless]», «told reporters [that ...]»), else its clausal
    complement before it, else its prepositional object («spoke about [X]»)."""
    after = [c for c in verb.rights if c.dep_ in CONTENT_DEPS]
    clauses = [c for c in after if c.dep_ == "ccomp"]
    if clauses:  # «told Reuters [the talks had stalled]»: an object before the clause is the addressee
        after = [c for c in after if c.i >= clauses[0].left_edge.i]
    if after:
        first = min(after, key=lambda c: c.left_edge.i)
        kind = next(d for d in CONTENT_DEPS if any(c.dep_ == d for c in after))
        tail = [c for c in verb.rights if c.dep_ not in TAIL_STOPS and c.i > first.i]
        last = max(after + tail, key=lambda c: c.right_edge.i)
        return trim_tokens(verb.doc, first.left_edge.i, last.right_edge.i), kind
    before = [c for c in verb.lefts if c.dep_ in ("ccomp", "xcomp")]
    if before:
        return subtree_span(before[-1]), before[-1].dep_
    for child in verb.rights:
        if child.dep_ == "prep":
            obj = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
            if obj is not None:
                return subtree_span(obj), "prep"
    return None, None


def trim_tokens(doc, left: int, right: int) -> tuple[int, int]:
    while left < right and doc[left].is_punct and doc[left].text not in "\"“'‘":
        left += 1
    while right > left and doc[right].is_punct and doc[right].text not in "\"”'’?!":
        right -= 1
    return doc[left].idx, doc[right].idx + len(doc[right])


def around(verb) -> tuple[int, int] | None:
    """The clause a parenthetical cue sits in, less the cue's own words: its larger side."""
    head = verb.head
    doc = verb.doc
    lo, hi = head.left_edge.i, head.right_edge.i
    a, b = verb.left_edge.i, verb.right_edge.i
    before = (lo, a - 1) if a - 1 >= lo else None
    after = (b + 1, hi) if hi >= b + 1 else None
    sides = [s for s in (before, after) if s is not None]
    if not sides:
        return None
    left, right = max(sides, key=lambda s: s[1] - s[0])
    span = trim_tokens(doc, left, right)
    return span if span[1] > span[0] else None


def inside_quote(at: int, quotes: tuple[list, list, list]) -> bool:
    _, starts, ends = quotes
    i = bisect.bisect_right(starts, at) - 1
    return i >= 0 and ends[i] > at


def continued(verb, quote: tuple[int, int], quotes: tuple[list, list, list]) -> tuple[int, int]:
    """A quote with its other half: «"...," she said. "..."» and «"...," he said, "..."» are one
    content, from the first mark to the last: a quote ending just before the cue's clause and one
    beginning just after it, with no other mark and no paragraph break between."""
    text = text_of(verb.doc)
    spans, starts, ends = quotes
    start, end = quote
    before, after = bisect.bisect_right(ends, verb.idx) - 1, bisect.bisect_right(starts, verb.idx)
    if before >= 0 and after < len(spans):
        gap = text[spans[before][1]:spans[after][0]]
        if len(gap) < 200 and not any(m in gap for m in "\"“”") and "\n" not in gap:
            start, end = min(start, spans[before][0]), max(end, spans[after][1])
    return start, end


def content_features(doc, content: tuple[int, int]) -> dict[str, float]:
    """What a content is like: a clause (it has a verb) or a name in marks («War and Peace»)."""
    span = doc.char_span(content[0], content[1], alignment_mode="expand")
    words = [t for t in span if not t.is_punct] if span is not None else []
    return {"content_has_verb": float(any(t.pos_ in ("VERB", "AUX") for t in words)),
            "content_title_case": float(bool(words) and all(t.text[:1].isupper() or t.is_stop for t in words)),
            "content_words": float(len(words))}


def names_a_thing(doc, content: tuple[int, int]) -> bool:
    """A short phrase in marks with no verb, every word capitalised: a title or a name."""
    f = content_features(doc, content)
    return f["content_title_case"] == 1.0 and f["content_has_verb"] == 0.0 and f["content_words"] <= 6


COLON_LINE = re.compile(r"^[^\S\n]*([^:\n]{2,60}?):[^\S\n]+([^\s\"“‘'][^\n]*?)[^\S\n]*$", re.M)


def colon_candidates(doc, quotes) -> list[Candidate]:
    """«Alan Price: "Nobody saw this coming."»: a short name or description, a colon, a quote;
    also a line without marks («Pat Caddell: Democrat Voters Worried About ...», as headlines
    give a claim)."""
    text = text_of(doc)
    out = []
    lines = [(m.start(2), m.end(2)) for m in COLON_LINE.finditer(text) if len(m.group(2).split()) >= 3]
    for q in sorted(quotes + lines):
        line_start = text.rfind("\n", 0, q[0]) + 1
        lead = text[line_start:q[0]]
        if not lead.rstrip().endswith(":") or len(lead.split()) > 8:
            continue
        colon = line_start + lead.rstrip().rfind(":")
        colon_token = doc.char_span(colon, colon + 1, alignment_mode="expand")
        if colon_token is not None:  # «The mayor spoke. Jane Doe: "..."»: the lead is the colon's sentence
            line_start = max(line_start, colon_token.sent.start_char)
        span = doc.char_span(line_start, colon, alignment_mode="contract")
        if span is None or not len(span) or not any(t.pos_ in ("PROPN", "NOUN", "PRON") for t in span):
            continue
        if any(t.pos_ in ("VERB", "AUX") for t in span):
            continue  # «He said:» is the verb's
        out.append(lead_candidate(doc, span, q, colon))
    return out


def lead_candidate(doc, span, q: tuple[int, int], mark: int) -> Candidate:
    """A candidate whose cue is one mark (a colon, a dash) between its source ``span`` and its content."""
    head = span.root
    f = {"verb": 0.0, "tag": -1.0, "dep": -1.0, "has_subject": 1.0, "subject_inherited": 0.0,
         "subject_pos": float(index(head.pos_, SUBJECT_POS)), "subject_ent": float(index(head.ent_type_, SUBJECT_ENTS)),
         "subject_after": 0.0, "subject_words": float(len(span)),
         "content_kind": float(index("colon", CONTENT_KINDS)), "content_chars": float(q[1] - q[0]),
         "content_that": 0.0, "content_after": 1.0, "quote_distance": float(abs(q[0] - mark)), "inside_quote": 0.0,
         "negated": 0.0, "sentence_position": float(len(span)), "sentence_tokens": float(len(head.sent)),
         "first_person": 0.0, "lead_is_name": float(all(t.pos_ == "PROPN" for t in span) and len(span) <= 4),
         **content_features(doc, q)}
    return Candidate((mark, mark + 1), q, (span.start_char, span.end_char), head.i, "direct", f)


# «... for realz, people — David Martosko (@dmartosko) September 1, 2016»: an embedded post signed by its author
SIGNED_POST = re.compile(r"(?P<content>[^\n<>]{10,}?)[^\S\n]+(?P<dash>[—―–-])[^\S\n]+(?P<name>[A-Z][^\n(<>]{1,40}?)"
                         r"[^\S\n]*\(@\w+\)")
# «“...” ― Sonya Herridge⏎»: a quote signed at the end of its line
SIGNED_QUOTE = re.compile(r"^[^\S\n]*(?P<content>[“\"”][^\n]{10,}?[”\"])[^\S\n]*(?P<dash>[—―–])[^\S\n]*"
                          r"(?P<name>[A-Z][\w.'’-]*(?:[^\S\n]+[A-Z][\w.'’-]*){0,3})\.?[^\S\n]*$", re.M)
# «"...."⏎⏎- Bernie Sanders.»: a paragraph signed by its speaker on the line after it
SIGNED_LINE = re.compile(r"^[^\S\n]*(?P<dash>[—―–-])[^\S\n]*(?P<name>[A-Z][\w.'’-]*(?:[^\S\n]+[A-Z][\w.'’-]*){0,3})"
                         r"\.?[^\S\n]*$", re.M)


def signed_candidates(doc) -> list[Candidate]:
    """Words signed with a dash and their author's name: an embedded post («... — Paul Ryan
    (@SpeakerRyan) July 5, 2016»), a quote that ends its line «“...” ― Sonya Herridge», or a
    paragraph followed by a line «- Hillary Clinton.»."""
    text = text_of(doc)
    found = []
    for m in [*SIGNED_POST.finditer(text), *SIGNED_QUOTE.finditer(text)]:
        found.append((trimmed(text, (m.start("content"), m.end("content"))), m.start("dash"), m.span("name")))
    for m in SIGNED_LINE.finditer(text):
        end = text.rfind("\n", 0, m.start())
        while end > 0 and text[end - 1] in " \t\r\n":
            end -= 1
        start = text.rfind("\n", 0, end) + 1
        if end - start >= 10:
            found.append((trimmed(text, (start, end)), m.start("dash"), m.span("name")))
    out = []
    for content, dash, name in found:
        span = doc.char_span(*name, alignment_mode="contract")
        if content[1] - content[0] >= 10 and span is not None and len(span) \
                and any(t.pos_ == "PROPN" for t in span) and not any(t.pos_ in ("VERB", "AUX") for t in span):
            out.append(lead_candidate(doc, span, content, dash))
    return out


def according_candidate(tok, doc) -> Candidate | None:
    to = doc[tok.i + 1]
    obj = next((c for c in to.children if c.dep_ == "pobj"), None) or \
        next((c for c in tok.children if c.dep_ == "pobj"), None)
    if obj is None:
        return None
    clause = tok.head
    while clause.dep_ not in ("ROOT", "ccomp", "conj", "advcl") and clause.head.i != clause.i:
        clause = clause.head
    prep = tok if tok.head.i == clause.i else tok.head
    content = subtree_span(clause, skip=[prep])
    if content[0] <= tok.idx < content[1]:  # the phrase sits inside the clause: keep its larger side
        before, after = (content[0], tok.idx), (phrase_end(obj) + 1, content[1])
        content = before if before[1] - before[0] > after[1] - after[0] else after
        content = trimmed(text_of(doc), content)
    if content[1] <= content[0]:
        return None
    source = phrase(obj)
    f = {"verb": 0.0, "tag": -1.0, "dep": -1.0, "has_subject": 1.0, "subject_inherited": 0.0,
         "subject_pos": float(index(obj.pos_, SUBJECT_POS)), "subject_ent": float(index(obj.ent_type_, SUBJECT_ENTS)),
         "subject_after": 1.0, "subject_words": float(len(text_of(doc)[source[0]:source[1]].split())),
         "content_kind": float(index("according", CONTENT_KINDS)), "content_chars": float(content[1] - content[0]),
         "content_that": 0.0, "content_after": float(content[0] > tok.idx), "quote_distance": -1.0,
         "inside_quote": 0.0, "negated": 0.0, "sentence_position": float(tok.i - tok.sent.start),
         "sentence_tokens": float(len(tok.sent)), "first_person": 0.0, **content_features(doc, content)}
    return Candidate((tok.idx, to.idx + len(to)), content, source, obj.i, "indirect", f)


def phrase_end(tok) -> int:
    return phrase(tok)[1]


def trimmed(text: str, span: tuple[int, int]) -> tuple[int, int]:
    s, e = span
    while s < e and (text[s].isspace() or text[s] in ",;:—–-"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:—–-"):
        e -= 1
    return s, e


def overlap(a, b) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])


def index(value, values) -> int:
    try:
        return values.index(value)
    except ValueError:
        return len(values)
