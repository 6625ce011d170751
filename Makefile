# Jinzhong civil-affairs decade report. `make help` lists the targets and variables.
# The first `make` installs what the build needs (Debian packages from apt.txt, a venv from environment.yml);
# `make help` and `make clean` never install anything.

SHELL := /bin/bash
, := ,
.DEFAULT_GOAL := all

VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.bootstrap-stamp

## Variables (set on the command line, e.g. `make REGION=jinzhong START=2012 END=2022 COMPARE=off`)
##   REGION=jinzhong   a folder of DATA          START= END=   years (default: the region's own, regions.csv)
##   COMPARE=on|off    context figures or not    DATA=data  REPORTS=reports   folders
##   JOBS=N            chapters at a time (default: the number of cores)
##   CELL_TIMEOUT=120  seconds a notebook cell may run     REGIONS="a b"   for `make regions`
##   LAB_PORT=8888 LAB_IP=localhost   where `make lab` listens (default: Jupyter's own, port 8888 on localhost)
##   SOURCE=data/raw/<file>   for `make draft`     SCHEDULER=tcp://host:8786   `make regions` on a Dask cluster
REGION  ?= jinzhong
COMPARE ?= on
DATA    ?= data
REPORTS ?= reports

# Parameters are data, never code. Each is checked here, by make itself (no shell), on its raw text
# ($(value …): a value such as $(shell …) is never expanded), before anything else is read or run, in dry runs
# too; a bad value stops with one message naming it and what is allowed.
# A variable set on the command line that is not one of these is refused: make would otherwise expand it into
# every recipe's environment ($(shell …) included). make itself expands `:=` and `!=` assignments and a MAKEFLAGS
# environment before it reads this file; no Makefile can refuse those (README, *When something goes wrong*).
PARAMETER_NAMES := REGION START END COMPARE DATA REPORTS VENV JOBS CELL_TIMEOUT REGIONS BENCH LAB_PORT LAB_IP SOURCE \
  SCHEDULER
