"""`make fuzz`: the property tests of tests/test_properties.py at fuzzing strength, outside CI.

    python bench/fuzz.py [--examples N] [--minutes M] [NAME ...]

Each property runs N examples (default 20,000; the raw scanner property 4N), new random ones
every run, under the hypothesis profile ``fuzz``. A failure is saved in ``.hypothesis/``
(hypothesis's example database, git-ignored) and replayed first by the next run, and its
report ends with the shrunk example and a ``@reproduce_failure`` blob. With ``--minutes`` the
properties run round after round until the time is up. NAMEs pick properties by substring
(``scanner``, ``pipeline``). Prints one line per property and round; the exit status is 1 when
any property failed.
"""
from __future__ import annotations

import argparse
import os
import pathlib
import sys
import time
import traceback

ROOT = pathlib.Path(__file__).resolve().parents[1]


def properties(names: list[str]) -> list:
    """The property tests of tests/test_properties.py (those run by hypothesis), by name."""
    sys.path.insert(0, str(ROOT / "tests"))
    import test_properties

    found = [getattr(test_properties, n) for n in dir(test_properties)
             if n.startswith("test_properties_") and hasattr(getattr(test_properties, n), "hypothesis")]
    return [f for f in found if not names or any(n in f.__name__ for n in names)]


def run(prop) -> tuple[int, float, BaseException | None]:
    """Run one property: (examples run, seconds, the failure or None)."""
    inner = prop.hypothesis.inner_test
    count = 0

    def counted(*args, **kwargs):
        nonlocal count
        count += 1
        return inner(*args, **kwargs)

    prop.hypothesis.inner_test = counted
    started = time.perf_counter()
    try:
        prop()
        return count, time.perf_counter() - started, None
    except Exception as exc:  # noqa: BLE001 - a failing property is the finding, report it
        return count, time.perf_counter() - started, exc
    finally:
        prop.hypothesis.inner_test = inner


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*", help="only the properties whose names contain one of these")
    ap.add_argument("--examples", type=int, default=20_000, help="examples per property and round")
    ap.add_argument("--minutes", type=float, default=0, help="keep running rounds until this much time has passed")
    args = ap.parse_args(argv)
    os.environ["HYPOTHESIS_PROFILE"] = "fuzz"
    os.environ["FUZZ_EXAMPLES"] = str(args.examples)
    os.chdir(ROOT)  # the example database lives in ROOT/.hypothesis
    props = properties(args.names)
    if not props:
        print(f"no property matches {args.names}", file=sys.stderr)
        return 2
    from quotegraph import analyze
    analyze("Песков заявил, что модели загружены.")  # load the models before the clock starts
    deadline = time.monotonic() + args.minutes * 60
    failed, rounds = set(), 0
    while True:
        rounds += 1
        for prop in props:
            if prop.__name__ in failed:
                continue
            count, seconds, exc = run(prop)
            status = "ok" if exc is None else f"FAILED ({type(exc).__name__})"
            print(f"round {rounds}  {prop.__name__:<55} {count:>7} examples  {seconds:7.1f} s  {status}",
                  flush=True)
            if exc is not None:
                failed.add(prop.__name__)
                traceback.print_exception(exc, limit=-3, file=sys.stdout)
        if failed == {p.__name__ for p in props} or time.monotonic() >= deadline:
            break
    print(f"{len(props) - len(failed)} of {len(props)} properties held after {rounds} round(s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
