# Makefile: build, test, demo and fuzz charte. Generated files go under build/ only.

# What the build needs (make demo), and what the tests add (make test); the browser
# test's own packages are in tests/browser/Makefile.browser.
DEB_BUILD    := gcc make bison flex pkg-config libgc-dev libgmp-dev nettle-dev libcsv-dev \
                libjansson-dev libutf8proc-dev libzip-dev libisal-dev libexpat1-dev libxlsxwriter-dev
DEB_TEST     := libcmocka-dev clang-14 libclang-rt-14-dev nodejs libxml2-utils python3-openpyxl python3-odf \
                vim man-db groff-base zsh procps
BUILD   ?= build
GEN     := $(BUILD)/gen
OBJ     := $(BUILD)/obj
SAN     := $(BUILD)/san

CC      ?= gcc
WARN    := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wwrite-strings -Wformat=2 -Wundef -Wno-unused-parameter
CFLAGS  ?= -O2 -g
# -Werror only where the project's own builds ask for it (make test, test-fast), so that
# a newer compiler's new warning never stops someone building charte.
WERROR  ?=
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(WERROR) $(CFLAGS) $(DYNLIBS) -iquote base -iquote lang -iquote runtime -iquote cli -iquote $(GEN) -MMD -MP
GEN_CFLAGS = -std=c11 -D_GNU_SOURCE $(CFLAGS) -iquote base -iquote lang -iquote runtime -iquote cli -iquote $(GEN) -MMD -MP \
           -Wno-unused-function -Wno-sign-compare -Wno-unused-parameter
LIBS    := -lgc -lgmp -lnettle -lcsv -ljansson -lutf8proc -lzip -lisal -lexpat -lxlsxwriter -lm
# charte itself opens libzip and libxlsxwriter when a workbook is read or written
# (base/dynlib.h): not mapped at every start. Their sonames are those of the
# libraries built against.
CHARTE_LIBS := $(filter-out -lzip -lxlsxwriter,$(LIBS))
soname = $(shell objdump -p "$$($(CC) -print-file-name=lib$(1).so)" 2>/dev/null | awk '$$1 == "SONAME" { print $$2 }')
DYNLIBS := -DCHARTE_ZIP_SONAME='"$(or $(call soname,zip),libzip.so)"' \
           -DCHARTE_XLSX_SONAME='"$(or $(call soname,xlsxwriter),libxlsxwriter.so)"'
# Not position-independent: the sanitizers' static data (UBSan's check sites, ASan's
# globals) holds ~170 000 pointers that the dynamic loader relocated at every start of a
# PIE (190 839 relative relocations, 2 641 page faults for `--version`); linked at fixed
# addresses, 19 546 and 1 460, and each run of the sanitizer pass costs some 20 ms of
# processor less (docs/performance-journal.md, fifteenth run).
# -g1 (line tables and function names, inlined frames included, no variables or types): the
# sanitizers' reports show the same frames, files and lines as with -g (their variables and globals
# are named from the instrumentation's own tables), and a file compiles a fifth faster under ASan and
# UBSan: some 13 s of processor less for the two builds (journal, twenty-first run). SAN_DEBUG=-g for
# a debugger's view of the variables.
SAN_DEBUG ?= -g1
SAN_FLAGS := -O1 $(SAN_DEBUG) -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -DCHARTE_NO_GC \
             -fno-pie -no-pie
SAN_LIBS  := -lgmp -lnettle -lcsv -ljansson -lutf8proc -lzip -lisal -lexpat -lxlsxwriter -lm
# charte's sanitizer builds start for every case of make test's sanitizer pass: linked as the normal build is, without
# libzip and libxlsxwriter (opened on first use, base/dynlib.h; linked, they and libcrypto, libbz2, libz and
# libminizip were mapped and relocated at every start), and with the sanitizers' runtimes linked in
# (-static-lib*: no libasan, libubsan, libstdc++ to map and relocate). 1 335 page faults of
# `san/charte --version` become 1 120, a tenth of a start's processor; what is detected is the same
# (docs/performance-journal.md, twentieth run).
SAN_CHARTE_LIBS := $(filter-out -lzip -lxlsxwriter,$(SAN_LIBS))

