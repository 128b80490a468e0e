#!/usr/bin/env python3
"""Write libgoc's man(3) pages from Doxygen's XML output.

usage: manpages.py XML_DIR MAN3_DIR VERSION    (docs/doxygen.py calls main())

One page per public function, struct, enum, typedef and macro, named after
it (`man goc_org_create` opens goc_org_create.3goc, not the whole header),
one page per header listing what it declares, and a one-line link page
(`.so`) per enum value pointing at its enum's page (`man GOC_EINVAL`).

Doxygen's own man generator is not used: it puts a header's functions on
one page (with MAN_LINKS, every function name is only a link to it) and it
does not escape text lines that begin with an apostrophe or a period, which
groff then reads as control lines and drops (an enum value's description
`"landed": ...` became `'landed': ...`).  Here every text line is escaped
(see Roff.text), and any Doxygen markup this script does not know is
reported as a warning, which fails the build like a Doxygen warning: new
markup in a header comment cannot silently vanish from the pages.

The pages are checked by tests/check_man.py (groff -ww, no warnings).
"""
import os
import re
import sys
import xml.etree.ElementTree as ET

SECTION = "3goc"
MANUAL = "libgoc manual"


# ---------------------------------------------------------------- roff text

def esc(s):
    """Escape free text for roff (not at the start of a line: see Roff.text)."""
    return s.replace("\\", "\\e")


def esc_code(s):
    """Escape literal code: also a real minus and a straight apostrophe."""
    return esc(s).replace("-", "\\-").replace("'", "\\(aq")


def arg(s):
    """A quoted macro argument."""
    return '"%s"' % s.replace('"', "\\(dq")


BR = "\0br\0"  # a forced line break inside a paragraph's text


class Roff:
    """Lines of a page; text lines are escaped where they begin."""

    def __init__(self):
        self.lines = []

    def macro(self, line):
        self.lines.append(line)

    def text(self, s):
        """Text, possibly with BR marks; no line may begin with . or ' (a
        control line) and none with a space (a break in roff)."""
        for i, part in enumerate(s.split(BR)):
            part = re.sub(r"\s+", " ", part).strip()
            if i:
                self.macro(".br")
            if part:
                if part[0] in ".'":
                    part = "\\&" + part
                self.lines.append(part)

    def pp(self):
        """A paragraph break, unless at the start of a page part."""
        if self.lines and not re.match(r"\.(PP|SH|SS|TP|IP|RS)\b", self.lines[-1]):
            self.macro(".PP")

    def render(self):
        return "\n".join(self.lines) + "\n"


# ---------------------------------------------------- Doxygen's description

