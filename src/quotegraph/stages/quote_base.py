"""What the quote finder shares: the Quote it builds and the patterns of Russian typography it
reads (dashes, sign-offs, datelines, subordinators)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .cues_found import Cue
from .quote_marks import QuotedSpan
from .speakers import Speaker

DASH = "-–—"
# «Текст, — сказал он, — текст» and «Текст? — спросил он. — Текст»: the author's words inside the marks
INTERRUPTION = re.compile(r"[,!?…][ \t\u00a0]*[-–—][ \t\u00a0]*([^«»\"„“\n.!?]{3,120}?)[,.][ \t\u00a0]*[-–—][ \t\u00a0]*")
SIGNOFF = re.compile(r"[ \t\u00a0]*[,.!?…]?[ \t\u00a0]*[-–—]{1,2}[ \t\u00a0]*")
MAX_CLAUSE = 2_000  # characters a clause may run on without . ; ! ? or a line end (a run-on line)
MAX_CLAUSE_TOKENS = 150  # and tokens a lead-in may reach back (99.9% of NEREL's sentences hold ≤ 121)
MAX_QUOTE_DEPTH = 4  # quoted spans nested deeper are not analysed (NEREL nests 2 deep at most)
MAX_CUES_PER_RUN = 20  # cue words tried in one clause or sentence (NEREL: 8 quotes in one at most)
CLAUSE_END = re.compile(r"[.;!?\n]|,\s*[-–—]|\s[-–—]\s")
TRIM_END = " \t\n\u00a0.,;:!?…"
QUOTING = {"цитировать", "процитировать", "приводить", "привести"}
RELAYING = {"передать", "передавать"}  # outlets that relay someone's words: «слова X передаёт ТАСС»
NOT_SAID = {"обязать", "обязывать", "запретить", "запрещать", "разрешить", "разрешать", "заставить", "заставлять",
            "поручить", "поручать", "приказать", "приказывать"}  # orders by law or rank, not reported speech
DATELINE = re.compile(r".{0,60}?\b(?:[A-Z][A-Z.]{2,}(?:\.[A-Z]{2,3})?|ТАСС|РИА Новости|Интерфакс|РБК)[ \t\u00a0]*[-–—][ \t\u00a0]+")
SELF = {"я", "мы", "ты", "вы"}
SUBORDINATE = {"как", "что", "чтобы", "который", "которая", "которое", "которые", "где", "когда", "если"}
THAT = {"что", "чтобы", "будто", "якобы"}


@dataclass
class Quote:
    start: int
    end: int
    kind: str
    cue: Cue | None
    speaker: Speaker | None
    confidence: float
    parent: int | None = None
    span: QuotedSpan | None = field(default=None, repr=False)
    rule: str = ""
    candidates: list = field(default_factory=list, repr=False)  # speaker candidates (speaker_candidates.py)
    features: dict = field(default_factory=dict, repr=False)  # what the quote model sees (quote_features.py)

