# Two commands for a fresh machine with Python 3.11, git and make:
#   make demo   – set up, migrate, load demo data, run web + worker + beat
#   make test   – lint and the whole test suite
.DEFAULT_GOAL := help
PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
RUN := $(UV) run --locked --no-sync
# manage.py and Celery default to the production settings; the demo says so explicitly,
# on its own SQLite file and without Redis, whatever the shell has exported.
DEMO_ENV := env -u DATABASE_URL -u REDIS_URL DJANGO_SETTINGS_MODULE=config.settings.dev
HOST ?= 127.0.0.1
PORT ?= 8000
TESTHIS_PORT ?= 8001

.PHONY: help install demo demo-code test lint messages bench-register bench-insight bench-public bench-report bench-prepare bench-autosave bench-meeting-room bench-audit bench-national bench-load bench-page-costs bench-his vendor-nlds vendor-htmx vendor-icons bench-delivery

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

install: $(UV) ## create .venv from uv.lock (exact versions)
	$(UV) sync --locked --quiet

demo: install ## run the demo on SQLite, without Redis: web, worker and beat
	$(DEMO_ENV) $(RUN) python manage.py migrate --noinput
	$(DEMO_ENV) TESTHIS_URL=http://$(HOST):$(TESTHIS_PORT) $(RUN) python manage.py load_demo_data
	@echo "Portal:      http://$(HOST):$(PORT)/   (sign in: http://$(HOST):$(PORT)/account/inloggen/)"
	@echo "CMS admin:   http://$(HOST):$(PORT)/cms/"
	@echo "Test HIS:    http://$(HOST):$(TESTHIS_PORT)/   (a test tool: 'Open MDO-portaal' per patient)"
	@echo "Stop with Ctrl+C."
	$(DEMO_ENV) HOST=$(HOST) PORT=$(PORT) PORTAL_PORT=$(PORT) TESTHIS_PORT=$(TESTHIS_PORT) \
	TESTHIS_URL=http://$(HOST):$(TESTHIS_PORT) $(RUN) honcho start -f Procfile.dev

demo-code: ## print the current 6-digit code of a demo user: make demo-code EMAIL=...
	@$(DEMO_ENV) $(RUN) python manage.py demo_totp $(EMAIL)

test: install ## lint, then the whole test suite with branch coverage (floor in pyproject.toml)
	$(RUN) ruff check .
	$(RUN) ruff format --check .
	$(RUN) python manage.py makemigrations --check --dry-run --settings=config.settings.test
	$(RUN) pytest --cov --cov-report=term:skip-covered

bench-register: install ## benchmark the register list (set DATABASE_URL for PostgreSQL)
	$(RUN) python bench/register_list.py

bench-insight: install ## benchmark national insight on 1,000,000 findings (PostgreSQL; BENCH_SCALE=0.1 to try)
	$(RUN) python bench/insight.py --scale $(BENCH_SCALE)

bench-report: install ## benchmark the meeting report PDF (30 discussed patients)
	$(RUN) python bench/meeting_report.py

bench-prepare: install ## benchmark Mijn voorbereiding and the agenda page (200 patients, 30 on the agenda)
	$(RUN) python bench/prepare.py

bench-autosave: install ## benchmark one meeting-mode autosave round trip
	$(RUN) python bench/autosave.py

bench-meeting-room: install ## benchmark the room view: scribe's switch and the room's poll (5 and 30 items)
	$(RUN) python bench/meeting_room.py

bench-audit: install ## access-log appends, 16 writers: locked (before) vs sequenced (PostgreSQL)
	$(RUN) python bench/audit_appends.py

BENCH_SCALE ?= 1
bench-national: install ## national queries over the generated data set (BENCH_SCALE=0.01 to try)
	$(RUN) python bench/national_queries.py --scale $(BENCH_SCALE)

bench-load: install ## locust over HTTP at 8/32/64 users on the national data set (PostgreSQL, Redis)
	$(RUN) python bench/load.py --scale $(BENCH_SCALE)

bench-page-costs: install ## CPU time and queries of one request of each page of the load mix (national set)
	$(RUN) python bench/page_costs.py

bench-his: install ## benchmark the HIS launch callback, pre-filled form and write-back
	$(RUN) python bench/his.py

HTMX_VERSION ?= 2.0.11
vendor-htmx: ## update static/vendor/htmx from npm: make vendor-htmx HTMX_VERSION=2.x.y
	rm -rf .tools/htmx && mkdir -p .tools/htmx
	cd .tools/htmx && npm pack --silent htmx.org@$(HTMX_VERSION) && tar -xzf htmx.org-$(HTMX_VERSION).tgz
	cp .tools/htmx/package/dist/htmx.min.js .tools/htmx/package/LICENSE static/vendor/htmx/
	echo "htmx.org $(HTMX_VERSION)" > static/vendor/htmx/VERSION

bench-delivery: install ## benchmark outbox delivery: 10,000 mails, Redis, 2 workers (needs DATABASE_URL)
	$(RUN) python bench/outbox_delivery.py

messages: install ## update and compile the Dutch translations
	$(RUN) python manage.py makemessages -l nl --no-obsolete -i ".venv/*" -i ".tools/*" --settings=config.settings.test
	$(RUN) python manage.py compilemessages -l nl -i ".venv" -i ".tools" --settings=config.settings.test

bench-public: install ## benchmark the public home and news pages under gunicorn
	$(RUN) python bench/public_pages.py

vendor-nlds: ## update the vendored NL Design System CSS from npm (static/vendor/nlds/)
	./bin/vendor-nlds

vendor-icons: ## update the vendored Lucide icons from npm (static/vendor/icons/)
	./bin/vendor-icons
