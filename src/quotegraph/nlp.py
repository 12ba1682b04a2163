"""The one adapter between quotegraph and natasha / slovnet / pymorphy.

Models load once per process (``models()`` is cached) and foreign types never leave this
module: callers get quotegraph's own ``Token`` and ``Sentence`` objects. The models run
through ``slovnet_fast`` (natasha's weights and results, in about a third of the time); the
``*_natasha`` functions are the plain natasha paths it is checked against.

natasha 1.6.0 pins the abandoned pymorphy2, which fails on Python 3.11 (``inspect.getargspec``
is gone). The workaround lives here and nowhere else. quotegraph's own morphology uses
pymorphy3, which is maintained and about 7x faster with its compiled dictionaries.
"""
from __future__ import annotations

import functools
import inspect
import unicodedata
from dataclasses import dataclass

from .errors import SetupError


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str
    pos: str  # Universal POS from slovnet
    feats: dict  # Universal features: Case, Gender, Number, Animacy, ...


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    tokens: tuple[Token, ...]


@dataclass(frozen=True)
class NerSpan:
    start: int
    end: int
    type: str


def _patch_pymorphy2() -> None:
    """pymorphy2 calls inspect.getargspec, removed in Python 3.11; give it the modern one."""
    if not hasattr(inspect, "getargspec"):
        def getargspec(func):
            spec = inspect.getfullargspec(func)
            return spec.args, spec.varargs, spec.varkw, spec.defaults
        inspect.getargspec = getargspec  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Models:
    segmenter: object
    morph: object
    ner: object
    embedding: object  # navec, shared by morphology, NER and (loaded on first use) syntax
    names: list[str]


@functools.cache
def models() -> Models:
    """natasha's segmenter, morphology and NER taggers, loaded once per process (~1 s)."""
    _patch_pymorphy2()
    try:
        from natasha import NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise SetupError(f"natasha is not installed ({exc}); run `make setup`") from exc
    emb = NewsEmbedding()
    return Models(segmenter=Segmenter(), morph=_navec_words(NewsMorphTagger(emb), emb),
                  ner=_navec_words(NewsNERTagger(emb), emb),
                  embedding=emb, names=["natasha-1.6.0/navec_news_v1_1B_250K_300d_100q",
                                      "slovnet_morph_news_v1", "slovnet_ner_news_v1",
                                      "slovnet_syntax_news_v1"])


def _navec_words(tagger, embedding):
    """``tagger`` with its word vocabulary replaced by navec's own, where the words are the same.

    Each slovnet tagger (morphology, NER, syntax) loads its own copy of navec's 250,000 words, a
    list and a dict of ~38 MB; the three copies and navec's would take ~150 MB in each process
    (and in each worker, as RSS). The tagger encodes a word to the same id either way."""
    from slovnet.vocab import Vocab

    encoder, words = tagger.infer.encoder, embedding.vocab
    if encoder.words_vocab.items == words.words:
        shared = Vocab.__new__(Vocab)  # navec's list and dict, not a copy of them
        shared.items, shared.item_ids = words.words, words.word_ids
        shared.unk_id, shared.pad_id = words.unk_id, words.pad_id
        encoder.words_vocab = shared
    return tagger


@functools.cache
def morph_analyzer():
    """pymorphy3 with its Russian dictionaries (shipped in the pymorphy3-dicts-ru wheel)."""
    import pymorphy3
    return pymorphy3.MorphAnalyzer()


@functools.lru_cache(maxsize=5_000)
def parse_word(word: str):
    """pymorphy3 parses of one word, cached: news repeats its words a lot. The cache is small on
    purpose: most repeats are near each other, and a larger one held 30 MB more by the end of
    NEREL train for no gain in speed (`analyze` there must peak under 400 MB)."""
    try:
        return morph_analyzer().parse(word)
    except ValueError:  # pymorphy3 asks unicodedata.name(), which has none for some letters (Tangut)
        return morph_analyzer().parse("".join(c if unicodedata.name(c, "") else "\ufffd" for c in word))


@functools.cache
def analyzer():
    """The fast path over natasha's loaded taggers (``slovnet_fast``), built once per process."""
    from .slovnet_fast import Analyzer

    m = models()
    return Analyzer(m.morph, m.ner, m.embedding, MAX_SENTENCE_TOKENS)


