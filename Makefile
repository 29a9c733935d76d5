# SPDX-License-Identifier: GPL-2.0
# cvtop: make [V=1], make run, make test [SANITIZE=1], make fuzz [FUZZ_S=],
# make soak [SOAK_S=], make install [DESTDIR= prefix=]

# SANITIZE=1: cvtop, unit tests and helpers with ASan + UBSan, in build-san;
# FUZZ=1 (set by make fuzz): every object instrumented for libFuzzer, with clang
ifeq ($(SANITIZE),1)
OUTPUT ?= build-san
BIN ?= $(OUTPUT)/cvtop
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
endif
ifeq ($(FUZZ),1)
OUTPUT ?= build-fuzz
BIN ?= $(OUTPUT)/cvtop
CC = clang
SAN_FLAGS := -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
endif
OUTPUT ?= build
BIN ?= cvtop
# vmlinux.h comes from the BTF of the kernel that builds (CO-RE: the binary
# runs on other BTF kernels too); VMLINUX_BTF=FILE builds without /sys
VMLINUX_BTF ?= /sys/kernel/btf/vmlinux
prefix ?= /usr/local
# cvtop needs root (CAP_BPF, CAP_PERFMON): an admin tool, section 8
sbindir ?= $(prefix)/sbin
datadir ?= $(prefix)/share
mandir ?= $(datadir)/man
# empty: not installed (the Debian package has dh_bash-completion do it)
bashcompdir ?= $(datadir)/bash-completion/completions
zshcompdir ?= $(datadir)/zsh/site-functions
DESTDIR ?=

# The version has one place: the top entry of debian/changelog (a native
# package: no Debian revision). `dch -v X.Y.Z` releases.
VERSION := $(shell head -n 1 debian/changelog 2>/dev/null | cut -d ' ' -f 2 | tr -d '()')
ifeq ($(VERSION),)
$(error no version: debian/changelog should start with "cvtop (X.Y.Z) ...")
endif

CC ?= gcc
CLANG ?= clang
LLVM_STRIP ?= llvm-strip
BPFTOOL ?= bpftool
PKG_CONFIG ?= pkg-config

ARCH := $(shell uname -m | sed -e 's/x86_64/x86/' -e 's/aarch64/arm64/' -e 's/ppc64le/powerpc/' \
	-e 's/riscv64/riscv/' -e 's/s390x/s390/' -e 's/loongarch64/loongarch/')

ifeq ($(V),1)
Q =
msg =
else
Q = @
msg = @printf '  %-8s %s\n' "$(1)" "$(2)";
endif

CFLAGS ?= -O2 -g
CFLAGS += -std=gnu11 -Wall -Wextra -Wshadow -Wno-unused-parameter -Wno-missing-field-initializers \
	-D_GNU_SOURCE -DCVTOP_VERSION='"$(VERSION)"' -DCVTOP_DATADIR='"$(datadir)/cvtop"' \
	-I$(OUTPUT) -I. $(SRC_INC) -MMD -MP \
	$(MHD_CFLAGS)
NCURSES_CFLAGS := $(shell $(PKG_CONFIG) --cflags ncursesw 2>/dev/null)
NCURSES_LIBS := $(shell $(PKG_CONFIG) --libs ncursesw 2>/dev/null || echo -lncursesw)
BPF_LIBS := $(shell $(PKG_CONFIG) --libs libbpf 2>/dev/null || echo -lbpf) -lelf -lz
# the exporter (src/export): HTTP server, bcrypt/sha-crypt for basic auth.
# libmicrohttpd's header only: the library is opened when --listen asks for it
# (src/export/mhd_dl.c), not mapped into every run with GnuTLS behind it.
# HTTP=0: no --listen/--web-config, and no libmicrohttpd or libcrypt at all
# (the kernel matrix's static arm64 binary)
HTTP ?= 1
ifeq ($(HTTP),0)
MHD_CFLAGS := -DCVTOP_NO_HTTP
MHD_LIBS :=
else
MHD_CFLAGS := $(shell $(PKG_CONFIG) --cflags libmicrohttpd 2>/dev/null)
MHD_LIBS := -lcrypt
endif
LDLIBS += $(BPF_LIBS) $(NCURSES_LIBS) $(MHD_LIBS) -lpthread -lm
CFLAGS += $(SAN_FLAGS)
LDFLAGS += $(SAN_FLAGS)
BPF_CFLAGS := -g -O2 -target bpf -D__TARGET_ARCH_$(ARCH) -I$(OUTPUT) -Ibpf -Wall -Werror -Wno-unused-function

