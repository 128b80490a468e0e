#!/usr/bin/env python3
"""Run Doxygen on the configured Doxyfile; any warning is a failure.

usage: doxygen.py DOXYGEN DOXYFILE --stamp FILE   (the build: docs/api, docs/man)
       doxygen.py DOXYGEN DOXYFILE --scratch      (the 'docs' test: a temporary directory)

The configuration is given to Doxygen on standard input, with the output
directory overridden in --scratch mode.  Doxygen writes the HTML reference
(api/) and XML (xml/), from which docs/manpages.py writes the man pages
(man/man3/*.3goc).  The warnings of both are printed; the exit status is
non-zero if Doxygen failed or either warned.  In --stamp mode the old
output is removed first, so that a removed function leaves no page behind.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import manpages  # noqa: E402


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
    version = re.search(r"^PROJECT_NUMBER\s*=\s*(\S+)", config, re.M)
    warnings = manpages.generate(os.path.join(outdir, "xml"),
                                 os.path.join(outdir, "man", "man3"),
                                 version.group(1) if version else "")
    for w in warnings:
        print("manpages.py: " + w)
    if warnings:
        print("manpages.py: %d warning(s): the man pages would lose what they name" % len(warnings))
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
        for sub in ("api", "man", "xml"):
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
