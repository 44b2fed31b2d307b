#!/bin/sh
# e2e.sh: the cross-built aisd and aisctl end to end under qemu-user, against the native build.
#
#   QEMU_LD_PREFIX=SYSROOT tests/cross/e2e.sh XBUILD NATIVE_BUILD QEMU [FLAVOUR]
#
# 1. the native aisctl sim writes 6 s of traffic (288 kS/s cu8, 12 vessels at Eb/N0 12-30 dB);
# 2. the native aisctl rx decodes it: the reference sentences (at least one per simulated burst);
# 3. XBUILD/aisd --show-dsp under QEMU must report "active: FLAVOUR" (default neon);
# 4. XBUILD/aisctl rx under QEMU must print exactly the reference sentences;
# 5. XBUILD/aisd under QEMU decodes the file and publishes on ZeroMQ (ipc://, no port to collide);
#    the native aisctl sub must receive exactly the reference sentences on the nmea topic;
# 6. XBUILD/aisctl under QEMU must write byte for byte the native aisctl's scenario and IQ files
#    from the same seeds (tests/same_output.sh: "the same seed gives the same sequence on every
#    platform", decode/rng.h).
# Prints one line per step and "e2e: N passed, N failed"; exit 1 when a step failed.
set -u
[ $# -ge 3 ] || {
    echo "usage: QEMU_LD_PREFIX=SYSROOT $0 XBUILD NATIVE_BUILD QEMU [FLAVOUR]" >&2
    exit 2
}
xb=$1
nb=$2
qemu=$3
flavour=${4:-neon}
dir="$xb/e2e"
# Every emulated run is bounded: a hang must fail the step, not stall CI (qemu ignores SIGTERM
# while a guest thread spins, hence -k).
run()
{
    timeout -k 5 "${E2E_TIMEOUT:-300}" "$qemu" "$@"
}
rm -rf "$dir"
mkdir -p "$dir"
pass=0
fail=0
step()
{
    if [ "$1" = ok ]; then
        pass=$((pass + 1))
        echo "e2e ok:   $2"
    else
        fail=$((fail + 1))
        echo "e2e FAIL: $2"
    fi
}
# The sentences (no tag block) of `aisctl rx` output or of `aisctl sub --json` lines, sorted.
sentences()
{
    sed -n 's/.*\(!AIVDM,[^"]*\).*/\1/p' "$1" | sort
}

"$nb/aisctl" sim -d 6 -n 12 -e 12:30 -s 7 -o "$dir/sim.cu8" 2>"$dir/sim.log" || {
    echo "e2e: native aisctl sim failed" >&2
    exit 1
}
bursts=$(wc -l <"$dir/sim.cu8.truth.jsonl")
"$nb/aisctl" rx --format cu8 --rate 288000 "$dir/sim.cu8" >"$dir/native.nmea" 2>"$dir/native.log"
sentences "$dir/native.nmea" >"$dir/native.sorted"
n=$(wc -l <"$dir/native.sorted")
frames=$(grep -c '^!AIVDM,[12],1,' "$dir/native.sorted")
if [ "$frames" -ge "$bursts" ] && [ "$bursts" -gt 0 ]; then
    step ok "native aisctl rx: $frames frames ($n sentences) from $bursts simulated bursts"
else
    step fail "native aisctl rx: $frames frames from $bursts simulated bursts (the reference is short)"
fi

run "$xb/aisd" --show-dsp >"$dir/show-dsp.txt" 2>&1
if grep -q "^active: $flavour" "$dir/show-dsp.txt"; then
    step ok "aisd --show-dsp under $qemu: active: $flavour"
else
    step fail "aisd --show-dsp under $qemu: $(grep '^active' "$dir/show-dsp.txt" || head -1 "$dir/show-dsp.txt")"
fi

run "$xb/aisctl" rx --format cu8 --rate 288000 "$dir/sim.cu8" >"$dir/cross.nmea" 2>"$dir/cross.log"
sentences "$dir/cross.nmea" >"$dir/cross.sorted"
if [ "$n" -gt 0 ] && cmp -s "$dir/native.sorted" "$dir/cross.sorted"; then
    step ok "aisctl rx under $qemu: the same $n sentences as native"
else
    step fail "aisctl rx under $qemu: $(wc -l <"$dir/cross.sorted") sentences, differ from native:"
    diff "$dir/native.sorted" "$dir/cross.sorted" | head -10
fi

sock="ipc://$(cd "$dir" && pwd)/pub.sock"
run "$xb/aisd" --input "$dir/sim.cu8" --format cu8 --rate 288000 --publish "$sock" \
    --query none --udp none --state-dir none --wait-subscriber 60 --status-interval 3600 \
    --start-time 2026-11-22T00:00:00Z >"$dir/aisd.log" 2>&1 &
aisd=$!
timeout -k 5 300 "$nb/aisctl" sub --connect "$sock" --topic nmea --json --count "$n" --timeout 120 \
    >"$dir/sub.out" 2>"$dir/sub.log"
wait $aisd
rc=$?
sentences "$dir/sub.out" >"$dir/sub.sorted"
if [ "$n" -gt 0 ] && [ $rc -eq 0 ] && cmp -s "$dir/native.sorted" "$dir/sub.sorted"; then
    step ok "aisd under $qemu -> ZeroMQ -> native aisctl sub: the same $n sentences as native"
else
    step fail "aisd under $qemu (exit $rc) -> native aisctl sub: $(wc -l <"$dir/sub.sorted") sentences, differ from native:"
    diff "$dir/native.sorted" "$dir/sub.sorted" | head -10
    tail -3 "$dir/aisd.log"
fi

if sh "$(dirname "$0")/../same_output.sh" "$nb/aisctl" "$xb/aisctl" "timeout -k 5 300 $qemu" \
    >"$dir/same_output.log" 2>&1; then
    step ok "aisctl scenario and sim under $qemu: $(tail -1 "$dir/same_output.log")"
else
    step fail "aisctl scenario and sim under $qemu: $(tail -1 "$dir/same_output.log")"
    grep DIFF "$dir/same_output.log"
fi

echo "e2e: $pass passed, $fail failed"
[ $fail -eq 0 ]
