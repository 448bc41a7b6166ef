# Two commands: `make run` (portal with demo content) and `make test` (the whole suite).
# `make production` tries the production stack on this machine (deploy/production.py).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Fonts and HarfBuzz subsetting for Chinese PDFs, poppler for checking them, the CMYK
# press profile the book's photos are separated for (libgs-common: default_cmyk.icc;
# icc-profiles-free's FOGRA29 measurements and argyll's colprof for the uncoated one);
# chromium only for the browser tests.
RUN_PACKAGES := fonts-noto-cjk libharfbuzz-subset0 poppler-utils libgs-common libreoffice-writer-nogui icc-profiles-free argyll
# The front server with its page cache, revalidated every second (deploy/nginx/portal.conf).
PRODUCTION_PACKAGES := $(RUN_PACKAGES) nginx
# chromium-l10n: Chromium's own controls in Chinese, as visitors see them; libzbar0 for
# pyzbar, which reads the QR codes of the book and the exhibition sheets back.
TEST_PACKAGES := $(PRODUCTION_PACKAGES) chromium chromium-l10n libzbar0
# The slow tiers (pytest markers applied by folder in tests/conftest.py).
SLOW_TIERS := browser or pdf or production or processes
# manage.py defaults to portal.settings.dev; the tests always name their own settings.
TEST_SETTINGS := --ds=portal.settings.test
# The suite on pytest-xdist workers, in the units tests/scheduling.py draws (a test file,
# the six-size book, each benchmark), the slow tiers' first. Four workers on two cores:
# the browser and production tests wait on chromium, nginx and gunicorn much of the time.
# Each worker has its own test database, demo copy and media folders; TEST_WORKERS=0 runs
# in one process.
TEST_WORKERS ?= 4
XDIST := -n $(TEST_WORKERS) --dist loadgroup --no-loadscope-reorder
# The fast tier alone is all CPU: one worker per core.
FAST_WORKERS ?= auto

.PHONY: run test test-fast production setup system-packages press-profiles venv node-packages db demo admin bench print-test-packages

# DEBUG is off under make run (DEBUG=1 to turn it on): runserver --insecure serves the
# static files, and visitors' errors show the portal's Chinese 404/500 pages.
run: PACKAGES = $(RUN_PACKAGES)
run: REQUIREMENTS = requirements.txt
run: setup db demo admin
	@echo "门户网站：http://127.0.0.1:8000/   （Ctrl+C 结束）"
	@trap 'kill 0' INT TERM EXIT; \
	$(PY) manage.py worker --queue-name '*' & \
	$(PY) manage.py runserver --insecure 127.0.0.1:8000

# Bytecode kept in __pycache__ (Python's default; git ignores it) where the environment
# turns it off: each pytest process, xdist worker and Django subprocess of the tests
# compiled the project again, and pytest rewrote 235 test modules: 2.8 s of CPU per pytest
# process. Python writes none only when the variable is a non-empty string.
test test-fast: export PYTHONDONTWRITEBYTECODE =
test: PACKAGES = $(TEST_PACKAGES)
test: REQUIREMENTS = requirements-test.txt
test: setup db demo admin
	@# The migrated test database is made once first (tests/migrated.py), not by each worker.
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) -m tests.migrated
	$(PY) -m pytest $(TEST_SETTINGS) -p no:cacheprovider $(XDIST)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) manage.py makemigrations --check --dry-run

# Everything but the slow tiers (browser, PDF books, the production stack, several
# processes), for the edit-test loop; `make test` runs them all.
test-fast: REQUIREMENTS = requirements-test.txt
test-fast: venv
	$(PY) -m pytest $(TEST_SETTINGS) -n $(FAST_WORKERS) --dist loadgroup --no-loadscope-reorder -m "not ($(SLOW_TIERS))"

