#!/usr/bin/python3
"""Write the .xlsx fixtures of tests/test_xlsx.c with Python's zipfile and
hand-written Office Open XML (no openpyxl: the fixtures need parts that
openpyxl does not write — inline strings, rich text runs with phonetic
guides, error cells, the 1904 date system, a part that lies about its
size).  Run from this folder: /usr/bin/python3 make-fixtures.py
"""
import io
import os
import struct
import zipfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
FIXED = (2025, 1, 1, 0, 0, 0)   # same bytes on every run


def ctypes(n):
    sheets = ''.join(
        f'<Override PartName="/xl/worksheets/sheet{i+1}.xml" ContentType="application/'
        f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(n))
    return ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' + sheets + '</Types>')


def workbook(names, date1904=False):
    pr = f'<workbookPr date1904="{date1904}"/>' if isinstance(date1904, str) else \
        '<workbookPr date1904="1"/>' if date1904 else ''
    sheets = ''.join(f'<sheet name="{escape(n)}" sheetId="{i+1}" r:id="rId{i+1}"/>'
                     for i, n in enumerate(names))
    return f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS} {RNS}>{pr}<sheets>{sheets}</sheets></workbook>'


def rels(n):
    r = ''.join(f'<Relationship Id="rId{i+1}" Type="http://schemas.openxmlformats.org/officeDocument/'
                f'2006/relationships/worksheet" Target="worksheets/sheet{i+1}.xml"/>' for i in range(n))
    return ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
            'org/package/2006/relationships">' + r + '</Relationships>')


ROOT_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
             'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.'
             'org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
             '</Relationships>')

# cell styles: 0 General, 1 built-in date (14), 2 custom date (164), 3 percent (10), 4 time only (165)
STYLES = (f'<?xml version="1.0" encoding="UTF-8"?><styleSheet {NS}><numFmts count="2">'
          '<numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>'
          '<numFmt numFmtId="165" formatCode="[h]:mm:ss"/></numFmts>'
          '<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/>'
          '<xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="10"/><xf numFmtId="165"/></cellXfs>'
          '</styleSheet>')