# A longer "sentence" (a run-on line without full stops, a table) is cut into parts of this
# many tokens before tagging: the taggers' and syntax parser's memory and the quote finder's time
# grow with a sentence's length (its square, for the parser). News has none that long.
MAX_SENTENCE_TOKENS = 500


def analyze_text(text: str, offset: int = 0) -> tuple[list[Sentence], list[NerSpan]]:
    """Sentences with morph-tagged tokens, and NER spans, for ``text``; offsets shifted by ``offset``.

    The same as natasha's ``Doc`` segmented, morph-tagged and NER-tagged (``analyze_text_natasha``),
    computed faster: razdel runs once, both taggers share one word encoding, and the models run
    on all of a text's sentences at once (``slovnet_fast`` explains why the tags stay natasha's).
    A sentence of over ``MAX_SENTENCE_TOKENS`` tokens comes, and is tagged, in parts."""
    tokens, sents, tags, spans = analyzer()(text)
    table = _tag_table()
    sentences = []
    for (start, stop, first, last), ids in zip(sents, tags):
        words = []
        for token, tag in zip(tokens[first:last], ids):
            pos, feats = table[tag]
            words.append(Token(token.start + offset, token.stop + offset, token.text, pos, feats))
        sentences.append(Sentence(start + offset, stop + offset, tuple(words)))
    return sentences, [NerSpan(start + offset, stop + offset, type) for start, stop, type in spans]


@functools.cache
def _tag_table() -> list[tuple[str, dict]]:
    """Morph tag id -> (POS, features): one features dict per tag, shared by its tokens (no
    stage changes a token's features)."""
    return [(pos or "X", dict(feats)) for pos, feats in analyzer().morph.tags]


def analyze_text_natasha(text: str, offset: int = 0) -> tuple[list[Sentence], list[NerSpan]]:
    """``analyze_text`` the plain natasha way: the reference the fast path is checked against."""
    from natasha import Doc

    m = models()
    doc = Doc(text)
    doc.segment(m.segmenter)
    doc.tag_morph(m.morph)
    doc.tag_ner(m.ner)
    sentences = [
        Sentence(s.start + offset, s.stop + offset,
                 tuple(Token(t.start + offset, t.stop + offset, t.text, t.pos or "X", dict(t.feats or {}))
                       for t in s.tokens))
        for s in doc.sents
    ]
    spans = [NerSpan(s.start + offset, s.stop + offset, s.type) for s in doc.spans]
    return sentences, spans


@functools.cache
def syntax_parser():
    """slovnet's syntax parser (natasha's NewsSyntaxParser), loaded on first use."""
    from natasha import NewsSyntaxParser
    emb = models().embedding
    return _navec_words(NewsSyntaxParser(emb), emb)  # shares navec with morphology and NER


@functools.cache
def _syntax():
    from .slovnet_fast import Syntax

    m = models()
    return Syntax(syntax_parser(), analyzer().codes, m.embedding)


def parse_syntax(sentences: list[Sentence]) -> list[list[tuple[int, str]]]:
    """For each sentence, each token's (head index within the sentence, -1 for the root; relation).
    One batched call; run it only on the sentences that need it (those with a cue).
    The same trees as natasha's parser (``parse_syntax_natasha``), computed faster (``slovnet_fast``)."""
    if not sentences:
        return []
    trees = analyzer().parse(_syntax(), [[t.text for t in s.tokens] for s in sentences])
    return [[(h - 1 if 0 < h <= len(heads) else -1, rel or "") for h, rel in zip(heads, rels)]
            for heads, rels in trees]


def parse_syntax_natasha(sentences: list[Sentence]) -> list[list[tuple[int, str]]]:
    """``parse_syntax`` the plain natasha way: the reference the fast path is checked against."""
    if not sentences:
        return []
    words = [[t.text for t in s.tokens] for s in sentences]
    out = []
    for markup in syntax_parser().map(words):
        ids = {tok.id: i for i, tok in enumerate(markup.tokens)}
        out.append([(ids.get(tok.head_id, -1), tok.rel or "") for tok in markup.tokens])
    return out
