"""`quotegraph tone`: the tone towards targets a user gives, in Russian and English."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from quotegraph.tone.given import rated_lines

PRAISE_RU = "Губернатор Олег Смирнов поблагодарил врачей больницы за самоотверженный труд."
BLAME_RU = "Прокуратура обвинила мэра Игоря Волкова в растрате и мошенничестве."
PRAISE_EN = "Voters across the state praised Governor Alma Reyes for her honest and brave leadership."
BLAME_EN = "Prosecutors accused Mayor Dirk Olsen of fraud, bribery and lying to investigators."


def line(text: str, target: str, **extra) -> str:
    start = text.index(target)
    return json.dumps({"id": "x", "text": text, "targets": [{"start": start, "end": start + len(target)}], **extra},
                      ensure_ascii=False)


@pytest.mark.parametrize("text, target, lang", [
    (PRAISE_RU, "Олег Смирнов", "ru"),
    (BLAME_RU, "Игоря Волкова", "ru"),
    (PRAISE_EN, "Alma Reyes", "en"),
    (BLAME_EN, "Dirk Olsen", "en"),
])
def test_tone_command_rates_each_target_and_keeps_the_line(text, target, lang):
    [out] = list(rated_lines("in.jsonl", [line(text, target)]))
    [t] = out["targets"]
    assert out["lang"] == lang and out["text"] == text and out["id"] == "x"
    assert t["tone"] in ("positive", "negative", "neutral") and -1.0 <= t["score"] <= 1.0


@pytest.mark.parametrize("text, target, tone", [
    (BLAME_RU, "Игоря Волкова", "negative"),
    (BLAME_EN, "Dirk Olsen", "negative"),
    (PRAISE_EN, "Alma Reyes", "positive"),
])
def test_tone_command_hears_plain_praise_and_blame(text, target, tone):
    [out] = list(rated_lines("in.jsonl", [line(text, target)]))
    assert out["targets"][0]["tone"] == tone


@pytest.mark.parametrize("bad, says", [
    ("not json", "in.jsonl:1: not JSON"),
    ('{"id": 1, "targets": []}', "in.jsonl:1: not a JSON object with a text"),
    ('{"text": "abc", "targets": [{"start": 2, "end": 9}]}', "in.jsonl:1: target"),
    ('{"text": "abc", "targets": {"start": 0}}', "in.jsonl:1: targets is not a list"),
    ('{"text": "Der Minister lobte den Bürgermeister für seine Arbeit in der Stadt.", "targets": []}', "German"),
])
def test_tone_command_bad_line_is_one_line_error(bad, says):
    [err] = list(rated_lines("in.jsonl", [bad]))
    assert says in str(err) and "\n" not in str(err)


def test_tone_command_goes_on_past_a_bad_line(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(["{oops", line(PRAISE_EN, "Alma Reyes"), line(BLAME_RU, "Игоря Волкова")]) + "\n",
                   encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "quotegraph.cli", "tone", str(src), "-o", str(tmp_path / "out.jsonl")],
                          capture_output=True, text=True, timeout=120)
    rows = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert done.returncode == 0 and [r["lang"] for r in rows] == ["en", "ru"]
    assert f"{src}:1: not JSON" in done.stderr and "rated 2 lines, 1 refused" in done.stderr
