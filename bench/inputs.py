"""`make bench`: a web archive of shared news texts against the same texts as JSONL (issue 17).

    python bench/inputs.py [--shared ../shared] [--pages 2000] [--repeat 2] [--workers N]
                           [--one-worker-pages 300] [--keep DIR] [--write]

In a temporary directory: N distinct texts (NEREL train and dev, PolNeAR train and dev; the
factRuEval devset when those are too few; the longest texts cut in two at a paragraph break
when all of them still are) are each wrapped in a news page of one of the layouts of
tests/webpages.py in turn, with a made-up URL on a few invented hosts and a date, and written
into one .warc.gz; the same texts (the original texts, not the extracted ones) go into one
JSONL file with id (the page's URL), title, date and lang.

Then, in this one run:
- `quotegraph ingest` of the JSONL and of the WARC into fresh stores (subprocesses, on a
  pseudo-terminal so the progress bar draws as for a user; the order alternates over
  --repeat rounds, the best of each counts), and the WARC (or --one-worker-pages of it) again
  with --workers 1;
  every process's peak RSS (VmHWM, sampled every 0.2 s) and its CPU time;
- parsing alone: every payload of the archive read by warcio, by FastWARC (when installed)
  and by quotegraph's WARC reader; trafilatura extraction of every page, with the language
  check apart, and the extracted text against the original;
- copies: the links between texts in the two stores, against the exact similarity of the
  texts (a link between texts under 0.5 similar is a false positive; the data sets do hold a
  few near copies of their own); and 4 stories × 5 outlets (tests/webpages.py
  ``syndicated_copies``) in a store of their own: are the copies linked to the first, and
  does `query top-speakers` count each story's quotes once?

Prints a markdown block and PASS/FAIL against the goals (WARC throughput ≥ 0.9 × JSONL's;
every process under 500 MB); ``--write`` puts the block into docs/inputs.md.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import pathlib
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

GOAL_RATIO, GOAL_MB = 0.9, 500
FALSE_BELOW = 0.5  # a link between texts less similar than this (exact Jaccard) is a false positive
LARGEST = 4  # of the pages of the 1-worker run, the longest texts of each language
ONE_THREAD = {**os.environ, **{name: "1" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}}
# (folder under data/, file pattern, language, short name for ids, whether the first line is a
# headline); factRuEval only when needed
SOURCES = [("nerel-v1.1/train", "*.txt", "ru", "nerel-train", True),
           ("nerel-v1.1/dev", "*.txt", "ru", "nerel-dev", True),
           ("polnear/train/text", "*", "en", "polnear-train", True),
           ("polnear/dev/text", "*", "en", "polnear-dev", True)]
MORE = [("factrueval-2016/devset", "*.txt", "ru", "factrueval-dev", False)]
HOSTS = {"ru": [("novosti-regiona.example", "Новости региона"), ("lenta-dnya.example", "Лента дня"),
                ("vestnik-povolzhya.example", "Вестник Поволжья")],
         "en": [("metro-ledger.example", "Metro Ledger"), ("coast-gazette.example", "Coast Gazette"),
                ("capital-dispatch.example", "Capital Dispatch")]}
OUTLETS_EN = ["Harbour Times", "Daily Courier", "Evening Standard-Bearer", "Metro Post", "County Herald"]
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]")


# --- the corpus -----------------------------------------------------------------------------------

def _norm(text: str) -> str:
    return " ".join(text.split())


def corpus(shared: pathlib.Path, n: int) -> tuple[list[dict], list[str]]:
    """``n`` distinct texts, mixed in a fixed order: dicts with name, lang, text; and notes on
    where they came from."""
    notes, pool, seen = [], [], set()

    def add(sources):
        for folder, pattern, lang, short, headed in sources:
            paths = sorted(p for p in (shared / "data" / folder).glob(pattern) if p.is_file())
            kept = 0
            for path in paths:
                text = path.read_text(encoding="utf-8").strip()
                key = _norm(text)
                if not key or key in seen:
                    continue
                seen.add(key)
                pool.append({"name": f"{short}-{path.stem}", "lang": lang, "text": text, "headed": headed})
                kept += 1
            notes.append(f"{kept} {folder}")

    add(SOURCES)
    if len(pool) < n:
        notes.append(f"NEREL and PolNeAR train+dev hold {len(pool)} distinct texts, under {n}: "
                     "the factRuEval devset too")
        add(MORE)
    if len(pool) < n:
        short = n - len(pool)
        longest = sorted(range(len(pool)), key=lambda i: (-len(pool[i]["text"]), pool[i]["name"]))
        cut = 0
        for i in longest:
            if cut == short:
                break
            halves = _halves(pool[i]["text"])
            if halves is None:
                continue
            base = pool[i]
            pool[i] = {**base, "name": base["name"] + "-a", "text": halves[0]}
            pool.append({**base, "name": base["name"] + "-b", "text": halves[1], "headed": False})
            cut += 1
        notes.append(f"still {short} short: the {cut} longest texts cut in two at the paragraph break nearest "
                     "their middle")
    pool.sort(key=lambda t: hashlib.blake2b(t["name"].encode(), digest_size=8).digest())  # mixed, fixed order
    if len(pool) < n:
        notes.append(f"only {len(pool)} texts could be made")
    return pool[:n], notes


def _halves(text: str) -> tuple[str, str] | None:
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) < 4:
        return None
    sizes = [len(line) for line in lines]
    half, run, cut = sum(sizes) / 2, 0, 1
    best = None
    for k in range(1, len(lines)):
        run += sizes[k - 1]
        if best is None or abs(run - half) < best:
            best, cut = abs(run - half), k
    return "\n\n".join(lines[:cut]), "\n\n".join(lines[cut:])


def headline(text: str, name: str, headed: bool = True) -> tuple[str, str]:
    """(title, body) of a text: the first line of a ``headed`` text (a NEREL or PolNeAR file, not
    the second half of one), when it is one short sentence, is its headline, the title, and the
    body is the rest (on a news page the headline is the ``<h1>``, not a paragraph of the text);
    else the title is the first sentence (or the file name) and the body all of it."""
    from webpages import first_sentence

    lines = text.strip().splitlines()
    first = lines[0].strip() if lines else ""
    rest = "\n".join(lines[1:]).strip()
    if headed and 0 < len(first) <= 200 and first_sentence(first) == first and rest:
        return first, rest
    title = first_sentence(first)
    return (title if 0 < len(title) <= 200 else name), text.strip()


def build(texts: list[dict], folder: pathlib.Path, subset: int) -> tuple[pathlib.Path, pathlib.Path, list[dict]]:
    """The WARC and the JSONL of ``texts``; the items, with url, title, date and layout added. And
    subset.warc.gz: ``subset`` of the pages (the ``LARGEST`` longest texts of each language among them), when
    ``subset`` is under their number."""
    from webpages import LAYOUTS, wrap_text, write_warc

    items, pages = [], []
    start = dt.date(2025, 1, 1)
    for i, t in enumerate(texts):
        host, site = HOSTS[t["lang"]][i % len(HOSTS[t["lang"]])]
        day = start + dt.timedelta(days=i % 365)
        url = f"https://{host}/{day:%Y/%m/%d}/{t['name']}.html"
        layout = LAYOUTS[i % len(LAYOUTS)]
        title, body = headline(t["text"], t["name"], t["headed"])
        pages.append((url, wrap_text(body, title=title, lang=t["lang"], site=site, author=None,
                                     published=day.isoformat(), url=url, layout=layout)))
        items.append({**t, "text": body, "url": url, "title": title, "date": day.isoformat(), "layout": layout})
    warc = folder / "pages.warc.gz"
    write_warc(warc, pages, extras=False)
    # the archive of the 1-worker run: the largest pages, and pages spread over the rest
    if 0 < subset < len(pages):
        largest = [i for lang in ("ru", "en") for i in sorted(
            (i for i in range(len(items)) if items[i]["lang"] == lang), key=lambda i: -len(items[i]["text"]))[:LARGEST]]
        rest = [i for i in range(len(items)) if i not in set(largest)]
        step = len(rest) / max(1, subset - len(largest))
        chosen = sorted(set(largest) | {rest[int(k * step)] for k in range(subset - len(largest))})
        write_warc(folder / "subset.warc.gz", [pages[i] for i in chosen], extras=False)
    jsonl = folder / "pages.jsonl"
    with jsonl.open("w", encoding="utf-8") as out:
        for it in items:
            out.write(json.dumps({"id": it["url"], "text": it["text"], "title": it["title"], "date": it["date"],
                                  "lang": it["lang"]}, ensure_ascii=False) + "\n")
    return warc, jsonl, items


# --- one ingest, watched --------------------------------------------------------------------------

def _status_kb(pid: int, field: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _busy() -> float:
    """The machine's CPU seconds spent so far, all cores, all processes, and taken by the
    hypervisor (steal)."""
    import psutil

    t = psutil.cpu_times()
    return t.user + t.nice + t.system + sum(getattr(t, name, 0) for name in ("irq", "softirq", "steal"))


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class Watch(threading.Thread):
    """Every 0.2 s: the process tree of ``pid`` (the ingest process, its fork server, its workers),
    each one's peak RSS so far (VmHWM) and CPU time; every 1 s the tree's total PSS (shared pages
    counted once)."""

    def __init__(self, pid: int, interval: float = 0.2):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.procs: dict[int, dict] = {}
        self.pss_peak_kb = 0
        self.main_rss: list[tuple[float, int]] = []  # (time, VmRSS kB) of the ingest process
        self.worker_rss: list[tuple[float, int, int]] = []  # (time, VmRSS kB of the biggest worker, tick)
        self.done = threading.Event()

    def run(self) -> None:
        import psutil

        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        tick = 0
        while not self.done.is_set():
            try:
                tree = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                break
            for p in tree:
                info = self.procs.get(p.pid)
                if info is None:
                    try:
                        cmd = " ".join(p.cmdline())
                    except psutil.Error:
                        cmd = ""
                    try:
                        parent = p.ppid()
                    except psutil.Error:
                        parent = None
                    role = ("main" if p.pid == self.pid else "resource tracker" if "resource_tracker" in cmd
                            else "fork server" if "forkserver" in cmd and parent == self.pid else "worker")
                    info = self.procs[p.pid] = {"role": role, "hwm_kb": 0, "cpu": 0.0, "pss_kb": 0}
                info["hwm_kb"] = max(info["hwm_kb"], _status_kb(p.pid, "VmHWM:"))
                if p.pid == self.pid and (now_kb := _status_kb(p.pid, "VmRSS:")):
                    self.main_rss.append((time.perf_counter(), now_kb))
                elif info["role"] == "worker" and (now_kb := _status_kb(p.pid, "VmRSS:")):  # (0: exiting)
                    if self.worker_rss and self.worker_rss[-1][2] == tick:
                        if now_kb > self.worker_rss[-1][1]:
                            self.worker_rss[-1] = (self.worker_rss[-1][0], now_kb, tick)
                    else:
                        self.worker_rss.append((time.perf_counter(), now_kb, tick))
                try:
                    c = p.cpu_times()
                    info["cpu"] = c.user + c.system
                except psutil.Error:
                    pass
            if tick % 5 == 0:
                pss = {p.pid: _pss_kb(p.pid) for p in tree}
                self.pss_peak_kb = max(self.pss_peak_kb, sum(pss.values()))
                for pid, kb in pss.items():
                    if pid in self.procs:
                        self.procs[pid]["pss_kb"] = max(self.procs[pid]["pss_kb"], kb)
            tick += 1
            self.done.wait(self.interval)

    def by_role(self) -> dict[str, dict]:
        out: dict[str, dict] = {}
        for info in self.procs.values():
            r = out.setdefault(info["role"], {"n": 0, "peak_mb": 0.0, "cpu": 0.0, "pss_mb": 0.0})
            r["n"] += 1
            r["peak_mb"] = max(r["peak_mb"], info["hwm_kb"] / 1024)
            r["pss_mb"] = max(r["pss_mb"], info["pss_kb"] / 1024)
            r["cpu"] += info["cpu"]
        return out


def ingest(path: pathlib.Path, db: pathlib.Path, workers: int | None, label: str) -> dict:
    """``quotegraph ingest path --db db`` in a subprocess whose stderr is a pseudo-terminal (the
    progress bar draws as it would for a user); its wall time, peaks, CPU and what it drew."""
    import fcntl
    import pty
    import struct
    import termios

    cmd = [sys.executable, "-m", "quotegraph.cli", "ingest", str(path), "--db", str(db)]
    if workers:
        cmd += ["--workers", str(workers)]
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 160, 0, 0))
    drawn: list[bytes] = []

    def drain():
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:
                return
            if not data:
                return
            drawn.append(data)

    reader = threading.Thread(target=drain, daemon=True)
    env = {**ONE_THREAD, "TERM": os.environ.get("TERM") or "xterm"}
    busy_before, own_before = _busy(), time.process_time()
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave, env=env,
                            cwd=str(db.parent))
    os.close(slave)
    reader.start()
    watch = Watch(proc.pid)
    watch.start()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    # CPU time of everything else on the machine meanwhile: noise in the figures
    others = _busy() - busy_before - (usage.ru_utime + usage.ru_stime) - (time.process_time() - own_before)
    proc.returncode = os.waitstatus_to_exitcode(status)
    watch.done.set()
    watch.join()
    reader.join(timeout=5)
    os.close(master)
    screen = ANSI.sub("", b"".join(drawn).decode("utf-8", "replace"))
    if proc.returncode != 0:
        raise SystemExit(f"{label}: ingest failed ({proc.returncode}):\n{screen[-3000:]}")
    with sqlite3.connect(db) as conn:
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        copies = conn.execute("SELECT count(*) FROM article_copies").fetchone()[0]
        quotes = conn.execute("SELECT count(*) FROM quotes").fetchone()[0]
        failures = conn.execute("SELECT count(*) FROM failures").fetchone()[0]
    done = articles + copies
    return {"label": label, "cmd": " ".join(["quotegraph", "ingest", path.name, "--db", db.name, *cmd[7:]]),
            "seconds": seconds, "articles": done, "per_s": done / seconds, "quotes": quotes, "failures": failures,
            "others_cpu": max(0.0, others), "roles": watch.by_role(), "pss_peak_mb": watch.pss_peak_kb / 1024, "screen": screen,
            "main_rss": _through_the_run(watch.main_rss),
            "worker_rss": _through_the_run([(t, kb) for t, kb, _ in watch.worker_rss])}


def _through_the_run(samples: list[tuple[float, int]]) -> dict:
    """The ingest process's RSS (MB) at 10%, 50%, 90% of the run and at its end (flat when the
    archive streams), and how many seconds before the end it first rose 30 MB over its median."""
    if not samples:
        return {"points": [], "rise": None}
    t0, t1 = samples[0][0], samples[-1][0]
    points = []
    for share in (0.1, 0.5, 0.9, 1.0):
        at = t0 + share * (t1 - t0)
        points.append(min(samples, key=lambda s: abs(s[0] - at))[1] / 1024)
    median = statistics.median(kb for _, kb in samples)
    rise = next((t1 - t for t, kb in samples if kb > median + 30 * 1024), None)
    return {"points": points, "rise": rise}


def progress_shown(screen: str) -> dict:
    """What the progress bar drew: the states seen (``ingest ... done/total``), one mid-run, the last."""
    states = [s.strip() for s in re.split(r"[\r\n]", screen) if re.search(r"\bingest\b.*\d+/", s)]
    counts = [m.group(0) for s in states if (m := re.search(r"[\d,]+/[\d,?]+", s))]
    mid = states[len(states) // 2] if states else ""
    return {"states": len(set(counts)), "mid": " ".join(mid.split()), "last": " ".join(states[-1].split()) if states else "",
            "mid_count": counts[len(counts) // 2] if counts else "", "last_count": counts[-1] if counts else ""}


def model_memory(warc: pathlib.Path) -> list[tuple[str, float, float]]:
    """In a fresh process: its RSS (MB) after each thing a worker loads, and the seconds it took."""
    script = r"""
