# Dialogkafé — two commands on a fresh Debian 12 machine with the Swift toolchain:
#   make run    installs what is missing, builds release, serves http://127.0.0.1:8080
#   make test   installs what is missing, builds, runs every test
#   make bench  load benchmark against the raw fan-out baseline (docs/benchmark.md; BENCH_QUICK=1 for N=1,000 only)
SHELL := /bin/bash
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DEB_PACKAGES := pkg-config libwebsockets-dev libwebsockets-evlib-ev libev-dev libjson-c-dev libsqlite3-dev libqrencode-dev zlib1g-dev \
	chromium chromium-driver fonts-dejavu-core python3-venv
VENV := .build-venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8080
DB ?= dialogcafe.sqlite

.PHONY: run test deps nodedeps pydeps build release unit webunit e2e bench bench-assign clean sanitize-thread sanitize-address

deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends $$missing; \
	fi

nodedeps:
	@command -v node >/dev/null || { $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends nodejs; }

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

webunit: nodedeps
	node --test tests/web/

e2e: build pydeps
	DIALOGCAFE_BIN=$(CURDIR)/.build/debug/dialogcafe $(PY) -m unittest discover -s tests/e2e -v

# Measured on the 2-core box: unit ≈ 2 min build + 30 s tests; sanitize-thread ≈ 2.2 min build +
# 1.3 min tests; sanitize-address ≈ 3 min build + 40 s tests (incremental builds are much faster).
test: unit webunit sanitize-thread sanitize-address e2e

# The server tests under a sanitizer: the test process and every server it starts (DIALOGCAFE_BIN)
# are instrumented; the harness fails a test whose server printed a sanitizer report.
SANITIZE_TESTS ?= LiveServerTests

sanitize-thread: deps
	swift build --build-tests --sanitize=thread --scratch-path .build-tsan
	DIALOGCAFE_BIN=$(CURDIR)/.build-tsan/debug/dialogcafe TSAN_OPTIONS=halt_on_error=1 \
	  swift test --skip-build --sanitize=thread --scratch-path .build-tsan --filter $(SANITIZE_TESTS)

sanitize-address: deps
	swift build --build-tests --sanitize=address --scratch-path .build-asan
	DIALOGCAFE_BIN=$(CURDIR)/.build-asan/debug/dialogcafe ASAN_OPTIONS=detect_leaks=0:halt_on_error=1 \
	  swift test --skip-build --sanitize=address --scratch-path .build-asan --filter $(SANITIZE_TESTS)

bench-assign: release
	.build/release/dialogcafe bench-assign

bench: release
	.build/release/dialogcafe-load bench --server .build/release/dialogcafe

clean:
	rm -rf .build .build-tsan .build-asan $(VENV)
