# sendmis — plain Makefile.  See README.md.
#
#   make            build ./sendmis and the front-end assets
#   make run        install what is missing, build, create the demo area, serve it
#   make check      all tests (unit, fuzz corpora replay, the clock contract, HTTP, mail with a real SMTP server, browser)
#   make check SANITIZE=address,undefined
#   make bench      timings into docs/performance.md
#   make fuzz       build libFuzzer targets (clang) and run each briefly
#   make clean

CC      ?= cc
PKGS    := libmicrohttpd sqlite3 libpq libsodium jansson libcurl pangocairo xlsxwriter libxml-2.0 libmagic
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
           -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wformat=2 \
           -Wno-unused-parameter -Isrc \
           $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS  += $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lpthread -lm

ifdef SANITIZE
CFLAGS  += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=$(SANITIZE)
BUILD   := build/san
else
BUILD   := build/rel
endif

CORE_SRC   := $(wildcard src/core/*.c)
STORE_SRC  := $(wildcard src/store/*.c) $(BUILD)/gen/migrations.c $(BUILD)/gen/migrations_pg.c $(BUILD)/gen/templates.c $(BUILD)/gen/plan_example.c \
              $(BUILD)/gen/provision_terms.c
DOMAIN_SRC := $(wildcard src/domain/*.c)
WEB_SRC    := $(wildcard src/web/*.c) $(wildcard src/render/*.c) $(wildcard src/mail/*.c)
CLI_SRC    := $(filter-out src/cli/main.c,$(wildcard src/cli/*.c))
LIB_SRC    := $(CORE_SRC) $(STORE_SRC) $(DOMAIN_SRC) $(WEB_SRC) $(CLI_SRC)
LIB_OBJ    := $(patsubst %.c,$(BUILD)/%.o,$(LIB_SRC:$(BUILD)/%=%))
MIGRATIONS := $(sort $(wildcard migrations/sqlite/*.sql))
PG_MIGRATIONS := $(sort $(wildcard migrations/postgresql/*.sql))
TEMPLATES  := $(sort $(wildcard templates/email/*.txt templates/letters/*.txt))
UNIT_SRC   := $(wildcard tests/unit/test_*.c)
UNIT_BIN   := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
# the unit tests that open a store (tests/unit/unit_db.h): run on PostgreSQL too
STORE_UNIT_BIN := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(shell grep -l 'unit_db\.h' $(UNIT_SRC)))

ifdef SANITIZE
BIN := $(BUILD)/sendmis
else
BIN := sendmis
endif

.PHONY: all run check check-pg check-unit-pg check-store check-unit check-clock check-http check-mail check-browser check-fuzz bench fuzz clean deps assets \
	check-http-pg check-clock-pg pg-test-env

all: $(BIN) assets

# ---- dependencies -------------------------------------------------------
# Stamp is refreshed when the install script or the lock file changes.
build/.deps: scripts/install-deps package.json package-lock.json
	@mkdir -p build
	./scripts/install-deps
	@touch $@
deps: build/.deps

# ---- binary ---------------------------------------------------------------
$(BUILD)/gen/migrations.c: $(MIGRATIONS) scripts/embed-migrations
	@mkdir -p $(dir $@)
	./scripts/embed-migrations sqlite $(MIGRATIONS) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/migrations_pg.c: $(PG_MIGRATIONS) scripts/embed-migrations
	@mkdir -p $(dir $@)
	./scripts/embed-migrations postgresql $(PG_MIGRATIONS) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/templates.c: $(TEMPLATES) scripts/embed-templates
	@mkdir -p $(dir $@)
	./scripts/embed-templates $(TEMPLATES) > $@.tmp && mv $@.tmp $@

# the example improvement plan `sendmis demo` loads (docs/plan-json.md)
$(BUILD)/gen/plan_example.c: data/plans/thurrock-wsoa.json scripts/embed-file
	@mkdir -p $(dir $@)
	./scripts/embed-file plan_example data/plans/thurrock-wsoa.json > $@.tmp && mv $@.tmp $@

# the provision check's terms (docs/provision-check.md)
$(BUILD)/gen/provision_terms.c: data/provision-terms.txt scripts/embed-file
	@mkdir -p $(dir $@)
	./scripts/embed-file provision_terms_default data/provision-terms.txt > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/libsendmis.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

$(BIN): $(BUILD)/src/cli/main.o $(BUILD)/libsendmis.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# ---- assets (govuk-frontend, MOJ frontend from npm) -------------------------
assets: build/static/.stamp
build/static/.stamp: scripts/build-assets package-lock.json $(wildcard static/*)
	./scripts/build-assets build/static
	@touch $@

# ---- running --------------------------------------------------------------
run: build/.deps
	$(MAKE) all
	@[ -f sendmis.db ] || ./sendmis demo --db sendmis.db
	@echo
	@echo "  sendmis is starting on http://127.0.0.1:8080"
	@echo "  Sign in as caseworker1 (or manager, admin, readonly, board) with the password sendmis-demo"
	@echo "  Press Ctrl-C to stop."
	@echo
	SENDMIS_PUBLIC_URL="$${SENDMIS_PUBLIC_URL:-http://127.0.0.1:8080}" ./sendmis serve --listen 127.0.0.1:8080 --db sendmis.db

# ---- tests ----------------------------------------------------------------
# the sanitizer build's leak check skips what fontconfig keeps for the process (tests/lsan.supp);
# the servers the suites start inherit it
export LSAN_OPTIONS := suppressions=$(CURDIR)/tests/lsan.supp
$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libsendmis.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libsendmis.a $(LDLIBS) -lcmocka

check: build/.deps
	$(MAKE) all
	$(MAKE) check-unit check-fuzz check-clock check-http check-mail check-browser
	./scripts/with-pg $(MAKE) check-pg
	@echo "make check: all suites passed, on SQLite and on PostgreSQL"

# Under scripts/with-pg (a throwaway PostgreSQL cluster): the store's unit
# tests, tests/store (the two schemas alike; copy, backup, restore, several
# servers), the KPI contract and the HTTP suites, each on PostgreSQL.  The
# HTTP suites run beside the others (two make jobs, each job's output
# printed whole when it ends): their longest file, sen2import's 200 MB
# import, takes minutes on PostgreSQL until its COPY fast path.  The
# sanitizer build runs all but the HTTP suites there (the plain build runs
# them on PostgreSQL; both builds on SQLite), which keeps CI under 45 minutes.
ifdef SANITIZE
PG_CHECKS := check-unit-pg check-store check-clock-pg
else
PG_CHECKS := check-http-pg check-unit-pg check-store check-clock-pg
endif
check-pg: pg-test-env
	$(MAKE) -j2 --output-sync=target $(PG_CHECKS)

check-unit-pg: $(STORE_UNIT_BIN) pg-test-env
	@set -e; for t in $(STORE_UNIT_BIN); do echo "== $$t (postgresql)"; $$t; done

check-store: $(BIN) pg-test-env
	SENDMIS_BIN=$(abspath $(BIN)) node --test --test-concurrency=1 tests/store/

check-unit: $(UNIT_BIN) $(BIN)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; $$t; done
	@./tests/docs-check $(abspath $(BIN))
	@./tests/web-layer-check
	@./tests/provision-check $(abspath $(BIN))

check-fuzz: $(BUILD)/libsendmis.a
	@./tests/fuzz/replay $(BUILD)

check-clock: $(BIN)
	SENDMIS_BIN=$(abspath $(BIN)) node --test tests/clock/ tests/kpi/

check-http: $(BIN) assets
	SENDMIS_BIN=$(abspath $(BIN)) node --test --test-concurrency=1 tests/http/

check-mail: $(BIN) assets
	SENDMIS_BIN=$(abspath $(BIN)) node --test --test-concurrency=1 tests/mail/

check-browser: $(BIN) assets
	SENDMIS_BIN=$(abspath $(BIN)) node --test --test-concurrency=1 tests/browser/

# ---- the suites on PostgreSQL ---------------------------------------------
# The same tests with every database a test makes a PostgreSQL database of
# its own (tests/http/lib.mjs: newDb), in the throwaway cluster that
# scripts/with-pg starts and names in SENDMIS_TEST_PG:
#   ./scripts/with-pg make check-http-pg check-clock-pg
# tests/clock has no store, so check-clock-pg is tests/kpi.  Each HTTP file
# has its own database and its servers their own free ports, so files run
# PG_TEST_CONCURRENCY at a time.
PG_TEST_CONCURRENCY ?= 2
PG_TEST_ENV = SENDMIS_TEST_STORE=postgresql SENDMIS_BIN=$(abspath $(BIN))
pg-test-env:
	@[ -n "$$SENDMIS_TEST_PG" ] || { echo "SENDMIS_TEST_PG is not set: run this under ./scripts/with-pg" >&2; exit 1; }

check-http-pg: $(BIN) assets pg-test-env
	$(PG_TEST_ENV) node --test --test-concurrency=$(PG_TEST_CONCURRENCY) tests/http/

check-clock-pg: $(BIN) pg-test-env
	$(PG_TEST_ENV) node --test tests/kpi/

bench: build/.deps
	$(MAKE) all
	./scripts/bench

fuzz: build/.deps
	./tests/fuzz/run

clean:
	rm -rf build sendmis

-include $(shell find build -name '*.d' 2>/dev/null)
