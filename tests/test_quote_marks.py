"""quotegraph.stages.quote_marks: quoted spans of Russian news text, nested, never raising.

Cases are written inline: ⟦ and ⟧ mark the expected content of every span (they nest like
the spans do) and are removed before scanning, so ``'Он сказал: «⟦Мы не уйдём⟧».'``
expects one outermost span whose content is «Мы не уйдём».
"""
from __future__ import annotations

import random

import pytest
from conftest import need_shared

from quotegraph.stages.quote_marks import QuotedSpan, find_quoted_spans

OPEN, CLOSE = "⟦", "⟧"
CLOSER_OF = {"«": "»", "„": "“", "“": "”", '"': '"'}


def parse(marked: str) -> tuple[str, list[tuple[int, int, int | None]]]:
    """The plain text and the expected (start, end, parent) of each span, sorted by start."""
    text, open_at, found = [], [], []
    for ch in marked:
        if ch == OPEN:
            open_at.append((len(found), sum(map(len, text))))
            found.append(None)
        elif ch == CLOSE:
            index, start = open_at.pop()
            parent = open_at[-1][0] if open_at else None
            found[index] = (start, sum(map(len, text)), parent)
        else:
            text.append(ch)
    assert not open_at, "unbalanced markers in the test case"
    return "".join(text), found


def spans_of(marked: str, *args: int | None) -> tuple[str, list[QuotedSpan]]:
    text, _ = parse(marked)
    return text, find_quoted_spans(text, *args)


def check(marked: str) -> list[QuotedSpan]:
    text, expected = parse(marked)
    spans = find_quoted_spans(text)
    got = [(s.start, s.end, s.parent) for s in spans]
    assert got == expected, ([text[s.start:s.end] for s in spans],
                             [text[a:b] for a, b, _ in expected])
    assert_well_formed(text, spans)
    return spans


def assert_well_formed(text: str, spans: list[QuotedSpan]) -> None:
    """Sorted, offsets consistent, marks where they should be, children inside parents."""
    assert [s.open for s in spans] == sorted({s.open for s in spans})
    enclosing: list[int] = []
    for index, s in enumerate(spans):
        assert s.start == s.open + 1 and s.end == s.close and s.start <= s.end
        assert text[s.open] == s.mark and s.mark in CLOSER_OF
        if not s.implicit:
            assert text[s.close] == CLOSER_OF[s.mark] or (s.mark == "„" and text[s.close] == "”")
        while enclosing and spans[enclosing[-1]].close < s.open:
            enclosing.pop()
        assert s.parent == (enclosing[-1] if enclosing else None)
        assert s.depth == len(enclosing)
        if s.parent is not None:
            parent = spans[s.parent]
            assert parent.open < s.open and s.close < parent.close
            assert s.depth == parent.depth + 1
        enclosing.append(index)


@pytest.mark.parametrize("marked", [
    "Он сказал: «⟦Мы не уйдём⟧».",
    "„⟦Так и будет⟧“, — ответил он.",
    "Он сказал “⟦да⟧” вчера.",
    'Он сказал "⟦да⟧" вчера.',
    "«⟦Клуб «⟦Зенит⟧» победил⟧», — сказал он.",
])
def test_quote_marks_each_mark_type(marked):
    check(marked)


@pytest.mark.parametrize("marked", [
    "«⟦Он назвал это „⟦ошибкой⟧“ и ушёл⟧», — сказал он.",
    "«⟦Он назвал это „⟦ошибкой «⟦века⟧»⟧“ и ушёл⟧».",
    "«⟦Клуб „⟦Зенит⟧” победил⟧».",
    "“⟦Он сказал „⟦нет⟧“ и ушёл⟧”.",
    '«⟦Клуб "⟦Зенит⟧" победил⟧».',
    '«⟦"⟦Зенит⟧" победил⟧».',
    '"⟦Компания «⟦Газпром⟧» растёт⟧", - сказал он.',
])
def test_quote_marks_nested_and_mixed(marked):
    check(marked)


