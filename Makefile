# Two commands: `make demo` and `make test`. Both create .venv and install what they need.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
OUT    ?= out

.PHONY: demo test install install-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[serve]'
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

demo: install
	$(BIN)/bbkg build
	mkdir -p $(OUT)
	$(BIN)/bbkg export --format turtle --out $(OUT)/bbkg.ttl
	$(BIN)/bbkg stats --format md --out $(OUT)/summary.md
	$(BIN)/bbkg query organisations-by-region --format md --out $(OUT)/organisations-by-region.md
	$(BIN)/bbkg query headline-figures --format csv --out $(OUT)/headline-figures.csv
	$(BIN)/bbkg query cross-region-partnerships --format md --out $(OUT)/cross-region-partnerships.md
	$(BIN)/bbkg query spin-off-leaders --format md --out $(OUT)/spin-off-leaders.md
	$(BIN)/bbkg query acquisitions --format md --out $(OUT)/acquisitions.md
	$(BIN)/bbkg diagram --out $(OUT)/partnerships.html --out $(OUT)/partnerships.png
	$(BIN)/bbkg metrics --format md --out $(OUT)/network-metrics.md
	$(BIN)/bbkg diagram --out $(OUT)/evolution.png --every 5y
	$(BIN)/bbkg diff --last 10y --format md --out $(OUT)/changes-last-10-years.md
	$(BIN)/bbkg map --out $(OUT)/map.html --out $(OUT)/map.png
	$(BIN)/bbkg site --out $(OUT)/site
	@echo "wrote $(OUT)/: bbkg.ttl, summary.md, five headline query results, partnerships.html/.png, network-metrics.md, evolution.png, changes-last-10-years.md, map.html/.png and the site (site/index.html)"

test: install-test
	$(BIN)/python -m pytest -q -n 2 --dist worksteal

clean:
	rm -rf $(VENV) $(OUT)