def sheet(rows, merges=()):
    """rows: {rownum: [(ref, xml-of-c-inner, attrs)]}"""
    out = [f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData>']
    for r in sorted(rows):
        out.append(f'<row r="{r}">')
        for ref, attrs, inner in rows[r]:
            out.append(f'<c r="{ref}"{attrs}>{inner}</c>')
        out.append('</row>')
    out.append('</sheetData>')
    if merges:
        out.append(f'<mergeCells count="{len(merges)}">' +
                   ''.join(f'<mergeCell ref="{m}"/>' for m in merges) + '</mergeCells>')
    out.append('</worksheet>')
    return ''.join(out)


def sst(strings):
    """strings: list of raw <si> inner XML"""
    return (f'<?xml version="1.0" encoding="UTF-8"?><sst {NS} count="{len(strings)}" '
            f'uniqueCount="{len(strings)}">' + ''.join(f'<si>{s}</si>' for s in strings) + '</sst>')


def write(name, parts):
    with zipfile.ZipFile(os.path.join(HERE, name), 'w', zipfile.ZIP_DEFLATED) as z:
        for pname, data in parts:
            info = zipfile.ZipInfo(pname, FIXED)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


def book(name, sheets, strings=None, date1904=False, merges=None, styles=True):
    parts = [('[Content_Types].xml', ctypes(len(sheets))), ('_rels/.rels', ROOT_RELS),
             ('xl/workbook.xml', workbook([s[0] for s in sheets], date1904)),
             ('xl/_rels/workbook.xml.rels', rels(len(sheets)))]
    if styles:
        parts.append(('xl/styles.xml', STYLES))
    if strings is not None:
        parts.append(('xl/sharedStrings.xml', sst(strings)))
    for i, (_, rows, m) in enumerate(sheets):
        parts.append((f'xl/worksheets/sheet{i+1}.xml', sheet(rows, m)))
    write(name, parts)


def s(ref, idx, style=''):
    return (ref, f' t="s"{style}', f'<v>{idx}</v>')


def n(ref, v, style=0):
    return (ref, f' s="{style}"' if style else '', f'<v>{v}</v>')


def inline(ref, text):
    return (ref, ' t="inlineStr"', f'<is><t>{escape(text)}</t></is>')


# cells.xlsx: every kind of cell, a merged range, an empty row, two sheets
strings = ['<t>名称</t>',
           '<r><rPr><b/></rPr><t>推进</t></r><r><t xml:space="preserve">中 </t></r>'
           '<rPh sb="0" eb="2"><t>tuī jìn</t></rPh>',
           '<t>合并</t>', '<t>second</t>']
book('cells.xlsx', [
    ('Sheet1', {
        1: [s('A1', 0), inline('B1', 'inline text'), s('C1', 1)],
        2: [n('A2', 42), n('B2', '5.9863201094391249'), ('C2', ' t="b"', '<v>1</v>'),
            n('D2', 45838, 1), n('E2', '45838.75', 2), n('F2', '0.5', 3), ('G2', ' t="b"', '<v>0</v>'),
            ('H2', ' t="str"', '<f>A2*2</f><v>84</v>'), n('I2', '0.5', 4)],
        4: [s('A4', 2), ('C4', ' s="1"', '')],
        6: [n('A6', 59, 1), n('B6', 61, 1), n('C6', 1, 1)],
    }, ['A4:B5']),
    ('第二页', {1: [s('A1', 3)], 3: [inline('C3', '三')]}, []),
], strings)

# the 1904 date system: serial 0 is 1904-01-01
book('date1904.xlsx', [('Sheet1', {1: [n('A1', 0, 1), n('B1', 366, 1)]}, [])], date1904=True)
# Excel's phantom 1900-02-29
book('bad-serial60.xlsx', [('Sheet1', {1: [n('A1', 60, 1)]}, [])])
# an error value
book('bad-error-cell.xlsx', [('Data', {7: [('C7', ' t="e"', '<v>#N/A</v>')]}, [])])
# a shared string that is not there
book('bad-sst-index.xlsx', [('Sheet1', {2: [s('B2', 5)]}, [])], ['<t>x</t>'])
# not XML
write('bad-xml.xlsx', [('[Content_Types].xml', ctypes(1)), ('_rels/.rels', ROOT_RELS),
                       ('xl/workbook.xml', workbook(['Sheet1'])),
                       ('xl/_rels/workbook.xml.rels', rels(1)),
                       ('xl/worksheets/sheet1.xml', f'<worksheet {NS}><sheetData><row r="1"><c r="A1">')])
# a zip that is not a workbook
write('not-a-workbook.xlsx', [('hello.txt', 'hello')])

# corrupt: a workbook cut short
with open(os.path.join(HERE, 'cells.xlsx'), 'rb') as f:
    whole = f.read()
with open(os.path.join(HERE, 'bad-truncated.xlsx'), 'wb') as f:
    f.write(whole[:len(whole) // 2])

# a zip bomb: a sheet of 129 MiB of spaces, declared so in the directory
big = 129 * 1024 * 1024
buf = io.BytesIO()
with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for pname, data in [('[Content_Types].xml', ctypes(1)), ('_rels/.rels', ROOT_RELS),
                        ('xl/workbook.xml', workbook(['Sheet1'])),
                        ('xl/_rels/workbook.xml.rels', rels(1))]:
        info = zipfile.ZipInfo(pname, FIXED)
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, data)
    info = zipfile.ZipInfo('xl/worksheets/sheet1.xml', FIXED)
    info.compress_type = zipfile.ZIP_DEFLATED
    z.writestr(info, b' ' * big)
with open(os.path.join(HERE, 'bad-bomb.xlsx'), 'wb') as f:
    f.write(buf.getvalue())

# a part whose directory entry says 100 bytes but holds more: patch the
# sizes in the local header and the central directory
buf = io.BytesIO()
payload = (f'<worksheet {NS}><sheetData>' + '<row/>' * 1000 + '</sheetData></worksheet>').encode()
with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED) as z:
    for pname, data in [('[Content_Types].xml', ctypes(1)), ('_rels/.rels', ROOT_RELS),
                        ('xl/workbook.xml', workbook(['Sheet1'])),
                        ('xl/_rels/workbook.xml.rels', rels(1)),
                        ('xl/worksheets/sheet1.xml', payload)]:
        info = zipfile.ZipInfo(pname, FIXED)
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, data)
raw = bytearray(buf.getvalue())
true_size = struct.pack('<I', len(payload))
for sig, off in ((b'PK\x03\x04', 22), (b'PK\x01\x02', 24)):
    i = 0
    while True:
        i = raw.find(sig, i)
        if i < 0:
            break
        if raw[i + off:i + off + 4] == true_size:
            raw[i + off:i + off + 4] = struct.pack('<I', 100)
        i += 4
