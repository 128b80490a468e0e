#!/bin/sh
# Install libgoc into a scratch root (a --destdir staging) and build a
# program outside the tree against it with pkg-config, as an integrator
# would, with exactly the commands docs/integrators.md shows ("Against a
# staged (--destdir) install"); run it, once with LD_LIBRARY_PATH and once
# linked with an rpath.
# usage: install_consumer.sh BUILD_DIR PROGRAM.c
set -eu
unset LD_LIBRARY_PATH PKG_CONFIG_LIBDIR   # meson points the first at the build tree; we test the installed copy
build=$1
prog=$2
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
# (not --no-rebuild: meson test builds only what tests need; installing
# wants everything, docs and the Python module included)
meson install -C "$build" --destdir "$root" --quiet >/dev/null
pc=$(find "$root" -name goc.pc | head -n 1)
[ -n "$pc" ] || { echo "goc.pc was not installed"; exit 1; }
export PKG_CONFIG_SYSROOT_DIR="$root"
export PKG_CONFIG_PATH="$(dirname "$pc")"
libdir=$(pkg-config --variable=libdir goc)
case $libdir in
"$root"/*) ;;
*) echo "pkg-config --variable=libdir goc: $libdir is outside the staging directory $root"; exit 1 ;;
esac
cc -std=c11 -Wall -Wextra -Werror -o "$root/consumer" "$prog" $(pkg-config --cflags --libs goc)
# the program must load the installed library, not the build tree's
LD_LIBRARY_PATH=$libdir ldd "$root/consumer" | grep -q "$root" || { echo "consumer does not use the installed libgoc"; exit 1; }
LD_LIBRARY_PATH=$libdir "$root/consumer" "$root/consumer.db"
cc -std=c11 -Wall -Wextra -Werror -o "$root/consumer-rpath" "$prog" $(pkg-config --cflags --libs goc) \
   -Wl,-rpath,"$libdir"
ldd "$root/consumer-rpath" | grep -q "$root" || { echo "consumer-rpath does not use the installed libgoc"; exit 1; }
rm -f "$root/consumer.db"*
"$root/consumer-rpath" "$root/consumer.db"
echo "installed (staged) libgoc builds and runs an outside program, with LD_LIBRARY_PATH and with an rpath"