import json, sys, time
def rss():
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith("VmRSS:")) / 1024
steps = []
t = time.perf_counter(); import quotegraph; steps.append(("Python and quotegraph", rss(), time.perf_counter() - t))
t = time.perf_counter(); import quotegraph.preload
steps.append(("+ Russian models, language identifier, MinHash (the fork server's preload)", rss(), time.perf_counter() - t))
from quotegraph.readers import read_inputs
from quotegraph.readers.html import page_article
page = next(iter(read_inputs([sys.argv[1]], pages=True)))
t = time.perf_counter(); page_article(page)
steps.append(("+ trafilatura, after one page", rss(), time.perf_counter() - t))
from quotegraph.lang import language
t = time.perf_counter(); language("en").preload(); steps.append(("+ English models", rss(), time.perf_counter() - t))
print(json.dumps(steps))
"""
    out = subprocess.run([sys.executable, "-c", script, str(warc)], capture_output=True, text=True, env=ONE_THREAD,
                         check=True).stdout
    return [tuple(step) for step in json.loads(out.strip().splitlines()[-1])]


# --- parsing and extraction alone ---------------------------------------------------------------

def parse_times(warc: pathlib.Path, jsonl: pathlib.Path) -> dict:
    """Seconds to read every payload of the archive: warcio, FastWARC, quotegraph's WARC reader;
    and quotegraph's reading of the JSONL (the parent's work on the other path)."""
    from warcio.archiveiterator import ArchiveIterator

    out: dict = {}
    t0 = time.perf_counter()
    n, size = 0, 0
    with warc.open("rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type == "response" and record.http_headers.get_statuscode() == "200":
                size += len(record.content_stream().read())
                n += 1
    out["warcio"] = time.perf_counter() - t0
    out["pages"], out["bytes"] = n, size
    try:
        from fastwarc.warc import ArchiveIterator as FastIterator, WarcRecordType
    except ImportError:
        out["fastwarc"] = None
    else:
        import importlib.metadata
        out["fastwarc_version"] = importlib.metadata.version("fastwarc")
        t0 = time.perf_counter()
        m = 0
        with warc.open("rb") as stream:
            for record in FastIterator(stream, record_types=WarcRecordType.response, parse_http=True):
                record.reader.read()
                m += 1
        out["fastwarc"] = time.perf_counter() - t0
        out["fastwarc_pages"] = m
    from quotegraph.readers import read_inputs
    from quotegraph.store.rows import content_hash

    t0 = time.perf_counter()
    for _ in read_inputs([str(warc)], pages=True):
        pass
    out["reader_warc"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    for item in read_inputs([str(jsonl)]):
        content_hash(item.text)
    out["reader_jsonl"] = time.perf_counter() - t0
    return out


def extraction(warc: pathlib.Path, items: list[dict]) -> dict:
    """trafilatura on every page (quotegraph's ``page_article``, in this one process), the language
    check timed apart, and the extracted text against the original."""
    from webpages import BOILERPLATE_MARKERS

    from quotegraph.errors import InputError
    from quotegraph.language import page_language
    from quotegraph.readers import read_inputs
    from quotegraph.readers.html import page_article

    by_url = {it["url"]: it for it in items}
    page_language("ru", "Прогрев детектора языка: Иван Петров сказал, что всё готово.")  # loads the model
    rss_before = _status_kb(os.getpid(), "VmRSS:") / 1024
    times, lang_times, same, shorter, longer, leaked, failed, wrong_lang = [], [], 0, [], [], [], [], []
    for page in read_inputs([str(warc)], pages=True):
        t0 = time.perf_counter()
        try:
            article = page_article(page)
        except InputError as exc:
            failed.append(str(exc))
            continue
        times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        page_language(by_url[page.id]["lang"], article.text)
        lang_times.append(time.perf_counter() - t0)
        it = by_url[page.id]
        if article.lang != it["lang"]:
            wrong_lang.append(f"{it['name']} ({it['lang']} → {article.lang})")
        original = [line.strip() for line in it["text"].splitlines() if line.strip()]
        got, want = _norm(article.text), _norm(" ".join(original))
        want_body = _norm(" ".join(original[1:])) if original and original[0] == it["title"] else want
        if got in (want, want_body):
            same += 1
        else:  # against whichever of the two is nearer in length
            ref = min((want, want_body), key=lambda w: abs(len(w) - len(got)))
            (shorter if len(got) < len(ref) else longer).append((it["name"], len(got) / max(1, len(ref))))
        leaked += [it["name"]] if any(m in article.text and m not in it["text"] for m in BOILERPLATE_MARKERS) else []
    return {"pages": len(times) + len(failed), "seconds": sum(times), "ms_mean": 1000 * statistics.mean(times),
            "ms_median": 1000 * statistics.median(times), "ms_max": 1000 * max(times),
            "lang_seconds": sum(lang_times), "same": same, "shorter": shorter, "longer": longer,
            "leaked": leaked, "failed": failed, "wrong_lang": wrong_lang, "rss_before": rss_before,
            "rss_after": _status_kb(os.getpid(), "VmRSS:") / 1024}


# --- copies ------------------------------------------------------------------------------------

def near_pairs(items: list[dict], floor: float = 0.5) -> dict[tuple[int, int], float]:
    """Pairs of texts (indices, earlier first) whose sets of 4-word shingles, made as the store
    makes them, have a Jaccard similarity of at least ``floor``, computed exactly: the near
    copies that the data sets themselves hold."""
    import collections

    from quotegraph.store.copies import SHINGLE, _WORD

    index: dict[str, list[int]] = collections.defaultdict(list)
    sizes, pairs = [], {}
    for i, it in enumerate(items):
        words = _WORD.findall(it["text"].lower().replace("ё", "е"))
        shingles = {" ".join(words[k:k + SHINGLE]) for k in range(len(words) - SHINGLE + 1)}
        shared: collections.Counter = collections.Counter()
        for shingle in shingles:
            postings = index[shingle]
            shared.update(postings)
            postings.append(i)
        for j, common in shared.items():
            similarity = common / (len(shingles) + sizes[j] - common)
            if similarity >= floor:
                pairs[(j, i)] = similarity
        sizes.append(len(shingles))
    return pairs


def copy_links(db: pathlib.Path, items: list[dict], pairs: dict[tuple[int, int], float]) -> dict:
    """The store's links between the texts (near copies by ``duplicate_of``, word-for-word ones
    in ``article_copies``), each with the texts' exact similarity; and the near-copy pairs of
    the data sets at or over the store's threshold that it did not link."""
    from quotegraph.store.copies import THRESHOLD

    at = {it["url"]: i for i, it in enumerate(items)}
    with sqlite3.connect(db) as conn:
        links = conn.execute("SELECT a.key, f.key FROM articles a JOIN articles f ON f.id = a.duplicate_of"
                             " UNION ALL SELECT c.key, a.key FROM article_copies c JOIN articles a"
                             " ON a.id = c.article_id").fetchall()
    root = {key: first for key, first in links}
    out = []
    for key, first in links:
        i, j = sorted((at[key], at[first]))
        out.append({"key": items[at[key]]["name"], "first": items[at[first]]["name"],
                    "similarity": pairs.get((i, j), _jaccard(items[i]["text"], items[j]["text"]))})
    missed = [(items[i]["name"], items[j]["name"], sim) for (i, j), sim in sorted(pairs.items())
              if sim >= THRESHOLD and root.get(items[i]["url"], items[i]["url"]) != root.get(items[j]["url"], items[j]["url"])]
    return {"links": out, "missed": missed}


