"""English analysis (lang/en): attributions, their speakers, and names. Every case is invented."""
from __future__ import annotations

import datetime as dt

import pytest

from quotegraph import analyze
from quotegraph.lang.en.names import clean


def said(text: str) -> list[tuple[str, str | None]]:
    """(content, speaker name) of each quote of an English text."""
    return [(q["text"], q["speaker"]["name"]) for q in analyze(text, lang="en")["quotes"]]


def one(text: str) -> tuple[str, str | None]:
    found = said(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text, content, speaker", [
    # "...," X said.
    ('"The river has never been this low," ranger Omar Haddad said.', '"The river has never been this low,"', "Omar Haddad"),
    ("“Harvests are down by a third,” Agnes Holm said on Thursday.", "“Harvests are down by a third,”", "Agnes Holm"),
    # "...," said X, a spokesman for Y.
    ('"No flights will leave tonight," said Ivan Petrov, a spokesman for the airport.', '"No flights will leave tonight,"',
     "Ivan Petrov"),
    # X said (that) ...
    ("Commissioner Beth Lowry said that the roads would be cleared by noon.", "that the roads would be cleared by noon",
     "Beth Lowry"),
    ("Beth Lowry said the roads would be cleared by noon.", "the roads would be cleared by noon", "Beth Lowry"),
    # X told Reuters (that) ...: the addressee is neither speaker nor content
    ("Nadia Kerr told Reuters the merger had been called off.", "the merger had been called off", "Nadia Kerr"),
    ("Nadia Kerr told reporters that the merger had been called off.", "that the merger had been called off", "Nadia Kerr"),
    # according to X, ...
    ("According to Victor Lam, the vaccine stocks will last a month.", "the vaccine stocks will last a month", "Victor Lam"),
    # X: "..."
    ('Hugo Brandt: "We were never told about the leak."', '"We were never told about the leak."', "Hugo Brandt"),
    # X added / noted / argued / warned / insisted ...
    ("Rosa Linde added that the museum would stay closed.", "that the museum would stay closed", "Rosa Linde"),
    ("Rosa Linde noted that the museum had lost its funding.", "that the museum had lost its funding", "Rosa Linde"),
    ("Rosa Linde argued that the fee was illegal.", "that the fee was illegal", "Rosa Linde"),
    ("Rosa Linde warned the dam could fail.", "the dam could fail", "Rosa Linde"),
    ("Rosa Linde insisted the count was accurate.", "the count was accurate", "Rosa Linde"),
    # X believes / thinks / expects / wants ...
    ("Analyst Chen Wei believes the currency will weaken.", "the currency will weaken", "Chen Wei"),
    ("Chen Wei thinks the port should be sold.", "the port should be sold", "Chen Wei"),
    ("Chen Wei expects the strike to end soon.", "the strike to end soon", "Chen Wei"),
    # ..., X said in a statement
    ("The clinic will reopen in May, Paula Grant said in a statement.", "The clinic will reopen in May", "Paula Grant"),
])
def test_english_attribution_patterns(text, content, speaker):
    assert one(text) == (content, speaker)


@pytest.mark.parametrize("text, content, speaker", [
    # split quotes: "...," he said. "..." and "...," X said, "..."
    ("Gloria Mendes spoke first. “We waited all night,” she said. “Nobody came.”",
     "“We waited all night,” she said. “Nobody came.”", "Gloria Mendes"),
    ("“The bridge is safe,” Tariq Aziz said, “but the road is not.”",
     "“The bridge is safe,” Tariq Aziz said, “but the road is not.”", "Tariq Aziz"),
])
def test_english_split_quote_is_one_content(text, content, speaker):
    assert said(text)[-1] == (content, speaker)


@pytest.mark.parametrize("text, speaker", [
    # a pronoun is the person named before it
    ("Judge Irene Vogel left the court at noon. She said the trial would resume on Monday.", "Irene Vogel"),
    ("Oscar Lind lost the primary. Later he said the result was fair.", "Oscar Lind"),
    # a description is the person introduced with that role, or the organisation with that word
    ("Senator Noah Briggs visited the plant. The senator said the jobs would stay.", "Noah Briggs"),
    ("Officials of the Transport Ministry met on Friday. The ministry said fares would rise.", "Transport Ministry"),
])
def test_english_pronouns_and_descriptions_resolve_to_names(text, speaker):
    assert said(text)[-1][1] == speaker


@pytest.mark.parametrize("text, speaker", [
    ("The statement said the embassy would close.", "statement"),  # a document speaks as itself
    ("Yusuf Demir's spokeswoman said the minister was in good health.", "Yusuf Demir's spokeswoman"),
])
def test_english_speaker_phrase_when_no_name_stands_for_it(text, speaker):
    assert said(text)[0][1] == speaker


@pytest.mark.parametrize("text", [
    'She reread "Anna Karenina" on the train.',  # a title in marks
    'The so-called "reform" cleared the committee on Tuesday.',  # scare quotes
    "The orchestra played in Vienna on Saturday.",  # no one says anything
])
def test_english_names_titles_and_scare_quotes_are_not_speech(text):
    assert said(text) == []


