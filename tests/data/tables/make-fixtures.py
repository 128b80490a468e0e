#!/usr/bin/env python3
"""Regenerate the task-table fixtures of this directory from the seed plan.

usage: make-fixtures.py SEED.txt [OUTDIR]

The seed (the published Pudong GOC action plan) ends with its task
decomposition table, tab-separated.  seed-table.tsv is that table byte for
byte, from the first "序号<TAB>专项任务…" line through its last row; every
other fixture is derived from it.  The GB18030 file is made with iconv(1),
as the brief asks, so that it is what an office's tools would produce.
See README.md for what each file must give.
"""
import os
import random
import subprocess
import sys

seed_path = sys.argv[1]
out = sys.argv[2] if len(sys.argv) > 2 else os.path.dirname(os.path.abspath(__file__))

raw = open(seed_path, 'rb').read()
lines = raw.split(b'\n')
start = next(i for i, l in enumerate(lines) if l.startswith('序号\t专项任务'.encode()))
end = start
for i in range(start, len(lines)):
    if b'\t' in lines[i]:
        end = i                      # last line of the table: the last with a tab
table_lines = lines[start:end + 1]
table = b'\n'.join(table_lines) + b'\n'
assert table.count('序号\t专项任务\t工作内容\t责任单位'.encode()) == 3


def write(name, data):
    with open(os.path.join(out, name), 'wb') as f:
        f.write(data)


# 1. the table, verbatim
write('seed-table.tsv', table)

# 2. the same in GB18030 with CRLF line ends (iconv, as an office would)
gb = subprocess.run(['iconv', '-f', 'UTF-8', '-t', 'GB18030'], input=table,
                    check=True, capture_output=True).stdout
write('seed-table-gb18030-crlf.tsv', gb.replace(b'\n', b'\r\n'))

# 3. CSV, UTF-8 with BOM; cells quoted where needed (RFC 4180).  The cell
# of items (17) and (18) gets a newline between its two paragraphs, so
# that one quoted cell spans two lines.
def csv_cell(c):
    if any(ch in c for ch in ',"\r\n'):
        return '"' + c.replace('"', '""') + '"'
    return c


rows = []
for l in table_lines:
    cells = l.decode().split('\t')
    cells = [c.replace('</p> <p>(18)', '</p>\n<p>(18)') for c in cells]
    rows.append(','.join(csv_cell(c) for c in cells) if l else '')
csv = '\n'.join(rows) + '\n'
assert csv.count('"') == 2
write('seed-table-bom.csv', b'\xef\xbb\xbf' + csv.encode())

# Small files, each with one fault.  They start from the table's first rows.
t = [l.decode() for l in table_lines]
HEADER, SEC1, ROW1, ROW2, ROW3, ROW4 = t[0], t[1], t[2], t[3], t[4], t[5]
assert ROW1.startswith('1\t') and ROW2.startswith('\t\t(2)')


def small(name, rows, encoding='utf-8'):
    write(name, ('\n'.join(rows) + '\n').encode(encoding))


# a special task row cut after its title: no 工作内容, no 责任单位
small('bad-truncated-row.tsv', [HEADER, SEC1, '1\t聚焦经济和科技组织引进'])
# a byte that is not UTF-8 inside item (1) (read with encoding "utf-8")
bad = (HEADER + '\n' + SEC1 + '\n' + ROW1 + '\n').encode()
cut = bad.index('浦东产业链'.encode())
write('bad-utf8.tsv', bad[:cut] + b'\xff' + bad[cut:])
# the same fault in a GB18030 file (read with encoding NULL)
gbbad = (HEADER + '\n' + SEC1 + '\n' + ROW1 + '\n').encode('gb18030')
cut = gbbad.index('浦东产业链'.encode('gb18030'))
write('bad-gb18030.tsv', gbbad[:cut] + b'\xff' + gbbad[cut:])
# a unit that does not exist (the reader accepts it; the store refuses it)
small('unknown-unit.tsv', [HEADER, SEC1, ROW1, ROW2.replace('司法局', '不存在局')])
# work item (2) twice
small('bad-duplicate-item.tsv', [HEADER, SEC1, ROW1, ROW2,
                                 '\t\t(2) 重复的工作内容。\t商务委'])
# work item (3) right after (1)
small('bad-item-jump.tsv', [HEADER, SEC1, ROW1, ROW2.replace('(2)', '(3)')])
# a work item before any special task
small('bad-item-outside-task.tsv', [HEADER, SEC1, ROW2.replace('(2)', '(1)')])
# special task 1 again with another title
small('bad-task-twice.tsv', [HEADER, SEC1, ROW1, ROW2,
                             ROW3.replace('2\t发挥专业机构服务作用', '1\t发挥专业机构服务作用')])
# special task 3 right after 1
small('bad-task-jump.tsv', [HEADER, SEC1, ROW1, ROW2,
                            ROW3.replace('2\t发挥', '3\t发挥')])
# a special task before any section
small('bad-task-before-section.tsv', [HEADER, ROW1, ROW2])
# a header with another column name
small('bad-header.tsv', [HEADER.replace('工作内容', '内容'), SEC1, ROW1])
# text in a fifth column
small('bad-five-columns.tsv', [HEADER, SEC1, ROW1 + '\t备注'])
# the first work item with a blank 责任单位 and no row above
small('bad-no-unit.tsv', [HEADER, SEC1, ROW1.rsplit('\t', 1)[0] + '\t', ROW2])
# a continuation row whose units differ from those above
small('bad-units-differ.tsv', [HEADER, SEC1, ROW1, ROW2,
                               '\t\t续写的文字。\t商务委'])
# no rows but the header
small('header-only.tsv', [HEADER])
# nothing at all
write('empty.tsv', b'')
# binary garbage (fixed seed: the same bytes every time)
rng = random.Random(20240226)
write('random-bytes.bin', bytes(rng.randrange(256) for _ in range(2048)))
