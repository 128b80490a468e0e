#!/bin/sh
# The library, the public header, the examples, the goc tool and the fuzz targets are
# warning-free under clang too (gcc is the build's compiler): every source
# compiled with clang at the build's warning level, as errors.
# usage: clang_warnings.sh SOURCE_ROOT BUILD_ROOT
set -eu
src=$1
build=$2
command -v clang >/dev/null || { echo "clang is not installed"; exit 1; }
n=0
for f in "$src"/lib/*.c "$src"/tests/header_alone.c "$src"/examples/c/*.c "$src"/tools/goc/*.c \
         "$src"/fuzz/*.c; do
	clang -std=c11 -Wall -Wextra -Wpedantic -Werror -fsyntax-only \
	      -DGOC_BUILDING -D_POSIX_C_SOURCE=200809L \
	      -I"$src/include" -I"$build/include" -I"$src/lib" \
	      $(pkg-config --cflags sqlite3 jansson libzip libxml-2.0) "$f"
	n=$((n + 1))
done
echo "$n files warning-free under $(clang --version | head -n 1)"