@pytest.mark.parametrize("marked", [
    '"⟦Под руководством Президента Ильхама Алиева Азербайджан достиг "⟦большой исторической '
    'победы⟧" и восстановил государственный суверенитет, что является признанием его '
    'политического мастерства и дальновидности⟧", - сказала она.',
    'Токаев отмечал, что народ Казахстана "⟦искренне радуется исторической победе⟧". Эти слова.',
    '"⟦Реализуется программа "⟦Великое возвращение⟧", которая сочетает восстановление⟧", - '
    'заключила Жампетова.',
    'кафедры "⟦Медиакоммуникации и истории Казахстана⟧" Международного университета',
    '"⟦"⟦Зенит⟧" победил⟧", - сказал он.',
    '"⟦Он играет за "⟦Зенит⟧"⟧", - сказал он.',
    '"⟦ООО "⟦Ромашка⟧"⟧" и "⟦ООО "⟦Лютик⟧"⟧".',
    '"⟦Кайрат⟧"-"⟦Астана⟧"',
])
def test_quote_marks_straight_inside_straight(marked):
    check(marked)


@pytest.mark.parametrize("marked", [
    "«⟦Первое. Второе! Третье? Четвёртое…⟧» — сказал он.",
    '"⟦Первое предложение. Второе, с "⟦названием⟧". Третье⟧", - сказал он.',
    "«⟦Первый абзац.\nПродолжение без кавычки.⟧» — сказал он.",
])
def test_quote_marks_multi_sentence(marked):
    check(marked)


@pytest.mark.parametrize("marked", [
    "«⟦Первый абзац.⟧\n«⟦Второй абзац.⟧\n\n«⟦Третий абзац.⟧» — сказал он.",
    "«⟦Первый абзац, „⟦цитата⟧“.⟧  \r\n  «⟦Второй абзац.⟧»",
    '"⟦Первый абзац.⟧\n"⟦Второй абзац.⟧", - сказал он.',
    "Он назвал это «⟦безумием.⟧\nДругой абзац.\n«⟦Цитата⟧» — сказал он.",
    "«⟦Первый «⟦длинный\nфрагмент⟧» абзаца⟧\n«⟦Второй.⟧»",
    "«⟦Первый абзац «вложенный.⟧\n«⟦Второй абзац.⟧»",
])
def test_quote_marks_multi_paragraph(marked):
    spans = check(marked)
    assert spans[0].implicit and not spans[-1].implicit


@pytest.mark.parametrize("marked", [
    "«Стрaнная кавычка. Он сказал: «⟦да⟧».",
    "Текст» и «⟦цитата⟧».",
    "Текст” и “⟦цитата⟧” и „⟦ещё⟧“.",
    'Он сказал "привет и ушёл. Она ответила: "⟦пока⟧".',
    'Экран 5" дюймов, а он сказал "⟦нет⟧".',
    "«⟦Он сказал „нет и ушёл⟧».",
    '«⟦a "b⟧» c',
    "«⟦a⟧» «b „⟦c⟧“ d",
    "«⟦a⟧» b» c «⟦d⟧»",
    "« «⟦a⟧» « «⟦b⟧» «",
])
def test_quote_marks_unbalanced_keep_the_other_quotes(marked):
    check(marked)


@pytest.mark.parametrize("marked", [
    "«⟦O’Reilly и д'Артаньян⟧»",
    "Д'Артаньян сказал 'нет', а O’Reilly — ‘да’.",
    "«⟦It's '⟧»",
])
def test_quote_marks_apostrophes_ignored(marked):
    check(marked)


@pytest.mark.parametrize("marked", ["«⟦⟧»", "„⟦⟧“", "“⟦⟧”", 'Он сказал «⟦⟧» и "⟦⟧".', "«⟦„⟦⟧“⟧»"])
def test_quote_marks_empty_quotes(marked):
    check(marked)


def test_quote_marks_offsets_and_fields():
    text = 'Он сказал: «Мы „не“ уйдём».'
    outer, inner = find_quoted_spans(text)
    assert outer == QuotedSpan(open=11, close=25, start=12, end=25, mark="«", depth=0,
                               parent=None)
    assert text[outer.start:outer.end] == "Мы „не“ уйдём"
    assert (inner.mark, inner.depth, inner.parent, text[inner.start:inner.end]) == ("„", 1, 0, "не")
    assert text[inner.close] == "“" and not inner.implicit