def _jaccard(a: str, b: str) -> float:
    from quotegraph.store.copies import SHINGLE, _WORD

    def shingles(text):
        words = _WORD.findall(text.lower().replace("ё", "е"))
        return {" ".join(words[k:k + SHINGLE]) for k in range(len(words) - SHINGLE + 1)}
    x, y = shingles(a), shingles(b)
    return len(x & y) / max(1, len(x | y))


def syndicated(folder: pathlib.Path) -> dict:
    """4 stories × 5 outlets in a store of their own: the copies linked to their first, and the
    story speakers' quotes in `query top-speakers` with and without --copies."""
    from webpages import ARTICLES, OUTLETS, syndicated_copies, write_warc

    stories, pages = {}, []
    for key, article in ARTICLES.items():
        outlets = list(OUTLETS)[:5] if article["lang"] == "ru" else OUTLETS_EN
        copies = syndicated_copies(article, outlets)
        stories[key] = [url for url, _ in copies]
        pages += copies
    warc = folder / "syndicated.warc.gz"
    write_warc(warc, pages, extras=False)
    db = folder / "syndicated.db"
    run = ingest(warc, db, 1, "syndicated")
    linked = {}
    with sqlite3.connect(db) as conn:
        for key, urls in stories.items():
            first = conn.execute("SELECT id FROM articles WHERE key = ?", (urls[0],)).fetchone()[0]
            n = 0
            for url in urls[1:]:
                row = conn.execute("SELECT duplicate_of FROM articles WHERE key = ?", (url,)).fetchone()
                copy = conn.execute("SELECT article_id FROM article_copies WHERE key = ?", (url,)).fetchone()
                n += (row is not None and row[0] == first) or (copy is not None and copy[0] == first)
            linked[key] = n

    def top(*flags) -> dict[str, int]:
        out = subprocess.run([sys.executable, "-m", "quotegraph.cli", "query", "top-speakers", "--db", str(db),
                              "--json", "--limit", "1000", *flags], capture_output=True, text=True, check=True)
        return {row["name"]: row["quotes"] for row in json.loads(out.stdout)}

    once, every = top(), top("--copies")
    speakers = sorted(set(once) | set(every), key=lambda name: (-every.get(name, 0), name))
    return {"pages": len(pages), "linked": linked, "copies": len(pages) - len(stories), "run": run,
            "speakers": [(name, once.get(name, 0), every.get(name, 0)) for name in speakers]}