$(foreach v,$(filter-out $(PARAMETER_NAMES),$(.VARIABLES)),$(if $(filter command line,$(origin $(v))),\
  $(error parameter $(v) is not one of this Makefile's: $(PARAMETER_NAMES) (make help lists them))))
LOWER  := a b c d e f g h i j k l m n o p q r s t u v w x y z
DIGITS := 0 1 2 3 4 5 6 7 8 9
UPPER  := A B C D E F G H I J K L M N O P Q R S T U V W X Y Z
drop    = $(if $(2),$(call drop,$(subst $(firstword $(2)),,$(1)),$(wordlist 2,$(words $(2)),$(2))),$(1))
badchar = $(findstring $$,$(value $(1)))$(strip $(call drop,$(value $(1)),$(2)))
refuse  = $(error parameter $(1): '$(value $(1))' is not allowed; allowed: $(2))
one_word = $(if $(filter-out 0 1,$(words $(value $(1)))),$(call refuse,$(1),$(2)))
check   = $(if $(call badchar,$(1),$(2)),$(call refuse,$(1),$(3)),$(call one_word,$(1),$(3)))
$(call check,REGION,$(LOWER) $(DIGITS) _,a region id: lower-case letters$(,) digits and _ (a folder of DATA))
$(if $(call badchar,REGIONS,$(LOWER) $(DIGITS) _),$(call refuse,REGIONS,region ids separated by spaces))
$(call check,COMPARE,o n f,on or off)
$(if $(filter on off,$(value COMPARE)),,$(call refuse,COMPARE,on or off))
$(foreach v,START END,$(call check,$(v),$(DIGITS),a year in ASCII digits such as 2012)\
  $(if $(filter 0%,$(value $(v))),$(call refuse,$(v),a year in ASCII digits such as 2012 (no leading zero))))
$(foreach v,DATA REPORTS VENV SOURCE,$(call check,$(v),$(LOWER) $(UPPER) $(DIGITS) _ . / - + ~,a folder path of letters$(,) digits and _ . / - + ~ (no spaces or quotes)))
$(if $(value JOBS),$(call check,JOBS,$(DIGITS),a whole number of chapters at a time$(,) 1 or more))
$(if $(filter 0%,$(value JOBS)),$(call refuse,JOBS,a whole number of chapters at a time$(,) 1 or more))
$(call check,BENCH,$(LOWER),empty or regions)
$(if $(filter-out regions,$(value BENCH)),$(call refuse,BENCH,empty or regions))
$(call check,CELL_TIMEOUT,$(DIGITS),seconds a notebook cell may run$(,) 1 or more (default 120))
$(if $(filter 0%,$(value CELL_TIMEOUT)),$(call refuse,CELL_TIMEOUT,seconds a notebook cell may run$(,) 1 or more))
LAB_PORT_ALLOWED := a port number from 1 to 65535 (default: Jupyter's own$(,) 8888)
$(call check,LAB_PORT,$(DIGITS),$(LAB_PORT_ALLOWED))
$(if $(filter 0%,$(value LAB_PORT)),$(call refuse,LAB_PORT,$(LAB_PORT_ALLOWED)))
apart   = $(if $(2),$(call apart,$(subst $(firstword $(2)),$(firstword $(2)) ,$(1)),$(wordlist 2,$(words $(2)),$(2))),$(1))
$(if $(value LAB_PORT),$(if $(filter 1 2 3 4,$(words $(call apart,$(value LAB_PORT),$(DIGITS)))),,\
  $(if $(and $(filter 5,$(words $(call apart,$(value LAB_PORT),$(DIGITS)))),$(filter 65535,$(lastword $(sort 65535 $(value LAB_PORT))))),,\
  $(call refuse,LAB_PORT,$(LAB_PORT_ALLOWED)))))
$(call check,SCHEDULER,$(LOWER) $(UPPER) $(DIGITS) . - : /,a scheduler address such as tcp://10.0.0.5:8786 (letters$(,) digits and . - : /; empty: local workers))
$(call check,LAB_IP,$(LOWER) $(UPPER) $(DIGITS) . - :,an address such as 127.0.0.1$(,) ::1 or localhost (letters$(,) digits and . - :; default: Jupyter's own$(,) localhost))
# What the user's environment could make a recipe's bash run first: never passed on. (PYTHONPATH is: it is how a
# checkout uses a shared venv, and whoever sets it chooses the code Python runs, as with any Python program.)
unexport BASH_ENV ENV
export MINZHENG_CELL_TIMEOUT := $(CELL_TIMEOUT)
export MINZHENG_DATA := $(abspath $(DATA))

# What is stale is decided by the build from the manifest beside the reports (content fingerprints of every
# input each report read), not by make: these targets always ask it, and it answers "current" in a blink.
BUILD := $(PY) -m reportbuild
PARAMETERS = --region='$(REGION)' --start='$(START)' --end='$(END)' --compare='$(COMPARE)' --reports='$(REPORTS)' \
	--jobs='$(JOBS)'

.PHONY: all help test test-fast lab validate strip clean env bench regions draft lint lock FORCE

all: $(STAMP) ## Build every chapter, the overview and the book, HTML and PDF, for REGION, START-END (the default)
	@$(BUILD) reports $(PARAMETERS)

# The report's path reaches the build through the environment, never through the shell's parsing of the recipe.
$(REPORTS)/%: export MINZHENG_TARGET = $@
$(REPORTS)/%: $(STAMP) FORCE ## (a report's path, e.g. reports/jinzhong/2012-2022/elderly_care.pdf) Build that report alone
	@$(BUILD) reports $(PARAMETERS) --target="$$MINZHENG_TARGET"

regions: $(STAMP) ## Build every region under DATA at its default years (or REGIONS="a b"); SCHEDULER=…: on a Dask cluster
	@$(BUILD) regions --regions='$(REGIONS)' --reports='$(REPORTS)' --compare='$(COMPARE)' --jobs='$(JOBS)' \
	  --scheduler='$(SCHEDULER)'

help: ## List the targets and variables
	@grep -hE '^[a-z$$(][^:]*:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/; s/^\$$\(REPORTS\)\/%/<report file>/' | expand -t 14
	@grep -hE '^##' $(MAKEFILE_LIST) | sed -E 's/^## ?//'

env: $(STAMP) ## Install Debian packages and the Python venv only

# The whole suite as four pytest processes at once, so that each fills the others' waits (the e2e tests spend much
# of their time waiting on builds): the fast tiers in one process (beside three others, two workers of pytest-xdist
# would only pay their imports and fixtures twice), the e2e tests that build the
# fixture region `odd`, those that build other fixture regions of their own, and those that share one build of
# every region (tests/conftest.py, OWN_BUILDS; a group of xdist cannot do it: pytest 9 ignores xdist 3.8's groups).
# The shared tests print as they run; the others print once they end.
TEST_LOGS := build/tests
test: $(STAMP) ## Run the whole test suite: tests/unit and tests/backtest, and tests/e2e (builds through make)
	@mkdir -p $(TEST_LOGS); \
	  $(PY) -m pytest -m "not e2e" >$(TEST_LOGS)/fast.log 2>&1 & fast=$$!; \
	  $(PY) -m pytest -m "e2e and odd_builds" >$(TEST_LOGS)/e2e-odd-builds.log 2>&1 & odd=$$!; \
	  $(PY) -m pytest -m "e2e and own_builds" >$(TEST_LOGS)/e2e-own-builds.log 2>&1 & own=$$!; \
	  echo "tests: the fast tiers and the e2e tests with builds of their own run beside these; their output follows"; \
	  $(PY) -m pytest -m "e2e and not (odd_builds or own_builds)"; shared=$$?; \
	  wait $$fast; fast=$$?; wait $$odd; odd=$$?; wait $$own; own=$$?; \
	  cat $(TEST_LOGS)/fast.log $(TEST_LOGS)/e2e-odd-builds.log $(TEST_LOGS)/e2e-own-builds.log; \
	  exit $$(( shared || fast || odd || own ))

test-fast: $(STAMP) ## Run the fast tiers only: tests/unit and tests/backtest (in process, no builds; about 20 s)
	$(PY) -m pytest -m "not e2e" -n 2

lint: $(STAMP) ## Check the code style (ruff check, ruff format) and that notebooks carry no outputs
	$(VENV)/bin/ruff check src tests notebooks jupyter_config
	$(VENV)/bin/ruff format --check src tests notebooks jupyter_config
	$(VENV)/bin/nbstripout --verify notebooks/*.ipynb

LOCK_HEADER := \# Every package of the venv at the version the suite passed with; `make env` installs these, nothing\n\# resolved (environment.yml names what the project asks for). After editing environment.yml: `make lock`.
lock: $(STAMP) ## Pin every package of the venv into requirements.lock (after editing environment.yml and `make env`)
	@{ printf '$(LOCK_HEADER)\n'; $(PY) -m pip freeze --exclude-editable; } > requirements.lock.part && \
	  mv requirements.lock.part requirements.lock && echo "requirements.lock: $$(grep -c == requirements.lock) packages"

bench: $(STAMP) ## Measure cold, naive, no-op, one-chapter and 1/4/16-region builds (BENCH=regions: only the last)
	@$(PY) -m reportbuild.tools.benchmark $(if $(filter regions,$(BENCH)),regions)

lab: $(STAMP) ## Open the notebooks in JupyterLab with the project's kernel (LAB_PORT, LAB_IP); a save keeps them clean for git
	JUPYTER_CONFIG_PATH='$(CURDIR)/jupyter_config'$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH} $(VENV)/bin/jupyter lab \
	  --notebook-dir=notebooks $(if $(LAB_PORT),--port='$(LAB_PORT)') $(if $(LAB_IP),--ip='$(LAB_IP)') \
	  $(if $(filter 0,$(shell id -u)),--allow-root)

draft: $(STAMP) ## Propose REGION's data from a raw source into drafts/REGION/ (SOURCE=data/raw/<file>), for the analyst to confirm
	@$(if $(value SOURCE),,$(error parameter SOURCE: give the raw source to draft from, e.g. SOURCE=data/raw/<file>))
	@$(PY) -m reportbuild.tools.draft --source='$(SOURCE)' --region='$(REGION)' --out=drafts

validate: $(STAMP) ## Validate REGION's data and provenance without building
	@$(BUILD) validate '$(REGION)'

strip: $(STAMP) ## Remove outputs from the notebooks before committing them
	$(VENV)/bin/nbstripout notebooks/*.ipynb

clean: ## Remove the reports under reports/ and the build files (keeps the venv; never touches another REPORTS)
	rm -rf reports/*/ build/

# A missing or broken venv (no python in it) is rebuilt, whatever the stamp says.
ifeq ($(wildcard $(PY)),)
.PHONY: $(STAMP)
endif
$(STAMP): environment.yml apt.txt pyproject.toml $(wildcard requirements.lock) src/reportbuild/tools/bootstrap.py
	python3 src/reportbuild/tools/bootstrap.py $(VENV)