class Describer:
    """Renders Doxygen description elements (para, ref, parameterlist …)."""

    def __init__(self, pages, warn):
        self.pages = pages  # names that have a page of their own
        self.warn = warn
        self.refs = []  # names referred to, in order (for SEE ALSO)

    # -- inline content, returned as a string
    def inline(self, e, where):
        out = [esc(e.text or "")]
        for c in e:
            out.append(self.inline_elem(c, where))
            out.append(esc(c.tail or ""))
        return "".join(out)

    def plain(self, e):
        return "".join(e.itertext())

    def inline_elem(self, c, where):
        tag = c.tag
        if tag == "ref":
            name = self.plain(c)
            base = name[:-2] if name.endswith("()") else name
            if base in self.pages and base not in self.refs:
                self.refs.append(base)
            return "\\fB%s\\fR" % esc_code(name)
        if tag == "computeroutput":
            return "\\fB%s\\fR" % esc_code(self.plain(c))
        if tag == "bold":
            return "\\fB%s\\fR" % self.inline(c, where)
        if tag == "emphasis":
            return "\\fI%s\\fR" % self.inline(c, where)
        if tag == "linebreak":
            return BR
        # Doxygen reads `text 'x'` as a quoted pair; give back the source's
        # characters.
        if tag == "lsquo":
            return "\\(ga"
        if tag == "rsquo":
            return "\\(aq"
        if tag in ("ndash", "mdash"):
            return "\\(en" if tag == "ndash" else "\\(em"
        if tag == "ulink":
            text = self.inline(c, where)
            url = c.get("url", "")
            return text if text == esc(url) else "%s <%s>" % (text, esc(url))
        if tag == "anchor":
            return ""
        self.warn("%s: Doxygen markup <%s> is not rendered in man pages "
                  "(docs/manpages.py)" % (where, tag))
        return esc(self.plain(c))

    # -- block content, written to a Roff; the parts that have sections of
    # their own in a man page are collected instead
    def blocks(self, desc, roff, where, parts):
        """Write the paragraphs of a description element; collect its
        parameters, return value, "since" and "see" into parts."""
        if desc is None:
            return
        for p in desc:
            if p.tag != "para":
                if p.tag in ("sect1", "sect2", "sect3"):
                    title = p.find("title")
                    roff.macro(".SS " + arg(self.inline(title, where) if title is not None else ""))
                    self.blocks(p, roff, where, parts)
                    continue
                if p.tag == "title":
                    continue
                self.warn("%s: Doxygen block <%s> is not rendered in man pages "
                          "(docs/manpages.py)" % (where, p.tag))
                continue
            self.para(p, roff, where, parts)

    def para(self, p, roff, where, parts):
        buf = [esc(p.text or "")]

        def flush():
            s = "".join(buf)
            buf.clear()
            if s.replace(BR, "").strip():
                roff.pp()
                roff.text(s)

        for c in p:
            if c.tag == "parameterlist":
                flush()
                for item in c.findall("parameteritem"):
                    names = ", ".join(self.plain(n) for n in item.iter("parametername"))
                    sub = Roff()
                    self.blocks(item.find("parameterdescription"), sub, where, parts)
                    parts.setdefault("params", []).append((names, sub.lines))
            elif c.tag == "simplesect":
                flush()
                kind = c.get("kind")
                sub = Roff()
                self.blocks(c, sub, where, parts)
                if kind in ("return", "since", "see"):
                    parts.setdefault(kind, []).extend(sub.lines)
                elif kind in ("note", "warning", "attention", "remark", "pre", "post",
                              "par", "invariant", "deprecated"):
                    roff.pp()
                    label = {"pre": "Precondition", "post": "Postcondition"}.get(
                        kind, kind.capitalize())
                    roff.text("\\fB%s:\\fR" % label)
                    roff.macro(".RS 4")
                    roff.lines.extend(sub.lines)
                    roff.macro(".RE")
                else:
                    self.warn("%s: Doxygen section @%s is not rendered in man pages "
                              "(docs/manpages.py)" % (where, kind))
            elif c.tag == "xrefsect":
                # @deprecated (and @todo, @bug, @test): Doxygen's cross-
                # referenced sections, written like a note with their title
                flush()
                title = c.find("xreftitle")
                sub = Roff()
                self.blocks(c.find("xrefdescription"), sub, where, parts)
                roff.pp()
                roff.text("\\fB%s:\\fR" % esc(self.plain(title) if title is not None else ""))
                roff.macro(".RS 4")
                roff.lines.extend(sub.lines)
                roff.macro(".RE")
            elif c.tag in ("itemizedlist", "orderedlist"):
                flush()
                for n, item in enumerate(c.findall("listitem"), 1):
                    mark = "\\(bu 2" if c.tag == "itemizedlist" else "%d. 4" % n
                    roff.macro(".IP " + mark)
                    sub = Roff()
                    self.blocks(item, sub, where, parts)
                    roff.lines.extend(l for l in sub.lines if l != ".PP")
                roff.macro(".PP")
            elif c.tag in ("programlisting", "verbatim"):
                flush()
                roff.pp()
                roff.macro(".RS 4")
                roff.macro(".nf")
                if c.tag == "verbatim":
                    code = (c.text or "").strip("\n").split("\n")
                else:
                    code = ["".join(l.itertext()) for l in c.findall("codeline")]
                for line in code:
                    line = esc_code(line)
                    roff.lines.append("\\&" + line if line else "")
                roff.macro(".fi")
                roff.macro(".RE")
            else:
                buf.append(self.inline_elem(c, where))
            buf.append(esc(c.tail or ""))
        flush()


def first_sentence(text):
    """The first sentence of a description, for a page's NAME line."""
    text = re.sub(r"\s+", " ", text).strip()
    m = re.match(r"(.+?[.:;])(\s|$)", text)
    s = m.group(1) if m else text
    return s.rstrip(".:;")


# ------------------------------------------------------------ the API model

