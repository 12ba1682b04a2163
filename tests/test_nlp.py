"""nlp: the fast path (slovnet_fast) gives natasha's tokens, tags, spans and trees exactly."""
from __future__ import annotations

import numpy as np
import pytest

from quotegraph import nlp, slovnet_fast

LONG = " ".join(["Президент Азербайджана Ильхам Алиев заявил в Баку, что"] * 30) + " всё готово."
MIXED = ("Да. " + LONG + " Нет! Петров - 176! Михайлов - 180? " + "Так и было. " * 9
         + "Министр иностранных дел России Сергей Лавров встретился с госсекретарем США Марко Рубио в Эр-Рияде.")

TEXTS = [
    "",
    "   \n\t ",
    "Привет",
    "Hello world, this is Latin text from Reuters in New York.",
    "Цены выросли на 12,5% в 2024 году, №5 и +7 (495) 123-45-67; 1 000 000 рублей.",
    "«Мы не уйдём», — заявил Песков. Об этом сообщает ТАСС.",
    LONG,                                   # one sentence of 300 tokens
    MIXED,                                  # 14 sentences of very different lengths, over the batch of 8
    "date 2025-11-12\n\nВладимир Путин прибыл в Москву.\n\n\nВ Кремле его встретили.",
    "ООО «Газпром нефть» и ПАО Сбербанк… Ё-моё!!! СИЗО-6, 2011-2020, e-mail: a@b.ru",
    "Слова <pad>, <PAD> и x<unk>y: razdel splits them, so no token is slovnet's padding.",
]


def same(text: str, offset: int = 0) -> None:
    fast, slow = nlp.analyze_text(text, offset), nlp.analyze_text_natasha(text, offset)
    assert fast[0] == slow[0]  # sentences, tokens with their offsets, POS and features
    assert fast[1] == slow[1]  # NER spans


@pytest.mark.parametrize("text", TEXTS)
def test_nlp_analyze_text_is_natashas(text):
    same(text)


@pytest.mark.parametrize("text, offset", [(TEXTS[5], 17), (MIXED, 1000)])
def test_nlp_analyze_text_shifts_offsets_as_natasha(text, offset):
    same(text, offset)
    assert nlp.analyze_text(text, offset)[0][0].start == offset


@pytest.mark.parametrize("text", [TEXTS[5], MIXED])
def test_nlp_exact_recomputation_is_natashas(text, monkeypatch):
    monkeypatch.setattr(slovnet_fast, "MARGIN", np.inf)  # every sentence re-tagged the slovnet way
    same(text)


@pytest.mark.parametrize("text", [TEXTS[5], MIXED])
def test_nlp_fast_scores_alone_are_natashas(text, monkeypatch):
    monkeypatch.setattr(slovnet_fast, "MARGIN", -np.inf)  # no sentence re-tagged: the fast scores decide
    same(text)


@pytest.mark.parametrize("text", [TEXTS[5], LONG, MIXED])
def test_nlp_tagging_in_windows_is_natashas(text, monkeypatch):
    monkeypatch.setattr(slovnet_fast, "WINDOW", 16)  # a long text: NER and morphology in windows of 16 tokens
    same(text)