with open(os.path.join(HERE, 'bad-size-lies.xlsx'), 'wb') as f:
    f.write(bytes(raw))

# the task decomposition table of tests/data/tables/seed-table.tsv as a
# workbook: shared strings, a title row, and each special task's 责任单位
# merged down over the rows of its items where the TSV leaves them blank
with open(os.path.join(HERE, '..', 'tables', 'seed-table.tsv'), encoding='utf-8') as f:
    lines = [l.rstrip('\n').split('\t') for l in f if l.strip()]
strings, index = [], {}


def sidx(t):
    if t not in index:
        index[t] = len(strings)
        strings.append(f'<t xml:space="preserve">{escape(t)}</t>')
    return index[t]


rows, merges = {1: [s('A1', sidx('附件：任务分解表'))]}, []
for i, cells in enumerate(lines):
    r = i + 2
    rows[r] = [s(f'{"ABCD"[k]}{r}', sidx(c)) for k, c in enumerate(cells[:4]) if c]
# merge a blank 责任单位 into the cell above when that row names units
for r in sorted(rows):
    cells = lines[r - 2] if r >= 2 else None
    if not cells or len(cells) < 4 or not cells[3]:
        continue
    below = r + 1
    while below - 2 < len(lines) and len(lines[below - 2]) >= 3 and \
            (len(lines[below - 2]) < 4 or not lines[below - 2][3]) and lines[below - 2][2].startswith('('):
        below += 1
    if below - 1 > r:
        merges.append(f'D{r}:D{below - 1}')
book('plan-table.xlsx', [('任务分解表', rows, merges), ('说明', {1: [s('A1', sidx('说明'))]}, [])],
     strings)
# limits: a merged range of more cells than a sheet may have; a cell too long
book('bad-merge-huge.xlsx', [('Sheet1', {1: [inline('A1', 'x')]}, ['A1:Z50000'])])
book('bad-long-cell.xlsx', [('Sheet1', {3: [inline('B3', 'x' * 70000)]}, [])])
# a plan table whose header is wrong in its 4th cell
book('plan-bad-header.xlsx', [('任务分解表', {1: [inline('A1', '附件')],
                                               2: [inline('A2', '序号'), inline('B2', '专项任务'),
                                                   inline('C2', '工作内容'), inline('D2', '单位')]}, [])])
# a 60,000-byte shared string shown in 2,300 cells: 138 MB of text
book('bad-sst-repeat.xlsx', [('Sheet1', {r: [s(f'A{r}', 0)] for r in range(1, 2301)}, [])],
     ['<t>' + 'y' * 60000 + '</t>'])
# ---- odd but readable parts (tests/test_xlsx.c test_odd) ----
def patch_parts(name, parts, fn):
    """write parts, then let fn(bytearray, {part: (local header offset, data offset)}) edit the bytes"""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED) as z:
        for pname, data in parts:
            info = zipfile.ZipInfo(pname, FIXED)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
        where = {i.filename: i.header_offset for i in z.infolist()}
    raw = bytearray(buf.getvalue())
    fn(raw, where)
    with open(os.path.join(HERE, name), 'wb') as f:
        f.write(bytes(raw))