# --- the run -------------------------------------------------------------------------------------

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--pages", type=int, default=2000, help="pages in the archive (default 2000)")
    ap.add_argument("--repeat", type=int, default=2, help="rounds of the two ingests, the order alternating; "
                    "the best of each counts (default 2: one round's ratio moved from 0.89 to 0.95 between runs)")
    ap.add_argument("--workers", type=int, default=0, help="workers of the timed ingests (default: one per core)")
    ap.add_argument("--one-worker-pages", type=int, default=300, metavar="N",
                    help=f"pages of the --workers 1 run: the {LARGEST} longest of each language and others spread "
                         "over the archive (default 300, about a minute; 0: the whole archive, about 6.5 minutes "
                         "on 2 cores, with a higher peak: relinking a bigger store with the models loaded)")
    ap.add_argument("--keep", metavar="DIR", help="build in DIR and keep the files (default: a temporary folder)")
    ap.add_argument("--write", action="store_true", help="also put the block into docs/inputs.md")
    args = ap.parse_args()
    shared = pathlib.Path(args.shared)
    if not (shared / "data" / "nerel-v1.1").is_dir():
        print(f"make bench: {shared}/data/nerel-v1.1 not found; pass SHARED=path", file=sys.stderr)
        return 1
    from quotegraph.ingest import default_workers

    workers = args.workers or default_workers()
    began = time.perf_counter()
    if args.keep:
        folder = pathlib.Path(args.keep).resolve()
        folder.mkdir(parents=True, exist_ok=True)
        return run(args, shared, folder, workers, began)
    with tempfile.TemporaryDirectory(prefix="bench-inputs-") as tmp:
        return run(args, shared, pathlib.Path(tmp), workers, began)


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def fresh(db: pathlib.Path) -> pathlib.Path:
    for suffix in ("", "-wal", "-shm"):
        pathlib.Path(f"{db}{suffix}").unlink(missing_ok=True)
    return db


