# aisd build: GNU make, C11. `make help` lists the targets.
#
# Sources are found by wildcard so that adding a file needs no Makefile edit:
#   decode/*.c dsp/*.c alerts/*.c daemon/*.c  -> one static library per module
#   daemon/main_aisd.c, daemon/main_aisctl.c  -> the two programs
#   tests/check_*.c                           -> one Check test binary each
#   tests/fuzz/fuzz_*.c                       -> libFuzzer targets (clang)
#   tests/bench/bench_*.c                     -> benchmark programs
# SIMD flavour files are named dsp/*_sse2.c, dsp/*_avx2.c, dsp/*_neon.c and are
# compiled with their own flags, only for the architecture they belong to.

CC       ?= cc
BUILD    ?= build
PREFIX   ?= /usr/local
DESTDIR  ?=
PKG_CONFIG ?= pkg-config
OPT      ?= -O2
CFLAGS   ?= $(OPT) -g
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
CPPFLAGS += -I. -D_GNU_SOURCE
ALL_CFLAGS = -std=c11 $(WARN) $(CFLAGS) $(EXTRA_CFLAGS)

PKGS     := libzmq librtlsdr sqlite3 libsystemd
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
CHECK_LIBS := $(shell $(PKG_CONFIG) --libs check 2>/dev/null)
# Debian's liquid-dsp ships no pkg-config file.
LIBS     := $(PKG_LIBS) -lliquid -lm -lpthread $(EXTRA_LIBS)

