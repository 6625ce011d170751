# Jinzhong civil-affairs decade report. `make help` lists the targets.
# The first `make` installs what the build needs (Debian packages from apt.txt, a venv from environment.yml).

SHELL := /bin/bash
# No .DELETE_ON_ERROR: helpers.build writes each report atomically, so a failed recipe leaves the
# previous good reports in place rather than nothing.
.DEFAULT_GOAL := all

VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.bootstrap-stamp

## Variables (set on the command line, e.g. `make REGION=jinzhong START=2012 END=2022 COMPARE=off`)
REGION  ?= jinzhong
COMPARE ?= on
DATA    ?= data
REPORTS ?= reports
export MINZHENG_DATA := $(abspath $(DATA))
# What make knows of chapters and regions, generated from the data it builds from (one file per data folder).
RULES   := build/rules/$(subst /,_,$(MINZHENG_DATA)).mk
-include $(RULES)
CHAPTERS := $(CHAPTERS_$(REGION))
START  ?= $(DEFAULT_START_$(REGION))
END    ?= $(DEFAULT_END_$(REGION))
ifeq ($(filter on off,$(COMPARE)),)
$(error parameter compare: '$(COMPARE)' is not allowed; allowed: on, off)
endif
OUT     := $(REPORTS)/$(REGION)/$(START)-$(END)$(if $(filter off,$(COMPARE)),-own-figures-only)

DATA_FILES   := $(shell find $(DATA) -type f \( -name '*.csv' -o -path '*/raw/*' \) 2>/dev/null)
HELPER_FILES := $(shell find src/helpers -type f -not -path '*/__pycache__/*' 2>/dev/null)
CHAPTER_HTML := $(foreach c,$(CHAPTERS),$(OUT)/$(c).html)
REPORT_FILES := $(CHAPTER_HTML) $(CHAPTER_HTML:.html=.pdf) $(OUT)/book.html $(OUT)/book.pdf

.PHONY: all help test lab validate strip clean env

all: $(REPORT_FILES) ## Build every chapter and the combined book, HTML and PDF, for REGION, START-END (the default)

help: ## List the targets
	@grep -hE '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 12

env: $(STAMP) ## Install Debian packages and the Python venv only

test: $(STAMP) ## Run the whole test suite (unit, data, provenance, end-to-end)
	$(PY) -m pytest

lab: $(STAMP) ## Open the notebooks in JupyterLab with the project's kernel
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

validate: $(STAMP) ## Validate REGION's data and provenance without building
	$(PY) -m helpers.build validate $(REGION)

strip: $(STAMP) ## Remove outputs from the notebooks before committing them
	$(VENV)/bin/jupyter nbconvert --clear-output --inplace --log-level=WARN notebooks/*.ipynb

clean: ## Remove generated reports and build files (keeps the venv)
	rm -rf reports/*/ build/

$(STAMP): environment.yml apt.txt pyproject.toml src/bootstrap.py
	python3 src/bootstrap.py $(VENV)

$(RULES): notebooks/chapters.yml $(DATA_FILES) src/helpers/build.py $(STAMP)
	@mkdir -p $(@D)
	$(PY) -m helpers.build rules > $@.tmp && mv $@.tmp $@

# The data folders are prerequisites too: removing a data file changes its folder, not any file left.
$(OUT)/%.html $(OUT)/%.pdf: notebooks/%.ipynb $(DATA_FILES) $(wildcard $(DATA) $(DATA)/$(REGION)) $(HELPER_FILES) $(STAMP)
	@$(PY) -m helpers.build chapter $* --region=$(REGION) --start=$(START) --end=$(END) --compare=$(COMPARE) --out=$(OUT)

$(OUT)/book.html $(OUT)/book.pdf &: $(CHAPTER_HTML) $(HELPER_FILES)
	@$(PY) -m helpers.build book --region=$(REGION) --start=$(START) --end=$(END) --compare=$(COMPARE) --out=$(OUT)
