#!/bin/sh
# Regenerate po/libgoc.pot from the sources and merge it into po/zh_CN.po
# (po/README.md).  New messages come in with an empty msgstr (no fuzzy
# guesses: --no-fuzzy-matching); messages gone from the sources are kept
# at the end as obsolete (#~) entries.  Run from anywhere:
#   po/update.sh
set -eu
cd "$(dirname "$0")/.."
ls lib/*.c tools/goc/*.c > po/POTFILES
# shellcheck disable=SC2046
xgettext $(cat po/xgettext-args) -o po/libgoc.pot $(cat po/POTFILES)
msgmerge --quiet --update --backup=none --no-fuzzy-matching --previous po/zh_CN.po po/libgoc.pot
msgfmt --check --statistics -o /dev/null po/zh_CN.po