BPF_SRCS := $(wildcard bpf/*.bpf.c)
SKELS := $(patsubst bpf/%.bpf.c,$(OUTPUT)/%.skel.h,$(BPF_SRCS))
# src/main.c, src/core (the pane framework), src/lib (shared helpers) and one
# folder per pane; headers are included by name from any of them
SRC_DIRS := src $(patsubst %/,%,$(sort $(dir $(wildcard src/*/*.c))))
SRC_INC = $(addprefix -I,$(SRC_DIRS))
SRC_OBJS := $(patsubst src/%.c,$(OUTPUT)/src/%.o,$(wildcard $(addsuffix /*.c,$(SRC_DIRS))))
UI_OBJS := $(patsubst ui/%.c,$(OUTPUT)/ui/%.o,$(wildcard ui/*.c))
# everything but main(): what unit tests link against
LIB_OBJS := $(filter-out $(OUTPUT)/src/main.o,$(SRC_OBJS)) $(UI_OBJS)
UNIT_TESTS := $(patsubst tests/unit/%.c,$(OUTPUT)/tests/%,$(wildcard tests/unit/test_*.c))
HELPERS := $(patsubst tests/helpers/%.c,$(OUTPUT)/tests/helpers/%,$(wildcard tests/helpers/*.c))
# libFuzzer targets; the unit suite replays their corpora (test_fuzz_regress)
FUZZ_SRCS := $(wildcard tests/fuzz/fuzz_*.c)
FUZZERS := $(patsubst tests/fuzz/fuzz_%.c,$(OUTPUT)/fuzz/%,$(FUZZ_SRCS))
FUZZ_S ?= 60
SOAK_S ?= 900
# make test SANITIZE=1: the suites that run cvtop on this machine (not e2e, vmtest)
TEST_SUITES := $(if $(filter 1,$(SANITIZE)),unit live ui)
# abort on the first error, leaks checked at exit; tests/sanitize/lsan.supp
# holds what is libbpf's, libelf's or ncurses' own (not instrumented)
SAN_ENV := $(if $(filter 1,$(SANITIZE)),CVTOP_SANITIZED=1) ASAN_OPTIONS=abort_on_error=1:detect_leaks=1:halt_on_error=1:strict_string_checks=1 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/sanitize/lsan.supp:print_suppressions=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

.PHONY: all clean deps run test unit-test live-test ui-test package-test vmtest screenshots bench \
	install uninstall check-format FORCE \
	fuzz fuzzers soak
.DEFAULT_GOAL := all
# keep the BPF objects: bpftool reads them, and rebuilding them is slow
.SECONDARY: $(patsubst bpf/%.bpf.c,$(OUTPUT)/%.bpf.o,$(BPF_SRCS))

all: $(BIN)

$(OUTPUT) $(OUTPUT)/src $(OUTPUT)/ui $(OUTPUT)/tests $(OUTPUT)/tests/helpers:
	$(Q)mkdir -p $@

# What -D compiles in (version, data directory): rewritten only when it
# changes, so `make install prefix=...` after `make` rebuilds the objects
$(OUTPUT)/config.stamp: FORCE | $(OUTPUT)
	$(Q)echo '$(VERSION) $(datadir)' | cmp -s - $@ || echo '$(VERSION) $(datadir)' > $@

$(OUTPUT)/vmlinux.h: | $(OUTPUT)
	$(call msg,GEN,$@)
	$(Q)$(BPFTOOL) btf dump file $(VMLINUX_BTF) format c > $@.tmp && mv $@.tmp $@

$(OUTPUT)/%.bpf.o: bpf/%.bpf.c $(OUTPUT)/vmlinux.h | $(OUTPUT)
	$(call msg,BPF,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -MMD -MP -MT $@ -MF $(OUTPUT)/$*.bpf.d -c $< -o $@.tmp
	$(Q)$(LLVM_STRIP) -g $@.tmp -o $@ && rm -f $@.tmp

$(OUTPUT)/%.skel.h: $(OUTPUT)/%.bpf.o
	$(call msg,SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< > $@.tmp && mv $@.tmp $@

# sources may include any skeleton
$(SRC_OBJS): $(OUTPUT)/src/%.o: src/%.c $(SKELS) $(OUTPUT)/config.stamp
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(UI_OBJS): $(OUTPUT)/ui/%.o: ui/%.c $(OUTPUT)/config.stamp | $(OUTPUT)/ui
	$(call msg,CC,$@)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(NCURSES_CFLAGS) -c $< -o $@

$(BIN): $(SRC_OBJS) $(UI_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(OUTPUT)/tests/%: tests/unit/%.c $(LIB_OBJS) | $(OUTPUT)/tests
	$(call msg,CC,$@)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $(filter %.c %.o,$^) $(LDLIBS) -lcmocka

$(OUTPUT)/tests/helpers/%: tests/helpers/%.c | $(OUTPUT)/tests/helpers
	$(call msg,CC,$@)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $(filter %.c,$<)

$(OUTPUT)/tests/test_fuzz_regress: tests/fuzz/fuzz.c $(FUZZ_SRCS)

$(OUTPUT)/fuzz/%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.c $(LIB_OBJS)
	$(call msg,FUZZ,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -DCVTOP_LIBFUZZER -fsanitize=fuzzer -o $@ $(filter %.c %.o,$^) $(LDLIBS)

fuzzers: $(FUZZERS)

# Installs what building and testing need, when run as root and missing.
deps:
	$(Q)sh tests/deps.sh

run: deps
	$(Q)$(MAKE) --no-print-directory all
	./$(BIN)

test: deps
	$(Q)$(MAKE) --no-print-directory all $(UNIT_TESTS) $(HELPERS)
	$(Q)$(SAN_ENV) OUTPUT=$(OUTPUT) CVTOP=./$(BIN) bash tests/run.sh $(TEST_SUITES)

# each libFuzzer target for FUZZ_S seconds, from its seed corpus
fuzz: deps
	$(Q)$(MAKE) --no-print-directory FUZZ=1 fuzzers
	$(Q)FUZZ_S=$(FUZZ_S) OUTPUT=build-fuzz bash tests/fuzz/run.sh

# SOAK_S seconds of churn under the UI; fails if RSS, fds or map entries grow
soak: deps
	$(Q)$(MAKE) --no-print-directory all $(HELPERS)
	$(Q)SOAK_S=$(SOAK_S) OUTPUT=$(OUTPUT) CVTOP=./$(BIN) bash tests/soak.sh

unit-test: $(UNIT_TESTS)
	$(Q)$(SAN_ENV) OUTPUT=$(OUTPUT) CVTOP=./$(BIN) bash tests/run.sh unit

live-test: all $(HELPERS)
	$(Q)$(SAN_ENV) OUTPUT=$(OUTPUT) CVTOP=./$(BIN) bash tests/run.sh live

ui-test: all $(HELPERS)
	$(Q)$(SAN_ENV) OUTPUT=$(OUTPUT) CVTOP=./$(BIN) bash tests/run.sh ui

# The Debian package from a fresh clone of HEAD: dpkg-buildpackage, lintian,
# apt-get install, the installed cvtop, purge; make install/uninstall; the man
# page and shell completion against --help (as root; also part of make test)
package-test: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)OUTPUT=$(OUTPUT) CVTOP=./$(BIN) bash tests/run.sh package

# cvtop inside real Debian kernels under QEMU: the hooks this kernel lacks
vmtest: deps
	$(Q)$(MAKE) --no-print-directory all $(HELPERS)
	$(Q)OUTPUT=$(OUTPUT) CVTOP=./$(BIN) bash tests/vmtest/vmtest.sh

# PNGs of every pane with real containers and a VM (as root; not in make test)
screenshots: all $(HELPERS)
	$(Q)OUTPUT=$(OUTPUT) CVTOP=./$(BIN) bash screenshots/make.sh

# cvtop's cost against its peers and the floor; writes BENCHMARKS.md (not a test)
bench: deps
	$(Q)$(MAKE) --no-print-directory all $(HELPERS)
	$(Q)OUTPUT=$(OUTPUT) CVTOP=./$(BIN) bash bench/run.sh

install: $(BIN)
	install -D -m 0755 $(BIN) $(DESTDIR)$(sbindir)/cvtop
	install -D -m 0644 doc/cvtop.8 $(DESTDIR)$(mandir)/man8/cvtop.8
	install -d $(DESTDIR)$(datadir)/cvtop/themes
	install -m 0644 themes/*.theme $(DESTDIR)$(datadir)/cvtop/themes/
	$(if $(bashcompdir),install -D -m 0644 doc/completion/cvtop.bash $(DESTDIR)$(bashcompdir)/cvtop)
	$(if $(zshcompdir),install -D -m 0644 doc/completion/_cvtop $(DESTDIR)$(zshcompdir)/_cvtop)

uninstall:
	rm -f $(DESTDIR)$(sbindir)/cvtop $(DESTDIR)$(mandir)/man8/cvtop.8
	rm -rf $(DESTDIR)$(datadir)/cvtop
	$(if $(bashcompdir),rm -f $(DESTDIR)$(bashcompdir)/cvtop)
	$(if $(zshcompdir),rm -f $(DESTDIR)$(zshcompdir)/_cvtop)

check-format:
	$(Q)clang-format --dry-run --Werror src/*.[ch] src/*/*.[ch] ui/*.[ch] bpf/*.[ch] tests/unit/*.c tests/helpers/*.c \
		tests/fuzz/*.[ch]

clean:
	rm -rf $(OUTPUT) $(BIN) build-san build-fuzz

FORCE:

-include $(wildcard $(OUTPUT)/src/*.d $(OUTPUT)/src/*/*.d $(OUTPUT)/ui/*.d $(OUTPUT)/*.bpf.d $(OUTPUT)/tests/*.d $(OUTPUT)/fuzz/*.d)
