#!/bin/sh
# sysroot.sh: a private Debian sysroot for a cross build, with nothing installed on the machine.
#
#   tests/cross/sysroot.sh DEBARCH DIR PACKAGE...
#
# Fetches the packages and everything they depend on for DEBARCH (e.g. armhf) with apt-get
# download, through a private apt state in DIR.apt (the machine's own apt sources, its
# architecture list untouched), and unpacks them into DIR with dpkg-deb -x. Then
#   CC="arm-linux-gnueabihf-gcc --sysroot=DIR", PKG_CONFIG_SYSROOT_DIR=DIR and
#   QEMU_LD_PREFIX=DIR
# build and run against it. Unlike multiarch (dpkg --add-architecture), this never has to
# match the version of the machine's own "Multi-Arch: same" packages (libc6, libssl3,
# linux-libc-dev...), and a foreign index that fails to download cannot break the machine's
# `apt-get update`. Does nothing when DIR already holds exactly these packages.
set -eu
[ $# -ge 3 ] || {
    echo "usage: $0 DEBARCH DIR PACKAGE..." >&2
    exit 2
}
arch=$1
root=$2
shift 2
want="$arch $*"
stamp="$root/.sysroot-packages"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then exit 0; fi

apt="$root.apt"
pkgs="$*"
mkdir -p "$apt/lists/partial" "$apt/archives/partial" "$apt/debs"
: >"$apt/status"
# apt-get/apt-cache on the private state, for $arch only.
aptx()
{
    cmd=$1
    shift
    "$cmd" -o APT::Architecture="$arch" -o APT::Architectures::="$arch" \
        -o Dir::State::Lists="$apt/lists" -o Dir::State::status="$apt/status" \
        -o Dir::Cache="$apt" -o Dir::Cache::archives="$apt/archives" \
        -o Debug::NoLocking=1 -o APT::Sandbox::User="$(id -un)" "$@"
}
echo "sysroot: $arch package lists"
# One index of the machine's sources may fail (a mirror mid-sync): use what came.
aptx apt-get update -q >"$apt/update.log" 2>&1 || {
    grep -E "^(E|W):" "$apt/update.log" >&2 || true
    echo "sysroot: apt-get update reported errors; going on with the indexes it fetched" >&2
}
# shellcheck disable=SC2086
all=$(aptx apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts \
    --no-breaks --no-replaces --no-enhances $pkgs | grep -v '^[ <]' | sort -u)
[ -n "$all" ] || {
    echo "sysroot: no $arch packages found (apt-get update failed?)" >&2
    exit 1
}
echo "sysroot: $(echo "$all" | wc -l) $arch packages into $root"
rm -f "$apt/debs"/*.deb
# shellcheck disable=SC2086
(cd "$apt/debs" && aptx apt-get download -q $all >"$apt/download.log" 2>&1) || {
    tail -5 "$apt/download.log" >&2
    exit 1
}
rm -rf "$root"
mkdir -p "$root"
for deb in "$apt/debs"/*.deb; do dpkg-deb -x "$deb" "$root"; done
echo "$want" >"$stamp"
