#!/bin/sh
# cost.sh: instructions per input sample of the cross-built `aisctl rx`, counted under qemu-user
# by our TCG plugin (tests/cross/insn_count.c), for the Pi CPU estimate in docs/raspberry-pi.md.
#
#   QEMU_LD_PREFIX=SYSROOT tests/cross/cost.sh XBUILD NATIVE_BUILD QEMU [RATE]
#
# Two simulated files (native aisctl sim, default traffic: 20 vessels, Eb/N0 6-30 dB) of 5 s and
# 25 s (COST_SHORT_S, COST_LONG_S) at RATE (default 288000) are decoded; the difference of the two
# counts over the 20 s difference cancels start-up (tables, filter design) and leaves the per-sample cost of the
# receiver in steady state. Prints the counts and "instructions per input sample: X".
# (valgrind's own ARM build runs under qemu-user here, but its client malloc returns NULL.)
set -eu
[ $# -ge 3 ] || {
    echo "usage: QEMU_LD_PREFIX=SYSROOT $0 XBUILD NATIVE_BUILD QEMU [RATE]" >&2
    exit 2
}
xb=$1
nb=$2
qemu=$3
rate=${4:-288000}
d1=${COST_SHORT_S:-5}
d2=${COST_LONG_S:-25}
dir="$xb/cost"
mkdir -p "$dir"
${HOSTCC:-cc} -std=c11 -Wall -Wextra -O2 -shared -fPIC -o "$dir/insn_count.so" \
    "$(dirname "$0")/insn_count.c"
count()
{
    "$nb/aisctl" sim -d "$1" -r "$rate" -s 3 -o "$dir/sim$1.cu8" 2>/dev/null
    "$qemu" -plugin "$dir/insn_count.so" "$xb/aisctl" rx --format cu8 --rate "$rate" \
        "$dir/sim$1.cu8" >"$dir/rx$1.nmea" 2>"$dir/rx$1.log"
    sed -n 's/^insn_count: \([0-9]*\)$/\1/p' "$dir/rx$1.log"
}
a=$(count "$d1")
b=$(count "$d2")
[ -n "$a" ] && [ -n "$b" ] || {
    echo "cost: no instruction count (see $dir/rx$d1.log, $dir/rx$d2.log)" >&2
    exit 1
}
echo "instructions: $d1 s $a, $d2 s $b; sentences $(grep -c . "$dir/rx$d1.nmea") and $(grep -c . "$dir/rx$d2.nmea")"
echo "$a $b $rate $d1 $d2" | awk '{ printf "instructions per input sample: %.1f at %d S/s\n", ($2 - $1) / (($5 - $4) * $3), $3 }'
