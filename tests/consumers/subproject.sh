#!/bin/sh
# Build and run tests/consumers/subproject, a project that uses libgoc as a
# meson subproject, in a scratch directory: configure, build, run.
# usage: subproject.sh SOURCE_ROOT
set -eu
unset LD_LIBRARY_PATH   # the consumer must run against the subproject's own build
src=$(cd "$1" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -R "$src/tests/consumers/subproject" "$tmp/consumer"
mkdir "$tmp/consumer/subprojects"
# libgoc's source tree as the subproject (meson builds out of tree, so a
# link is enough; a copy or a git submodule works the same way).
ln -s "$src" "$tmp/consumer/subprojects/libgoc"
# --force-fallback-for: use the subproject even if a libgoc is installed.
meson setup "$tmp/build" "$tmp/consumer" --force-fallback-for=goc >"$tmp/setup.log" 2>&1 ||
	{ cat "$tmp/setup.log"; exit 1; }
grep -q "Dependency goc found: YES .*(overridden)" "$tmp/setup.log" ||
	{ cat "$tmp/setup.log"; echo "dependency('goc') was not resolved by libgoc's meson.override_dependency()"; exit 1; }
meson compile -C "$tmp/build" >"$tmp/compile.log" 2>&1 || { cat "$tmp/compile.log"; exit 1; }
# the program must load the libgoc built as its subproject
ldd "$tmp/build/consumer" | grep -q "$tmp/build/subprojects/libgoc" ||
	{ ldd "$tmp/build/consumer"; echo "the consumer does not use the subproject's libgoc"; exit 1; }
echo "$(grep -c 'Compiling C object subprojects/libgoc' "$tmp/compile.log") libgoc sources compiled as a subproject"
"$tmp/build/consumer"
