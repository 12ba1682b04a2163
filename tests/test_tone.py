"""Quote targets and tone (issue 8, docs/tone.md): the targets stage, the shipped model, the
document tone, and what the store and the CLI make of them."""
from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import numpy as np
import pytest

from quotegraph import analyze
from quotegraph.tone.document import tone_words, words_tone
from quotegraph.tone.model import LABELS, rated, tone_model
from quotegraph.tone.rusentne import scores

ROOT = pathlib.Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "dayaz-2025-11-12.txt"
RUSENTNE = ROOT.parent / "shared" / "data" / "rusentne"


@pytest.fixture(scope="module")
def seed() -> dict:
    return analyze(SEED.read_text(encoding="utf-8"), id="seed")


def targets_of(record: dict, quote_text: str) -> dict[str, dict]:
    [quote] = [q for q in record["quotes"] if q["text"].startswith(quote_text)]
    return {t["name"]: t for t in quote["targets"]}


# --- the seed: who praises whom -------------------------------------------------------------

def test_tone_aliyev_is_a_positive_target_of_zhampetovas_quotes(seed):
    """Her three quotes about him: the two on his «решительным действиям и стратегическому
    видению» and how he «сумел сохранить баланс» praise him; the third, on a programme «под
    руководством» him, is weaker. None criticises him."""
    about_aliyev = {q["text"][:50]: t["tone"] for q in seed["quotes"] if q["speaker"]["name"] == "Айгерим Жампетова"
                    for t in q["targets"] if t["name"] == "Ильхам Алиев"}
    assert len(about_aliyev) == 3 and "negative" not in about_aliyev.values()
    assert about_aliyev["Благодаря решительным действиям и стратегическому "] == "positive"
    assert about_aliyev["Под руководством Президента Ильхама Алиева Азербай"] == "positive"


def test_tone_a_description_beside_the_name_is_rated_with_it(seed):
    """«Президента Ильхама Алиева» is one occurrence: the name's rating, not a mean with the
    description's (which the model, trained on names, rates neutral)."""
    target = targets_of(seed, "Благодаря решительным действиям")["Ильхам Алиев"]
    assert [m["kind"] for m in target["mentions"]] == ["nominal", "name"] and target["tone"] == "positive"


@pytest.mark.parametrize("quote, target, kinds", [
    ("Благодаря решительным действиям", "Ильхам Алиев", ["nominal", "name"]),  # «Президента Ильхама Алиева»
    ("народ Казахстана", "Азербайджан", ["name", "pronoun"]),  # «победе Азербайджана и ... его суверенитета»
    ("народ Казахстана", "Казахстан", ["name"]),
])
def test_tone_targets_are_the_entities_a_quote_mentions(seed, quote, target, kinds):
    assert [m["kind"] for m in targets_of(seed, quote)[target]["mentions"]] == kinds


def test_tone_the_speaker_is_never_their_own_target(seed):
    for q in seed["quotes"]:
        assert q["speaker"]["entity"] not in {t["entity"] for t in q["targets"]}


def test_tone_target_mentions_lie_inside_their_quote_and_give_their_text(seed):
    text = seed["text"]
    for q in seed["quotes"]:
        for t in q["targets"]:
            for m in t["mentions"]:
                assert q["start"] <= m["start"] < m["end"] <= q["end"]
                assert text[m["start"]:m["end"]] == m["text"]


def test_tone_role_follows_tone_and_score_is_in_range(seed):
    roles = {"positive": "praised", "negative": "criticised", "neutral": "mentioned"}
    for t in (t for q in seed["quotes"] for t in q["targets"]):
        assert roles[t["tone"]] == t["role"] and -1 <= t["score"] <= 1


# --- pronouns -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, pronoun, target", [
    ("Песков заявил: «Мы уважаем Азербайджан и его выбор».", "его", "Азербайджан"),
    ("Песков заявил: «Мы уважаем Россию и её выбор».", "её", "Россия"),
    ("Мария Петрова сказала: «Иван Сидоров сделал всё, и мы ему благодарны».", "ему", "Иван Сидоров"),
])
def test_tone_pronouns_in_a_quote_resolve_to_an_agreeing_entity(text, pronoun, target):
    record = analyze(text)
    found = {(m["text"], t["name"]) for q in record["quotes"] for t in q["targets"] for m in t["mentions"]
             if m["kind"] == "pronoun"}
    assert found == {(pronoun, target)}


def test_tone_a_pronoun_with_no_agreeing_antecedent_is_no_target():
    record = analyze("Песков заявил: «Россия не бросит её».")  # «её» has no feminine antecedent but Россия
    pronouns = [m for q in record["quotes"] for t in q["targets"] for m in t["mentions"] if m["kind"] == "pronoun"]
    assert [(m["text"]) for m in pronouns] in ([], ["её"])  # Россия is feminine: it may take it, nothing else


