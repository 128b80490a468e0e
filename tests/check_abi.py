#!/usr/bin/env python3
"""The ABI of libgoc.so.1 is the one recorded in abi/.

usage: check_abi.py SOURCE_ROOT BUILD_ROOT LIBRARY [CC...]

abi/libgoc.so.1.abi is an abidw dump of the library (functions, their
signatures, the types they reach, symbol versions); abi/constants.txt the
values of the public enumerators and numeric macros, which abidiff cannot
see because the functions take them as plain int, and of the struct and
schema versions.  The library just built is dumped the same way and
compared:

- abidiff reports nothing and the constants are the same: pass;
- anything else fails with abidiff's report.  Additions fail too, until
  they are recorded: a new function goes into a NEW version node of
  lib/libgoc.map, then tools/abi-update records it in abi/ (see
  docs/versioning.md).  The report says which it is: a pure addition (new
  functions in a new node, new constants, a higher *_VERSION, fields
  appended to a versioned struct together with a higher *_VERSION — see
  abi/versioned-structs.suppr) or a break.

Exit 77 (skipped) only if abidw/abidiff are missing, or the baseline was
dumped on another architecture.  abidiff's exit status is a bit mask
(4 = ABI change, 8 = incompatible change): any non-zero status fails.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

SKIP = 77


def baseline_paths(src):
    return (os.path.join(src, "abi", "libgoc.so.1.abi"),
            os.path.join(src, "abi", "constants.txt"))


def suppressions(src):
    return os.path.join(src, "abi", "versioned-structs.suppr")


VERSIONED_STRUCT = re.compile(r"goc_[a-z_]+_(options|fields|filter)")


def dump_options(src):
    # Private types (the opaque handles' real structs in lib/) are dropped:
    # only what the public headers define is part of the ABI.  Locations,
    # paths and DT_NEEDED are left out so that the dump does not change
    # with comments, checkouts or link dependencies.
    return ["--headers-dir", os.path.join(src, "include"),
            "--drop-private-types", "--no-corpus-path", "--no-comp-dir-path",
            "--no-show-locs", "--no-elf-needed", "--type-id-style", "hash"]


def tools_missing():
    return [t for t in ("abidw", "abidiff") if shutil.which(t) is None]


def has_debug_info(lib):
    out = subprocess.run(["readelf", "-S", "-W", lib], check=True,
                         capture_output=True, text=True).stdout
    return ".debug_info" in out


def dump(src, lib, out):
    subprocess.run(["abidw"] + dump_options(src) + ["--out-file", out, lib],
                   check=True)


def corpus_info(abi_file):
    """(architecture, soname, {symbol: version}, {struct: size in bits}) of
    an abidw dump."""
    root = ET.parse(abi_file).getroot()
    syms = {}
    for group in ("elf-function-symbols", "elf-variable-symbols"):
        for el in root.iter(group):
            for s in el.iter("elf-symbol"):
                syms[s.get("name")] = s.get("version", "")
    sizes = {c.get("name"): int(c.get("size-in-bits"))
             for c in root.iter("class-decl")
             if c.get("name", "").startswith("goc_") and c.get("size-in-bits")}
    return root.get("architecture", ""), root.get("soname", ""), syms, sizes


def abidiff(old, new, extra=()):
    p = subprocess.run(["abidiff"] + list(extra) + [old, new],
                       capture_output=True, text=True)
    return p.returncode, (p.stdout + p.stderr).strip()


# ---- constants ----

def header_constants(src):
    """Names of the public enumerators and numeric macros, in header order.
    The release's version (GOC_VERSION_*) is left out: it is meant to move.
    The struct and schema versions (GOC_*_VERSION) are in: they may only
    go up."""
    names = []
    hdir = os.path.join(src, "include", "goc")
    for h in sorted(os.listdir(hdir)):
        if not h.endswith(".h"):
            continue
        text = open(os.path.join(hdir, h), encoding="utf-8").read()
        text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
        for body in re.findall(r"\benum\s+goc_\w+\s*\{(.*?)\}", text, re.S):
            for item in body.split(","):
                m = re.match(r"\s*(GOC_\w+)", item)
                if m:
                    names.append(m.group(1))
        for name, value in re.findall(r"^#define\s+(GOC_\w+)[ \t]+(.+)$", text, re.M):
            if name.startswith("GOC_VERSION_"):
                continue
            if re.fullmatch(r"[-+0-9.()<\s]+", value.strip()):
                names.append(name)
    return names


def current_constants(src, cc, build_include):
    names = header_constants(src)
    with tempfile.TemporaryDirectory() as tmp:
        c = os.path.join(tmp, "constants.c")
        with open(c, "w") as f:
            f.write("#include <stdio.h>\n#include <goc.h>\nint main(void)\n{\n")
            for n in names:
                f.write('\tprintf("%%s %%.17g\\n", "%s", (double)(%s));\n' % (n, n))
            f.write("\treturn 0;\n}\n")
        exe = os.path.join(tmp, "constants")
        subprocess.run(cc + ["-std=c11", "-I", os.path.join(src, "include"),
                             "-I", build_include, "-o", exe, c], check=True)
        out = subprocess.run([exe], check=True, capture_output=True, text=True).stdout
    return parse_constants(out)


def parse_constants(text):
    vals = {}
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, value = line.split()
            vals[name] = value
    return vals


def write_constants(path, vals):
    with open(path, "w") as f:
        f.write("# libgoc ABI constants: the public enumerators and numeric macros.\n"
                "# Generated by tools/abi-update, checked by tests/check_abi.py.\n")
        for name, value in vals.items():
            f.write("%s %s\n" % (name, value))


def compare_constants(old, new):
    """(breaks, additions) as lists of text lines."""
    breaks, adds = [], []
    for name, value in old.items():
        if name not in new:
            breaks.append("%s (= %s) was removed or renamed" % (name, value))
        elif new[name] != value and name.endswith("_VERSION") and float(new[name]) > float(value):
            adds.append("%s went up: %s -> %s" % (name, value, new[name]))
        elif new[name] != value:
            breaks.append("%s changed value: %s -> %s" % (name, value, new[name]))
    for name in new:
        if name not in old:
            adds.append("%s = %s was added" % (name, new[name]))
    return breaks, adds


# ---- the whole comparison ----

class Result:
    def __init__(self):
        self.diff_rc = 0
        self.report = ""
        self.additions_only = True
        self.added_syms = {}      # name -> version
        self.misplaced = []       # added symbols in a version node the baseline has
        self.const_breaks = []
        self.const_adds = []
        self.arch = ("", "")
        self.soname = ("", "")

    def same(self):
        return self.diff_rc == 0 and not self.const_breaks and not self.const_adds

    def pure_addition(self):
        return (self.additions_only and not self.const_breaks
                and not self.misplaced)


def compare(src, lib, cc, build_include, current_abi):
    base_abi, base_consts = baseline_paths(src)
    r = Result()
    a0, s0, syms0, sizes0 = corpus_info(base_abi)
    a1, s1, syms1, sizes1 = corpus_info(current_abi)
    r.arch, r.soname = (a0, a1), (s0, s1)
    if a0 != a1:
        return r
    r.diff_rc, r.report = abidiff(base_abi, current_abi)
    if r.diff_rc != 0:
        # Is it only additions?  New functions are, and so are fields
        # appended to a versioned struct (checked against its *_VERSION
        # below); anything else abidiff sees is a break.
        rc2, _ = abidiff(base_abi, current_abi,
                         ["--no-added-syms", "--suppressions", suppressions(src)])
        r.additions_only = rc2 == 0
    released = set(syms0.values())
    r.added_syms = {n: v for n, v in syms1.items() if n not in syms0}
    r.misplaced = sorted(n for n, v in r.added_syms.items() if v in released)
    old = parse_constants(open(base_consts).read()) if os.path.exists(base_consts) else {}
    new = current_constants(src, cc, build_include)
    r.const_breaks, r.const_adds = compare_constants(old, new)
    for name, size in sorted(sizes1.items()):
        if name in sizes0 and size > sizes0[name] and VERSIONED_STRUCT.fullmatch(name):
            macro = "GOC_%s_VERSION" % name[4:].upper()
            if macro not in old or macro not in new or float(new[macro]) <= float(old[macro]):
                r.const_breaks.append("struct %s grew (%d -> %d bits) but %s did not go up"
                                      % (name, sizes0[name], size, macro))
    return r


def main():
    src, build, lib = sys.argv[1], sys.argv[2], sys.argv[3]
    cc = sys.argv[4:] or ["cc"]
    build_include = os.path.join(build, "include")
    missing = tools_missing()
    if missing:
        print("skipped: %s not installed (apt-get install abigail-tools)" % " and ".join(missing))
        return SKIP
    base_abi, _ = baseline_paths(src)
    if not os.path.exists(base_abi):
        print("no ABI baseline %s: run tools/abi-update" % base_abi)
        return 1
    if not has_debug_info(lib):
        print("%s has no debug info, so abidw cannot see its types: build with -g "
              "(the default buildtype, debugoptimized, has it)" % lib)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        cur = os.path.join(tmp, "current.abi")
        dump(src, lib, cur)
        r = compare(src, lib, cc, build_include, cur)
    if r.arch[0] != r.arch[1]:
        print("skipped: the baseline describes %s, this build is %s" % r.arch)
        return SKIP
    if r.same():
        print("ABI of %s matches abi/ (abidiff: no change; %s constants unchanged)"
              % (os.path.basename(lib), len(header_constants(src))))
        return 0

    if r.report:
        print("---- abidiff abi/libgoc.so.1.abi <this build> (exit status %d) ----"
              % r.diff_rc)
        print(r.report)
    if r.const_breaks or r.const_adds:
        print("---- constants (abi/constants.txt) ----")
        for line in r.const_breaks + r.const_adds:
            print(line)
    print("----")
    if r.pure_addition():
        print("FAIL: a pure addition to the ABI that abi/ does not record yet.  If it "
              "is intended, record it: new functions go into a NEW version node of "
              "lib/libgoc.map (never a released one); then run tools/abi-update, which "
              "updates the baseline, and commit abi/ with the change "
              "(docs/versioning.md).")
    elif r.additions_only and not r.const_breaks:
        print("FAIL: new functions were added to a released version node of "
              "lib/libgoc.map; a released node never changes.  Put them in a new "
              "node (GOC_1.1 …), then run tools/abi-update (docs/versioning.md):")
        for n in r.misplaced:
            print("  %s is in %s" % (n, r.added_syms[n]))
    else:
        print("FAIL: this is not a pure addition: the ABI of libgoc.so.1 changed "
              "(a removed or renamed symbol, a changed signature or struct layout, "
              "a changed constant).  Undo the change; an intended break needs a new "
              "SONAME (docs/versioning.md).")
    return 1


if __name__ == "__main__":
    sys.exit(main())
