"""Which entities of different articles are one real person, organisation or place.

``merge_keys(rows)`` gives each entity row (``store.identities.EntityRow``) its merge key:
rows with one key are one identity. The rule is in ``merge`` (docs/identities.md), its
thresholds and word lists in ``lang/ru/identity.txt``, spellings compared through ``translit``;
organisations' and places' keys are built in ``bodies``, from the names in ``places`` (CLDR,
ISO 3166, ``lang/*/places.tsv``) and ``aliases`` (learned, ``lang/ru/aliases.tsv``).
"""
from __future__ import annotations

from .bodies import name_keys
from .merge import merge_keys
from .translit import surname_stem, translit_key

__all__ = ["merge_keys", "name_keys", "preload", "surname_stem", "translit_key"]


def preload() -> None:
    """Load what linking reads once a process: the place tables, the learned names and
    abbreviations, the rule's data (about 0.5 s). ``ingest`` does it while its workers analyse."""
    from .bodies import curated, learned_abbreviations, learned_places
    from .places import places
    from .rules import rules

    places(), learned_places(), learned_abbreviations(), curated(), rules()