@pytest.mark.parametrize("written, name", [
    ("Mr. Trump", "Trump"),
    ("Sen. Elizabeth Warren", "Elizabeth Warren"),
    ("Donald J. Trump", "Donald Trump"),
    ("Hillary Clinton’s", "Hillary Clinton"),
    ("Chief Justice John Roberts", "John Roberts"),
    ("Kerry Warns", "Kerry"),  # a headline in title case: the verb is not part of the name
    ("Gina Said", "Gina"),
])
def test_english_person_names_lose_titles_initials_and_possessives(written, name):
    assert clean(written, "PERSON") == name


@pytest.mark.parametrize("text, name, mentions", [
    ("Donald J. Trump spoke in Ohio. Mr. Trump said later that Trump’s plan was ready.", "Donald Trump", 3),
    ("Gov. Lena Ortiz signed the bill. Ortiz said the state would pay.", "Lena Ortiz", 2),
])
def test_english_one_entity_per_person_under_the_full_name(text, name, mentions):
    people = [e for e in analyze(text, lang="en")["entities"] if e["type"] == "PER"]
    assert [(e["name"], len([m for m in e["mentions"] if m["kind"] == "name"])) for e in people] == [(name, mentions)]


def test_english_record_offsets_index_the_text_after_a_header():
    text = "date 2016-09-20 Washington\nTitle line\n\nLena Ortiz said the state would pay for the bridge."
    record = analyze(text, lang="en")
    q = record["quotes"][0]
    assert record["text"][q["start"]:q["end"]] == q["text"] == "the state would pay for the bridge"
    assert record["text"][q["cue"]["start"]:q["cue"]["end"]] == "said"


@pytest.mark.parametrize("text, name, role", [
    ("Democratic vice presidential candidate Maya Rudd spoke in Reno.", "Maya Rudd", "Democratic vice presidential candidate"),
    ("Lars Berg, a lawyer for the family, left early.", "Lars Berg", "lawyer for the family"),
    ("Attorney General Dana Kemp spoke.", "Dana Kemp", "Attorney General"),
])
def test_english_roles_from_premodifiers_and_appositions(text, name, role):
    person = next(e for e in analyze(text, lang="en")["entities"] if e["name"] == name)
    assert role in person["roles"]


@pytest.mark.parametrize("phrase, value", [
    ("on Nov. 8, 2016", "2016-11-08"),
    ("on 8 November 2016", "2016-11-08"),
    ("on Nov. 8", "2016-11-08"),  # the year nearest the article's date
    ("on Jan. 3", "2017-01-03"),  # early next year, not almost a year ago
    ("in March", "2016-03"),
    ("in August 2015", "2015-08"),
    ("in 2012", "2012"),
    ("yesterday", "2016-09-19"),
    ("last Tuesday", "2016-09-13"),  # the article is dated Tuesday 2016-09-20
    ("on Friday", "2016-09-16"),
    ("next Monday", "2016-09-26"),
    ("last month", "2016-08"),
    ("next year", "2017"),
])
def test_english_dates_resolve_against_the_article_date(phrase, value):
    record = analyze(f"The senator spoke {phrase} about the budget.", date=dt.date(2016, 9, 20), lang="en")
    assert [d["value"] for d in record["dates"]] == [value]


@pytest.mark.parametrize("text", [
    "She may leave soon.",  # a modal verb, not the month
    "Sales rose 8 percent in the quarter.",
])
def test_english_words_that_only_look_like_dates_are_not_dates(text):
    assert analyze(text, date=dt.date(2016, 9, 20), lang="en")["dates"] == []


@pytest.mark.parametrize("text, target, tone", [
    ("“Dr. Ella Brandt saved dozens of lives and deserves every honour,” Mayor Tim Ross said.", "Ella Brandt", "positive"),
    ("“Judge Omar Fields is corrupt, dishonest and a disgrace,” Senator Lia Vance said.", "Omar Fields", "negative"),
])
def test_english_quote_targets_are_rated(text, target, tone):
    [quote] = analyze(text, lang="en")["quotes"]
    rated = {t["name"]: t for t in quote["targets"]}
    assert rated[target]["tone"] == tone and rated[target]["role"] in ("praised", "criticised")
    assert quote["speaker"]["name"] not in rated  # the speaker is never their own target


@pytest.mark.parametrize("text, sign", [
    ("The volunteers were praised for their courage and generous, honest work.", 1),
    ("Officials condemned the corrupt scheme as a disgraceful fraud and a failure.", -1),
    ("The committee meets on Tuesday in the east wing.", 0),
])
def test_english_document_tone_follows_the_word_list(text, sign):
    tone = analyze(text, lang="en")["tone"]
    assert (tone["tone"] > 0) - (tone["tone"] < 0) == sign and tone["words"] > 0