SRC_C   := $(wildcard base/*.c lang/*.c runtime/*.c cli/*.c)
LIB_C   := $(filter-out cli/main.c,$(SRC_C))
GEN_C   := $(GEN)/lexer.c $(GEN)/parser.c
LIB_O   := $(LIB_C:%.c=$(OBJ)/%.o) $(OBJ)/gen/lexer.o $(OBJ)/gen/parser.o
SAN_O   := $(LIB_C:%.c=$(SAN)/%.o) $(SAN)/gen/lexer.o $(SAN)/gen/parser.o
UNIT_C  := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_C:tests/unit/%.c=$(BUILD)/unit/%)
TOOLS   := $(BUILD)/gen-donnees $(BUILD)/amp-ref $(BUILD)/eval-canon $(BUILD)/classeur

.PHONY: all deps deps-test demo test test-build test-fast clean fuzz bench san tsan gcstress gcstress-test tools clang validators
.DEFAULT_GOAL := all

all: $(BUILD)/charte tools

# deps: install the Debian packages the build needs; deps-test, those the tests add.
# Only the missing ones. npm is asked for only when its command is missing: a nodejs
# that is not Debian's may carry its own npm, and Debian's npm would conflict with it.
define install_missing
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	$(2) \
	if [ -n "$$missing" ]; then \
	  echo "deps: apt-get install$$missing"; \
	  if [ "$$(id -u)" != 0 ]; then echo "deps: run as root (or install:$$missing)" >&2; exit 2; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi
endef

deps:
	$(call install_missing,$(DEB_BUILD),)

deps-test: deps
	$(call install_missing,$(DEB_TEST),command -v npm >/dev/null || missing="$$missing npm";)

# --- generated scanner and parser ---------------------------------------------------
$(GEN)/parser.c $(GEN)/parser.h &: lang/parser.y | $(GEN)
	bison -Wall -Werror --header=$(GEN)/parser.h -o $(GEN)/parser.c $<

$(GEN)/lexer.c $(GEN)/lexer.h &: lang/lexer.l $(GEN)/parser.h | $(GEN)
	flex --header-file=$(GEN)/lexer.h -o $(GEN)/lexer.c $<

$(GEN):
	mkdir -p $@

# The standard library is embedded, so the binary works from any folder.
STDLIB_SRC := $(wildcard stdlib/*.charte)
$(GEN)/stdlib_data.inc: $(STDLIB_SRC) tools/embed.sh | $(GEN)
	tools/embed.sh $(STDLIB_SRC) > $@
$(GEN)/stdlib_names.inc: $(STDLIB_SRC) | $(GEN)
	for f in $(STDLIB_SRC); do printf '"%s",\n' "$$(basename $$f .charte)"; done > $@
$(OBJ)/lang/prelude.o $(SAN)/lang/prelude.o $(BUILD)/gcstress/lang/prelude.o: $(GEN)/stdlib_data.inc $(GEN)/stdlib_names.inc

# The table of diagnostic codes comes from the error pages, so SARIF rules say what the pages say.
ERROR_PAGES := $(wildcard docs/erreurs/C[0-9]*.md docs/en/erreurs/C[0-9]*.md)
$(GEN)/diag_rules.inc: $(ERROR_PAGES) tools/diag-rules.sh | $(GEN)
	tools/diag-rules.sh docs/erreurs docs/en/erreurs > $@.tmp && mv $@.tmp $@
$(OBJ)/lang/diag_rules.o $(SAN)/lang/diag_rules.o $(BUILD)/gcstress/lang/diag_rules.o: $(GEN)/diag_rules.inc

# charte --version names the standard library by a digest of its text.
$(GEN)/stdlib_version.inc: $(STDLIB_SRC) | $(GEN)
	printf '"%s"\n' "$$(cat $(STDLIB_SRC) | sha256sum | cut -c1-12)" > $@
$(OBJ)/cli/version.o $(SAN)/cli/version.o $(BUILD)/gcstress/cli/version.o: $(GEN)/stdlib_version.inc

# --- normal build (libgc) ------------------------------------------------------------
# The objects of a build variant: $(1) its folder, $(2) its flags beside the usual ones
# (the normal build, then the sanitizer, ThreadSanitizer and GC stress builds below).
define VARIANT_OBJECTS
$(1)/%.o: %.c $$(GEN)/parser.h $$(GEN)/lexer.h
	@mkdir -p $$(dir $$@)
	$$(CC) $$(ALL_CFLAGS) $(2) -c $$< -o $$@
$(1)/gen/%.o: $$(GEN)/%.c $$(GEN)/parser.h $$(GEN)/lexer.h
	@mkdir -p $$(dir $$@)
	$$(CC) $$(GEN_CFLAGS) $(2) -c $$< -o $$@
endef
$(eval $(call VARIANT_OBJECTS,$(OBJ),))

$(BUILD)/libcharte.a: $(LIB_O)
	ar rcs $@ $^

$(BUILD)/charte: $(OBJ)/cli/main.o $(BUILD)/libcharte.a
	$(CC) $(CFLAGS) -o $@ $^ $(CHARTE_LIBS)

# --- sanitizer build: no GC, ASan + UBSan ---------------------------------------------
$(eval $(call VARIANT_OBJECTS,$(SAN),$(SAN_FLAGS)))

$(SAN)/charte: $(SAN)/cli/main.o $(SAN_O)
	$(CC) $(SAN_FLAGS) -static-libasan -static-libubsan -o $@ $^ $(SAN_CHARTE_LIBS)

san: $(SAN)/charte

# --- ThreadSanitizer build: no GC (libgc's own stop-the-world is no race), for the
# threaded hour lines only (tests/cli/threads.sh runs it beside the sanitizer build) ----
TSAN       := $(BUILD)/tsan
TSAN_FLAGS := -O1 $(SAN_DEBUG) -fsanitize=thread -DCHARTE_NO_GC
TSAN_O     := $(LIB_C:%.c=$(TSAN)/%.o) $(TSAN)/gen/lexer.o $(TSAN)/gen/parser.o
$(eval $(call VARIANT_OBJECTS,$(TSAN),$(TSAN_FLAGS)))
$(TSAN)/charte: $(TSAN)/cli/main.o $(TSAN_O)
	$(CC) $(TSAN_FLAGS) -static-libtsan -o $@ $^ $(SAN_CHARTE_LIBS)
tsan: $(TSAN)/charte

# --- GC stress build: libgc collecting every 16 allocations of each thread
# (CHARTE_GC_STRESS_EVERY=N to change it), every thread starting up to 2 ms late, so
# that a GC pointer held only where the collector does not look is reclaimed at once
# (docs/fiabilite.md, tests/README.md) ----------------------------------------------------
GCSTRESS       := $(BUILD)/gcstress
GCSTRESS_FLAGS := -O1 -g -DCHARTE_GC_STRESS
GCSTRESS_O     := $(LIB_C:%.c=$(GCSTRESS)/%.o) $(GCSTRESS)/gen/lexer.o $(GCSTRESS)/gen/parser.o
$(eval $(call VARIANT_OBJECTS,$(GCSTRESS),$(GCSTRESS_FLAGS)))
$(GCSTRESS)/libcharte.a: $(GCSTRESS_O)
	ar rcs $@ $^
$(GCSTRESS)/charte: $(GCSTRESS)/cli/main.o $(GCSTRESS)/libcharte.a
	$(CC) $(GCSTRESS_FLAGS) -o $@ $^ $(CHARTE_LIBS)
$(GCSTRESS)/unit/%: tests/unit/%.c $(GCSTRESS)/libcharte.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(GCSTRESS_FLAGS) -o $@ $< $(GCSTRESS)/libcharte.a $(LIBS) -lcmocka
gcstress: $(GCSTRESS)/charte
# The stress lane (tests/gcstress.sh): minutes, so not part of make test (tests/README.md).
gcstress-test: $(GCSTRESS)/charte $(UNIT_C:tests/unit/%.c=$(GCSTRESS)/unit/%) all validators
	@tests/gcstress.sh $(BUILD)

# --- tools: example-data generator and the independent AMP reference ------------------
GEN_DONNEES_SRC := $(wildcard tools/gen-donnees/*.c)
$(BUILD)/gen-donnees: $(GEN_DONNEES_SRC) tools/gen-donnees/gen-donnees.h
	@mkdir -p $(BUILD)
	$(CC) -std=c11 -D_GNU_SOURCE $(WARN) $(WERROR) -O2 -g -o $@ $(GEN_DONNEES_SRC)

AMP_REF_SRC := $(wildcard tests/bench/amp-ref/*.c)
$(BUILD)/amp-ref: $(AMP_REF_SRC) tests/bench/amp-ref/amp-ref.h
	@mkdir -p $(BUILD)
	$(CC) -std=c11 -D_GNU_SOURCE $(WARN) $(WERROR) -O2 -g -o $@ $(AMP_REF_SRC) -lgmp

# CSV tables to one XLSX or ODS workbook: the example workbooks, and the bench's.
$(BUILD)/classeur: tools/classeur/classeur.c
	@mkdir -p $(BUILD)
	$(CC) -std=c11 -D_GNU_SOURCE $(WARN) $(WERROR) -O2 -g -o $@ $< -lzip

$(BUILD)/eval-canon: tests/tools/eval-canon.c
	@mkdir -p $(BUILD)
	$(CC) -std=c11 -D_GNU_SOURCE $(WARN) $(WERROR) -O2 -g -o $@ $< -ljansson

tools: $(TOOLS)

# --- unit tests (cmocka) ---------------------------------------------------------------
$(BUILD)/unit/%: tests/unit/%.c $(BUILD)/libcharte.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libcharte.a $(LIBS) -lcmocka

# --- the two commands of the README -----------------------------------------------------
demo: deps
	@$(MAKE) --no-print-directory all >/dev/null
	@tests/demo.sh $(BUILD)

# The five builds of make test run on every core: -j with the cores unless make was given
# its own -j (its job server is then shared), -Otarget so that each file's commands and
# messages stay together in the log. The four npm folders are installed beside them by a make
# of their own, all at once: an `npm ci` waits on the network and the disk for most of its
# wall time (113 s for 8.6 s of processor, the browser's, on this machine), and held one of
# the compilers' job slots while it did. Both write to the log, appending.
NPROC     := $(shell nproc 2>/dev/null || echo 1)
TEST_JOBS  = $(if $(findstring jobserver,$(MAKEFLAGS)),,-j$(NPROC))
NPM_JOBS   = $(if $(findstring jobserver,$(MAKEFLAGS)),,-j4)
test: test-build
	@tests/run.sh $(BUILD)

# test-build: what make test builds and installs before it runs the suites.
test-build: deps-test
	@: >$(BUILD).log; \
	 $(MAKE) --no-print-directory $(NPM_JOBS) -Otarget validators browser-deps editor-deps >>$(BUILD).log 2>&1 & npm=$$!; \
	 $(MAKE) --no-print-directory $(TEST_JOBS) -Otarget WERROR=-Werror all san tsan fuzz-replay $(UNIT_BIN) clang >>$(BUILD).log 2>&1; built=$$?; \
	 wait $$npm && [ $$built = 0 ] || { cat $(BUILD).log; exit 2; }

test-fast: WERROR := -Werror
test-fast: all $(UNIT_BIN) fuzz-replay validators browser-deps editor-deps
	@SANITIZED=0 tests/run.sh $(BUILD)

# --- a second compiler: clang builds charte too (its goldens run in make test) ---------
# -O1 without -g: clang's warnings come from its front end, the same at any level; -O1 keeps
# the optimizer that could read undefined behaviour otherwise than gcc (type-based aliasing,
# inlining, instcombine) under the goldens; the debug information served nothing. A sixth
# less processor than -O2 -g (-O0 two thirds less, but a binary no optimizer touched).
CLANG ?= clang-14
CLANG_CFLAGS ?= -O1
clang:
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/clang CC=$(CLANG) CFLAGS='$(CLANG_CFLAGS)' WERROR=-Werror $(BUILD)/clang/charte

# --- independent validators of the machine outputs, pinned in tests/validators/ --------
# Microsoft's SARIF multitool (GitHub's rules) and ajv (docs/schemas/), from npm.
VALIDATORS := tests/validators/node_modules/.package-lock.json
validators: $(VALIDATORS)
$(VALIDATORS): tests/validators/package.json tests/validators/package-lock.json
	cd tests/validators && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# --- make install PREFIX=… [DESTDIR=…], make uninstall (tools/install.sh lists the files) ----
PREFIX  ?= /usr/local
DESTDIR ?=
.PHONY: install uninstall
install: $(BUILD)/charte
	tools/install.sh install $(BUILD) "$(DESTDIR)" "$(PREFIX)"
uninstall:
	tools/install.sh uninstall $(BUILD) "$(DESTDIR)" "$(PREFIX)"

clean:
	rm -rf $(BUILD) $(BUILD).log

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# make bench (tests/bench/) and make fuzz (tests/fuzz/): measurements, not part of make test.
-include tests/bench/Makefile.bench
-include tests/fuzz/Makefile.fuzz
# The real-browser test of the HTML report (tests/browser/): its packages, and make screenshot.
include tests/browser/Makefile.browser

# The language server's and the editors' tests (tests/lsp, tests/editors): their npm packages, make bench-lsp.
include tests/lsp/Makefile.lsp

-include tests/mutants/Makefile.mutants
-include tests/coverage/Makefile.coverage
