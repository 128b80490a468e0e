#!/usr/bin/env python3
"""Install the generated API reference (meson install script).

usage: install_api.py BUILD_DOCS_DIR MANDIR DOCDIR

Copies BUILD_DOCS_DIR/man/man3/*.3goc into MANDIR/man3 and the HTML
reference BUILD_DOCS_DIR/api into DOCDIR/api, under meson's
MESON_INSTALL_DESTDIR_PREFIX (DESTDIR included).  MANDIR and DOCDIR are
relative to the prefix, or absolute.
"""
import os
import shutil
import sys

docs, mandir, docdir = sys.argv[1:4]
root = os.environ["MESON_INSTALL_DESTDIR_PREFIX"]
quiet = os.environ.get("MESON_INSTALL_QUIET")


def dest(path):
    if os.path.isabs(path):
        destdir = os.environ.get("DESTDIR", "")
        return destdir + path if destdir else path
    return os.path.join(root, path)


man_src = os.path.join(docs, "man", "man3")
man_dst = dest(os.path.join(mandir, "man3"))
os.makedirs(man_dst, exist_ok=True)
pages = sorted(os.listdir(man_src))
for page in pages:
    shutil.copyfile(os.path.join(man_src, page), os.path.join(man_dst, page))
html_dst = dest(os.path.join(docdir, "api"))
shutil.rmtree(html_dst, ignore_errors=True)
shutil.copytree(os.path.join(docs, "api"), html_dst)
if not quiet:
    print("Installing the API reference: %d man pages to %s, HTML to %s"
          % (len(pages), man_dst, html_dst))