# nginx, gunicorn and the task worker against the PostgreSQL and Redis on 127.0.0.1, at
# http://portal.localhost:8090/ (its own database portal_production); Ctrl+C stops all.
production: PACKAGES = $(PRODUCTION_PACKAGES)
production: REQUIREMENTS = requirements.txt
production: setup
	$(PY) deploy/production.py

setup: system-packages press-profiles venv node-packages

# The uncoated press profile (胶版纸): no free uncoated ICC profile is packaged in Debian
# or PyPI, but icc-profiles-free ships FOGRA's characterisation of ISO 12647-2 paper
# type 4 (white uncoated offset, FOGRA29L.ti3), from which Argyll's colprof builds one
# (a few minutes, once). cases/compilation/colour.py offers every profile in var/icc.
# The profile is made once per machine (kept in PROFILE_CACHE, outside the checkout, so a
# fresh clone or CI copies it instead of spending minutes again).
UNCOATED_PROFILE := var/icc/FOGRA29_uncoated_argyll.icc
PROFILE_CACHE ?= $(HOME)/.cache/case-portal/icc
press-profiles: $(UNCOATED_PROFILE)
$(UNCOATED_PROFILE):
	@if [ -f $(PROFILE_CACHE)/$(@F) ]; then mkdir -p $(@D) && cp $(PROFILE_CACHE)/$(@F) $@; \
	elif [ -f /usr/share/color/icc/FOGRA29L.ti3 ] && command -v colprof >/dev/null; then \
		echo "生成非涂布纸印刷色彩配置文件（FOGRA29，需几分钟）"; \
		work=$$(mktemp -d) && cp /usr/share/color/icc/FOGRA29L.ti3 $$work/ && \
		nice colprof -qm -kh -l300 -S /usr/share/color/argyll/ref/sRGB.icm -cmt -dpp \
			-D "FOGRA29 uncoated (ISO 12647-2 PT4), Argyll colprof" \
			-C "Built from icc-profiles-free FOGRA29L.ti3" -O $$work/out.icc $$work/FOGRA29L >/dev/null && \
		mkdir -p $(@D) $(PROFILE_CACHE) && cp $$work/out.icc $(PROFILE_CACHE)/$(@F) && \
		mv $$work/out.icc $@ && rm -rf $$work; \
	else echo "缺少 icc-profiles-free 或 argyll：不生成非涂布纸配置文件"; fi

system-packages:
	@missing=$$(for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then SUDO=; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO=sudo; \
	else echo "缺少系统软件包，请让管理员安装：sudo apt-get install $$missing"; exit 0; fi; \
	echo "安装系统软件包：$$missing"; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing

# Runtime packages for `make run`, with the test tools for `make test`; reinstalled
# when a requirements file is newer than the stamp of its last install.
REQUIREMENTS ?= requirements.txt
venv:
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	@stamp=$(VENV)/.installed-$(REQUIREMENTS); \
	if [ ! -f $$stamp ] || [ requirements.txt -nt $$stamp ] || [ $(REQUIREMENTS) -nt $$stamp ]; then \
		$(VENV)/bin/pip install -q --upgrade pip && \
		$(VENV)/bin/pip install -q -r $(REQUIREMENTS) && touch $$stamp; \
	fi

# axe-core for the accessibility test (package.json); only where npm is installed.
node-packages:
	@if [ "$(REQUIREMENTS)" = requirements-test.txt ] && command -v npm >/dev/null; then \
		[ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --silent --no-audit --no-fund; \
	fi

db:
	$(PY) manage.py migrate --noinput

demo:
	$(PY) manage.py load_demo --build-book

admin:
	$(PY) manage.py ensure_admin

bench: PACKAGES = $(PRODUCTION_PACKAGES) wrk
bench: setup
	$(PY) bench/pages.py
	$(PY) bench/submission.py
	$(PY) bench/search.py
	$(PY) bench/compilation.py

print-test-packages:
	@echo $(TEST_PACKAGES)