@pytest.mark.parametrize("part", [120, 400])
def test_english_a_long_text_is_parsed_in_parts_with_the_same_quotes(part, monkeypatch):
    import quotegraph.lang.en.analysis as analysis

    text = ('"The harbour will reopen in May," said Mara Olsen, the port director.\n\n'
            'Council member Tobias Reyes told reporters that the budget was "far too thin."\n\n'
            'Olsen added that repairs would start on Monday.\n\n') * 3
    whole = analyze(text, lang="en")
    monkeypatch.setattr(analysis, "PART_CHARS", part)  # a text over PART_CHARS: parsed paragraphs at a time
    parts = analyze(text, lang="en")
    assert [(q["start"], q["end"], q["speaker"]["name"]) for q in parts["quotes"]] == \
        [(q["start"], q["end"], q["speaker"]["name"]) for q in whole["quotes"]]
    assert parts["entities"] == whole["entities"] and parts["text"] == text


def spacys_attributes(text: str) -> tuple[list, list]:
    """Each token's tag, POS, morphology, lemma and relation: with quotegraph's attribute rules,
    and with spaCy's own ruler in their place."""
    from quotegraph.lang.en import spacy_pipeline

    def rows(doc):
        return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]

    nlp = spacy_pipeline()
    ours = rows(nlp(text))
    with nlp.select_pipes(disable=["quotegraph_attribute_rules"]):
        nlp.enable_pipe("attribute_ruler")
        try:
            theirs = rows(nlp(text))
        finally:
            nlp.disable_pipe("attribute_ruler")
    return ours, theirs


@pytest.mark.parametrize("text", [
    "",
    "Gon na win it, we got ta try; let's see, y'all. C'mon, it ain't over and you ain't done.",
    "I told you: it was I who did it, and they gave it to me and to you.",
    "There is hope, and there were doubts; that is what those who did have said.",
    "But she left.  \n\n  Tabs\tand  spaces, 3.5 percent, $12 bn, U.S.-made e-mail #tags @handles :-)",
    "Do you have it? He does. They did, and had done so, as he had.",
    'The senator said: "This and that were the ones which remained," and left.',
])
def test_english_attribute_rules_are_spacys(text):
    ours, theirs = spacys_attributes(text)
    assert ours == theirs


def test_english_attribute_rules_are_spacys_on_polnear():
    from conftest import need_shared
    texts = sorted(need_shared("data", "polnear", "dev", "text").iterdir())[:40]
    for path in texts:
        ours, theirs = spacys_attributes(path.read_text(encoding="utf-8")[:6000])
        assert ours == theirs, path.name


@pytest.mark.parametrize("at, most", [(0, 6), (2, 6), (5, 1), (9, 6), (12, 3), (17, 6), (17, 20)])
def test_english_sentence_floor_is_spacys(at, most):
    from quotegraph.lang.en import spacy_pipeline
    from quotegraph.lang.en.names import sentence_floor
    doc = spacy_pipeline()("Rain fell. Ana Ruiz, a farmer, said little. Then Omar Haddad spoke at length today.")
    assert sentence_floor(doc, at, most) == max(at - most, doc[at].sent.start)


@pytest.mark.parametrize("text, cue", [
    ("Governor Lena Ortiz pointed to the rising cost of housing.", "pointed to"),
    ("Senator Mark Hale warned against new tariffs on steel.", "warned against"),
    ("Mayor Tom Reyes said Monday that the bridge would reopen.", "said"),
    ("The bridge will reopen, Mayor Tom Reyes said in a statement.", "said"),
    ("Mayor Tom Reyes said during a rally in Ohio that the bridge would reopen.", "said"),
])
def test_english_cue_takes_the_preposition_before_its_content_not_the_adjuncts(text, cue):
    record = analyze("Title line\n\n" + text, lang="en")
    assert [record["text"][q["cue"]["start"]:q["cue"]["end"]] for q in record["quotes"]] == [cue]


@pytest.mark.parametrize("text, found", [
    ("Ann Lowell: Voters Are Worried About the Economy\n\nThe survey was published on Monday.",
     [("Voters Are Worried About the Economy", "Ann Lowell")]),
    ("Update: the plan will cost billions of dollars\n\nThe survey was published on Monday.", []),
])
def test_english_a_line_that_opens_with_its_source_and_a_colon(text, found):
    record = analyze("date 2016-10-01\n" + text, lang="en")
    assert [(q["text"], q["speaker"]["name"]) for q in record["quotes"]] == found


@pytest.mark.parametrize("text, found", [
    ("Readers wrote to us.\n\n“The new stadium will ruin our quiet street.” ― Maria Lopez\n\nThe council meets today.",
     [("“The new stadium will ruin our quiet street.”", "Maria Lopez")]),
    ("<p>Taxes should be simple for every family. — Paul Ryan (@SpeakerRyan) July 5, 2016</p>",
     [("Taxes should be simple for every family.", "Paul Ryan")]),
    ("\"Our schools need more teachers and smaller classes.\"\n\n- Bernie Sanders.\n\nThe claim is rated true.",
     [("\"Our schools need more teachers and smaller classes.\"", "Bernie Sanders")]),
])
def test_english_words_signed_with_a_dash_and_a_name(text, found):
    record = analyze("date 2016-10-01\nTitle line\n\n" + text, lang="en")
    assert [(q["text"], q["speaker"]["name"]) for q in record["quotes"]] == found