def run(args, shared: pathlib.Path, folder: pathlib.Path, workers: int, began: float) -> int:
    load = os.getloadavg()[0]
    if load > 1.0:
        say(f"note: load average {load:.2f} at the start: something else is running, the figures will suffer")
    texts, notes = corpus(shared, args.pages)
    for note in notes:
        say(f"corpus: {note}")
    t0 = time.perf_counter()
    warc, jsonl, items = build(texts, folder, args.one_worker_pages)
    built = time.perf_counter() - t0
    langs = {lang: sum(it["lang"] == lang for it in items) for lang in ("ru", "en")}
    say(f"built {len(items)} pages ({langs['ru']} Russian, {langs['en']} English) in {built:.1f} s: "
        f"{warc.stat().st_size / 1e6:.1f} MB WARC, {jsonl.stat().st_size / 1e6:.1f} MB JSONL")

    runs: dict[str, list[dict]] = {"jsonl": [], "warc": []}
    for round_ in range(args.repeat):
        for kind in (("jsonl", "warc") if round_ % 2 == 0 else ("warc", "jsonl")):
            r = ingest(jsonl if kind == "jsonl" else warc, fresh(folder / f"{kind}-{round_ + 1}.db"), workers,
                       f"{'JSONL' if kind == 'jsonl' else 'WARC'}" + (f", round {round_ + 1}" if args.repeat > 1 else ""))
            r["db"] = folder / f"{kind}-{round_ + 1}.db"
            runs[kind].append(r)
            say(f"{r['label']}: {r['articles']} articles in {r['seconds']:.1f} s, {r['per_s']:.2f}/s; "
                f"peaks {_peaks(r)}; other processes {r['others_cpu']:.1f} s CPU")
    best = {kind: max(rs, key=lambda r: r["per_s"]) for kind, rs in runs.items()}
    ratio = best["warc"]["per_s"] / best["jsonl"]["per_s"]
    say(f"WARC / JSONL throughput: {ratio:.3f}")

    subset = folder / "subset.warc.gz"
    one = ingest(subset if subset.exists() else warc, fresh(folder / "warc-1-worker.db"), 1, "WARC, 1 worker")
    say(f"{one['label']}: {one['articles']} articles in {one['seconds']:.1f} s, {one['per_s']:.2f}/s; peaks {_peaks(one)}")

    steps = model_memory(warc)
    say("a worker's memory: " + "; ".join(f"{name} {mb:.0f} MB ({sec:.1f} s)" for name, mb, sec in steps))
    parse = parse_times(warc, jsonl)
    say("parsing: " + ", ".join(f"{k} {v:.2f} s" for k, v in parse.items() if isinstance(v, float)))
    ext = extraction(warc, items)
    say(f"extraction: {ext['pages']} pages, {ext['ms_mean']:.1f} ms mean ({ext['lang_seconds'] / ext['pages'] * 1000:.2f} "
        f"ms of it the language check), {ext['same']} texts as the original, {len(ext['shorter'])} shorter, "
        f"{len(ext['longer'])} longer, {len(ext['leaked'])} with boilerplate, {len(ext['failed'])} failed")

    pairs = near_pairs(items)
    links = {kind: copy_links(best[kind]["db"], items, pairs) for kind in ("warc", "jsonl")}
    for kind, found in links.items():
        say(f"copies in the {kind} store: " + "; ".join(f"{l['key']} → {l['first']} ({l['similarity']:.2f})"
                                                        for l in found["links"])
            + (f"; missed: {found['missed']}" if found["missed"] else ""))
    synd = syndicated(folder)
    say(f"syndicated: {synd['linked']}")

    total = time.perf_counter() - began
    figures = {"items": items, "langs": langs, "notes": notes, "warc_mb": warc.stat().st_size / 1e6,
               "jsonl_mb": jsonl.stat().st_size / 1e6, "runs": runs, "best": best, "ratio": ratio, "one": one,
               "parse": parse, "ext": ext, "pairs": pairs, "links": links, "synd": synd,
               "workers": workers, "total": total, "repeat": args.repeat, "load": load, "steps": steps,
               "one_pages": one["articles"], "subset": subset.exists()}
    block, verdicts = report(figures)
    print(block)
    print()
    for line in verdicts:
        print(line)
    print(f"bench/inputs.py took {total / 60:.1f} min")
    if args.write:
        from speed import put_block
        put_block("inputs.md", "inputs", block)
    return 0


