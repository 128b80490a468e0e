#!/usr/bin/python3
"""The zh_CN catalogue test (meson test --suite i18n): every message of the
library and of the goc tool has a Chinese translation.

Usage: check.py SOURCE_DIR [WORK_DIR]

1. Every lib/*.c and tools/goc/*.c is listed in po/POTFILES (what meson's
   libgoc-pot target reads).
2. The template is made afresh from those sources with xgettext and the
   options of po/xgettext-args (so a message added today counts, whether or
   not po/libgoc.pot was regenerated).
3. po/zh_CN.po is merged with it (msgmerge, in WORK_DIR: po/ is not
   touched); every msgid without a translation, or with a fuzzy one, fails
   the test and is printed as a PO fragment ready to fill in (copy it into
   po/zh_CN.po, write the msgstr lines, drop the "fuzzy" flags).
4. msgfmt --check verifies zh_CN.po: every translation has the printf
   conversions of its msgid (same number, order or positions, and types).
"""
import glob
import os
import subprocess
import sys
import tempfile


def run(*argv):
    r = subprocess.run(argv, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"FAIL: {' '.join(argv)}:\n{r.stderr}")
    return r.stdout


def main():
    src = os.path.abspath(sys.argv[1])
    work = sys.argv[2] if len(sys.argv) > 2 else tempfile.mkdtemp(prefix="goc-po-")
    os.makedirs(work, exist_ok=True)
    po_dir = os.path.join(src, "po")
    failed = False

    sources = sorted(os.path.relpath(p, src) for p in
                     glob.glob(os.path.join(src, "lib", "*.c")) + glob.glob(os.path.join(src, "tools", "goc", "*.c")))
    with open(os.path.join(po_dir, "POTFILES"), encoding="utf-8") as f:
        listed = {l.strip() for l in f if l.strip() and not l.startswith("#")}
    unlisted = [s for s in sources if s not in listed]
    gone = sorted(l for l in listed if not os.path.exists(os.path.join(src, l)))
    if unlisted:
        failed = True
        print("FAIL: sources not in po/POTFILES (add these lines):")
        print("\n".join(unlisted))
    if gone:
        failed = True
        print("FAIL: po/POTFILES lists files that do not exist (remove these lines):")
        print("\n".join(gone))

    with open(os.path.join(po_dir, "xgettext-args"), encoding="utf-8") as f:
        xargs = [l.strip() for l in f if l.strip()]
    pot = os.path.join(work, "libgoc.pot")
    subprocess.run(["xgettext", *xargs, "--directory=" + src, "-o", pot, *sources], check=True, cwd=src)
    merged = os.path.join(work, "zh_CN.merged.po")
    run("msgmerge", "--quiet", "--no-wrap", "--previous", "-o", merged,
        os.path.join(po_dir, "zh_CN.po"), pot)

    untranslated = run("msgattrib", "--untranslated", "--no-obsolete", "--no-wrap", merged)
    fuzzy = run("msgattrib", "--only-fuzzy", "--no-obsolete", "--no-wrap", merged)

    def entries(po):
        # the entries but the header (msgid "")
        blocks = [b for b in po.strip().split("\n\n") if b.strip()]
        return [b for b in blocks if 'msgid ""\nmsgstr ""\n"' not in b and not b.startswith('msgid ""')]

    missing, fuzz = entries(untranslated), entries(fuzzy)
    if missing:
        failed = True
        print(f"FAIL: {len(missing)} message(s) without a zh_CN translation; fill these into po/zh_CN.po:\n")
        print("\n\n".join(missing))
        print()
    if fuzz:
        failed = True
        print(f"FAIL: {len(fuzz)} fuzzy translation(s) in po/zh_CN.po (check each, then remove \"#, fuzzy\"):\n")
        print("\n\n".join(fuzz))
        print()

    r = subprocess.run(["msgfmt", "--check", "--statistics", "-o", os.devnull,
                        os.path.join(po_dir, "zh_CN.po")], capture_output=True, text=True)
    print(r.stderr.strip())
    if r.returncode != 0:
        failed = True
        print("FAIL: msgfmt --check po/zh_CN.po")
    r = subprocess.run(["msgfmt", "--check", "--statistics", "-o", os.devnull, merged],
                       capture_output=True, text=True)
    print("against the sources:", r.stderr.strip())
    if r.returncode != 0:
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