@pytest.mark.parametrize("window", [7, 16, 100])
def test_nlp_ner_scores_in_windows_are_the_whole_texts(window, monkeypatch):
    fast = nlp.analyzer()
    words = [t.text for s in nlp.analyze_text(MIXED)[0] for t in s.tokens]
    word_ids, shape_ids = fast.codes(words)
    pairs, pair_of = np.unique(word_ids * fast.codes.shapes + shape_ids, return_inverse=True)
    vectors = fast.embed(pairs // fast.codes.shapes)
    whole = fast.ner.emissions(vectors, pair_of, shape_ids)
    monkeypatch.setattr(slovnet_fast, "WINDOW", window)
    np.testing.assert_allclose(fast.ner.emissions(vectors, pair_of, shape_ids), whole, atol=1e-4)


@pytest.mark.parametrize("sizes", [[5], [5, 1, 9], [3] * 8 + [12, 1]])
def test_nlp_exact_scores_are_slovnets_bit_for_bit(sizes):
    words = ("Глава МИД России Сергей Лавров 12 мая заявил журналистам в Москве , что переговоры "
             "идут").split()
    sentences = [words[:size] for size in sizes]
    analyzer, models = nlp.analyzer(), nlp.models()
    ids, shapes, pad = analyzer.padded(sentences)
    for tagger, fast in ((models.morph, analyzer.morph.exact), (models.ner, analyzer.ner.exact)):
        expected = tagger.infer.model(ids, shapes, pad)
        assert np.array_equal(fast.scores(analyzer.embed(ids), shapes, pad), expected)


@pytest.mark.parametrize("text", [TEXTS[5], MIXED, TEXTS[3]])
def test_nlp_parse_syntax_is_natashas(text):
    sentences, _ = nlp.analyze_text(text)
    for sent in sentences:  # one at a time, as the quote finder asks
        assert nlp.parse_syntax([sent]) == nlp.parse_syntax_natasha([sent])
    assert nlp.parse_syntax(sentences) == nlp.parse_syntax_natasha(sentences)  # batches of 8, padded


def test_nlp_parse_syntax_of_nothing_is_empty():
    assert nlp.parse_syntax([]) == []


@pytest.mark.parametrize("seed, length, scale", [(0, 1, 1.0), (1, 2, 1.0), (2, 300, 5.0), (3, 300, 100.0),
                                                 (4, 50, 0.0), (5, 200, -1.0)])  # 0: all tied; -1: rounded, many ties
def test_nlp_viterbi_is_slovnets(seed, length, scale):
    rng = np.random.default_rng(seed)
    emissions = rng.standard_normal((length, 8)).astype(np.float32) * abs(scale)
    if scale < 0:
        emissions = np.round(emissions * 2) / 2
    crf = nlp.models().ner.infer.model.head.crf
    expected = crf.decode(emissions[None], np.ones((1, length), dtype=bool))[0].tolist()
    assert nlp.analyzer().ner.decode(emissions) == expected


def _tagger(kind: str):
    return nlp.syntax_parser() if kind == "syntax" else getattr(nlp.models(), kind)


@pytest.mark.parametrize("kind", ["morph", "ner", "syntax"])
def test_nlp_taggers_hold_navecs_words_not_a_copy(kind):
    assert _tagger(kind).infer.encoder.words_vocab.item_ids is nlp.models().embedding.vocab.word_ids


@pytest.mark.parametrize("word", ["министр", "а", "<unk>", "<pad>", "непроизносимоеслово", "qwxz", ""])
def test_nlp_shared_words_encode_as_a_taggers_own_copy(word):
    from natasha import NewsNERTagger

    own = NewsNERTagger(nlp.models().embedding).infer.encoder.words_vocab  # loaded afresh, unshared
    assert nlp.models().ner.infer.encoder.words_vocab.encode(word) == own.encode(word)


def razdels(text: str) -> list[tuple[int, int, str]]:
    import razdel
    return [(t.start, t.stop, t.text) for t in razdel.tokenize(text)]


@pytest.mark.parametrize("text", TEXTS + [
    "полу-", "-то", "Тверь -ка", "a_b _c d_", "7.5.3", "3,14 и 2/3, 4\\5", ". 5", "6 ,",
    "Ура!?! … :-))) ;( =(((", "--- ** *", "ΔP и mβж, ⅓σ", "Yahoo!! YAHOO! yahoo !",
    "5-й, 1990-х, А-5, «-»-", "\u00a0тест\u2009тонкий\u00ad", "x" * 3 + "—" * 3 + "y",
])
def test_nlp_fast_tokenizer_is_razdels(text):
    from quotegraph.razdel_fast import tokenize
    assert [tuple(t) for t in tokenize(text)] == razdels(text)


def test_nlp_fast_tokenizer_is_razdels_on_generated_strings():
    import random
    from quotegraph.razdel_fast import tokenize
    alphabet = list("аБzX7 0.,/\\-‑–—−_:;=()!?…*«»\"'ΔσЁ@#%\n") + ["yahoo", "Yahoo", "12", ":-)", "--"]
    rng = random.Random(7)
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert [tuple(t) for t in tokenize(text)] == razdels(text), text


def test_nlp_fast_tokenizer_is_razdels_on_the_shared_texts():
    from conftest import need_shared
    from quotegraph.razdel_fast import tokenize
    texts = sorted(need_shared("data", "nerel-v1.1").rglob("*.txt"))
    assert len(texts) > 700
    for path in texts:
        text = path.read_text(encoding="utf-8")
        assert [tuple(t) for t in tokenize(text)] == razdels(text), path
