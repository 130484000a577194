# Two commands: `make dev` (the whole local stack) and `make test` (everything CI checks).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
SAM_VENV := .venv-sam
PY := $(VENV)/bin/python
SAM := $(SAM_VENV)/bin/sam
export PYTHONPATH := $(CURDIR)/lib:$(CURDIR)
export SAM_CLI_TELEMETRY := 0
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: dev test lint setup chromium web-dist publish-pages openapi schema bench bench-data validate build signing-key files-key vapid-key admin admin-token clean

setup: $(VENV)/.installed $(SAM_VENV)/.installed web/node_modules/.installed chromium

$(VENV)/.installed: requirements.txt lib/requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is required") if sys.version_info < (3, 11) else None'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

$(SAM_VENV)/.installed: requirements-sam.txt
	test -x $(SAM_VENV)/bin/python || $(PYTHON) -m venv $(SAM_VENV)
	$(SAM_VENV)/bin/python -m pip install --quiet -r requirements-sam.txt
	touch $@

web/node_modules/.installed: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian's Chromium for the browser tests; installed here when missing and we may (CI is root).
chromium:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
	  { echo "The browser tests need Chromium: sudo apt-get install chromium"; exit 1; }

dev: $(VENV)/.installed web/node_modules/.installed
	$(PY) -m local.stack

LINT_PATHS := lib functions local tools tests bench

lint: $(VENV)/.installed web/node_modules/.installed
	$(VENV)/bin/ruff check $(LINT_PATHS)
	$(VENV)/bin/ruff format --check $(LINT_PATHS)
	$(VENV)/bin/mypy
	cd web && npx --no-install eslint .

test: setup lint
	node --test tests/web/
	$(PY) -m pytest -n 2

openapi: $(VENV)/.installed
	$(PY) -m tools.openapi > openapi.json

schema: $(VENV)/.installed
	$(PY) -m tools.schema

# What the Lambda layer holds (plus supabase-py, the cold-start baseline), to time imports as Lambda would.
.venv-layer/.installed: lib/requirements.txt requirements.txt
	test -x .venv-layer/bin/python || $(PYTHON) -m venv .venv-layer
	.venv-layer/bin/python -m pip install --quiet -r lib/requirements.txt $$(grep '^supabase==' requirements-dev.txt)
	touch $@

bench: $(VENV)/.installed web/node_modules/.installed chromium .venv-layer/.installed
	$(PY) bench/cold_start.py
	$(PY) bench/realtime_latency.py
	$(PY) bench/realtime_fanout.py
	$(PY) bench/presence_bench.py
	$(PY) bench/api_throughput.py
	@test -d .local/bench-pgdata && $(PY) bench/history_bench.py || echo "history_bench: run make bench-data first (a few minutes)"
	$(PY) bench/render_bench.py
	$(PY) bench/widget_bench.py
	$(PY) bench/fault_bench.py
	$(PY) bench/upload_bench.py
	$(PY) bench/notifier_bench.py
	$(PY) bench/transcript_bench.py
	$(PY) bench/export_bench.py
	$(PY) bench/erasure_bench.py

# The ~1M-message database bench/history_bench.py reads (.local/bench-pgdata).
bench-data: $(VENV)/.installed
	$(PY) bench/seed_data.py

validate: $(SAM_VENV)/.installed
	$(SAM) validate --lint --region us-east-1

build: $(SAM_VENV)/.installed
	$(SAM) build

# The pages into the stack's bucket (after sam deploy): make publish-pages [STACK=customer-chat]
STACK ?= customer-chat
publish-pages: $(VENV)/.installed web/node_modules/.installed
	$(PY) -m tools.pages --publish "$(STACK)"

# The pages for another static host, config.js included (serve them with the headers it prints):
# make web-dist API_BASE_URL=https://…/prod SUPABASE_URL=https://….supabase.co PUBLISHABLE_KEY=sb_publishable_… FILES_URL=https://<bucket>.s3.<region>.amazonaws.com
web-dist: $(VENV)/.installed web/node_modules/.installed
	$(PY) -m tools.pages --api-base-url "$(API_BASE_URL)" --supabase-url "$(SUPABASE_URL)" --publishable-key "$(PUBLISHABLE_KEY)" --files-url "$(FILES_URL)" --welcome-line "$(WELCOME_LINE)" --closed-line "$(CLOSED_LINE)"

signing-key: $(VENV)/.installed
	$(PY) -m tools.keys

# The key pair that signs attachments' download links (CloudFront signed URLs).
files-key: $(VENV)/.installed
	$(PY) -m tools.keys files

# The VAPID key pair web push is sent with (public: the VapidPublicKey parameter; private: the secret).
vapid-key: $(VENV)/.installed
	$(PY) -m tools.keys vapid

# make admin EMAIL=you@example.com PASSWORD='...' NAME='Your Name' [ROLE=owner|agent]
admin: $(VENV)/.installed
	@test -n "$(EMAIL)" -a -n "$(PASSWORD)" -a -n "$(NAME)" || { echo "usage: make admin EMAIL=... PASSWORD=... NAME=... [ROLE=owner|agent]"; exit 2; }
	@$(PY) -m local.admins add --email "$(EMAIL)" --password "$(PASSWORD)" --name "$(NAME)" --role "$(or $(ROLE),agent)"

admin-token: $(VENV)/.installed
	@$(PY) -m local.admins token

clean:
	rm -rf $(VENV) $(SAM_VENV) .venv-layer .aws-sam .pytest_cache
