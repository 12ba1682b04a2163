"""The corpus store's schema, as numbered migrations (``PRAGMA user_version`` is the number applied).

A migration is appended, never edited: a store made by an older quotegraph is brought up to
date by running the ones it lacks, each in its own transaction. docs/store.md describes the
tables.
"""
from __future__ import annotations

import sqlite3

# Made by linking, from the entities' identities (store/identities.py), and by migration 5.
SPEAKERS_LINKED = """UPDATE quotes SET speaker_id = (SELECT s.identity_id FROM entities s
    WHERE s.article_id = quotes.article_id AND s.local_id = quotes.speaker_local) WHERE speaker_local IS NOT NULL"""
# ``{only}``, ``{only_c}``: a condition on the quotes counted (all, or a new batch's);
# ``{add}``: how a count meets a stored one of the same pair
_EDGES = """INSERT INTO quote_targets (identity_id, quote_id, date, speaker_id, tone, score, role)
    SELECT identity_id, quote_id, date, speaker_id, tone, score, role FROM (
        SELECT t.identity_id, qe.quote_id, q.date, q.speaker_id, qe.tone, qe.score, qe.role, max(qe.n)
        FROM quote_entities qe JOIN entities t ON t.article_id = qe.article_id AND t.local_id = qe.local_id
        JOIN quotes q ON q.id = qe.quote_id WHERE t.identity_id IS NOT NULL{only} GROUP BY t.identity_id, qe.quote_id);
    INSERT INTO network_edges (speaker_id, target_id, quotes)
    SELECT q.speaker_id, t.identity_id, count(DISTINCT q.id) FROM quotes q
    JOIN quote_entities qe ON qe.quote_id = q.id
    JOIN entities t ON t.article_id = qe.article_id AND t.local_id = qe.local_id
    WHERE q.speaker_id IS NOT NULL AND t.identity_id IS NOT NULL AND t.identity_id != q.speaker_id{only}
    GROUP BY q.speaker_id, t.identity_id{add};
    INSERT INTO quoting_edges (quoting_id, quoted_id, quotes)
    SELECT p.speaker_id, c.speaker_id, count(*) FROM quotes c
    JOIN quotes p ON p.article_id = c.article_id AND p.idx = c.parent_idx
    WHERE c.parent_idx IS NOT NULL AND c.speaker_id IS NOT NULL AND p.speaker_id IS NOT NULL
    AND c.speaker_id != p.speaker_id{only_c} GROUP BY p.speaker_id, c.speaker_id{add}"""
EDGES_COUNTED = "DELETE FROM quote_targets; DELETE FROM network_edges; DELETE FROM quoting_edges;\n" + _EDGES.format(
    only="", only_c="", add="")
# the same for the quotes of the articles in the temporary table ``linked_now``, added to the stored counts
EDGES_ADDED = _EDGES.format(only=" AND q.article_id IN (SELECT id FROM linked_now)",
                            only_c=" AND c.article_id IN (SELECT id FROM linked_now)",
                            add=" ON CONFLICT DO UPDATE SET quotes = quotes + excluded.quotes").split(";")

