"""WARC archives (.warc, .warc.gz) -> one ``Article`` per archived news page, streamed.

Only HTTP ``response`` records of status 200 with an HTML content type are pages. A revisit,
a response of another status or type, and a page too big are skipped, each an ``Skipped`` error
naming the archive, the record's offset and its URI (``ingest`` writes them to the failures
table). A broken record ends the reading of the archive there, with an ``InputError``: after a
truncated or corrupt record no reader can find the next one. warcio reads one record at a time,
so memory stays bounded whatever the archive's size. (FastWARC parses faster, but parsing is
under 1% of the time of analysis: docs/inputs.md.)
"""
from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError, Skipped
from ..model import Page
from .html import day_of

WARC_SUFFIXES = (".warc", ".warc.gz")
HTML_TYPES = ("text/html", "application/xhtml+xml")
SKIPPED_QUIETLY = {"warcinfo", "request", "metadata", "conversion", "continuation"}


def read_warc(path: Path, max_bytes: int) -> Iterator[Page | InputError]:
    """The pages of one WARC archive in archive order, their text not extracted yet (``Page``);
    errors in place of what is not a page."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        offset = 0
        try:
            for record in records:
                offset = records.offset  # (get_record_offset() would read the record through first)
                item = _page(record, f"{path}@{offset}", max_bytes)
                if item is not None:
                    yield item
        except (ArchiveLoadFailed, EOFError, zlib.error, ValueError, OSError) as exc:
            yield InputError(f"{path}@{offset}", f"broken WARC record ({_one_line(exc)}); the rest of the archive cannot be read",
                             "check the archive with `warcio check`, or fetch it again")


def _page(record, where: str, max_bytes: int) -> Page | InputError | None:
    kind = record.rec_type
    if kind in SKIPPED_QUIETLY:
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    if kind == "revisit":
        return Skipped(where, f"revisit record of {uri} (the page is in the record it refers to)")
    if kind != "response" or record.http_headers is None:
        return Skipped(where, f"{kind} record of {uri}, not an HTTP response")
    status = record.http_headers.get_statuscode()
    if status != "200":
        return Skipped(where, f"HTTP {status} response for {uri}, not a page")
    content_type = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if content_type not in HTML_TYPES:
        return Skipped(where, f"not HTML ({content_type or 'no content type'}): {uri}")
    payload = record.content_stream().read(max_bytes + 1)
    if len(payload) > max_bytes:
        return Skipped(where, f"page of {uri} is over the {max_bytes:,}-byte limit", "raise it with --max-bytes")
    missing = getattr(record.raw_stream, "limit", 0)  # bytes the record's header promised but the file lacks
    if missing:
        return InputError(where, f"truncated WARC record of {uri} ({missing:,} of its {record.length:,} bytes missing)",
                          "fetch or copy the archive again")
    warc_date = record.rec_headers.get_header("WARC-Date")
    return Page(id=uri or where, origin=where, html=payload, url=uri or None, date=day_of(warc_date),
                fetched_at=warc_date)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__