def base_parts(wb=None, rel=None, sheets=None, sst_xml=None, styles=None):
    parts = [('[Content_Types].xml', ctypes(1)), ('_rels/.rels', ROOT_RELS),
             ('xl/workbook.xml', wb if wb is not None else workbook(['Sheet1']))]
    if rel is not False:
        parts.append(('xl/_rels/workbook.xml.rels', rel if rel is not None else rels(1)))
    if styles is not None:
        parts.append(('xl/styles.xml', styles))
    if sst_xml is not None:
        parts.append(('xl/sharedStrings.xml', sst_xml))
    for i, sx in enumerate(sheets or [sheet({1: [inline('A1', 'x')]})]):
        parts.append((f'xl/worksheets/sheet{i+1}.xml', sx))
    return parts


WB = f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS} {RNS}>'
LONG = ['长' * 20 + f'sheet-{i}' + 'x' * 30 for i in range(9)]   # 9 sheets, names of 96 bytes
odd_wb = (WB + '<workbookPr defaultThemeVersion="1"/><sheets>' +
          ''.join(f'<sheet name="{n}" sheetId="{i+1}" r:id="rId{i+1}"/>' for i, n in enumerate(LONG)) +
          '</sheets></workbook>')
odd_rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
            'org/package/2006/relationships"><Relationship Type="x" Target="nowhere.xml"/>' +
            ''.join(f'<Relationship Id="rId{i+1}" Type="http://schemas.openxmlformats.org/officeDocument/'
                    f'2006/relationships/worksheet" Target="/xl/worksheets/sheet{i+1}.xml"/>' for i in range(9)) +
            '<Relationship Id="rId9" Type="x" Target="worksheets/other.xml"/></Relationships>')
# built-in formats on each side of the date ranges, custom codes that are and are not dates
builtin = [13, 14, 22, 23, 26, 27, 36, 37, 44, 45, 47, 48, 49, 50, 58, 59]
custom = ['"unterminated', '[unterminated', r'\d\a\y 0', '_(0_)* #', 'YYYY', 'e', 'dd', 'mm', 'mm:ss',
          'h:mm', 'General;yyyy', '[$-409]mmm', '0.00"d"', '@', '[Red]0', '##0', 'ss', '0.0E+00', 'GENERAL', '0\\', 'general', '0 G', '0e-0']
odd_styles = (f'<?xml version="1.0" encoding="UTF-8"?><styleSheet {NS}><numFmts count="{len(custom) + 1}">' +
              ''.join(f'<numFmt numFmtId="{200 + i}" formatCode="{escape(c, {chr(34): "&quot;"})}"/>'
                      for i, c in enumerate(custom)) +
              '<numFmt numFmtId="300"/></numFmts>'
              '<numFmts><numFmt formatCode="0"/></numFmts><!-- a comment -->'
              '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="46"><xf><alignment/></xf>' +
              ''.join(f'<xf numFmtId="{b}"/>' for b in builtin) +
              ''.join(f'<xf numFmtId="{200 + i}"/>' for i in range(len(custom))) +
              '<xf numFmtId="300"/>' * 6 + '</cellXfs><dxfs><xf numFmtId="14"/></dxfs></styleSheet>')
odd_sst = (f'<?xml version="1.0" encoding="UTF-8"?><sst {NS}>junk<si/><si><t/></si>'
           '<si><t><![CDATA[c<d>]]></t></si><si>loose<t>x</t><rPh/></si>'
           '<si><t xml:space="preserve">  </t></si><si><t>a<!--c-->b</t></si></sst>')
# the sheet: styled numbers in row 1 (one per style), odd cells after
r1 = ''.join(f'<c r="{c}1" s="{i}"><v>45838.5</v></c>' for i, c in
             enumerate([''.join(x) for x in
                        [chr(65 + k) for k in range(26)] + ['A' + chr(65 + k) for k in range(20)]]))