# --- the model ------------------------------------------------------------------------------

def test_tone_model_ships_small_and_loads_without_torch():
    path = ROOT / "src" / "quotegraph" / "lang" / "ru" / "tone.npz"
    assert path.stat().st_size < 5_000_000
    model = tone_model()
    assert len(model.members) == 3 and len(model.bag_ids) > 10_000 and 0 <= model.threshold <= 0.6
    assert "torch" not in sys.modules


@pytest.mark.parametrize("row, threshold, expected", [
    ([0.1, 0.2, 0.7], None, ("positive", 0.6)),   # no threshold: the likeliest class
    ([0.5, 0.4, 0.1], None, ("negative", -0.4)),
    ([0.3, 0.4, 0.3], None, ("neutral", 0.0)),
    ([0.1, 0.6, 0.3], 0.2, ("positive", 0.2)),    # a threshold: the score decides
    ([0.1, 0.6, 0.3], 0.21, ("neutral", 0.2)),
    ([0.35, 0.6, 0.05], 0.2, ("negative", -0.3)),
])
def test_tone_rated_gives_the_label_and_the_score(row, threshold, expected):
    assert rated(np.array(row), threshold) == expected


@pytest.mark.parametrize("gold, predicted, f1_pn, accuracy", [
    ([0, 1, 2], [0, 1, 2], 1.0, 1.0),
    ([0, 1, 2], [1, 1, 1], 0.0, 1 / 3),
    ([0, 0, 2, 2], [0, 2, 2, 2], (2 / 3 + 0.8) / 2, 0.75),  # negative: P 1, R 1/2; positive: P 2/3, R 1
])
def test_tone_rusentne_scores(gold, predicted, f1_pn, accuracy):
    got = scores(gold, predicted)
    assert got["f1_pn"] == pytest.approx(f1_pn) and got["accuracy"] == pytest.approx(accuracy)


def test_tone_labels_are_in_the_order_of_the_probabilities():
    assert LABELS == ("negative", "neutral", "positive")


# --- document tone --------------------------------------------------------------------------

@pytest.mark.parametrize("tokens, positive_words, negative_words, words", [
    (["Победа", "и", "успех", ",", "но", "кризис", "."], 2, 1, 5),  # punctuation is not a word
    (["Поздравляем", "с", "достижением"], 2, 0, 3),  # any word form of a listed lemma
    (["Суд", "вынес", "решение"], 0, 0, 3),  # topic words are not tone words
    ([], 0, 0, 0),
])
def test_tone_document_tone_counts_listed_lemmas(tokens, positive_words, negative_words, words):
    got = words_tone(tokens)
    assert (got["positive_words"], got["negative_words"], got["words"]) == (positive_words, negative_words, words)
    if words:
        assert got["tone"] == pytest.approx(round(100 * (positive_words - negative_words) / words, 3))
        assert got["polarity"] == pytest.approx(round(100 * (positive_words + negative_words) / words, 3), abs=1e-3)


def test_tone_word_list_entries_are_lemmas_with_a_sign():
    from quotegraph.lexicon import lemma

    words = tone_words()
    assert len(words) > 200 and set(words.values()) == {1, -1}
    assert [w for w in words if lemma(w) != w] == ["вина"]  # «вина» alone lemmatises to «вино»; kept for «вины»


def test_tone_seed_document_tone_is_positive(seed):
    assert seed["tone"]["tone"] > 0 and seed["tone"]["negative_words"] == 0


# --- store and CLI --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_store(tmp_path_factory) -> pathlib.Path:
    db = tmp_path_factory.mktemp("tone") / "seed.db"
    subprocess.run([sys.executable, "-m", "quotegraph.cli", "ingest", str(SEED), "--db", str(db),
                    "--workers", "1", "--no-progress"], check=True, capture_output=True)
    return db


