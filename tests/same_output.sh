#!/bin/sh
# same_output.sh: one seed gives the same simulated traffic whichever compiler or machine built
# aisctl (decode/rng.h: draws in one statement's arguments or operands come in no fixed order).
#
#   tests/same_output.sh AISCTL_A AISCTL_B [RUNNER]
#
# Runs aisctl scenario (random with every kind of switch-off, caspian) and aisctl sim (traffic,
# sweep with collisions, --from-nmea) with the same seeds through both binaries (B through
# RUNNER, e.g. qemu-aarch64, when given) and compares the outputs byte for byte.
# Prints one line per output and "same-output: N same, N different"; exit 1 when one differs.
set -u
[ $# -ge 2 ] || {
    echo "usage: $0 AISCTL_A AISCTL_B [RUNNER]" >&2
    exit 2
}
abs()
{
    case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac
}
a=$(abs "$1")
b=$(abs "$2")
runner=${3:-}
dir=$(mktemp -d "${TMPDIR:-/tmp}/same_output.XXXXXX")
trap 'rm -rf "$dir"' EXIT
# gen TAG ARGS...: run ARGS with both binaries in dir/A and dir/B (outputs named after TAG)
gen()
{
    tag=$1
    shift
    for side in A B; do
        mkdir -p "$dir/$side"
        if [ $side = A ]; then bin=$a; pre=""; else bin=$b; pre=$runner; fi
        (cd "$dir/$side" && $pre "$bin" "$@" >"$tag.stdout" 2>/dev/null)
    done
}
gen scen_mix scenario random --dark mix -n 40 -d 3h -s 5 --loss flatfades -o scen_mix.nmea \
    -t scen_mix.truth
gen scen_port scenario random -n 30 -d 6h -s 2 --range 60 -o scen_port.nmea -t scen_port.truth
gen scen_casp scenario caspian -d 30m -s 9 -o scen_casp.nmea -t scen_casp.truth
gen sim_traffic sim -d 2 -s 5 -o sim_traffic.cu8 -t sim_traffic.truth
gen sim_sweep sim -m sweep --sweep 4:8:2 --per-level 4 --collide 0.3 -s 6 -o sim_sweep.cu8 \
    -t sim_sweep.truth
gen scen_short scenario caspian -d 2m -s 4 -o scen_short.nmea -t scen_short.truth
for side in A B; do
    if [ $side = A ]; then bin=$a; pre=""; else bin=$b; pre=$runner; fi
    (cd "$dir/$side" &&
        $pre "$bin" sim --from-nmea scen_short.nmea -s 4 -o sim_nmea.cu8 >/dev/null 2>&1)
done
same=0
diff=0
for f in $(cd "$dir/A" && ls); do
    if [ -s "$dir/A/$f" ] || [ -s "$dir/B/$f" ]; then
        if cmp -s "$dir/A/$f" "$dir/B/$f"; then
            same=$((same + 1))
            echo "same-output ok:   $f"
        else
            diff=$((diff + 1))
            echo "same-output DIFF: $f"
        fi
    fi
done
echo "same-output: $same same, $diff different"
[ $diff -eq 0 ] && [ $same -ge 10 ]