r2 = ('<c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="s"><v>2</v></c><c t="s"><v>3</v></c>'
      '<c t="s"><v>4</v></c><c t="d"><v>2025-06-30T12:00:00</v></c><c t="d"><v>2025-6</v></c>'
      '<c t="str"><v></v></c><c t="inlineStr"/><c t="inlineStr"><is/></c>'
      '<c t="inlineStr"><is><r><t><![CDATA[ab]]></t></r><rPh><t>zz</t></rPh><t/><phoneticPr/></is></c>'
      '<c><v>-2.5</v></c><c><v>1e20</v></c><c><v>0.1</v></c><c s="99"><v>3</v></c><c s="-1"><v>4</v></c>'
      '<c t="b"><v>0</v></c><c><f>1+1</f></c><c r="Z2"><v>26</v></c>')
r3 = ''.join(f'<c><v>{k}</v></c>' for k in range(300))
odd_sheet = (f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}>text<sheetData>'
             f'<row r="1">{r1}</row><row>{r2}</row><row>{r3}</row>'
             '<row r="5"><c r="A5" t="inlineStr"><is><t>m</t></is></c><c r="B5" t="inlineStr"><is><t>own</t></is></c>'
             '<c r="D5" t="inlineStr"><is><t>n</t></is></c></row>'
             '<row r="7"><c t="n"><v>5</v></c><c t="inlineStr"></c><c><v>1<!--c-->2</v></c><c t="s"><v>5</v></c></row>'
             '</sheetData><mergeCells>' +
             '<mergeCell ref="A5:B6"/><mergeCell ref="C5:C6"/>' +
             ''.join(f'<mergeCell ref="D{7 + k}:D{7 + k}"/>' for k in range(16)) +
             '<mergeCell ref="D5:D5"/></mergeCells></worksheet>')
write('odd.xlsx', [('[Content_Types].xml', ctypes(9)), ('_rels/.rels', ROOT_RELS), ('xl/workbook.xml', odd_wb),
                   ('xl/_rels/workbook.xml.rels', odd_rels), ('xl/styles.xml', odd_styles),
                   ('xl/sharedStrings.xml', odd_sst)] +
      [('xl/worksheets/sheet1.xml', sheet({1: [inline('A1', 's0')]}))] +
      [('xl/worksheets/sheet2.xml', sheet({r: [n(f'A{r}', r)] for r in range(1, 71)}))] +
      [(f'xl/worksheets/sheet{i+1}.xml', sheet({1: [inline('A1', f's{i}')]})) for i in range(2, 8)] +
      [('xl/worksheets/sheet9.xml', odd_sheet)])
# date1904="true", no styles part: numbers stay numbers
write('date1904-true.xlsx', base_parts(wb=WB + '<workbookPr date1904="true"/><sheets><sheet name="S" '
                                       'sheetId="1" r:id="rId1"/></sheets></workbook>',
                                       sheets=[sheet({1: [n('A1', 366, 1)]})]))

# ---- broken parts: one error each (tests/test_xlsx.c bad[]) ----
write('bad-wb-xml.xlsx', base_parts(wb=WB + '<sheets><sheet name="S"'))
write('bad-wb-nosheet.xlsx', base_parts(wb=WB + '<sheets/></workbook>'))
write('bad-wb-norid.xlsx', base_parts(wb=WB + '<sheets><sheet name="S" sheetId="1"/></sheets></workbook>'))
write('bad-wb-noname.xlsx', base_parts(wb=WB + '<sheets><sheet sheetId="1" r:id="rId1"/></sheets></workbook>'))
write('bad-rels-xml.xlsx', base_parts(rel='<Relationships><Relationship Id="rId1"'))
write('bad-rels-none.xlsx', base_parts(rel=False))
write('bad-rels-notarget.xlsx', base_parts(rel=rels(1).replace('rId1', 'rId7')))
write('bad-sst-xml.xlsx', base_parts(sst_xml=f'<sst {NS}><si><t>x</t></sst>'))
write('bad-sst-long.xlsx', base_parts(sst_xml=sst(['<t>' + 'z' * 40000 + '</t><t>' + 'z' * 30000 + '</t>'])))
write('bad-sst-many.xlsx', base_parts(sst_xml=sst(['<t/>'] * 0) .replace('</sst>', '<si/>' * 1000001 + '</sst>')))
write('bad-styles-xml.xlsx', base_parts(styles=f'<styleSheet {NS}><cellXfs><xf></cellXfs>'))
write('bad-styles-many.xlsx', base_parts(styles=f'<styleSheet {NS}><cellXfs>' + '<xf/>' * 65537 +
                                         '</cellXfs></styleSheet>'))