ARCH     := $(shell $(CC) -dumpmachine 2>/dev/null)
ifneq (,$(findstring x86_64,$(ARCH)))
  FLAVOUR_SRCS = $(wildcard dsp/*_sse2.c dsp/*_avx2.c)
else ifneq (,$(findstring aarch64,$(ARCH)))
  FLAVOUR_SRCS = $(wildcard dsp/*_neon.c)
else ifneq (,$(findstring arm,$(ARCH)))
  FLAVOUR_SRCS = $(wildcard dsp/*_neon.c)
  # armv7 NEON without VFPv4 (no FMA: kern_neon.c uses vmla), so that every NEON core runs it;
  # -march too, for compilers whose default is armv6 (Raspberry Pi OS 32-bit).
  NEON_FLAGS = -march=armv7-a -mfpu=neon -mfloat-abi=hard
endif
SSE2_FLAGS ?= -msse2
AVX2_FLAGS ?= -mavx2 -mfma

ALL_FLAVOURS := $(wildcard dsp/*_sse2.c dsp/*_avx2.c dsp/*_neon.c)
DSP_SRCS     := $(filter-out $(ALL_FLAVOURS),$(wildcard dsp/*.c)) $(FLAVOUR_SRCS)
DECODE_SRCS  := $(wildcard decode/*.c)
ALERTS_SRCS  := $(wildcard alerts/*.c)
MAIN_SRCS    := daemon/main_aisd.c daemon/main_aisctl.c
DAEMON_SRCS  := $(filter-out $(MAIN_SRCS),$(wildcard daemon/*.c))
TEST_SRCS    := $(wildcard tests/check_*.c)
TESTLIB_SRCS := $(filter-out tests/lib/fake_rtlsdr.c tests/lib/fake_dns.c,$(wildcard tests/lib/*.c))
BENCH_SRCS   := $(wildcard tests/bench/bench_*.c)
FUZZ_SRCS    := $(wildcard tests/fuzz/fuzz_*.c)

obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))

LIB_DECODE := $(BUILD)/libdecode.a
LIB_DSP    := $(BUILD)/libdsp.a
LIB_ALERTS := $(BUILD)/libalerts.a
LIB_DAEMON := $(BUILD)/libdaemon.a
LIB_TEST   := $(BUILD)/libtestsupport.a
# Link order: users before what they use.
MODULE_LIBS := $(LIB_DAEMON) $(LIB_ALERTS) $(LIB_DSP) $(LIB_DECODE)

TEST_BINS  := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRCS))
BENCH_BINS := $(patsubst tests/bench/%.c,$(BUILD)/bench/%,$(BENCH_SRCS))

.PHONY: all test check sanitize same-output clang-test bench bench-deps fuzz deps install uninstall clean help format run cross-test cross-deps cross-build \
  cross-build-arch cross-test-arch cross-cost cross-cost-arch
.DEFAULT_GOAL := all
.SECONDARY:

all: $(BUILD)/aisd $(BUILD)/aisctl

help:
	@echo "make            build build/aisd and build/aisctl"
	@echo "make test       install missing Debian packages, build, run every Check suite"
	@echo "make sanitize   the test suites under ASan+UBSan (build-san/)"
	@echo "make bench      benchmarks (decoder, receiver, alerts); figures on stdout"
	@echo "make same-output  aisctl built with gcc and with clang: same scenario/IQ files from one seed"
	@echo "make clang-test every test suite built with clang (build-clang/)"
	@echo "make fuzz       build libFuzzer targets with clang and run each (FUZZ_SECONDS=60)"
	@echo "make cross-test cross-build for aarch64 and armhf (Raspberry Pi), run the DSP tests and"
	@echo "                an aisd/aisctl end-to-end under qemu-user (docs/raspberry-pi.md)"
	@echo "make cross-build aisd and aisctl for the Pi: build-aarch64/, build-armhf/"
	@echo "make cross-cost  instructions per input sample on aarch64/armhf, counted under qemu"
	@echo "make deps       install the Debian packages aisd needs (apt-get; sudo when not root)"
	@echo "make install    install programs, config, systemd units (PREFIX=$(PREFIX) DESTDIR=)"
	@echo "make run        the README's demo: aisd on a dongle, or a simulated Caspian scenario (RUN_PORT=5556)"
	@echo "make format     clang-format every C file in place (make format-check: only check)"

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(ALL_CFLAGS) $(if $(findstring _sse2.c,$<),$(SSE2_FLAGS))$(if $(findstring _avx2.c,$<),$(AVX2_FLAGS))$(if $(findstring _neon.c,$<),$(NEON_FLAGS)) -MMD -MP -c $< -o $@

$(LIB_DECODE): $(call obj,$(DECODE_SRCS))
$(LIB_DSP):    $(call obj,$(DSP_SRCS))
$(LIB_ALERTS): $(call obj,$(ALERTS_SRCS))
$(LIB_DAEMON): $(call obj,$(DAEMON_SRCS))
$(LIB_TEST):   $(call obj,$(TESTLIB_SRCS))
$(BUILD)/%.a:
	@mkdir -p $(dir $@)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/aisd: $(call obj,daemon/main_aisd.c) $(MODULE_LIBS)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS)
$(BUILD)/aisctl: $(call obj,daemon/main_aisctl.c) $(MODULE_LIBS)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS)

# aisd on a stand-in librtlsdr (tests/lib/fake_rtlsdr.c, before -lrtlsdr so its
# symbols win) and a name server slow on cue (tests/lib/fake_dns.c: getaddrinfo)
# for tests/check_rtlsdr.c and check_daemon_ops.c; the normal aisd is untouched.
FAKERTL_AISD := $(BUILD)/tests/aisd_fakertl
$(FAKERTL_AISD): $(call obj,daemon/main_aisd.c) $(call obj,tests/lib/fake_rtlsdr.c) \
  $(call obj,tests/lib/fake_dns.c) $(MODULE_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/tests/%: $(call obj,tests/%.c) $(LIB_TEST) $(MODULE_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(CHECK_LIBS) $(LIBS)
$(BUILD)/bench/%: $(call obj,tests/bench/%.c) $(LIB_TEST) $(MODULE_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS)

# Tests run from the repository root; they find the corpus through AISD_CORPUS.
AISD_CORPUS ?= ../shared/corpus
export AISD_CORPUS

test: deps
	@$(MAKE) --no-print-directory all $(TEST_BINS) $(FAKERTL_AISD)
	@$(MAKE) --no-print-directory run-tests

check: test

run-tests: $(TEST_BINS) $(BUILD)/aisd $(BUILD)/aisctl $(FAKERTL_AISD)
	@pass=0; fail=0; failed=""; \
	for t in $(TEST_BINS); do \
	  echo "== $$t"; \
	  if AISD_BUILD=$(BUILD) $$t; then pass=$$((pass+1)); else fail=$$((fail+1)); failed="$$failed $$t"; fi; \
	done; \
	echo "test binaries: $$pass passed, $$fail failed$$failed"; \
	[ $$fail -eq 0 ]

SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
sanitize: deps
	@$(MAKE) --no-print-directory BUILD=build-san CFLAGS="$(SAN_FLAGS)" EXTRA_LIBS="-fsanitize=address,undefined" all
	@$(MAKE) --no-print-directory BUILD=build-san CFLAGS="$(SAN_FLAGS)" EXTRA_LIBS="-fsanitize=address,undefined" \
	  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 run-tests-san

# Sanitized code runs 2-5x slower: Check's per-test timeouts are stretched to match.
run-tests-san: $(TEST_BINS)
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  CK_TIMEOUT_MULTIPLIER=$${CK_TIMEOUT_MULTIPLIER:-4} $(MAKE) --no-print-directory run-tests

# gpsdecode (gpsd-clients) is only needed for the decoder bench's comparison.
BENCH_DEB_PKGS := gpsd-clients
bench: bench-deps all $(BENCH_BINS)
	@for b in $(BENCH_BINS); do echo "== $$b"; AISD_BUILD=$(BUILD) $$b || exit 1; done

FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
# clang and its sanitizer/fuzzer runtime are needed only here.
FUZZ_DEB_PKGS := clang libclang-rt-dev
# same-output: aisctl built by gcc and by clang writes the same scenario and IQ files from one
# seed (tests/same_output.sh; decode/rng.h says why that can break).
same-output: fuzz-deps all
	+@$(MAKE) --no-print-directory CC=clang BUILD=build-clang build-clang/aisctl
	@sh tests/same_output.sh $(BUILD)/aisctl build-clang/aisctl

# The suites' seeded data and our code's arithmetic must not depend on the compiler.
clang-test: fuzz-deps
	@$(MAKE) --no-print-directory CC=clang BUILD=build-clang test

fuzz-deps:
	@$(MAKE) --no-print-directory deps EXTRA_DEB_PKGS="$(EXTRA_DEB_PKGS) $(FUZZ_DEB_PKGS)"
fuzz: fuzz-deps
	@$(MAKE) --no-print-directory CC=$(FUZZ_CC) BUILD=build-fuzz \
	  CFLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer" fuzz-bins
	@for f in $(FUZZ_SRCS); do n=$$(basename $$f .c); \
	  mkdir -p build-fuzz/corpus/$$n; \
	  echo "== $$n for $(FUZZ_SECONDS) s"; \
	  build-fuzz/fuzz/$$n -max_total_time=$(FUZZ_SECONDS) -max_len=4096 build-fuzz/corpus/$$n \
	    $$(test -d tests/fuzz/seeds/$$n && echo tests/fuzz/seeds/$$n) || exit 1; done

FUZZ_BINS := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(FUZZ_SRCS))
fuzz-bins: $(FUZZ_BINS)
$(BUILD)/fuzz/%: $(call obj,tests/fuzz/%.c) $(MODULE_LIBS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer,address,undefined -o $@ $^ $(LIBS)

# Cross-builds for the Raspberry Pi (docs/raspberry-pi.md), run under qemu-user so that the
# NEON flavour and the whole daemon run on every CI run. Per architecture in CROSS_ARCHS:
#   aarch64 (Raspberry Pi OS 64-bit): Debian's arm64 -dev packages through multiarch
#           (dpkg --add-architecture arm64), run with QEMU_LD_PREFIX=/.
#   armhf   (Raspberry Pi OS 32-bit): a private sysroot of Debian armhf packages in
#           build-armhf/sysroot (tests/cross/sysroot.sh: apt-get download + dpkg-deb -x;
#           nothing armhf is installed on the machine, see docs/raspberry-pi.md for why).
# cross-test: the DSP suites (CROSS_TESTS, linking only libdsp/libdecode) under qemu with
# CK_FORK=no, failing unless NEON was selected; then aisd and aisctl, and tests/cross/e2e.sh
# (native aisctl sim -> cross aisctl rx, and cross aisd -> ZeroMQ -> native aisctl sub, both
# compared with the native aisctl rx; cross aisctl scenario/sim byte for byte against native,
# tests/same_output.sh). cross-build: aisd and aisctl only (build-ARCH/).
# Installs what it lacks (sudo when not root).
CROSS_ARCHS ?= aarch64 armhf
CROSS_TESTS ?= check_dsp_kernels check_channelizer check_iq_source
CROSS_HAVE  := $(patsubst tests/%.c,%,$(wildcard $(patsubst %,tests/%.c,$(CROSS_TESTS))))

XCC_aarch64   := aarch64-linux-gnu-gcc
XAR_aarch64   := aarch64-linux-gnu-ar
XQEMU_aarch64 := qemu-aarch64
# The loader and libc both from multiarch libc6:arm64 (/lib/ld-linux-aarch64.so.1): with
# QEMU_LD_PREFIX=/usr/aarch64-linux-gnu the cross loader (libc6-arm64-cross) loaded the multiarch
# libc.so.6 of another version, and the first pthread_create spun forever.
XROOT_aarch64 := /
XPKG_aarch64  := PKG_CONFIG_PATH=/usr/lib/aarch64-linux-gnu/pkgconfig \
  PKG_CONFIG_LIBDIR=/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig
XDEB_aarch64  := gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu libc6-dev:arm64 \
  libliquid-dev:arm64 check:arm64 libsubunit-dev:arm64 libzmq3-dev:arm64 librtlsdr-dev:arm64 \
  libsqlite3-dev:arm64 libsystemd-dev:arm64

ARMHF_SYSROOT ?= $(CURDIR)/build-armhf/sysroot
ARMHF_SYSROOT_PKGS := libc6-dev libliquid-dev check libsubunit-dev libzmq3-dev librtlsdr-dev \
  libsqlite3-dev libsystemd-dev
XCC_armhf     := arm-linux-gnueabihf-gcc --sysroot=$(ARMHF_SYSROOT)
XAR_armhf     := arm-linux-gnueabihf-ar
XQEMU_armhf   := qemu-arm
XROOT_armhf   := $(ARMHF_SYSROOT)
XPKG_armhf    := PKG_CONFIG_PATH= PKG_CONFIG_SYSROOT_DIR=$(ARMHF_SYSROOT) \
  PKG_CONFIG_LIBDIR=$(ARMHF_SYSROOT)/usr/lib/arm-linux-gnueabihf/pkgconfig:$(ARMHF_SYSROOT)/usr/share/pkgconfig
XDEB_armhf    := gcc-arm-linux-gnueabihf binutils-arm-linux-gnueabihf

# One architecture (XARCH=...): its build directory, its make, its qemu.
XBUILD = build-$(XARCH)
XMAKE  = $(XPKG_$(XARCH)) $(MAKE) --no-print-directory CC="$(XCC_$(XARCH))" AR=$(XAR_$(XARCH)) \
  BUILD=$(XBUILD)
XRUN   = env QEMU_LD_PREFIX=$(XROOT_$(XARCH)) $(XQEMU_$(XARCH))

cross-deps:
	@missing=""; for p in qemu-user $(foreach a,$(CROSS_ARCHS),$(XDEB_$(a))); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "make cross-deps: installing$$missing"; \
	  SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
	  if echo "$$missing" | grep -q ":arm64"; then \
	    dpkg --print-foreign-architectures | grep -qx arm64 || $$SUDO dpkg --add-architecture arm64; fi; \
	  $$SUDO apt-get update -q && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	fi
	@$(if $(filter armhf,$(CROSS_ARCHS)),sh tests/cross/sysroot.sh armhf $(ARMHF_SYSROOT) $(ARMHF_SYSROOT_PKGS))

cross-build: cross-deps
	@for a in $(CROSS_ARCHS); do $(MAKE) --no-print-directory cross-build-arch XARCH=$$a || exit 1; done

cross-build-arch:
	+@$(XMAKE) $(XBUILD)/aisd $(XBUILD)/aisctl

cross-test: cross-deps
	@$(MAKE) --no-print-directory all
	@fail=""; for a in $(CROSS_ARCHS); do \
	  $(MAKE) --no-print-directory cross-test-arch XARCH=$$a || fail="$$fail $$a"; done; \
	if [ -n "$$fail" ]; then echo "cross-test: FAILED on$$fail"; exit 1; fi; \
	echo "cross-test: passed on $(CROSS_ARCHS)"

cross-test-arch:
	+@$(XMAKE) $(patsubst %,$(XBUILD)/xtests/%,$(CROSS_HAVE)) $(XBUILD)/aisd $(XBUILD)/aisctl
	@pass=0; fail=0; failed=""; \
	for t in $(CROSS_HAVE); do \
	  echo "== $(XBUILD)/xtests/$$t ($(XQEMU_$(XARCH)))"; \
	  if CK_FORK=no AISD_TEST_QUICK=1 timeout -k 5 900 $(XRUN) $(XBUILD)/xtests/$$t \
	       >$(XBUILD)/xtests/$$t.log 2>&1; \
	  then pass=$$((pass+1)); else fail=$$((fail+1)); failed="$$failed $$t"; fi; \
	  grep -E "^[0-9]+%:|^active:|:F:|:E:" $(XBUILD)/xtests/$$t.log; \
	done; \
	if [ -f $(XBUILD)/xtests/check_dsp_kernels.log ] && \
	   ! grep -q "^active: neon" $(XBUILD)/xtests/check_dsp_kernels.log; then \
	  echo "cross-test: the NEON flavour was not selected under qemu"; fail=$$((fail+1)); fi; \
	echo "== tests/cross/e2e.sh ($(XQEMU_$(XARCH)))"; \
	if QEMU_LD_PREFIX=$(XROOT_$(XARCH)) sh tests/cross/e2e.sh $(XBUILD) $(BUILD) $(XQEMU_$(XARCH)); \
	then pass=$$((pass+1)); else fail=$$((fail+1)); failed="$$failed e2e"; fi; \
	echo "cross-$(XARCH): $$pass passed, $$fail failed$$failed"; \
	[ $$fail -eq 0 ]

# Instructions per input sample of the cross-built aisctl rx under qemu (docs/raspberry-pi.md):
# COST_RATE (default 288000), AISD_DSP=generic for the C kernels. Not part of cross-test.
COST_RATE ?= 288000
cross-cost: cross-build all
	@for a in $(CROSS_ARCHS); do $(MAKE) --no-print-directory cross-cost-arch XARCH=$$a || exit 1; done

cross-cost-arch:
	@echo "== $(XARCH) ($${AISD_DSP:-auto})"; \
	QEMU_LD_PREFIX=$(XROOT_$(XARCH)) sh tests/cross/cost.sh $(XBUILD) $(BUILD) $(XQEMU_$(XARCH)) $(COST_RATE)

$(BUILD)/xtests/%: $(call obj,tests/%.c) $(LIB_TEST) $(LIB_DSP) $(LIB_DECODE)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(CHECK_LIBS) -lliquid -lm -lpthread $(EXTRA_LIBS)

# Debian packages. liquid-dsp has no pkg-config file: -lliquid.
DEB_PKGS := gcc make pkg-config librtlsdr-dev libliquid-dev libzmq3-dev check libsqlite3-dev libsystemd-dev
deps:
	@missing=""; for p in $(DEB_PKGS) $(EXTRA_DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing$$missing"; \
	  SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -q && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	fi

bench-deps:
	@$(MAKE) --no-print-directory deps EXTRA_DEB_PKGS="$(EXTRA_DEB_PKGS) $(BENCH_DEB_PKGS)"

# install/uninstall: programs, config (kept if present), systemd unit, udev rule,
# DVB driver blacklist, docs and zone data. UNITDIR etc. are overridable.
UNITDIR    ?= /etc/systemd/system
UDEVDIR    ?= /etc/udev/rules.d
MODPROBEDIR ?= /etc/modprobe.d
SYSCONFDIR ?= /etc
install: all
	install -D -m 0755 $(BUILD)/aisd $(DESTDIR)$(PREFIX)/bin/aisd
	install -D -m 0755 $(BUILD)/aisctl $(DESTDIR)$(PREFIX)/bin/aisctl
	install -d $(DESTDIR)$(UNITDIR)
	sed 's|/usr/local|$(PREFIX)|g' systemd/aisd.service > $(DESTDIR)$(UNITDIR)/aisd.service
	install -D -m 0644 systemd/60-aisd-rtlsdr.rules $(DESTDIR)$(UDEVDIR)/60-aisd-rtlsdr.rules
	install -D -m 0644 systemd/aisd-blacklist-rtl.conf $(DESTDIR)$(MODPROBEDIR)/aisd-blacklist-rtl.conf
	test -e $(DESTDIR)$(SYSCONFDIR)/aisd/aisd.conf || \
	  install -D -m 0644 systemd/aisd.conf $(DESTDIR)$(SYSCONFDIR)/aisd/aisd.conf
	install -d $(DESTDIR)$(PREFIX)/share/doc/aisd $(DESTDIR)$(PREFIX)/share/aisd
	for f in docs/*.md; do install -m 0644 $$f $(DESTDIR)$(PREFIX)/share/doc/aisd/; done
	for f in $$(ls alerts/data/*.geojson 2>/dev/null); do install -m 0644 $$f $(DESTDIR)$(PREFIX)/share/aisd/; done
	@echo "installed; then: systemctl daemon-reload; udevadm control --reload; systemctl enable --now aisd"

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/aisd $(DESTDIR)$(PREFIX)/bin/aisctl $(DESTDIR)$(UNITDIR)/aisd.service \
	  $(DESTDIR)$(UDEVDIR)/60-aisd-rtlsdr.rules $(DESTDIR)$(MODPROBEDIR)/aisd-blacklist-rtl.conf
	rm -rf $(DESTDIR)$(PREFIX)/share/doc/aisd $(DESTDIR)$(PREFIX)/share/aisd
	@echo "kept $(SYSCONFDIR)/aisd/ and /var/lib/aisd/"

# run: with an RTL-SDR dongle plugged in, aisd on it; without, the whole chain
# on a simulated day: `aisctl scenario caspian` (NMEA with tag blocks) streamed
# at RUN_SPEED x real time, rendered into IQ by `aisctl sim --from-nmea` (GMSK
# bursts at their c: times in noise, RUN_RATE S/s), and aisd demodulating and
# decoding it, with the scenario's clock (--start-time), and `aisctl sub`
# showing the alerts as they arrive. The first dark alert comes about 47
# scenario minutes in (2.5 min at 20x). RUN_NMEA=1 feeds the NMEA to aisd
# directly (no DSP). RUN_SPEED=1 for true real time. Ctrl-C stops.
# Ports: the feed on RUN_PORT (default 5556) and queries on RUN_PORT+1, both
# on 127.0.0.1; when either is taken (another aisd, the installed service),
# the next free pair up is used, and make run says where to connect. A dongle
# is a USB vendor:product pair of systemd/60-aisd-rtlsdr.rules under
# RUN_USB_DEVICES (sysfs).
RUN_SPEED ?= 20
RUN_RATE  ?= 288000
RUN_DIR   ?= $(BUILD)/run
RUN_PORT  ?= 5556
RUN_USB_DEVICES ?= /sys/bus/usb/devices
run: deps all
	@mkdir -p $(RUN_DIR); \
	dongle=$$(for d in $(RUN_USB_DEVICES)/*; do [ -r $$d/idVendor ] && [ -r $$d/idProduct ] && \
	  grep -qF "ATTRS{idVendor}==\"$$(cat $$d/idVendor)\", ATTRS{idProduct}==\"$$(cat $$d/idProduct)\"" \
	    systemd/60-aisd-rtlsdr.rules && echo $$d; done | head -1); \
	listening() { cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | \
	  awk -v a=$$(printf ':%04X' $$1) -v b=$$(printf ':%04X' $$2) \
	  '$$4 == "0A" && (substr($$2, length($$2) - 4) == a || substr($$2, length($$2) - 4) == b) { f = 1 } END { exit !f }'; }; \
	port=$(RUN_PORT); tries=0; \
	case "$$port" in ''|*[!0-9]*) echo "make run: RUN_PORT=$$port is not a port number"; exit 2;; esac; \
	while listening $$port $$((port + 1)); do \
	  tries=$$((tries + 1)); \
	  if [ $$tries -ge 50 ] || [ $$((port + 3)) -gt 65535 ]; then \
	    echo "make run: no free pair of TCP ports from $(RUN_PORT) up (set RUN_PORT)"; exit 1; fi; \
	  port=$$((port + 2)); \
	done; \
	[ "$$port" = "$(RUN_PORT)" ] || echo "make run: port $(RUN_PORT) or $$(($(RUN_PORT) + 1)) is taken: using $$port and $$((port + 1))"; \
	feed=tcp://127.0.0.1:$$port; query=tcp://127.0.0.1:$$((port + 1)); \
	trap 'kill $$aisd 2>/dev/null; wait $$aisd 2>/dev/null' EXIT INT TERM; \
	out="--state-dir $(RUN_DIR)/state --udp none --status-interval 10 --publish $$feed --query $$query"; \
	if [ -n "$$dongle" ] && [ -z "$(RUN_SIM)$(RUN_NMEA)" ]; then \
	  echo "make run: RTL-SDR found: aisd on the dongle (RUN_SIM=1 for the simulation)"; \
	  $(BUILD)/aisd --input rtlsdr $$out 2>$(RUN_DIR)/aisd.log & aisd=$$!; \
	else \
	  rm -rf $(RUN_DIR)/sim-state; \
	  out="--state-dir $(RUN_DIR)/sim-state --udp none --status-interval 10 --publish $$feed --query $$query"; \
	  start=$$(date -u +%Y-%m-%dT%H:%M:%SZ); \
	  alerts="--alerts-config $(RUN_DIR)/station.conf $$(ls alerts/data/caspian_ports.geojson 2>/dev/null | sed 's/^/--zones /')"; \
	  $(BUILD)/aisctl scenario caspian -d 1s -o /dev/null --engine-config $(RUN_DIR)/station.conf 2>/dev/null; \
	  if [ -n "$(RUN_NMEA)" ]; then \
	    echo "make run: the Caspian scenario as NMEA (no DSP) at $(RUN_SPEED)x real time -> aisd -> aisctl sub."; \
	    $(BUILD)/aisctl scenario caspian -d 24h --start $$start --realtime --speed $(RUN_SPEED) 2>/dev/null | \
	    $(BUILD)/aisd --input nmea:- $$alerts $$out 2>$(RUN_DIR)/aisd.log & aisd=$$!; \
	  else \
	    echo "make run: no dongle: the Caspian scenario at $(RUN_SPEED)x real time -> IQ at $(RUN_RATE) S/s"; \
	    echo "  (aisctl sim --from-nmea) -> aisd: demodulator, decoder, state, alerts -> aisctl sub."; \
	    $(BUILD)/aisctl scenario caspian -d 24h --start $$start --realtime --speed $(RUN_SPEED) 2>/dev/null | \
	    $(BUILD)/aisctl sim --from-nmea - --start $$start --realtime --speed $(RUN_SPEED) \
	      --rate $(RUN_RATE) 2>$(RUN_DIR)/sim.log | \
	    $(BUILD)/aisd --input - --format cu8 --rate $(RUN_RATE) --start-time $$start \
	      $$alerts $$out 2>$(RUN_DIR)/aisd.log & aisd=$$!; \
	  fi; \
	fi; \
	echo "  Logs: $(RUN_DIR)/aisd.log$$([ -z "$(RUN_NMEA)" ] && [ -z "$$dongle" -o -n "$(RUN_SIM)" ] && echo ", $(RUN_DIR)/sim.log"). Ctrl-C stops."; \
	echo "  The feed: $(BUILD)/aisctl sub --connect $$feed   (all topics; --topic alert for alerts)"; \
	echo "  Queries:  $(BUILD)/aisctl status --connect $$query   (also: gaps, vessels, alerts, coverage)"; \
	sleep 0.5; \
	if ! kill -0 $$aisd 2>/dev/null; then echo "make run: aisd stopped at start:"; tail -5 $(RUN_DIR)/aisd.log; exit 1; fi; \
	$(BUILD)/aisctl sub --connect $$feed --topic alert --topic status

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

.PHONY: format-check fuzz-deps
format-check:
	@$(MAKE) --no-print-directory deps EXTRA_DEB_PKGS="$(EXTRA_DEB_PKGS) clang-format"
	@bad=$$(for f in $$(git ls-files '*.c' '*.h'); do clang-format "$$f" | cmp -s - "$$f" || echo "$$f"; done); \
	if [ -n "$$bad" ]; then echo "not clang-formatted (run make format):"; echo "$$bad"; exit 1; fi; \
	echo "format-check: every C file is clang-formatted"

clean:
	rm -rf build build-san build-fuzz build-aarch64 build-armhf

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
