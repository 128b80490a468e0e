#!/usr/bin/env python3
"""Run Doxygen on the configured Doxyfile; any warning is a failure.

usage: doxygen.py DOXYGEN DOXYFILE --stamp FILE   (the build: docs/api, docs/man)
       doxygen.py DOXYGEN DOXYFILE --scratch      (the 'docs' test: a temporary directory)

The configuration is given to Doxygen on standard input, with the output
directory overridden in --scratch mode.  The warnings are printed; the exit
status is non-zero if Doxygen failed or warned.  In --stamp mode the old
output is removed first, so that a removed function leaves no page behind.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile


def run(doxygen, config, outdir):
    config += "\nOUTPUT_DIRECTORY = %s\n" % outdir
    p = subprocess.run([doxygen, "-"], input=config, capture_output=True, text=True)
    warnings = p.stderr.strip()
    if warnings:
        print(warnings)
    if p.returncode != 0 or warnings:
        n = len(re.findall(r"^\S+:\d+: ", warnings, re.M))
        print("doxygen: %s warning(s), exit status %d: every public declaration "
              "needs a documentation comment (see docs/Doxyfile.in)" % (n, p.returncode))
        return 1
    return 0


def main(argv):
    doxygen, doxyfile, mode = argv[0], argv[1], argv[2]
    config = open(doxyfile, encoding="utf-8").read()
    if mode == "--scratch":
        with tempfile.TemporaryDirectory() as tmp:
            rc = run(doxygen, config, tmp)
            if rc == 0:
                pages = len(os.listdir(os.path.join(tmp, "man", "man3")))
                print("doxygen: no warnings; HTML reference and %d man pages" % pages)
            return rc
    if mode == "--stamp":
        stamp = argv[3]
        outdir = os.path.dirname(os.path.abspath(stamp))
        for sub in ("api", "man"):
            shutil.rmtree(os.path.join(outdir, sub), ignore_errors=True)
        rc = run(doxygen, config, outdir)
        if rc == 0:
            with open(stamp, "w") as f:
                f.write("ok\n")
        return rc
    print(__doc__.strip())
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