def encrypted(raw, where):
    # the sheet marked encrypted (flag bit 0, local header and directory)
    off = where['xl/worksheets/sheet1.xml']
    raw[off + 6] |= 1
    i = raw.find(b'PK\x01\x02')
    while i >= 0:
        if struct.unpack('<I', raw[i + 42:i + 46])[0] == off:
            raw[i + 8] |= 1
        i = raw.find(b'PK\x01\x02', i + 4)


def garble(raw, where):
    # the sheet's deflated bytes turned to garbage (a bad block type)
    off = where['xl/worksheets/sheet1.xml']
    nlen, xlen = struct.unpack('<HH', raw[off + 26:off + 30])
    d = off + 30 + nlen + xlen
    raw[d] = 0xFF
    raw[d + 1] = 0xFF


def size_short(raw, where):
    # the sheet's uncompressed size declared 4000 bytes more than it has
    off = where['xl/worksheets/sheet1.xml']
    true = raw[off + 22:off + 26]
    more = struct.pack('<I', struct.unpack('<I', true)[0] + 4000)
    raw[off + 22:off + 26] = more
    i = raw.find(b'PK\x01\x02')
    while i >= 0:
        if struct.unpack('<I', raw[i + 42:i + 46])[0] == off:
            raw[i + 24:i + 28] = more
        i = raw.find(b'PK\x01\x02', i + 4)


patch_parts('bad-encrypted.xlsx', base_parts(), encrypted)
patch_parts('bad-deflate.xlsx', base_parts(), garble)
patch_parts('bad-size-short.xlsx', base_parts(), size_short)

