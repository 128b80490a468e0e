#!/bin/sh
# Install libgoc into a scratch root and build a program outside the tree
# with `pkg-config --cflags --libs goc`, as an integrator would; run it.
# usage: install_consumer.sh BUILD_DIR PROGRAM.c
set -eu
unset LD_LIBRARY_PATH   # meson points it at the build tree; we test the installed copy
build=$1
prog=$2
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
# (not --no-rebuild: meson test builds only what tests need; installing
# wants everything, docs and the Python module included)
meson install -C "$build" --destdir "$root" --quiet >/dev/null
pc=$(find "$root" -name goc.pc | head -n 1)
[ -n "$pc" ] || { echo "goc.pc was not installed"; exit 1; }
export PKG_CONFIG_PATH=$(dirname "$pc")
prefix=$(pkg-config --variable=prefix goc)
flags=$(pkg-config --define-variable=prefix="$root$prefix" --cflags --libs goc)
libdir=$(pkg-config --define-variable=prefix="$root$prefix" --variable=libdir goc)
cc -std=c11 -Wall -Wextra -Werror -o "$root/consumer" "$prog" $flags -Wl,-rpath,"$libdir"
# the program must load the installed library, not the build tree's
ldd "$root/consumer" | grep -q "$root" || { echo "consumer does not use the installed libgoc"; exit 1; }
"$root/consumer" "$root/consumer.db"
echo "installed libgoc builds and runs an outside program"
