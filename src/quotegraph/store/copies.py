"""Near-copies: an agency story republished by other outlets is linked to the first stored copy.

Each article's text gets a MinHash signature over its word shingles (datasketch, pinned),
computed in the worker beside its other rows. Locality-sensitive hashing cuts the signature
into ``BANDS`` bands of ``ROWS`` values; the store keeps one bucket per band
(``article_bands``), so the articles that may be copies of a new one are found by index
look-ups, whatever the size of the corpus. A candidate whose signature agrees on at least
``THRESHOLD`` of the values (the estimated Jaccard similarity of the shingle sets) is a copy.
The new article is then ``duplicate_of`` the earliest stored one of its story: it keeps its own
quotes, and the queries count them once (docs/inputs.md).

Measured (bench/inputs.py, docs/inputs.md): copies with a changed title, an added credit line
or a dropped closing paragraph are found, and of 2,000 shared news texts only those that are
copies of one another are joined.
"""
from __future__ import annotations

import functools
import hashlib
import re
import sqlite3

import numpy as np

SHINGLE = 4  # words per shingle
NUM_PERM = 128
THRESHOLD = 0.7  # estimated Jaccard similarity of the shingle sets
# LSH bands: a pair at similarity s shares a band with probability 1 - (1 - s**ROWS)**BANDS: 0.92 at 0.7,
# 0.998 at 0.8, 0.015 at 0.3. datasketch's optimum for 0.7 (14 bands of 9) weighs misses and false
# candidates alike and missed 13% of pairs at 0.8; a candidate is checked on the whole signature anyway.
BANDS, ROWS = 20, 6
MIN_SHINGLES = 20  # a text of under ~25 words is too short to call a copy of anything
_WORD = re.compile(r"\w+")


@functools.cache
def minhash_template():
    from datasketch import MinHash
    return MinHash(NUM_PERM, seed=1)


def signature(text: str) -> bytes | None:
    """The MinHash signature of a text's word shingles (lowercase, ё as е), or None when the
    text is too short to compare."""
    from datasketch import MinHash

    words = _WORD.findall(text.lower().replace("ё", "е"))
    shingles = {" ".join(words[i:i + SHINGLE]).encode("utf-8") for i in range(len(words) - SHINGLE + 1)}
    if len(shingles) < MIN_SHINGLES:
        return None
    template = minhash_template()
    minhash = MinHash(NUM_PERM, seed=1, permutations=template.permutations, scheme=template.scheme)
    minhash.update_batch(sorted(shingles))
    return minhash.hashvalues.astype("<u4").tobytes()


def buckets(sig: bytes) -> list[int]:
    """The LSH bucket of each band of a signature, as signed 64-bit integers (SQLite's)."""
    width = ROWS * 4
    return [int.from_bytes(hashlib.blake2b(sig[i * width:(i + 1) * width], digest_size=8).digest(), "little",
                           signed=True) for i in range(BANDS)]


def similarity(a: bytes, b: bytes) -> float:
    """The share of equal MinHash values: an estimate of the Jaccard similarity."""
    return float(np.mean(np.frombuffer(a, "<u4") == np.frombuffer(b, "<u4")))


def link_copy(conn: sqlite3.Connection, article_id: int, sig: bytes | None) -> int | None:
    """Store an article's signature and bands (inside the caller's transaction), and return the
    id of the first stored article of its story, or None when it is the first."""
    if sig is None:
        return None
    bands = buckets(sig)
    found: set[int] = set()
    for band, bucket in enumerate(bands):
        found.update(row[0] for row in conn.execute(
            "SELECT article_id FROM article_bands WHERE band = ? AND bucket = ?", (band, bucket)))
    first = None
    for other in sorted(found):
        row = conn.execute("SELECT m.signature, a.duplicate_of FROM article_minhash m JOIN articles a"
                           " ON a.id = m.article_id WHERE m.article_id = ?", (other,)).fetchone()
        if row is not None and similarity(sig, row[0]) >= THRESHOLD:
            first = row[1] or other
            break
    conn.execute("INSERT OR REPLACE INTO article_minhash (article_id, signature) VALUES (?, ?)", (article_id, sig))
    conn.executemany("INSERT OR IGNORE INTO article_bands (band, bucket, article_id) VALUES (?, ?, ?)",
                     [(band, bucket, article_id) for band, bucket in enumerate(bands)])
    if first is not None:
        conn.execute("UPDATE articles SET duplicate_of = ? WHERE id = ?", (first, article_id))
    return first
