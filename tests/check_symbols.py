#!/usr/bin/env python3
"""The ABI's three inventories agree.

usage: check_symbols.py LIBRARY.so MAPFILE HEADER...

- every dynamic symbol the library defines is goc_-prefixed and versioned
  (name@@GOC_x.y), apart from the version nodes themselves;
- the exported functions, the version script's global names and the
  functions the public headers declare with GOC_API are the same set.
"""
import re
import subprocess
import sys

lib, mapfile, headers = sys.argv[1], sys.argv[2], sys.argv[3:]
fail = []

out = subprocess.run(["nm", "-D", "--defined-only", lib], check=True,
                     capture_output=True, text=True).stdout
exported = set()
for line in out.splitlines():
    parts = line.split()
    if len(parts) < 3:
        continue
    kind, name = parts[1], parts[2]
    if kind == "A" and re.fullmatch(r"GOC_\d+\.\d+", name):
        continue  # version node
    m = re.fullmatch(r"(goc_\w+)@@?(GOC_\d+\.\d+)", name)
    if not m:
        fail.append("exported symbol not goc_-prefixed and versioned: " + name)
        continue
    exported.add(m.group(1))

mapped = set()
text = re.sub(r"/\*.*?\*/", "", open(mapfile).read(), flags=re.S)
for node in re.finditer(r"(GOC_\d+\.\d+)\s*\{(.*?)\}", text, re.S):
    glob = node.group(2).split("local:")[0]
    mapped |= set(re.findall(r"\b(goc_\w+)\s*;", glob))

declared = set()
for h in headers:
    src = open(h, encoding="utf-8").read()
    declared |= set(re.findall(r"GOC_API\s+[^;(]*?\b(goc_\w+)\s*\(", src))

for a, an, b, bn in ((exported, "exported", mapped, "in the map"),
                     (mapped, "in the map", declared, "declared"),
                     (declared, "declared", exported, "exported")):
    for name in sorted(a - b):
        fail.append("%s is %s but not %s" % (name, an, bn))

if fail:
    print("\n".join(fail))
    print("0 passed, %d failed" % len(fail))
    sys.exit(1)
print("%d symbols: exported = map = header" % len(exported))