class Api:
    """The public API as Doxygen read it: members by name and by header."""

    def __init__(self, xml_dir):
        self.functions, self.enums, self.typedefs, self.defines = {}, {}, {}, {}
        self.structs = {}
        self.files = {}  # "org.h" -> file compounddef
        self.values = {}  # enum value name -> enum name
        seen = set()
        index = ET.parse(os.path.join(xml_dir, "index.xml")).getroot()
        for comp in index.findall("compound"):
            if comp.get("kind") not in ("file", "group", "struct"):
                continue
            root = ET.parse(os.path.join(xml_dir, comp.get("refid") + ".xml")).getroot()
            for cd in root.findall("compounddef"):
                kind = cd.get("kind")
                if kind == "struct":
                    self.structs[cd.findtext("compoundname")] = cd
                    continue
                if kind == "file":
                    name = cd.findtext("compoundname")
                    if name.endswith(".h"):
                        self.files[name] = cd
                for m in cd.iter("memberdef"):
                    if m.get("id") in seen:
                        continue
                    seen.add(m.get("id"))
                    table = {"function": self.functions, "enum": self.enums,
                             "typedef": self.typedefs, "define": self.defines}.get(m.get("kind"))
                    if table is None:
                        continue
                    table[m.findtext("name")] = m
                    if m.get("kind") == "enum":
                        for v in m.findall("enumvalue"):
                            self.values[v.findtext("name")] = m.findtext("name")

    def header_of(self, m):
        loc = m.find("location")
        return os.path.basename(loc.get("file")) if loc is not None else None

    def page_names(self):
        names = set(self.functions) | set(self.enums) | set(self.typedefs)
        names |= set(self.defines) | set(self.structs)
        return names


# ------------------------------------------------------------------- pages

