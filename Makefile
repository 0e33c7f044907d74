# Dialogkafé — two commands on a fresh Debian 12 machine with the Swift toolchain:
#   make run    installs what is missing, builds release, serves http://127.0.0.1:8080
#   make test   installs what is missing, builds, runs every test
#   make bench  load benchmark against the raw fan-out baseline (docs/benchmark.md; BENCH_QUICK=1 for N=1,000 only)
SHELL := /bin/bash
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DEB_PACKAGES := pkg-config libwebsockets-dev libjson-c-dev libsqlite3-dev libqrencode-dev \
	chromium chromium-driver fonts-dejavu-core python3-venv
VENV := .build-venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8080
DB ?= dialogcafe.sqlite

.PHONY: run test deps pydeps build release unit e2e bench bench-assign clean

deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends $$missing; \
	fi

$(PY):
	python3 -m venv $(VENV) || (rm -rf $(VENV) && python3 -m venv --without-pip $(VENV))

pydeps: deps $(PY)
	@$(PY) -c "import selenium" 2>/dev/null || $(PY) -m pip install -q "selenium>=4.15,<5"

build: deps
	swift build

release: deps
	swift build -c release

run: release
	.build/release/dialogcafe serve --host $(HOST) --port $(PORT) --db $(DB) --web web

unit: build
	swift test --parallel --num-workers 2

e2e: build pydeps
	DIALOGCAFE_BIN=$(CURDIR)/.build/debug/dialogcafe $(PY) -m unittest discover -s tests/e2e -v

test: unit e2e

bench-assign: release
	.build/release/dialogcafe bench-assign

bench: release
	.build/release/dialogcafe-load bench --server .build/release/dialogcafe

clean:
	rm -rf .build $(VENV)