MIGRATIONS: list[str] = [
    # 1: articles, their entities, mentions, dates and quotes; identities; failures; search
    """
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE articles (
        id          INTEGER PRIMARY KEY,
        key         TEXT NOT NULL UNIQUE,   -- the record's id (file path or JSONL id)
        hash        TEXT NOT NULL UNIQUE,   -- sha256 of the text: the article's identity
        date        TEXT,
        title       TEXT,
        source      TEXT,
        url         TEXT,
        lang        TEXT NOT NULL,
        text        TEXT NOT NULL,
        record      TEXT NOT NULL,          -- the analyze record as JSON, without "text"
        origin      TEXT NOT NULL,          -- file (and line) it was read from
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX articles_date ON articles(date);

    CREATE TABLE identities (               -- one row per real person, organisation or place
        id         INTEGER PRIMARY KEY,
        type       TEXT NOT NULL,           -- PER | ORG | LOC
        key        TEXT NOT NULL UNIQUE,    -- the merge key; keeps the row id stable across relinks
        name       TEXT NOT NULL,           -- the canonical name most used
        first_seen TEXT,                    -- earliest and latest article date
        last_seen  TEXT,
        n_articles INTEGER NOT NULL DEFAULT 0,
        n_mentions INTEGER NOT NULL DEFAULT 0,
        n_quotes   INTEGER NOT NULL DEFAULT 0  -- quotes it is the speaker of
    );
    CREATE INDEX identities_type ON identities(type, n_quotes, n_mentions);
    CREATE INDEX identities_quotes ON identities(n_quotes, n_mentions);
    CREATE VIEW persons AS SELECT * FROM identities WHERE type = 'PER';
    CREATE VIEW organizations AS SELECT * FROM identities WHERE type = 'ORG';
    CREATE VIEW places AS SELECT * FROM identities WHERE type = 'LOC';

    CREATE TABLE aliases (                  -- every name an identity goes by, with its count
        identity_id INTEGER NOT NULL REFERENCES identities(id) ON DELETE CASCADE,
        alias       TEXT NOT NULL,
        norm        TEXT NOT NULL,          -- lowercase, ё → е: what name look-ups match
        lemmas      TEXT NOT NULL,          -- word by word lemmas: «Алиева» finds «Алиев»
        stems       TEXT NOT NULL,          -- case endings cut: «Жампетовой» finds «Жампетова»
        last_stem   TEXT NOT NULL,          -- the last word's stem: «Алиеву» finds «Ильхам Алиев»
        n           INTEGER NOT NULL,
        PRIMARY KEY (identity_id, alias)
    );
    CREATE INDEX aliases_norm ON aliases(norm);
    CREATE INDEX aliases_lemmas ON aliases(lemmas);
    CREATE INDEX aliases_stems ON aliases(stems);
    CREATE INDEX aliases_last_stem ON aliases(last_stem);

    CREATE TABLE name_forms (               -- the look-up forms of every name, made by the workers
        name      TEXT PRIMARY KEY,
        norm      TEXT NOT NULL,
        lemmas    TEXT NOT NULL,
        stems     TEXT NOT NULL,
        last_stem TEXT NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE identity_roles (
        identity_id INTEGER NOT NULL REFERENCES identities(id) ON DELETE CASCADE,
        role        TEXT NOT NULL,
        n           INTEGER NOT NULL,
        PRIMARY KEY (identity_id, role)
    );

    CREATE TABLE entities (                 -- one row per entity per article
        article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        local_id    TEXT NOT NULL,          -- e1, e2, ... as in the record
        type        TEXT NOT NULL,
        name        TEXT NOT NULL,
        roles       TEXT NOT NULL,          -- JSON array
        n_mentions  INTEGER NOT NULL,
        identity_id INTEGER REFERENCES identities(id) ON DELETE SET NULL,  -- NULL until linked
        PRIMARY KEY (article_id, local_id)
    ) WITHOUT ROWID;
    CREATE INDEX entities_identity ON entities(identity_id);
    CREATE INDEX entities_unlinked ON entities(identity_id) WHERE identity_id IS NULL;

    CREATE TABLE mentions (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        local_id   TEXT NOT NULL,
        start      INTEGER NOT NULL,
        end        INTEGER NOT NULL,
        text       TEXT NOT NULL,
        kind       TEXT NOT NULL,           -- name | nominal | pronoun
        PRIMARY KEY (article_id, start, end, local_id)
    ) WITHOUT ROWID;

    CREATE TABLE dates (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        start      INTEGER NOT NULL,
        end        INTEGER NOT NULL,
        text       TEXT NOT NULL,
        value      TEXT NOT NULL,
        PRIMARY KEY (article_id, start)
    ) WITHOUT ROWID;

    CREATE TABLE quotes (
        id             INTEGER PRIMARY KEY,
        article_id     INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx            INTEGER NOT NULL,    -- position in the record's quotes
        start          INTEGER NOT NULL,
        end            INTEGER NOT NULL,
        text           TEXT NOT NULL,
        kind           TEXT NOT NULL,
        cue_start      INTEGER,
        cue_end        INTEGER,
        cue_text       TEXT,
        cue_lemma      TEXT,
        speaker_name   TEXT,
        speaker_local  TEXT,                -- the speaker's entity in this article, or NULL
        speaker_start  INTEGER,
        speaker_end    INTEGER,
        speaker_text   TEXT,
        parent_idx     INTEGER,             -- idx of the enclosing quote, or NULL
        confidence     REAL NOT NULL,
        date           TEXT,                -- the article's date, for timelines
        UNIQUE (article_id, idx)
    );
    CREATE INDEX quotes_speaker ON quotes(article_id, speaker_local);
    CREATE INDEX quotes_date ON quotes(date);

    CREATE TABLE quote_entities (           -- entities mentioned inside a quote's span
        quote_id   INTEGER NOT NULL REFERENCES quotes(id) ON DELETE CASCADE,
        article_id INTEGER NOT NULL,
        local_id   TEXT NOT NULL,
        n          INTEGER NOT NULL,        -- how many of its mentions fall inside
        PRIMARY KEY (quote_id, local_id)
    ) WITHOUT ROWID;
    CREATE INDEX quote_entities_entity ON quote_entities(article_id, local_id);

    -- quote text as lemmas, so «победы» finds «победа»; rowid = quotes.id
    CREATE VIRTUAL TABLE quotes_fts USING fts5(lemmas, tokenize = 'unicode61 remove_diacritics 2');
    CREATE VIRTUAL TABLE quotes_fts_vocab USING fts5vocab(quotes_fts, 'row');  -- lemma → quotes

    CREATE TABLE failures (
        origin TEXT PRIMARY KEY,            -- file (and line)
        key    TEXT,
        reason TEXT NOT NULL,
        at     TEXT NOT NULL
    );
    """,
    # 2: quote targets with their tone (quote_entities holds a quote's targets), document tone
    """
    ALTER TABLE quote_entities ADD COLUMN tone TEXT;   -- positive | negative | neutral
    ALTER TABLE quote_entities ADD COLUMN score REAL;  -- P(positive) - P(negative), in [-1, 1]
    ALTER TABLE quote_entities ADD COLUMN role TEXT;   -- praised | criticised | mentioned
    CREATE INDEX quote_entities_tone ON quote_entities(tone, article_id, local_id);

    CREATE TABLE article_tone (             -- GDELT-style tone of each article (docs/tone.md)
        article_id     INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        tone           REAL NOT NULL,       -- positive - negative, in percent of words
        positive       REAL NOT NULL,
        negative       REAL NOT NULL,
        polarity       REAL NOT NULL,
        words          INTEGER NOT NULL,
        positive_words INTEGER NOT NULL,
        negative_words INTEGER NOT NULL
    );
    """,
    # 3: web metadata; near-copies (MinHash LSH) and exact copies of syndicated stories (docs/inputs.md)
    """
    ALTER TABLE articles ADD COLUMN site TEXT;        -- the web site's host («tass.ru»)
    ALTER TABLE articles ADD COLUMN author TEXT;
    ALTER TABLE articles ADD COLUMN fetched_at TEXT;  -- when fetched or archived
    ALTER TABLE articles ADD COLUMN duplicate_of INTEGER REFERENCES articles(id) ON DELETE SET NULL;
    CREATE INDEX articles_duplicate_of ON articles(duplicate_of);
    CREATE INDEX articles_url ON articles(url);

    CREATE TABLE article_minhash (          -- MinHash signature of the text's word shingles
        article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        signature  BLOB NOT NULL
    );
    CREATE TABLE article_bands (            -- its LSH buckets: candidate copies by index look-up
        band       INTEGER NOT NULL,
        bucket     INTEGER NOT NULL,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        PRIMARY KEY (band, bucket, article_id)
    ) WITHOUT ROWID;
    CREATE INDEX article_bands_article ON article_bands(article_id);

    CREATE TABLE article_copies (           -- the same text under another key: not analysed again
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        key        TEXT NOT NULL UNIQUE,
        url        TEXT,
        site       TEXT,
        source     TEXT,
        title      TEXT,
        date       TEXT,
        origin     TEXT NOT NULL,
        at         TEXT NOT NULL
    );
    CREATE INDEX article_copies_article ON article_copies(article_id);
    """,
    # 4: statements: one utterance of one speaker across the articles that quote it (docs/statements.md)
    """
    CREATE TABLE statements (
        id          INTEGER PRIMARY KEY,
        speaker_key TEXT NOT NULL,          -- the speaker identity's merge key (stable across relinks)
        text        TEXT NOT NULL,          -- the longest direct rendering (else the longest)
        first_quote INTEGER REFERENCES quotes(id) ON DELETE SET NULL,
        first_seen  TEXT,                   -- the first quote's date
        n_quotes    INTEGER NOT NULL DEFAULT 0,
        n_articles  INTEGER NOT NULL DEFAULT 0,
        n_outlets   INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX statements_speaker ON statements(speaker_key, n_articles);
    CREATE TABLE quote_statements (         -- each placed quote's statement
        quote_id     INTEGER PRIMARY KEY REFERENCES quotes(id) ON DELETE CASCADE,
        statement_id INTEGER NOT NULL,
        speaker_key  TEXT NOT NULL          -- the speaker it was placed under
    );
    CREATE INDEX quote_statements_statement ON quote_statements(statement_id);
    CREATE TABLE statement_terms (          -- a speaker's content lemma → the statements that hold it
        speaker_key  TEXT NOT NULL,
        term         TEXT NOT NULL,
        statement_id INTEGER NOT NULL,
        PRIMARY KEY (speaker_key, term, statement_id)
    ) WITHOUT ROWID;
    CREATE INDEX statement_terms_statement ON statement_terms(statement_id);
    """,
    # 5: what linking makes, kept for reading at any size (docs/scale.md): each quote's speaker
    # identity beside it (a speaker's quotes newest first by one index, without reading them all),
    # and the counted edges of the network and of who quotes whom
    f"""
    ALTER TABLE quotes ADD COLUMN speaker_id INTEGER;  -- the speaker's identity; NULL until linked
    {SPEAKERS_LINKED};
    CREATE INDEX quotes_by_speaker ON quotes(speaker_id, date, article_id);

    CREATE TABLE quote_targets (            -- each identity a quote speaks about, once a quote
        identity_id INTEGER NOT NULL,
        quote_id    INTEGER NOT NULL REFERENCES quotes(id) ON DELETE CASCADE,
        date        TEXT,                   -- the quote's
        speaker_id  INTEGER,                -- the quote's speaker identity
        tone        TEXT,                   -- of its target row with the most mentions in the quote
        score       REAL,
        role        TEXT,
        PRIMARY KEY (identity_id, quote_id)
    ) WITHOUT ROWID;
    CREATE INDEX quote_targets_date ON quote_targets(identity_id, date);
    CREATE INDEX quote_targets_speaker ON quote_targets(speaker_id, identity_id);
    CREATE INDEX quote_targets_quote ON quote_targets(quote_id);

    CREATE TABLE network_edges (            -- speaker → identity named in the speaker's quotes
        speaker_id INTEGER NOT NULL,
        target_id  INTEGER NOT NULL,
        quotes     INTEGER NOT NULL,
        PRIMARY KEY (speaker_id, target_id)
    ) WITHOUT ROWID;
    CREATE INDEX network_edges_quotes ON network_edges(quotes);
    CREATE INDEX network_edges_speaker ON network_edges(speaker_id, quotes);
    CREATE TABLE quoting_edges (            -- a quote of `quoted` nested in a quote of `quoting`
        quoting_id INTEGER NOT NULL,
        quoted_id  INTEGER NOT NULL,
        quotes     INTEGER NOT NULL,
        PRIMARY KEY (quoting_id, quoted_id)
    ) WITHOUT ROWID;
    CREATE INDEX quoting_edges_quotes ON quoting_edges(quotes);
    CREATE INDEX quoting_edges_quoted ON quoting_edges(quoted_id, quotes);
    {EDGES_COUNTED};
    """,
    # 6: what linking a batch of new articles needs (identity.incremental): each entity's
    # block, the feature counts of evidence, and the entity names among an identity's aliases.
    # The next ingest relinks every entity, which fills them.
    """
    ALTER TABLE entities ADD COLUMN block TEXT;     -- the rows its identity can depend on; NULL until linked
    CREATE INDEX entities_block ON entities(block, article_id) WHERE block IS NOT NULL;
    ALTER TABLE aliases ADD COLUMN name_mentions INTEGER;  -- mentions of the entities named so (NULL: never an entity's name)
    CREATE TABLE link_features (            -- in how many entity rows each feature of evidence stands
        feature TEXT PRIMARY KEY,
        n       INTEGER NOT NULL
    ) WITHOUT ROWID;
    INSERT OR REPLACE INTO meta (key, value) VALUES ('identities_stale', 'full');
    """,
]

VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection) -> int:
    """Apply the migrations the store lacks, each atomically; return the schema version."""
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    if current > VERSION:
        from ..errors import SetupError
        raise SetupError(f"the store is at schema version {current}, newer than this quotegraph "
                         f"knows ({VERSION}); upgrade quotegraph")
    for number in range(current + 1, VERSION + 1):
        try:
            conn.executescript(f"BEGIN IMMEDIATE;\n{MIGRATIONS[number - 1]}\n"
                               f"PRAGMA user_version = {number};\nCOMMIT;")
        except BaseException:
            if conn.in_transaction:
                conn.rollback()
            raise
    return VERSION
