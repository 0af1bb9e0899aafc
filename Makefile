# Two commands on a fresh machine with Python 3.11+: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app app

.PHONY: run test install browser migrate demo bench clean

$(BIN)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.txt
	touch $@

install: $(BIN)/.installed

migrate: install
	$(FLASK) db upgrade

## Demo data; stored recalls parsed again, so a development database follows parser upgrades too.
demo: migrate
	$(FLASK) demo load
	$(FLASK) recalls reparse

## Web + Celery worker + beat on SQLite and the embedded broker, with demo data.
run: demo
	$(BIN)/python -m tracker.devserver

## The whole suite (browser tests included). DATABASE_URL / REDIS_URL select PostgreSQL / Redis.
test: install browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## A Chromium for the browser tests: the system one if present, else Debian's (as root), else Playwright's.
browser: install
	@if [ -n "$$CHROMIUM_PATH" ] || [ -x /usr/bin/chromium ] || [ -x /usr/bin/chromium-browser ] || [ -f $(VENV)/.playwright-chromium ]; then \
		true; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		$(BIN)/playwright install chromium && touch $(VENV)/.playwright-chromium; \
	fi

## Speed benchmarks on PostgreSQL (issue 5): BENCH_SIZES=100000,1000000,10000000 make bench; default a quick 100k run.
bench: install
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) instance/broker instance/celerybeat-schedule* .pytest_cache