class Writer:
    def __init__(self, api, version, warn):
        self.api = api
        self.version = version
        self.warn = warn
        self.pages = {}  # file name -> text
        self.names = api.page_names()

    def head(self, roff, name, brief):
        roff.macro(".\\\" -*- coding: UTF-8 -*-")
        roff.macro('.TH %s %s "" %s %s' % (arg(name), SECTION, arg("libgoc " + self.version),
                                             arg(MANUAL)))
        roff.macro(".nh")
        roff.macro(".ad l")
        roff.macro(".SH NAME")
        roff.text("%s \\- %s" % (esc_code(name), brief))

    def describe(self, roff, m, where, skip_brief=False):
        d = Describer(self.names, self.warn)
        parts = {}
        body = Roff()
        brief = m.find("briefdescription")
        if brief is not None and "".join(brief.itertext()).strip() and not skip_brief:
            d.blocks(brief, body, where, parts)
            body.macro(".PP")
        d.blocks(m.find("detaileddescription"), body, where, parts)
        return d, parts, body

    def brief_of(self, m, where):
        """The NAME line's text: the @brief, else the first sentence."""
        blocks = ("parameterlist", "simplesect", "itemizedlist", "orderedlist",
                  "programlisting", "verbatim")
        for tag in ("briefdescription", "detaileddescription"):
            e = m.find(tag)
            para = e.find("para") if e is not None else None
            if para is None:
                continue
            # the paragraph's text up to its first block (a parameter list …)
            d = Describer(self.names, lambda msg: None)
            text = [esc(para.text or "")]
            for c in para:
                if c.tag in blocks:
                    break
                text.append(d.inline_elem(c, where) + esc(c.tail or ""))
            text = "".join(text).replace(BR, " ")
            if text.strip():
                return first_sentence(text)
        self.warn("%s: no description for the man page's NAME line" % where)
        return ""

    def see_also(self, roff, own, header, refs, extra=()):
        names = []
        for r in list(extra) + refs:
            if r != own and r not in names:
                names.append(r)
        items = [".BR %s (%s)" % (esc_code(r), SECTION) for r in names]
        if header:
            items.append(".BR %s (%s)" % (esc_code(header), SECTION))
        items.append(".BR libgoc (3)")
        roff.macro(".SH SEE ALSO")
        for i, item in enumerate(items):
            roff.macro(item + ("," if i < len(items) - 1 else ""))

    def sections(self, roff, parts):
        if parts.get("params"):
            roff.macro(".SH PARAMETERS")
            for names, lines in parts["params"]:
                roff.macro(".TP")
                roff.macro(".I " + arg(esc_code(names)))
                roff.lines.extend(l for l in lines if l != ".PP")
        if parts.get("return"):
            roff.macro(".SH RETURN VALUE")
            roff.lines.extend(parts["return"])
        if parts.get("since"):
            roff.macro(".SH VERSIONS")
            roff.text("Since")
            roff.lines.extend(parts["since"])
        return [l for l in parts.get("see", [])]

    def synopsis(self, roff, lines):
        roff.macro(".SH SYNOPSIS")
        roff.macro(".nf")
        roff.macro(".B #include <goc.h>")
        roff.macro(".PP")
        roff.lines.extend(lines)
        roff.macro(".fi")

    # -- a function
    def function(self, name, m, enum=None):
        """A function's page; with enum, also the enum of the same name
        (goc_unit_kind() reads a unit's enum goc_unit_kind)."""
        where = "%s()" % name
        header = self.api.header_of(m)
        roff = Roff()
        brief = self.brief_of(m, where)
        if enum is not None:
            brief += "; enum %s: %s" % (esc_code(name), self.brief_of(enum, "enum " + name))
        self.head(roff, name, brief)
        ret = "".join(m.find("type").itertext()).strip()
        params = []
        for p in m.findall("param"):
            ty = "".join(p.find("type").itertext()).strip()
            dn = p.findtext("declname")
            ar = p.findtext("array") or ""
            params.append((ty, dn, ar))
        lead = "%s%s%s(" % (ret, "" if ret.endswith("*") else " ", name)
        syn = []
        if not params or (len(params) == 1 and params[0][1] is None):
            syn.append(".B %s" % arg(esc_code(lead + (params[0][0] if params else "void") + ");")))
        else:
            pad = " " * len(lead)
            for i, (ty, dn, ar) in enumerate(params):
                pre = (lead if i == 0 else pad) + ty + ("" if ty.endswith("*") else " ")
                post = ar + (");" if i == len(params) - 1 else ",")
                syn.append(".BI %s %s %s" % (arg(esc_code(pre)), arg(esc_code(dn or "")),
                                             arg(esc_code(post))))
        d, parts, body = self.describe(roff, m, where)
        if enum is not None:
            enum_syn, enum_body = self.enum_parts(name, enum, d, parts)
            syn = enum_syn + [".PP"] + syn
        self.synopsis(roff, syn)
        roff.macro(".SH DESCRIPTION")
        roff.lines.extend(body.lines)
        if enum is not None:
            roff.macro(".SH VALUES")
            roff.lines.extend(enum_body)
        self.sections(roff, parts)
        self.see_also(roff, name, header, d.refs)
        self.pages[name] = roff.render()

    # -- a struct (its fields) and the typedef of the same name
    def struct(self, name, cd):
        where = "struct %s" % name
        header = None
        loc = cd.find("location")
        if loc is not None:
            header = os.path.basename(loc.get("file"))
        roff = Roff()
        self.head(roff, name, self.brief_of(cd, where))
        fields = [m for s in cd.findall("sectiondef") for m in s.findall("memberdef")
                  if m.get("kind") == "variable"]
        syn = [".B typedef struct %s {" % esc_code(name)]
        for f in fields:
            ty = "".join(f.find("type").itertext()).strip()
            syn.append(".BI %s %s %s" % (arg(esc_code("    " + ty + ("" if ty.endswith("*") else " "))),
                                         arg(esc_code(f.findtext("name"))),
                                         arg(esc_code((f.findtext("argsstring") or "") + ";"))))
        syn.append(".B } %s;" % esc_code(name))
        self.synopsis(roff, syn)
        d, parts, body = self.describe(roff, cd, where, skip_brief=True)
        roff.macro(".SH DESCRIPTION")
        roff.lines.extend(body.lines)
        roff.macro(".SH FIELDS")
        for f in fields:
            roff.macro(".TP")
            roff.macro(".I " + arg(esc_code(f.findtext("name"))))
            sub = Roff()
            d.blocks(f.find("briefdescription"), sub, "%s.%s" % (name, f.findtext("name")), parts)
            d.blocks(f.find("detaileddescription"), sub, "%s.%s" % (name, f.findtext("name")), parts)
            roff.lines.extend(l for l in sub.lines if l != ".PP")
        self.sections(roff, parts)
        self.see_also(roff, name, header, d.refs)
        self.pages[name] = roff.render()

    # -- an enum and its values
    def enum_parts(self, name, m, d, parts):
        """An enum's synopsis lines and its VALUES lines (description first)."""
        where = "enum %s" % name
        values = m.findall("enumvalue")
        syn = [".B enum %s {" % esc_code(name)]
        for i, v in enumerate(values):
            init = (v.findtext("initializer") or "").strip()
            syn.append(".B %s" % arg(esc_code("    %s%s%s" % (
                v.findtext("name"), " " + init if init else "", "," if i < len(values) - 1 else ""))))
        syn.append(".B };")
        body = Roff()
        d.blocks(m.find("briefdescription"), body, where, parts)
        d.blocks(m.find("detaileddescription"), body, where, parts)
        for v in values:
            body.macro(".TP")
            init = (v.findtext("initializer") or "").lstrip("= ").strip()
            body.macro(".B %s" % arg(esc_code(v.findtext("name") + (" (%s)" % init if init else ""))))
            sub = Roff()
            vw = "%s %s" % (where, v.findtext("name"))
            d.blocks(v.find("briefdescription"), sub, vw, parts)
            d.blocks(v.find("detaileddescription"), sub, vw, parts)
            body.lines.extend(l for l in sub.lines if l != ".PP")
        for v in values:
            self.pages[v.findtext("name")] = ".so man3/%s.%s\n" % (name, SECTION)
        return syn, body.lines

    def enum(self, name, m):
        roff = Roff()
        self.head(roff, name, self.brief_of(m, "enum %s" % name))
        d, parts = Describer(self.names, self.warn), {}
        syn, body = self.enum_parts(name, m, d, parts)
        self.synopsis(roff, syn)
        roff.macro(".SH VALUES")
        roff.lines.extend(body)
        self.sections(roff, parts)
        self.see_also(roff, name, self.api.header_of(m), d.refs)
        self.pages[name] = roff.render()

    # -- a typedef (not of a struct that has its own page) or a macro
    def simple(self, name, m, decl):
        where = name
        roff = Roff()
        self.head(roff, name, self.brief_of(m, where))
        self.synopsis(roff, [".B %s" % arg(esc_code(decl))])
        d, parts, body = self.describe(roff, m, where)
        roff.macro(".SH DESCRIPTION")
        roff.lines.extend(body.lines)
        self.sections(roff, parts)
        self.see_also(roff, name, self.api.header_of(m), d.refs)
        self.pages[name] = roff.render()

    # -- a header: its description and an index of what it declares
    def header(self, name, cd):
        where = name
        members = {}
        for table, title in ((self.api.functions, "FUNCTIONS"), (self.api.structs, "STRUCTURES"),
                             (self.api.typedefs, "TYPES"), (self.api.enums, "ENUMERATIONS"),
                             (self.api.defines, "MACROS")):
            for n, m in table.items():
                if table is self.api.structs:
                    loc = m.find("location")
                    h = os.path.basename(loc.get("file")) if loc is not None else None
                else:
                    h = self.api.header_of(m)
                if h == name and n in self.pages and not self.pages[n].startswith(".so"):
                    members.setdefault(title, []).append((n, m))
        roff = Roff()
        self.head(roff, name, self.brief_of(cd, where))
        self.synopsis(roff, [])
        d, parts, body = self.describe(roff, cd, where, skip_brief=True)
        if body.lines:
            roff.macro(".SH DESCRIPTION")
            roff.lines.extend(body.lines)
        for title in ("FUNCTIONS", "STRUCTURES", "TYPES", "ENUMERATIONS", "MACROS"):
            if title not in members:
                continue
            roff.macro(".SH " + title)
            for n, m in sorted(members[title]):
                roff.macro(".TP")
                roff.macro(".BR %s (%s)" % (esc_code(n), SECTION))
                roff.text(self.brief_of(m, n))
        self.sections(roff, parts)
        self.see_also(roff, name, None, d.refs if len(d.refs) < 12 else [])
        self.pages[name] = roff.render()

    def write_all(self):
        api = self.api
        for n, m in api.functions.items():
            self.function(n, m, api.enums.get(n))
        for n, cd in api.structs.items():
            self.struct(n, cd)
        for n, m in api.enums.items():
            if n not in api.functions:
                self.enum(n, m)
        for n, m in api.typedefs.items():
            if n in api.structs:
                continue  # typedef struct X X: the struct's page
            ty = "".join(m.find("type").itertext()).strip()
            args = m.findtext("argsstring") or ""
            if "(*" in ty:
                decl = "typedef %s%s%s;" % (ty, n, args)
            else:
                decl = "typedef %s %s;" % (ty, n)
            self.simple(n, m, decl)
        for n, m in api.defines.items():
            init = re.sub(r"\s+", " ", "".join(m.find("initializer").itertext())
                          if m.find("initializer") is not None else "").strip()
            self.simple(n, m, "#define %s %s" % (n, init) if init else "#define %s" % n)
        # after the members: the header pages list the pages written
        for n, cd in api.files.items():
            if n in self.pages:
                self.warn("%s: a header and a member share a man page name" % n)
                continue
            self.header(n, cd)
        return self.pages


def generate(xml_dir, man3_dir, version):
    """Write the pages; return the list of warnings (empty when clean)."""
    warnings = []
    api = Api(xml_dir)
    pages = Writer(api, version, warnings.append).write_all()
    os.makedirs(man3_dir, exist_ok=True)
    for name, text in sorted(pages.items()):
        with open(os.path.join(man3_dir, "%s.%s" % (name, SECTION)), "w", encoding="utf-8") as f:
            f.write(text)
    return warnings


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip())
        return 2
    warnings = generate(*argv)
    for w in warnings:
        print("manpages.py: " + w)
    return 1 if warnings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
