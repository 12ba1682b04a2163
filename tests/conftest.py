"""Shared fixtures. Tests that need ../shared skip with a clear message where it is absent."""
from __future__ import annotations

import pathlib

import pytest

from leaks import no_process_left_behind, pytest_configure, pytest_sessionfinish  # noqa: F401 (a plugin)

pytest_plugins = ["pytester"]

ROOT = pathlib.Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLE = ROOT / "examples" / "dayaz-2025-11-12.txt"


def need_shared(*parts: str) -> pathlib.Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs {path} (the shared folder beside the project); it is absent here")
    return path


@pytest.fixture(scope="session")
def seed_record():
    """The record of the bundled example article (the seed), analysed once per test run."""
    from quotegraph.pipeline import Pipeline
    from quotegraph.readers import read_inputs

    [article] = list(read_inputs([str(EXAMPLE)]))
    return Pipeline()(article)


LAVROV = ("date 2025-11-20 Министр иностранных дел России Сергей Лавров заявил, что Ильхам Алиев "
          "поддерживает диалог. «Мы обсудили победу в Карабахе», - сказал Лавров.")


def store_of(folder: pathlib.Path, files: dict[str, str]) -> pathlib.Path:
    """``folder``/corpus.db: a real store of the seed (seed.txt) and these files (name → text),
    made by ``ingest`` in this process."""
    from quotegraph.ingest import ingest

    for name, text in {"seed.txt": EXAMPLE.read_text(encoding="utf-8"), **files}.items():
        (folder / name).write_text(text, encoding="utf-8")
    ingest([str(folder)], folder / "corpus.db", workers=1, progress=False)
    return folder / "corpus.db"


@pytest.fixture(scope="session")
def two_article_store(tmp_path_factory):
    """A store of the seed (2025-11-12) and a short Lavrov article (2025-11-20), read-only use."""
    return store_of(tmp_path_factory.mktemp("news"), {"lavrov.txt": LAVROV})
