#!/bin/sh
# The library and the goc tool are warning-free when optimized (-O3, what
# `--buildtype=release` uses): some of gcc's warnings, -Wmaybe-uninitialized
# above all, appear only with the optimizer's data-flow analysis, so the
# default debugoptimized build (-O2 -g) does not see them.  Every source
# compiled with the build's compiler at -O3, warnings as errors.
# usage: o3_warnings.sh SOURCE_ROOT BUILD_ROOT
set -eu
src=$1
build=$2
cc=${CC:-cc}
n=0
for f in "$src"/lib/*.c "$src"/tools/goc/*.c; do
	# the workbook writer is built only where libxlsxwriter is (meson feature xlsx)
	if [ "$(basename "$f")" = xlsx.c ] && ! pkg-config --exists xlsxwriter; then
		continue
	fi
	$cc -std=c11 -O3 -Wall -Wextra -Wpedantic -Werror -c -o /dev/null \
	    -DGOC_BUILDING -D_POSIX_C_SOURCE=200809L \
	    -I"$src/include" -I"$build/include" -I"$src/lib" -I"$build/lib" -I"$build/tools/goc" \
	    $(pkg-config --cflags sqlite3 jansson nettle libzip libxml-2.0) "$f"
	n=$((n + 1))
done
echo "$n files warning-free at -O3 under $($cc --version | head -n 1)"
