# quotegraph: make demo | make test | make eval | make bench | make fuzz | make train | make setup | make lexicon
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
STAMP := $(VENV)/.installed
PORT ?= 8000

.PHONY: setup browser demo test eval bench fuzz train lexicon lock clean

setup: $(STAMP)

# idempotent: reinstalls only when the pins or the package metadata change
$(STAMP): requirements.lock requirements-english.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-english.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

demo: setup
	@mkdir -p build
	$(BIN)/quotegraph analyze examples/dayaz-2025-11-12.txt --summary -o build/demo.jsonl
	@echo "records: build/demo.jsonl"
	$(BIN)/quotegraph ingest examples --db build/demo.db
	$(BIN)/quotegraph query top-speakers --quotes 3 --db build/demo.db
	@echo "corpus store: build/demo.db (try: $(BIN)/quotegraph query said Жампетова --db build/demo.db; the Latin spelling Zhampetova finds her too, with her quotes in both languages)"
ifndef NO_SERVE
	@echo "open http://127.0.0.1:$(PORT)/ to browse the demo corpus; Ctrl-C stops the server (NO_SERVE=1 make demo skips it)"
	$(BIN)/quotegraph serve --db build/demo.db --port $(PORT)
endif

# Debian's chromium for the browser tests (Playwright drives it; no browser is downloaded)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser:
	@command -v chromium >/dev/null || { echo "installing Debian's chromium for the browser tests"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null; }

test: setup browser
	$(BIN)/python -m pytest -q

LEARN := $(VENV)/.learn
$(LEARN): requirements-learn.lock $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements-learn.lock
	@touch $(LEARN)

PEER := $(VENV)/.peer
$(PEER): requirements-peer.lock $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements-peer.lock
	@touch $(PEER)

eval: setup $(LEARN) $(PEER)
	$(BIN)/python bench/eval.py --shared $(SHARED)
	$(BIN)/python bench/identities.py --shared $(SHARED)
	$(BIN)/python bench/statements.py --shared $(SHARED)

bench: setup
	$(BIN)/python bench/speed.py --shared $(SHARED)
	$(BIN)/python bench/speed_english.py --shared $(SHARED)
	$(BIN)/python bench/hostile.py --shared $(SHARED)
	$(BIN)/python bench/inputs.py --shared $(SHARED)
	$(BIN)/python bench/scale.py --shared $(SHARED)
	$(BIN)/python bench/queries.py --shared $(SHARED)
	$(BIN)/python bench/api.py --shared $(SHARED)
	$(BIN)/python bench/statements.py --shared $(SHARED) --nerel-ingest
	$(BIN)/python bench/linking.py --shared $(SHARED) --new 300 --batches 3
	$(BIN)/python bench/scale.py --shared $(SHARED) --rounds 2 --articles 2000
	$(BIN)/python bench/store_scale.py --shared $(SHARED) --articles 1000000
	$(BIN)/python bench/queries.py --shared $(SHARED) --db build/store-1000000.db
	$(BIN)/python bench/api.py --shared $(SHARED) --db build/store-1000000.db
	.ci/leftovers

# the property tests of tests/test_properties.py at fuzzing strength, outside CI: new random
# examples every run, failures kept in .hypothesis/ and replayed first (EXAMPLES per property
# and round; MINUTES=60 runs rounds until the hour is up)
EXAMPLES ?= 20000
MINUTES ?= 0
fuzz: setup
	$(BIN)/python bench/fuzz.py --examples $(EXAMPLES) --minutes $(MINUTES)

# retrain the learned models: the speaker model (and the quote model, where it helps) on the
# annotated documents of gold/ with LightGBM, cross-validated by document (~4 min; lang/ru/speakers.json);
# then the tone model on RuSentNE train (lang/ru/tone.npz; ~10 min on 2 cores), scored on RuSentNE
# validation; then the English cue model on PolNeAR train, its threshold chosen on PolNeAR dev
# (~6 min; lang/en/cues.json, lang/en/cue_lemmas.tsv), and the English tone model on NewsMTSC train
# (~3 min; lang/en/tone_*.json, tone_words.tsv). LightGBM and PyTorch are installed for training only.
train: setup $(LEARN)
	$(BIN)/python -m quotegraph.train.attribution --shared $(SHARED)
	$(BIN)/python -m quotegraph.train.english --shared $(SHARED)
	$(BIN)/python -m quotegraph.train.tone_english --shared $(SHARED)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements-train.lock
	$(BIN)/python -m quotegraph.train.tone $(SHARED)/data/rusentne
	$(BIN)/python -m quotegraph.tone.evaluate $(SHARED)/data/rusentne

# rebuild the data learned from NEREL train (entity lexicon, role nouns, other names of bodies and places)
lexicon: setup
	$(BIN)/python -m quotegraph.train.lexicon $(SHARED)/data/nerel-v1.1/train src/quotegraph/lang/ru/entity_lexicon.tsv
	$(BIN)/python -m quotegraph.train.roles $(SHARED)/data/nerel-v1.1/train src/quotegraph/lang/ru/roles.txt
	$(BIN)/python -m quotegraph.train.aliases $(SHARED)/data/nerel-v1.1/train src/quotegraph/lang/ru/aliases.tsv

lock: setup
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e' \
	  | grep -vxF -f <(grep -hv '^#' requirements-train.lock requirements-learn.lock requirements-peer.lock; grep -v '^#' requirements-english.lock | cut -d' ' -f1) \
	  > requirements.lock.new && mv requirements.lock.new requirements.lock

clean:
	rm -rf $(VENV) build .pytest_cache