# one sheet per error in the sheet's own XML: the test names the sheet
BAD_SHEETS = [
    ('row-r', '<row r="x"/>'),
    ('row-back', '<row r="3"/><row r="2"/>'),
    ('row-max', '<row r="1048577"/>'),
    ('row-past', '<row r="1048576"/><row/>'),
    ('c-outside', '<c r="A1"><v>1</v></c>'),
    ('c-ref', '<row r="2"><c r="A0"><v>1</v></c></row>'),
    ('c-otherrow', '<row r="2"><c r="A3"><v>1</v></c></row>'),
    ('c-back', '<row r="2"><c r="C2"><v>1</v></c><c r="B2"><v>1</v></c></row>'),
    ('c-wide', '<row r="2"><c r="XFE2"><v>1</v></c></row>'),
    ('c-many', '<row r="2">' + '<c/>' * 16385 + '</row>'),
    ('c-lower', '<row r="2"><c r="a2"><v>1</v></c></row>'),
    ('c-tall', '<row r="2"><c r="A99999999"><v>1</v></c></row>'),
    ('c-norow', '<row r="2"><c r="A"><v>1</v></c></row>'),
    ('c-tail', '<row r="2"><c r="A2x"><v>1</v></c></row>'),
    ('nan', '<row r="2"><c r="B2"><v>abc</v></c></row>'),
    ('inf', '<row r="2"><c r="B2"><v>1e999</v></c></row>'),
    ('serial-neg', '<row r="2"><c r="B2" s="1"><v>-1</v></c></row>'),
    ('serial-big', '<row r="2"><c r="B2" s="1"><v>2958466</v></c></row>'),
    ('serial-0', '<row r="2"><c r="B2" s="1"><v>0.25</v></c></row>'),
    ('sst-x', '<row r="2"><c r="B2" t="s"><v>x</v></c></row>'),
    ('sst-neg', '<row r="2"><c r="B2" t="s"><v>-1</v></c></row>'),
    ('v-long', '<row r="2"><c r="B2" t="str"><v>' + 'v' * 40000 + '</v><v>' + 'v' * 30000 + '</v></c></row>'),
    ('merge-noref', '<row r="1"/></sheetData><mergeCells><mergeCell/></mergeCells><sheetData>'),
    ('merge-nocolon', '</sheetData><mergeCells><mergeCell ref="A1"/></mergeCells><sheetData>'),
    ('merge-back', '</sheetData><mergeCells><mergeCell ref="B2:A1"/></mergeCells><sheetData>'),
    ('merge-cols', '</sheetData><mergeCells><mergeCell ref="B1:A2"/></mergeCells><sheetData>'),
    ('merge-bad2', '</sheetData><mergeCells><mergeCell ref="A1:B"/></mergeCells><sheetData>'),
    ('c-letters', '<row r="2"><c r="ZZZZZ2"><v>1</v></c></row>'),
    ('c-row-max', '<row r="2"><c r="A1048577"><v>1</v></c></row>'),
    ('row-zero', '<row r="0"/>'),
    ('row-tail', '<row r="1x"/>'),
    ('sst-tail', '<row r="2"><c r="B2" t="s"><v>0x</v></c></row>'),
    ('num-tail', '<row r="2"><c r="B2"><v>1x</v></c></row>'),
    ('merge-bad1', '</sheetData><mergeCells><mergeCell ref="A0:B1"/></mergeCells><sheetData>'),
    ('merge-fill', '<row r="1"><c r="A1" t="inlineStr"><is><t>' + 'f' * 60000 + '</t></is></c></row>'
                   '</sheetData><mergeCells><mergeCell ref="A1:A2300"/></mergeCells><sheetData>'),
]
names = [b[0] for b in BAD_SHEETS]
write('bad-sheets.xlsx', [('[Content_Types].xml', ctypes(len(names))), ('_rels/.rels', ROOT_RELS),
                          ('xl/workbook.xml', workbook(names)), ('xl/_rels/workbook.xml.rels', rels(len(names))),
                          ('xl/styles.xml', STYLES), ('xl/sharedStrings.xml', sst(['<t>x</t>']))] +
      [(f'xl/worksheets/sheet{i+1}.xml',
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData>{x}</sheetData></worksheet>')
       for i, (_, x) in enumerate(BAD_SHEETS)])

# a sheet without cells; an organization list without its category column
book('empty.xlsx', [('Sheet1', {}, [])], date1904='0')
book('orgs.xlsx', [('名单', {1: [inline('A1', 'name_zh'), inline('B1', 'date')],
                             2: [inline('A2', '甲'), inline('B2', '2024-01-01')]}, [])])
# a plan table with cells beyond 责任单位 (a blank one, then two filled) and
# line ends inside cells (CRLF, a lone CR, a CR at the end, as character references: XML
# turns a literal CR into LF)
book('plan-extra.xlsx', [('任务分解表', {
    1: [inline('A1', '序号'), inline('B1', '专项任务'), inline('C1', '工作内容'), inline('D1', '责任单位')],
    2: [inline('A2', '一、提高国际经济组织集聚度')],
    3: [inline('A3', '1'), ('B3', ' t="inlineStr"', '<is><t>聚焦&#13;\n引进</t></is>'),
        ('C3', ' t="inlineStr"', '<is><t>(1) 围绕&#13;引进</t></is>'), ('D3', ' t="inlineStr"', '<is><t>各管理局&#13;</t></is>'),
        inline('E3', ' '), inline('F3', 'extra'), inline('G3', 'more')]}, [])])
# more cells of their own than a sheet may have: 63 rows of 16,000 numbers
write('bad-cells-many.xlsx', base_parts(sheets=[
    f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData>' +
    ('<row>' + '<c><v>1</v></c>' * 16000 + '</row>') * 63 + '</sheetData></worksheet>']))
# texts that outgrow the reader's buffers, short ones first: shared strings,
# inline strings, formula strings of 100 bytes after ones of 1
book('long-text.xlsx', [('Sheet1', {1: [s('A1', 0), s('B1', 1)],
                                    2: [inline('A2', 'x'), inline('B2', 'y' * 100),
                                        ('C2', ' t="str"', '<v>z</v>'), ('D2', ' t="str"', '<v>' + 'w' * 100 + '</v>')]},
                         [])], ['<t>a</t>', '<t>' + 'b' * 100 + '</t>'])
print('written')
