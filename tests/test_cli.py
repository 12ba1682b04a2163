"""`quotegraph analyze`: records in input order, one-line errors, the batch goes on."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from quotegraph.cli import main

GOOD = "Президент России Владимир Путин прибыл в Казань 8 ноября."


def run(args, stdin: bytes = b"") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "quotegraph.cli", *args], input=stdin,
                          capture_output=True, timeout=120)


def records(raw: bytes) -> list[dict]:
    return [json.loads(line) for line in raw.decode("utf-8").splitlines() if line.strip()]


@pytest.fixture
def batch(tmp_path):
    """A folder with good articles and every kind of bad input issue 2 names."""
    (tmp_path / "a.txt").write_text("date 2025-11-12 " + GOOD, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x7fELF\x00\x01\x02" * 50)
    (tmp_path / "undecodable.txt").write_bytes(bytes(range(128, 256)) * 4 + b"\x00")
    (tmp_path / "news.jsonl").write_text(
        json.dumps({"id": "n1", "text": GOOD}, ensure_ascii=False) + "\n"
        + '{"id": "n2", "text": \n'
        + json.dumps({"id": "n3", "text": "Сергей Лавров заявил это."}, ensure_ascii=False) + "\n",
        encoding="utf-8")
    return tmp_path


def test_cli_bad_inputs_do_not_stop_the_batch(batch, tmp_path):
    out = tmp_path / "out.jsonl"
    proc = run(["analyze", str(batch), "-o", str(out)])
    assert proc.returncode == 0, proc.stderr
    assert [r["id"] for r in records(out.read_bytes())] == ["a", "n1", "n3"]
    errors = [l for l in proc.stderr.decode().splitlines() if "analyzed" not in l]
    assert len(errors) == 4, errors
    for expected in ("binary.txt", "empty.txt", "news.jsonl:2", "undecodable.txt"):
        assert any(expected in line for line in errors), (expected, errors)
    assert "Traceback" not in proc.stderr.decode()


@pytest.mark.parametrize("name, data", [
    ("empty.txt", b""),
    ("binary.txt", b"\x00\x01\x02\x03" * 10),
])
def test_cli_exit_status_is_nonzero_only_when_nothing_was_analyzed(tmp_path, name, data):
    (tmp_path / name).write_bytes(data)
    proc = run(["analyze", str(tmp_path / name)])
    assert proc.returncode == 1
    assert proc.stdout == b""
    assert name in proc.stderr.decode()


def test_cli_reads_stdin_jsonl_and_keeps_ids():
    lines = "".join(json.dumps({"id": i, "text": GOOD}, ensure_ascii=False) + "\n" for i in ("z", "a", "m"))
    proc = run(["analyze", "-"], stdin=lines.encode())
    assert proc.returncode == 0, proc.stderr
    assert [r["id"] for r in records(proc.stdout)] == ["z", "a", "m"]


def test_cli_reads_plain_text_from_stdin_in_any_supported_encoding():
    proc = run(["analyze"], stdin=GOOD.encode("cp1251"))
    assert proc.returncode == 0, proc.stderr
    [rec] = records(proc.stdout)
    assert rec["id"] == "stdin" and rec["text"] == GOOD


def test_cli_without_a_command_is_a_usage_error():
    assert run([]).returncode == 2


def test_cli_txt_ids_are_relative_paths(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "c.txt").write_text(GOOD, encoding="koi8-r")
    proc = run(["analyze", str(tmp_path)])
    assert [r["id"] for r in records(proc.stdout)] == ["c", "sub/b"]
    assert all(r["text"] == GOOD for r in records(proc.stdout))


def test_cli_summary_names_people_roles_and_dates(capsys):
    from conftest import EXAMPLE
    assert main(["analyze", str(EXAMPLE), "--summary", "-q"]) == 0
    out = capsys.readouterr().out
    for expected in ("Айгерим Жампетова", "Касым-Жомарт Токаев", "Ильхам Алиев", "2025-11-08"):
        assert expected in out


def test_cli_help_is_fast_and_lists_analyze():
    proc = run(["--help"])
    assert proc.returncode == 0 and b"analyze" in proc.stdout


def test_cli_never_reads_its_own_output(tmp_path):
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "a", "text": GOOD}, ensure_ascii=False) + "\n",
                                      encoding="utf-8")
    out = tmp_path / "out.jsonl"
    out.write_text("", encoding="utf-8")  # already there from an earlier run
    proc = run(["analyze", str(tmp_path), "-o", str(out)])
    assert proc.returncode == 0, proc.stderr
    assert [r["id"] for r in records(out.read_bytes())] == ["a"]


def test_cli_refuses_to_overwrite_an_input(tmp_path):
    src = tmp_path / "news.jsonl"
    src.write_text(json.dumps({"id": "a", "text": GOOD}, ensure_ascii=False) + "\n", encoding="utf-8")
    before = src.read_bytes()
    proc = run(["analyze", str(src), "-o", str(src)])
    assert proc.returncode == 2 and src.read_bytes() == before
