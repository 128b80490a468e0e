#!/usr/bin/env python3
"""The man(3) pages render without a warning and say what the headers say.

usage: check_man.py MAN_ROOT SOURCE_DIR [PAGE ...]

MAN_ROOT is the generated tree (build/docs/man, holding man3/*.3goc, as
docs/manpages.py writes it); PAGE are other man(3) pages to render too
(the configured libgoc.3).  Checks:
  - every page renders with `groff -k -man -Tutf8 -ww -z` (preconv, as man
    runs it; all warnings on) without a single diagnostic;
  - a link page is one `.so man3/X.3goc` line whose target exists and is
    itself a real page;
  - every function of lib/libgoc.map has a page of its own (not a link to
    a header's page) whose NAME line names it;
  - the page of every function and enum value shows the first sentence of
    its header comment (for an enum value, on its enum's page): nothing a
    header says at the head of a comment is dropped — groff reads a text
    line beginning with ' or . as a control line and drops it.
Exit 77 (skipped) when groff is not installed.
"""
import concurrent.futures
import glob
import os
import re
import shutil
import subprocess
import sys

ENV = dict(os.environ, LC_ALL="C.UTF-8")


def groff(page, cwd, *extra):
    return subprocess.run(["groff", "-k", "-man", "-Tutf8", *extra, page], cwd=cwd,
                          capture_output=True, text=True, env=ENV)


def rendered(page, cwd):
    """The page as plain text, whitespace collapsed."""
    out = groff(page, cwd, "-rLL=200n", "-P-cbou").stdout
    return " ".join(out.replace("\u2010", "-").replace("\u2212", "-").split())


def plain(comment):
    """A header comment's text as a page shows it (Markdown and refs off)."""
    s = re.sub(r"`([^`]*)`", r"\1", comment)
    s = re.sub(r"#(\w)", r"\1", s)
    return " ".join(s.split())


def first_sentence(s):
    m = re.match(r"(.+?[.:;])(\s|$)", s)
    return (m.group(1) if m else s).rstrip(".:;")


def header_comments(source):
    """{function: first sentence of its comment}, {enum value: its comment}."""
    funcs, values = {}, {}
    for path in [os.path.join(source, "include", "goc.h")] + sorted(
            glob.glob(os.path.join(source, "include", "goc", "*.h"))):
        text = open(path, encoding="utf-8").read()
        for m in re.finditer(r"/\*\*(?!<)((?:(?!\*/).)*)\*/\s*GOC_API\b[^;(]*?\b(goc_\w+)\s*\(", text, re.S):
            body = "\n".join(re.sub(r"^\s*\*?\s?", "", line) for line in m.group(1).split("\n"))
            body = body.split("@")[0]  # up to the first @param/@return
            first = plain(body)
            if first:
                funcs[m.group(2)] = first_sentence(first)
        for m in re.finditer(r"^\s*(GOC_[A-Z0-9_]+)\s*(?:=[^,/\n]*)?,?\s*/\*\*<(.*?)\*/",
                             text, re.M | re.S):
            values[m.group(1)] = plain(m.group(2))
    return funcs, values


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip())
        return 2
    if not shutil.which("groff"):
        print("skipped: groff is not installed (apt-get install groff-base)")
        return 77
    root, source, extra = os.path.abspath(argv[0]), argv[1], argv[2:]
    failures = []
    pages = sorted(glob.glob(os.path.join(root, "man3", "*.3goc")))
    if len(pages) < 100:
        failures.append("%s: only %d pages" % (root, len(pages)))
    links, real = {}, []
    for path in pages:
        text = open(path, encoding="utf-8").read()
        rel = os.path.relpath(path, root)
        m = re.fullmatch(r"\.so (man3/\S+)\n", text)
        if m:
            target = os.path.join(root, m.group(1))
            links[os.path.basename(path)] = target
            if not os.path.exists(target):
                failures.append("%s: links to %s, which does not exist" % (rel, m.group(1)))
            elif open(target, encoding="utf-8").read().startswith(".so"):
                failures.append("%s: links to %s, itself a link" % (rel, m.group(1)))
        else:
            real.append(rel)
    real += [os.path.abspath(p) for p in extra]

    def check(page):
        p = groff(page, root, "-ww", "-z")
        if p.returncode != 0 or p.stderr.strip():
            return "%s: groff -ww: %s" % (page, p.stderr.strip() or p.returncode)
        return None

    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as pool:
        failures += [f for f in pool.map(check, real) if f]

    # a page per function of the ABI, named after it
    symbols = re.findall(r"^\s*(goc_\w+);", open(os.path.join(source, "lib", "libgoc.map"),
                                                  encoding="utf-8").read(), re.M)
    funcs, values = header_comments(source)
    wanted = sorted({"%s.3goc" % n for n in symbols if "%s.3goc" % n not in links}
                    | {os.path.basename(t) for n, t in links.items() if n[:-5] in values})
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as pool:
        texts = dict(zip(wanted, pool.map(
            lambda page: rendered(os.path.join("man3", page), root)
            if os.path.exists(os.path.join(root, "man3", page)) else "", wanted)))
    for name in sorted(set(symbols)):
        page = "%s.3goc" % name
        path = os.path.join(root, "man3", page)
        if not os.path.exists(path):
            failures.append("%s: no page" % page)
            continue
        if page in links:
            failures.append("%s: a link to %s, not a page of its own" % (page, links[page]))
            continue
        text = texts[page]
        if not text.startswith("%s(3goc)" % name) or "NAME %s - " % name not in text:
            failures.append("%s: the NAME section does not name %s: %.80s" % (page, name, text))
        want = funcs.get(name)
        if want is None:
            failures.append("%s: no comment found for %s in include/" % (page, name))
        elif want not in text:
            failures.append("%s: does not show the header's %r" % (page, want))
    # every enum value's description, on its enum's page
    for name, want in sorted(values.items()):
        page = "%s.3goc" % name
        target = links.get(page)
        if target is None:
            failures.append("%s: no link page to its enum's page" % page)
            continue
        if want not in texts[os.path.basename(target)]:
            failures.append("%s: %s does not show %r" % (page, os.path.basename(target), want))
    if "goc_org_create" not in funcs:
        failures.append("include/goc/org.h: goc_org_create's comment was not found")

    for f in failures:
        print(f)
    if failures:
        print("%d failure(s) over %d man pages" % (len(failures), len(pages) + len(extra)))
        return 1
    print("%d man pages (%d links) render without warnings; %d functions have their own "
          "page with their header's first sentence; %d enum values are described"
          % (len(pages) + len(extra), len(links), len(set(symbols)), len(values)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
