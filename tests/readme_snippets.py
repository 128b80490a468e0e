#!/usr/bin/env python3
"""The README's C snippets compile, link and run.

usage: readme_snippets.py README.md SOURCE_ROOT BUILD_ROOT LIBRARY CC...

Every ```c block of the README is compiled as C11 with -Wall -Wextra
-Werror against the public headers and linked with the library.  A
snippet without main() is wrapped in `int main(void) { ... return 0; }`
after its #include lines, with <stdio.h> and <stdint.h> included first.
Each program is then run in an empty scratch directory (a snippet may
create a database file there) and must exit with status 0.
"""
import os
import re
import subprocess
import sys
import tempfile

readme, src, build, lib = sys.argv[1:5]
cc = sys.argv[5:] or ["cc"]

text = open(readme, encoding="utf-8").read()
blocks = re.findall(r"^```c[ \t]*\n(.*?)^```", text, re.M | re.S)
if not blocks:
    print("no ```c block in %s" % readme)
    sys.exit(1)


def wrap(code):
    if re.search(r"\bmain\s*\(", code):
        return code
    head, body = [], []
    for line in code.splitlines():
        (head if line.startswith("#") and not body else body).append(line)
    return ("#include <stdio.h>\n#include <stdint.h>\n" + "\n".join(head) +
            "\n\nint main(void)\n{\n" + "\n".join("\t" + l if l else l for l in body) +
            "\n\treturn 0;\n}\n")


fail = 0
libdir = os.path.dirname(os.path.abspath(lib))
for i, code in enumerate(blocks, 1):
    with tempfile.TemporaryDirectory() as tmp:
        c = os.path.join(tmp, "snippet%d.c" % i)
        exe = os.path.join(tmp, "snippet%d" % i)
        with open(c, "w", encoding="utf-8") as f:
            f.write(wrap(code))
        cmd = cc + ["-std=c11", "-Wall", "-Wextra", "-Werror",
                    "-I", os.path.join(src, "include"), "-I", os.path.join(build, "include"),
                    "-o", exe, c, lib, "-Wl,-rpath," + libdir]
        p = subprocess.run(cmd, capture_output=True, text=True)
        if p.returncode != 0:
            print("README ```c block %d does not compile:\n%s\n%s" % (i, wrap(code), p.stderr))
            fail = 1
            continue
        run = subprocess.run([exe], cwd=tmp, capture_output=True, text=True)
        if run.returncode != 0:
            print("README ```c block %d exits with %d:\n%s%s"
                  % (i, run.returncode, run.stdout, run.stderr))
            fail = 1
            continue
        print("README ```c block %d: compiles with -std=c11 -Wall -Wextra -Werror, "
              "links and runs" % i)
sys.exit(fail)