def test_quote_marks_start_end_slice():
    text = "x «a» y «b „c“» z «d»"
    contents = lambda spans: [text[s.start:s.end] for s in spans]  # noqa: E731
    assert contents(find_quoted_spans(text, 5)) == ["b „c“", "c", "d"]
    assert contents(find_quoted_spans(text, 5, 15)) == ["b „c“", "c"]
    assert contents(find_quoted_spans(text, 5, 14)) == ["c"]       # » cut off: « dropped
    assert find_quoted_spans(text, 5)[1].parent == 0               # indices into the result
    assert contents(find_quoted_spans(text, -4)) == ["d"]          # Python slice semantics
    assert contents(find_quoted_spans(text, 3)) == ["b „c“", "c", "d"]  # « outside: » stray
    assert find_quoted_spans(text, 10, 5) == [] and find_quoted_spans(text, 99) == []
    straight = 'abc"def" g'
    [span] = find_quoted_spans(straight, 3)                        # slice start opens
    assert (span.open, span.close) == (3, 7)


@pytest.mark.parametrize("bad", [None, 42, b"\xab\xbb", ""])
def test_quote_marks_never_raise(bad):
    assert find_quoted_spans(bad) == []
    assert find_quoted_spans("«a»", "x") == []  # type: ignore[arg-type]


@pytest.mark.parametrize("opening, closing", [("«", "»"), ("«„", "“»"), ("“«", "»”")])
def test_quote_marks_deep_nesting(opening, closing):
    levels = 1000 // len(opening)
    text = opening * levels + "x" + closing * levels
    spans = find_quoted_spans(text)
    assert len(spans) == 1000
    assert [s.depth for s in spans] == list(range(1000))
    assert [s.parent for s in spans] == [None, *range(999)]
    assert text[spans[-1].start:spans[-1].end] == "x"
    assert_well_formed(text, spans)


def test_quote_marks_very_deep_nesting_no_recursion():
    text = "«" * 100_000 + "»" * 100_000
    spans = find_quoted_spans(text)
    assert len(spans) == 100_000 and spans[-1].depth == 99_999


def test_quote_marks_random_megabyte():
    rng = random.Random(20251112)
    alphabet = '«»„“”"\'’ \n\t,.-—абв'
    text = "".join(rng.choice(alphabet) for _ in range(1_000_000))
    spans = find_quoted_spans(text)
    assert spans
    assert_well_formed(text, spans)
    assert any(s.implicit for s in spans) and any(s.depth > 2 for s in spans)


@pytest.mark.parametrize("text", [
    "«" * 100_000 + "”" * 100_000,       # closers of a kind never open
    "«" * 100_000 + "»" * 100_000 + "\n«" * 100_000,
    "„" * 100_000 + "»" * 100_000,
    '"a ' * 100_000,
    "\n«x" * 100_000,                    # every paragraph closes the previous one
])
def test_quote_marks_adversarial_inputs_stay_well_formed(text):
    # speed on such inputs is measured by make bench, not asserted here (noisy machines)
    spans = find_quoted_spans(text)
    assert_well_formed(text, spans)


def test_quote_marks_seed_article():
    text = need_shared("seed", "000_4fdcbfbf17fe8b61.txt").read_text(encoding="utf-8")
    spans = find_quoted_spans(text)
    assert_well_formed(text, spans)
    content = [text[s.start:s.end] for s in spans]
    outer = [c for c, s in zip(content, spans) if s.depth == 0]
    assert outer[0] == "Медиакоммуникации и истории Казахстана"
    prefixes = ["Под руководством Президента Ильхама Алиева Азербайджан не только",
                "Победа 2020 года", "Под руководством Президента Ильхама Алиева реализуется"]
    assert len(outer) == 4 and all(c.startswith(p) for c, p in zip(outer[1:], prefixes))
    assert outer[1].endswith("что является признанием его политического мастерства и "
                             "дальновидности")
    inner = {c: content[s.parent] for c, s in zip(content, spans) if s.depth == 1}
    assert set(inner) == {
        "большой исторической победы",
        "искренне радуется исторической победе Азербайджана и восстановлению его суверенитета",
        "Великое возвращение"}
    assert inner["большой исторической победы"] == outer[1]
    assert inner["искренне радуется исторической победе Азербайджана и восстановлению его "
                 "суверенитета"] == outer[2]
    assert inner["Великое возвращение"] == outer[3]
    assert len(spans) == 7 and not any(s.implicit for s in spans)