def _peaks(r: dict) -> str:
    return ", ".join(f"{role} {v['peak_mb']:.0f} MB" + (f" (×{v['n']})" if v["n"] > 1 else "")
                     for role, v in sorted(r["roles"].items()))


def _peak(r: dict) -> float:
    """The highest peak RSS of the ingest process and its workers."""
    return max((v["peak_mb"] for role, v in r["roles"].items() if role in ("main", "worker")), default=0.0)


def _links(found: dict) -> str:
    text = ", ".join(f"{l['key']} → {l['first']} ({l['similarity']:.2f})" for l in found["links"])
    if found["missed"]:
        text += "; not linked: " + ", ".join(f"{a} ~ {b} ({sim:.2f})" for a, b, sim in found["missed"])
    return text


def _role(r: dict, role: str, key: str) -> float:
    return r["roles"].get(role, {}).get(key, 0.0)


def report(f: dict) -> tuple[str, list[str]]:
    from speed import head_commit

    best, one, parse, ext, synd = f["best"], f["one"], f["parse"], f["ext"], f["synd"]
    n = len(f["items"])
    rows = []
    for r in [*f["runs"]["jsonl"], *f["runs"]["warc"], one]:
        worker = (f"{_role(r, 'worker', 'peak_mb'):.0f} MB ({_role(r, 'worker', 'pss_mb'):.0f} MB)"
                  if "worker" in r["roles"] else "–")
        rows.append(f"| {r['label']} | `{r['cmd']}` | {r['articles']:,} | {r['seconds']:.1f} s | **{r['per_s']:.2f}** | "
                    f"{_role(r, 'main', 'peak_mb'):.0f} MB | {worker} | {r['pss_peak_mb']:.0f} MB | "
                    f"{_role(r, 'main', 'cpu'):.1f} s | "
                    + (f"{_role(r, 'worker', 'cpu'):.0f} s" if "worker" in r["roles"] else "–")
                    + f" | {r['quotes']:,} | {r['failures']} |")
    runs_all = [*f["runs"]["jsonl"], *f["runs"]["warc"], one]
    peak = max(_peak(r) for r in runs_all)
    warc_peak = max(_peak(r) for r in [*f["runs"]["warc"], one])
    worker_pss = max(_role(r, "worker", "pss_mb") for r in f["runs"]["warc"])
    shown, shown_jsonl = progress_shown(best["warc"]["screen"]), progress_shown(best["jsonl"]["screen"])
    warc_s = best["warc"]["seconds"]
    fast = parse.get("fastwarc")
    parse_line = (f"warcio 1.8.1 {parse['warcio']:.2f} s ({parse['warcio'] / parse['pages'] * 1000:.2f} ms a page)"
                  + (f", FastWARC {parse.get('fastwarc_version')} {fast:.2f} s ({parse['warcio'] / fast:.1f}× as fast)"
                     if fast else ", FastWARC not installed (not measured)")
                  + f"; quotegraph's WARC reader (warcio, and a `Page` per record) {parse['reader_warc']:.2f} s; "
                    f"its reading of the JSONL, with each text's hash, {parse['reader_jsonl']:.2f} s")
    lang_ms = ext["lang_seconds"] / ext["pages"] * 1000
    cpu_w, cpu_j = _role(best["warc"], "worker", "cpu"), _role(best["jsonl"], "worker", "cpu")
    pairs = sorted(f["pairs"].items(), key=lambda kv: -kv[1])
    names = [it["name"] for it in f["items"]]
    warc_links, jsonl_links = f["links"]["warc"], f["links"]["jsonl"]
    false_links = [l for l in warc_links["links"] + jsonl_links["links"] if l["similarity"] < FALSE_BELOW]
    linked = synd["linked"]
    story_speakers = [(name, a, b) for name, a, b in synd["speakers"] if b > a]
    once_ok = bool(story_speakers) and all(b == 5 * a for _, a, b in story_speakers)
    speaker_cells = ", ".join(f"{name} {a}/{b}" for name, a, b in synd["speakers"])
    differ = ext["shorter"] + ext["longer"]
    worst = sorted(differ, key=lambda x: abs(1 - x[1]), reverse=True)[:3]
    rss = best["warc"]["main_rss"]
    one_note = (f"{f['one_pages']} of the pages (the {LARGEST} longest texts of each language, and pages spread over "
                "the rest), to keep the bench short; on the whole archive (`--one-worker-pages 0`) its peak is "
                "higher, as it relinks the identities of a bigger store at the end with the models still loaded"
                if f["subset"] else "the whole archive")
    goals = [f["ratio"] >= GOAL_RATIO, peak < GOAL_MB, n >= 2000, bool(shown["states"] > 1)]
    lines = [
        f"Measured {dt.date.today().isoformat()} at commit {head_commit()} (and the working tree) by "
        f"`python bench/inputs.py --write` (`make bench`), {os.cpu_count()} cores (load average {f['load']:.2f} at "
        f"the start), in {f['total'] / 60:.1f} minutes.",
        "",
        f"**The pages.** {n:,} distinct texts ({f['langs']['ru']:,} Russian, {f['langs']['en']:,} English): "
        + "; ".join(f["notes"]) + ". Each is wrapped in a page of the `agency`, `portal` and `wire` layouts of "
        "tests/webpages.py in turn (menus, related links, comments, cookie banners, all with quotes and names in "
        "them), with a made-up URL on one of 6 invented hosts, a date and `<html lang>`, and written into one "
        f".warc.gz ({f['warc_mb']:.1f} MB) by `write_warc`. A first line that is a one-sentence headline is the "
        "title (the page's `<h1>`), the rest the text; else the title is the first sentence. The same texts, as "
        f"they are in the files (not as extracted), go into one JSONL file ({f['jsonl_mb']:.1f} MB; id = the "
        "page's URL, text, title, date, lang). So the WARC path does more: each page's text and metadata are "
        "extracted by trafilatura (in the workers), and its declared language is checked by the detector.",
        "",
        f"**Ingest** into fresh stores, one numpy thread per process, stderr a terminal (the progress bar drawn). "
        f"Time: the whole command, start-up, model loading and relinking included. Peak RSS (VmHWM) of each "
        f"process, sampled every 0.2 s; in brackets a worker's peak PSS, its shared pages counted by share; and "
        f"the peak PSS of the whole process tree (what the machine gives it). The 1-worker run reads {one_note}.",
        "",
        "| run | command | articles | time | articles/s | ingest process peak | worker peak (PSS) "
        "| tree PSS peak | ingest process CPU | workers' CPU | quotes | failures |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
        *rows,
        "",
        f"- Other processes on the machine (and the hypervisor's steal) took {max(r['others_cpu'] for r in runs_all):.1f} "
        "s of CPU at most during one of these runs.",
        f"- WARC / JSONL throughput: **{f['ratio']:.2f}×** (goal ≥ {GOAL_RATIO}×: "
        f"**{'met' if goals[0] else 'missed'}**)"
        + (f", the best of {f['repeat']} rounds each, the order alternating (round by round: "
           + ", ".join(f"{w['per_s'] / j['per_s']:.2f}×" for j, w in zip(f["runs"]["jsonl"], f["runs"]["warc"]))
           + ")." if f["repeat"] > 1 else ", one round (JSONL first).")
        + f" Where the WARC's {best['warc']['seconds'] - best['jsonl']['seconds']:+.1f} s go: its workers used "
          f"{cpu_w - cpu_j:+.0f} s of CPU beside the JSONL's (extraction alone takes {ext['seconds']:.0f} s, the "
          f"language check {ext['lang_seconds']:.1f} s of it), its ingest process "
          f"{_role(best['warc'], 'main', 'cpu') - _role(best['jsonl'], 'main', 'cpu'):+.1f} s (reading the archive "
          f"alone takes {parse['reader_warc']:.2f} s).",
        f"- Peak memory: the WARC ingest process, which streams the archive and writes the store, peaks at "
        f"{_role(best['warc'], 'main', 'peak_mb'):.0f} MB; its RSS at 10%, 50%, 90% of the run and at the end: "
        + ", ".join(f"{mb:.0f}" for mb in rss["points"]) + " MB"
        + (f" (it rises {rss['rise']:.0f} s before the end, after the last article: relinking identities)"
           if rss["rise"] is not None and rss["rise"] < 30 else "") + f". A worker peaks at {_role(best['warc'], 'worker', 'peak_mb'):.0f} "
        f"MB RSS ({worker_pss:.0f} MB PSS; the biggest worker's RSS at 10%, 50%, 90% of the run and at the end: "
        + ", ".join(f"{mb:.0f}" for mb in best["warc"]["worker_rss"]["points"]) + " MB; in the JSONL run "
        + ", ".join(f"{mb:.0f}" for mb in best["jsonl"]["worker_rss"]["points"])
        + f" MB). The one process of the 1-worker run peaks at {_role(one, 'main', 'peak_mb'):.0f} MB (RSS at 10%, "
        "50%, 90% and the end: " + ", ".join(f"{mb:.0f}" for mb in one["main_rss"]["points"]) + " MB"
        + (f"; it rises {one['main_rss']['rise']:.0f} s before the end: relinking identities with the models still "
           "loaded" if one["main_rss"]["rise"] is not None and one["main_rss"]["rise"] < 30 else "") + "). "
        f"Highest of any ingest or worker process: {peak:.0f} MB (goal < {GOAL_MB} MB: **{'met' if goals[1] else 'missed'}**).",
        f"- What a worker holds (a fresh process, RSS after each step): "
        + "; ".join(f"{name}: {mb:.0f} MB ({sec:.1f} s)" for name, mb, sec in f["steps"])
        + ". The fork server preloads the Russian models, the language identifier, MinHash and trafilatura, shared by "
        "the workers; the English models load in each worker, unshared, the first time an English article comes.",
        f"- Progress bar: a WARC's total is not known until the archive is read through, so the bar counts with no "
        f"total and no ETA (mid-run: «{shown['mid']}») and ends at `{shown['last_count']}`; the JSONL's total is known "
        f"(`{shown_jsonl['mid_count']}` mid-run), and so is its ETA.",
        "",
        f"**Parsing alone** ({parse['pages']:,} pages, {parse['bytes'] / 1e6:.0f} MB of HTML, one process): "
        + parse_line + f". Reading the archive is {parse['reader_warc'] / warc_s:.1%} of the WARC ingest's time, "
        f"and the ingest process has a core's slack (its CPU above): warcio stays, FastWARC would save "
        f"{parse['warcio'] - (fast or parse['warcio']):.1f} s of the ingest process's CPU and none of the wall time.",
        "",
        f"**Extraction** (trafilatura through `page_article`, one process, every page): {ext['ms_mean']:.1f} ms a page "
        f"(median {ext['ms_median']:.1f}, max {ext['ms_max']:.0f}), {ext['seconds']:.0f} s in all, of which the "
        f"language check {lang_ms:.2f} ms a page: {ext['seconds'] / max(cpu_w, 1e-9):.1%} of the WARC ingest's "
        f"worker CPU ({cpu_w:.0f} s). This process's RSS went from {ext['rss_before']:.0f} to "
        f"{ext['rss_after']:.0f} MB over the {ext['pages']:,} pages. Extracted text against the original "
        f"(whitespace aside): {ext['same']:,} the same, {len(ext['shorter'])} shorter, {len(ext['longer'])} "
        "longer" + (f" (furthest: {', '.join(f'{name} {r:.2f}×' for name, r in worst)})" if worst else "")
        + f"; {len(ext['leaked'])} with boilerplate in the text; {len(ext['failed'])} without text; "
        f"{len(ext['wrong_lang'])} given another language than the declared one"
        + (f" ({', '.join(ext['wrong_lang'][:5])})" if ext["wrong_lang"] else "") + ".",
        "",
        f"**Copies.** The texts differ word for word, but the data sets hold near copies of their own: "
        f"{len(pairs)} pairs of them have an exact Jaccard similarity of their 4-word shingles (made as the store "
        f"makes them) of {FALSE_BELOW} or more" + (": " if pairs else "")
        + "; ".join(f"{names[i]} ~ {names[j]} {sim:.2f}" for (i, j), sim in pairs)
        + ". The store links (estimated similarity ≥ 0.7): in the WARC store "
        + (_links(warc_links) or "none") + "; in the JSONL store " + (_links(jsonl_links) or "none")
        + f". Links between texts under {FALSE_BELOW} (false positives): {len(false_links)}.",
        "",
        f"4 stories × 5 outlets (`syndicated_copies` of tests/webpages.py: each outlet's layout and URL, a title "
        f"prefix, a credit line, the third copy without its closing paragraph) in a store of their own: "
        + ", ".join(f"{k} {v}/4" for k, v in linked.items())
        + f" copies linked to their story's first ({sum(linked.values())}/{synd['copies']}). `quotegraph query "
        f"top-speakers --json`, quotes without/with `--copies`: {speaker_cells}: each story's quotes count "
        f"{'once' if once_ok else 'NOT once'}.",
    ]
    verdicts = [
        f"{'PASS' if goals[0] else 'FAIL'}: WARC / JSONL throughput {f['ratio']:.3f} (goal ≥ {GOAL_RATIO})",
        f"{'PASS' if goals[1] else 'FAIL'}: peak RSS {peak:.0f} MB in an ingest or worker process (goal < {GOAL_MB} MB);"
        f" WARC ingest process {_role(best['warc'], 'main', 'peak_mb'):.0f} MB, worker {_role(best['warc'], 'worker', 'peak_mb'):.0f} MB"
        f" (PSS {worker_pss:.0f} MB), 1-worker run {_role(one, 'main', 'peak_mb'):.0f} MB",
        f"{'PASS' if goals[2] else 'FAIL'}: {n} pages (goal ≥ 2,000)",
        f"{'PASS' if goals[3] else 'FAIL'}: progress bar drawn ({shown['states']} states; last «{shown['last']}»)",
        f"{'PASS' if not false_links else 'FAIL'}: links between texts under {FALSE_BELOW} similar (false positives): "
        f"{len(false_links)}; links: WARC store {len(warc_links['links'])}, JSONL store {len(jsonl_links['links'])}; "
        f"near-copy pairs in the data ≥ 0.7 not linked: WARC {len(warc_links['missed'])}, JSONL {len(jsonl_links['missed'])}",
        f"{'PASS' if sum(linked.values()) == synd['copies'] and once_ok else 'FAIL'}: syndicated copies linked "
        f"{sum(linked.values())}/{synd['copies']}; quotes counted once: {once_ok}",
    ]
    return "\n".join(lines), verdicts


if __name__ == "__main__":
    sys.exit(main())
