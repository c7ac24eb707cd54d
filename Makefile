# Pantau Bantuan: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(PY) -m flask --app wsgi
BIND ?= 127.0.0.1:5000
PORT ?= 5000
export FLASK_APP := wsgi

.PHONY: run worker test install install-test translations translations-update db serve lint clean

$(VENV)/.installed: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements-test.txt
	$(PY) -m pip install -q -r requirements-test.txt
	touch $@

install: $(VENV)/.installed translations
install-test: $(VENV)/.installed-test translations

translations: $(VENV)/.installed
	$(PY) -m babel.messages.frontend compile -d translations -f

db: install translations
	$(FLASK) db upgrade
	$(FLASK) demo load --if-empty

# The web server and a job worker together; Ctrl-C stops both (the terminal sends SIGINT to
# both, and the trap stops the worker whenever the server ends for another reason).
run: db
	@$(FLASK) worker & worker=$$!; \
	trap 'kill -INT $$worker 2>/dev/null; wait $$worker' EXIT; \
	trap 'exit 130' INT TERM; \
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

# The job worker alone (beside `make serve`, or on other machines with REDIS_URL set).
worker: install translations
	$(FLASK) worker

serve: install translations
	$(FLASK) db upgrade
	$(VENV)/bin/gunicorn -c gunicorn.conf.py --workers $${WEB_WORKERS:-$$(( $$(nproc) * 2 + 1 ))} --bind $(BIND) wsgi:app

lint: install-test
	$(VENV)/bin/ruff check relief tests bench wsgi.py gunicorn.conf.py
	$(VENV)/bin/ruff format --check relief tests bench wsgi.py gunicorn.conf.py
	$(VENV)/bin/lint-imports

test: install-test translations lint
	RELIEF_TEST_DATABASE= $(PY) -m pytest
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== again on PostgreSQL ($$TEST_DATABASE_URL)"; \
		RELIEF_TEST_DATABASE="$$TEST_DATABASE_URL" $(PY) -m pytest; \
	fi

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache

# Developers: refresh the catalogue after adding or changing interface text.
translations-update: install
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k N_ \
		-k pgettext:1c,2 -k lazy_pgettext:1c,2 -k npgettext:1c,2,3 -k lazy_npgettext:1c,2,3 \
		-o translations/messages.pot .
	$(VENV)/bin/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching
