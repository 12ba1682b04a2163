"""Linking a batch of new rows without going over the rows linked before.

``merge_keys`` decides over all rows at once. A store of a million articles holds some twenty
million entity rows: deciding over all of them for every thousand new articles would take far
longer than analysing the articles did. So a batch is linked in the context of what the rule
looks at:

- each row's **block**: the rows its key can depend on. A person's is its surname's stem (a
  lone first name's: the name), an organisation's its words with abbreviations spelled out
  (a place has none).
  Many rows need none (``needs_context``): a full name that shows its gender, a body whose
  name gives its country or that is named by common nouns («полиция»), a place: their keys
  come from the name and its own article;
- the **context**: the ``CONTEXT`` most recent rows linked before in each block of the batch,
  of those that can weigh in (``filed``: people, and bodies named with their country);
- **what was seen** (``Seen``): how many articles were linked, how often each feature of
  evidence stood in them, and the abbreviations articles spelled out.

The rows linked before keep their identities; the batch's rows take the keys the rule gives
them in that context. The result is the full linking's, but for what lies outside the blocks
and the context (a lone first name weighed against its own article and block only, evidence
from a block's recent rows only). A full relinking puts the store back into the one linking
that does not depend on the order articles came in; docs/identities.md says when it runs.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .bodies import Organisations, is_description
from .person import FAMILY, FULL, INITIALS, SINGLE, person_key

CONTEXT = 10  # rows linked before, per block, the most recent first


@dataclass(frozen=True)
class Seen:
    """What the rows linked before tell a batch: the articles that hold entities, the document
    frequencies of the features of evidence (a typed name, ``role:`` a role), the
    abbreviations spelled out by their articles."""
    articles: int
    df: Mapping[str, int]
    abbreviations: Mapping[str, tuple[str, ...]]


def block_of(row, bodies: Organisations) -> str | None:
    """The block of a row: rows whose keys can depend on each other share it. A place has none:
    its key is its name's, whatever other rows say."""
    if row.type == "PER":
        p = person_key(row.name)
        if p.kind in (FULL, INITIALS, SINGLE, FAMILY):
            return f"PER:{p.block}" if p.block else f"PER:first|{p.first}"
        return f"PER:{p.kind}|{p.name}"
    if row.type == "ORG":
        return f"ORG:{bodies.parts(row.name)[0]}"
    return None


def filed(row, bodies: Organisations) -> bool:
    """Whether a row can be another's context, so is stored under its block: a person's (its
    name and evidence), an organisation's only when its name gives its country (what the rule
    counts of the others named with the same words); a place's, a regnal or other name's never."""
    if row.type == "PER":
        return person_key(row.name).kind in (FULL, INITIALS, SINGLE, FAMILY)
    return row.type == "ORG" and bodies.parts(row.name)[1] is not None


def needs_context(row, bodies: Organisations) -> bool:
    """Whether a row's key depends on rows of other articles. A full name's does only for its
    gender, when the name does not show one; a lone surname's, first name's or initials' do.
    An organisation's does when its name gives no country (the corpus may tell it), unless
    its words are common nouns (its own article tells). A place's never does."""
    if row.type == "PER":
        p = person_key(row.name)
        return p.kind in (INITIALS, SINGLE, FAMILY) or p.kind == FULL and p.gender is None
    return row.type == "ORG" and not is_description(row.name) and bodies.parts(row.name)[1] is None


def weighs_evidence(row) -> bool:
    """Whether the rule weighs evidence (names around, roles) to place a row: lone surnames,
    first names, initials and family names; a full name's place is its name, an organisation's
    its words and country."""
    return row.type == "PER" and person_key(row.name).kind in (INITIALS, SINGLE, FAMILY)


def batch_bodies(rows, known: Mapping[str, tuple[str, ...]] | None = None) -> Organisations:
    """The organisations of a batch: the abbreviations ``known`` and those its own articles
    spell out (``.corpus``), and each name's words (``block_of``)."""
    return Organisations(rows, dict(known or {}))
