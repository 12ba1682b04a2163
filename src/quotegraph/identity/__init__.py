"""Which entities of different articles are one real person, organisation or place.

``merge_keys(rows)`` gives each entity row (``store.identities.EntityRow``) its merge key:
rows with one key are one identity. The rule is in ``merge`` (docs/identities.md), its
thresholds and word lists in ``lang/ru/identity.txt``, spellings compared through ``translit``.
"""
from __future__ import annotations

from .merge import merge_keys
from .translit import surname_stem, translit_key

__all__ = ["merge_keys", "surname_stem", "translit_key"]
