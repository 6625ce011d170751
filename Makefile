# Jinzhong civil-affairs decade report. `make help` lists the targets.
# The first `make` installs what the build needs (Debian packages from apt.txt, a venv from environment.yml).

SHELL := /bin/bash
, := ,
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

# Parameters are data, never code. Each is checked here, by make itself (no shell), on its raw text
# ($(value …): a value such as $(shell …) is never expanded), before anything else is read or run, in dry runs
# too; a bad value stops with one message naming it and what is allowed.
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
$(foreach v,DATA REPORTS,$(call check,$(v),$(LOWER) $(UPPER) $(DIGITS) _ . / - + ~,a folder path of letters$(,) digits and _ . / - + ~ (no spaces or quotes)))
$(if $(value JOBS),$(call check,JOBS,$(DIGITS),a whole number of chapters at a time$(,) 1 or more))
$(if $(filter 0%,$(value JOBS)),$(call refuse,JOBS,a whole number of chapters at a time$(,) 1 or more))
$(call check,BENCH,$(LOWER),empty or regions)
$(call check,CELL_TIMEOUT,$(DIGITS),seconds a notebook cell may run$(,) 1 or more (default 120))
$(if $(filter 0%,$(value CELL_TIMEOUT)),$(call refuse,CELL_TIMEOUT,seconds a notebook cell may run$(,) 1 or more))
export MINZHENG_CELL_TIMEOUT := $(CELL_TIMEOUT)
export MINZHENG_DATA := $(abspath $(DATA))
# What make knows of chapters and regions, generated from the data it builds from (one file per data folder).
RULES   := build/rules/$(subst /,_,$(MINZHENG_DATA)).mk
-include $(RULES)
CHAPTERS := $(CHAPTERS_$(REGION))
START  ?= $(DEFAULT_START_$(REGION))
END    ?= $(DEFAULT_END_$(REGION))
OUT     := $(REPORTS)/$(REGION)/$(START)-$(END)$(if $(filter off,$(COMPARE)),-own-figures-only)

# The reports of one parameter set: each records what it read in a make dependency file under $(DEPS)
# (helpers.depfiles.folder_for names the same folder).
DEPS    := build/deps$(abspath $(OUT))
PARAMETERS_STAMP := $(DEPS)/parameters
PARAMETERS := region=$(REGION) start=$(START) end=$(END) compare=$(COMPARE) data=$(MINZHENG_DATA)
CHAPTER_FILES := $(foreach c,$(CHAPTERS),$(OUT)/$(c).ipynb $(OUT)/$(c).html $(OUT)/$(c).pdf)
REPORT_FILES  := $(CHAPTER_FILES) $(OUT)/book.html $(OUT)/book.pdf
# Reports named on the command line (e.g. `make reports/jinzhong/2012-2022/elderly_care.pdf`) are built alone.
ONLY    := $(sort $(basename $(notdir $(filter $(OUT)/%,$(abspath $(MAKECMDGOALS)) $(MAKECMDGOALS)))))
JOBS    ?= $(shell nproc 2>/dev/null || echo 1)
MAKE_RUN := $(shell echo $$PPID)
# Rewritten (when make reads this file) only if a parameter changed, so reports depend on their parameters too.
$(shell mkdir -p $(DEPS) && (echo '$(PARAMETERS)' | cmp -s - $(PARAMETERS_STAMP) || echo '$(PARAMETERS)' > $(PARAMETERS_STAMP)))
-include $(wildcard $(DEPS)/*.d)

.PHONY: all help test lab validate strip clean env bench regions
# A report make was building when interrupted is kept: it is either the previous good one or a complete new one.
.PRECIOUS: $(REPORT_FILES)

all: $(REPORT_FILES) ## Build every chapter and the combined book, HTML and PDF, for REGION, START-END (the default)

regions: $(STAMP) ## Build every region under DATA at its default years (or REGIONS="a b"), in one batch
	@$(PY) -m helpers.build regions --regions='$(REGIONS)' --reports='$(REPORTS)' --compare='$(COMPARE)' \
		--jobs='$(JOBS)' --also='$(STAMP)'

help: ## List the targets
	@grep -hE '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 12

env: $(STAMP) ## Install Debian packages and the Python venv only

test: $(STAMP) ## Run the whole test suite (unit, data, provenance, end-to-end)
	$(PY) -m pytest

bench: $(STAMP) ## Measure cold, naive, no-op, one-chapter and 1/4/16-region builds (BENCH=regions: only the last)
	$(PY) -m helpers.benchmark $(if $(filter regions,$(BENCH)),regions)

lab: $(STAMP) ## Open the notebooks in JupyterLab with the project's kernel
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

validate: $(STAMP) ## Validate REGION's data and provenance without building
	$(PY) -m helpers.build validate '$(REGION)'

strip: $(STAMP) ## Remove outputs from the notebooks before committing them
	$(VENV)/bin/jupyter nbconvert --clear-output --inplace --log-level=WARN notebooks/*.ipynb

clean: ## Remove generated reports and build files (keeps the venv)
	rm -rf reports/*/ build/

$(STAMP): environment.yml apt.txt pyproject.toml src/bootstrap.py
	python3 src/bootstrap.py $(VENV)

$(RULES): notebooks/chapters.yml $(wildcard $(DATA)/regions.csv $(DATA)/*/) src/helpers/build.py $(STAMP)
	@mkdir -p $(@D)
	$(PY) -m helpers.build rules > $@.tmp && mv $@.tmp $@

# Whichever out-of-date report make reaches first builds all of them in one batch (see helpers/batch.py);
# the .d files included above add each report's recorded inputs as its prerequisites.
BUILD_REPORTS = @$(PY) -m helpers.build reports --region='$(REGION)' --start='$(START)' --end='$(END)' \
	--compare='$(COMPARE)' --out='$(OUT)' --deps='$(DEPS)' --jobs='$(JOBS)' --run='$(MAKE_RUN)' \
	--also="$(STAMP) $(PARAMETERS_STAMP)" $(if $(ONLY),--only="$(ONLY)")

$(OUT)/%.ipynb $(OUT)/%.html $(OUT)/%.pdf: notebooks/%.ipynb $(STAMP) $(PARAMETERS_STAMP)
	$(BUILD_REPORTS)

$(OUT)/book.html $(OUT)/book.pdf &: $(CHAPTER_FILES) $(STAMP) $(PARAMETERS_STAMP)
	$(BUILD_REPORTS)