def cli_json(*args: str) -> dict | list:
    out = subprocess.run([sys.executable, "-m", "quotegraph.cli", "query", *args, "--json"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def test_tone_store_holds_targets_and_document_tone_as_the_record(seed, seed_store):
    import sqlite3

    with sqlite3.connect(seed_store) as conn:
        stored = conn.execute("SELECT q.idx, qe.local_id, qe.tone, qe.score, qe.role, qe.n FROM quote_entities qe"
                              " JOIN quotes q ON q.id = qe.quote_id ORDER BY q.idx, qe.local_id").fetchall()
        tone = conn.execute("SELECT tone, words FROM article_tone").fetchall()
    expected = sorted((i, t["entity"], t["tone"], t["score"], t["role"], len(t["mentions"]))
                      for i, q in enumerate(seed["quotes"]) for t in q["targets"])
    assert stored == expected
    assert tone == [(seed["tone"]["tone"], seed["tone"]["words"])]


def test_tone_cli_who_speaks_positively_about_aliyev(seed_store):
    got = cli_json("tone", "Алиева", "--positive", "--db", str(seed_store))
    assert got["identity"]["name"] == "Ильхам Алиев"
    zhampetova = [r for r in got["rows"] if r["speaker"] == "Айгерим Жампетова"]
    assert [(r["quotes"], r["positive"] >= 2, r["negative"]) for r in zhampetova] == [(3, True, 0)]
    assert got["rows"][0]["speaker"] == "Айгерим Жампетова"  # the most positive about him


@pytest.mark.parametrize("tone", ["positive", "negative", "neutral"])
def test_tone_cli_about_filters_quotes_by_their_tone_to_the_entity(seed_store, tone):
    got = cli_json("about", "Азербайджан", "--tone", tone, "--db", str(seed_store))
    assert {r["target_tone"] for r in got["rows"]} <= {tone}


# --- RuSentNE (the shared data) -------------------------------------------------------------

@pytest.mark.skipif(not RUSENTNE.exists(), reason="../shared/data/rusentne is absent: put the shared folder "
                                                  "beside the project to score the tone model")
def test_tone_model_reaches_the_issue_target_on_rusentne_validation():
    from quotegraph.tone.evaluate import evaluate

    figures = evaluate(RUSENTNE)
    assert figures["model"]["f1_pn"] >= 0.50
    assert figures["document tone"]["auc"] > 0.5


@pytest.mark.parametrize("batch", [1, 3, 64])
def test_tone_probabilities_do_not_depend_on_batching(seed, batch):
    """Targets are regrouped by length and by a word budget; each keeps its own row."""
    from quotegraph.nlp import analyze_text, parse_syntax
    from quotegraph.tone.features import Target, sentence_words

    sentences, _ = analyze_text(SEED.read_text(encoding="utf-8"))
    trees = parse_syntax(sentences)
    targets = [Target(sentence_words(s, t), 0, 0, "PERSON") for s, t in zip(sentences, trees)]
    one_by_one = np.concatenate([tone_model().probabilities([t]) for t in targets])
    assert np.allclose(tone_model().probabilities(targets, batch=batch), one_by_one, atol=1e-5)


def test_tone_ingest_reanalyses_articles_stored_in_an_older_format(seed_store, tmp_path):
    """A store made before targets and tone: the next ingest of the same texts analyses them
    again (they are not 'unchanged') and fills in their tone; the article stays one article."""
    import shutil
    import sqlite3

    from quotegraph.record import SCHEMA_VERSION

    db = tmp_path / "old.db"
    shutil.copyfile(seed_store, db)
    with sqlite3.connect(db) as conn:  # what a v1 store holds: no tone anywhere
        conn.execute("UPDATE articles SET record = json_remove(json_set(record, '$.schema_version', 1), '$.tone')")
        conn.execute("UPDATE quote_entities SET tone = NULL, score = NULL, role = NULL")
        conn.execute("DELETE FROM article_tone")
    run = subprocess.run([sys.executable, "-m", "quotegraph.cli", "ingest", str(SEED), "--db", str(db),
                          "--workers", "1", "--no-progress"], check=True, capture_output=True, text=True)
    assert "1 replaced, 0 unchanged" in run.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*), max(json_extract(record, '$.schema_version')) FROM articles").fetchone() == (1, SCHEMA_VERSION)
        assert conn.execute("SELECT count(*) FROM quote_entities WHERE tone IS NULL").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM article_tone").fetchone() == (1,)
    rerun = subprocess.run([sys.executable, "-m", "quotegraph.cli", "ingest", str(SEED), "--db", str(db),
                            "--workers", "1", "--no-progress"], check=True, capture_output=True, text=True)
    assert "0 replaced, 1 unchanged" in rerun.stderr


def test_tone_fused_forward_is_each_members_plain_forward():
    """network.forward_all (every member and direction in one loop, word projections shared,
    reverse direction read from each sentence's own end) gives network.forward's numbers."""
    from quotegraph.nlp import analyze_text, parse_syntax
    from quotegraph.tone.features import Target, sentence_words
    from quotegraph.tone.network import forward, forward_all

    sentences, _ = analyze_text(SEED.read_text(encoding="utf-8"))
    trees = parse_syntax(sentences)
    targets = [Target(sentence_words(s, t), k % 3, k % 3 + 1, "PERSON")
               for k, (s, t) in enumerate(zip(sentences, trees)) if len(s.tokens) > 4]
    model = tone_model()
    words, ids, pos, dist, rel, tag, bags = model.inputs(targets)  # padded to different lengths
    plain = np.stack([forward(m, words[ids], pos, dist, rel, tag, bags) for m in model.members])
    assert np.allclose(forward_all(model.stacked, words, ids, pos, dist, rel, tag, bags), plain, atol=1e-4)
