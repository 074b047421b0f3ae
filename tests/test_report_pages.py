"""The gap report's Markdown and HTML pages: every figure they print equals the JSON's
(:func:`crosswalk.reportmodel.as_dict`) on every shipped report, two profiles give two different
pages, hostile text stays text, and the HTML page works in headless Chromium without any network.

The figures are read back from what a reader gets: the Markdown's tables, and the HTML page's
``data-figure`` hooks (each inside the element, group, action... it belongs to), parsed with
Python's html.parser and, in the browser test, from the DOM Chromium built.
"""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Callable

import pytest

from crosswalk import reportmodel
from crosswalk.coverage import STATUSES
from crosswalk.model import SignOff
from crosswalk.report import Request, analyse, request_from_definition
from crosswalk.reporters import report_html, report_markdown
from crosswalk.reporters.text_safety import shown, unsafe
from crosswalk.reportmodel import ANSWER_WORDS, ANSWERS
from crosswalk.workspace import load
from tests.render_tools import browser_page, min_text_size, pdf_pages
from tests.test_output_escaping import hostile  # noqa: F401 (a fixture: the library of hostile text)

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted(path.stem for path in (ROOT / "reports").glob("*.yaml"))


@pytest.fixture(scope="module")
def workspace():
    return load([], include_builtin=True)


def build(workspace, report_id: str) -> reportmodel.GapReport:
    return reportmodel.build(analyse(workspace, request_from_definition(workspace.report(report_id))))


@pytest.fixture(scope="module")
def shipped(workspace) -> dict[str, reportmodel.GapReport]:
    return {report_id: build(workspace, report_id) for report_id in SHIPPED}


def test_every_shipped_definition_is_tested():
    assert len(SHIPPED) >= 6 and "example-bank-aiverify-2023-to-nist-ai-rmf" in SHIPPED


# ---------------------------------------------------------------------------------------------
# Reading the HTML page back

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: dict[str, str], parent: Node | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    def text(self) -> str:
        return "".join(child if isinstance(child, str) else child.text() for child in self.children)

    def walk(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.walk()

    def all(self, attr: str) -> list[Node]:
        return [node for node in self.walk() if attr in node.attrs]

    def figures(self, prefixes: tuple[str, ...] = ("",)) -> dict[str, int]:
        """The data-figure values inside this node whose names start with one of ``prefixes``; a figure
        shown twice must show the same value."""
        out: dict[str, int] = {}

        def visit(node: Node) -> None:
            for child in node.children:
                if isinstance(child, Node):
                    if "data-figure" in child.attrs and child.attrs["data-figure"].startswith(prefixes):
                        name = child.attrs["data-figure"]
                        value = int(child.text().strip())
                        assert out.setdefault(name, value) == value, f"{name} shown as {out[name]} and {value}"
                    visit(child)

        visit(self)
        return out


class Tree(HTMLParser):
    """The page as a tree of nodes, with a check that every element it opens it closes."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.open = self.root
        self.feed(page)
        self.close()
        assert self.open is self.root, f"<{self.open.tag}> never closed"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {name: value or "" for name, value in attrs}, self.open)
        self.open.children.append(node)
        if tag not in VOID:
            self.open = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open.children.append(Node(tag, {name: value or "" for name, value in attrs}, self.open))

    def handle_endtag(self, tag: str) -> None:
        assert self.open.tag == tag, f"</{tag}> closes <{self.open.tag}>"
        self.open = self.open.parent

    def handle_data(self, data: str) -> None:
        self.open.children.append(data)


def tally(figures: dict[str, int], prefix: str, shown_only: bool = False) -> dict[str, Any]:
    """A tally as as_dict writes it, from figures named ``prefix.total`` and ``prefix.<status>``
    (a status the page leaves out when ``shown_only``, because it is zero there, counts 0)."""
    statuses = {s: figures[f"{prefix}.{s}"] if not shown_only else figures.get(f"{prefix}.{s}", 0) for s in STATUSES}
    return {"total": figures[f"{prefix}.total"], "statuses": statuses}


def html_figures(page: str) -> dict[str, Any]:
    """The page's figures in the shape of as_dict (the parts the page shows)."""
    root = Tree(page).root
    top = root.figures(("leaves.", "ceiling.", "position."))
    out: dict[str, Any] = {"leaves": tally(top, "leaves")}
    out["ceiling"] = tally(top, "ceiling") if "ceiling.total" in top else None
    out["position"] = {a: top[f"position.{a}"] for a in ANSWERS} if "position.implemented" in top else None
    if out["position"] is not None:
        assert top["position.total"] == sum(out["position"].values())
    out["by_level"] = [{"level": n.attrs["data-level"], "elements": n.figures()["by_level.elements"],
                        "statuses": {s: n.figures()[f"by_level.{s}"] for s in STATUSES}}
                       for n in root.all("data-level") if n.tag == "tr" and "data-element" not in n.attrs]
    out["groups"] = [{"element": n.attrs["data-group"], "status": n.attrs["data-status"],
                      "leaves": tally(n.figures(), "group", shown_only=True)} for n in root.all("data-group")]
    out["subgroups"] = [{"element": n.attrs["data-subgroup"], "status": n.attrs["data-status"],
                         "leaves": tally(n.figures(), "group", shown_only=True)} for n in root.all("data-subgroup")]
    evidence = {n.attrs["data-evidence-for"]: n for n in root.all("data-evidence-for")}
    elements = []
    for n in root.all("data-element"):
        figures = n.figures()
        ident = n.attrs["data-element"]
        items = evidence.get(ident)
        elements.append({"element": ident, "status": n.attrs["data-status"],
                         "bearing": {a: figures.get(f"bearing.{a}", 0) for a in ANSWERS},
                         "associated": figures.get("associated", 0),
                         "evidence": items.figures()["evidence"] if items else 0,
                         "sources": [i.attrs["data-source"] for i in items.all("data-source")] if items else []})
    out["elements"] = elements
    out["actions"] = [{"source": n.attrs["data-action"], "kind": n.attrs["data-kind"],
                       "changes": [{"element": c.attrs["data-change"], "before": c.attrs["data-before"],
                                    "after": c.attrs["data-after"]} for c in n.all("data-change")]}
                      for n in root.all("data-action")]
    out["mappings"] = [{"id": n.attrs["data-mapping"], "authority": n.attrs["data-authority"],
                        "status": n.attrs["data-status"], **n.figures()} for n in root.all("data-mapping")]
    out["inputs"] = [{"path": n.attrs["data-input"], "role": n.attrs["data-role"],
                      "sha256": next((c.attrs["data-sha256"] for c in n.all("data-sha256")), "")}
                     for n in root.all("data-input")]
    out["gaps"] = [n.attrs["data-gap"] for n in root.all("data-gap")]
    out["headline"] = " ".join(n.text() for n in root.walk() if n.attrs.get("class") == "headline")
    out["limits"] = [n.attrs["data-limit"] for n in root.all("data-limit")]
    return out


def expected(data: dict[str, Any]) -> dict[str, Any]:
    """The same parts, from the JSON form (text as the pages show it: unsafe characters spelled)."""
    def group(g: dict[str, Any]) -> dict[str, Any]:
        return {"element": shown(g["element"]), "status": g["status"], "leaves": g["leaves"]}

    evidence: dict[str, list[str]] = {}
    for item in data["evidence"]:
        evidence.setdefault(item["target"], []).append(shown(item["source"]))
    return {
        "leaves": data["leaves"],
        "ceiling": data["ceiling"],
        "position": data["position"]["answers"] if data["position"] else None,
        "by_level": [{"level": shown(b["level"]), "elements": b["elements"], "statuses": b["statuses"]}
                     for b in data["by_level"]],
        "groups": [group(g) for g in data["groups"]],
        "subgroups": [group(g) for g in data["subgroups"]],
        "elements": [{"element": shown(e["element"]), "status": e["status"], "bearing": e["bearing"],
                      "associated": e["associated"], "evidence": e["evidence"],
                      "sources": evidence.get(e["element"], [])} for e in data["elements"]],
        "actions": [{"source": shown(a["source"]), "kind": a["kind"],
                     "changes": [{k: shown(v) for k, v in c.items()} for c in a["changes"]]}
                    for kind in ("implement", "assess first") for a in data["actions"] if a["kind"] == kind],
        "mappings": [{"id": shown(m["id"]), "authority": m["authority"], "status": shown(m["status"]),
                      "rows_used": m["rows_used"], "rows_ours": m["rows_ours"], "rows": m["rows"]}
                     for m in data["mappings"]],
        "inputs": [{"path": shown(i["path"]), "role": i["role"], "sha256": i["sha256"]} for i in data["inputs"]],
        "gaps": [shown(e["element"]) for e in data["elements"] if e["status"] in ("partially covered", "not covered")],
        "headline": shown(data["headline"]["answer"]),
        "limits": [limit["kind"] for limit in data["headline"]["limits"]],
    }


@pytest.mark.parametrize("report_id", SHIPPED)
def test_html_figures_equal_the_json(shipped, report_id):
    report = shipped[report_id]
    page = report_html.render(report)
    want = expected(reportmodel.as_dict(report))
    got = html_figures(page)
    for key in want:
        assert got[key] == want[key], key
    if report.ceiling is not None and report.ceiling.counts != report.leaves.counts:  # then also as a chart
        assert page.count('data-figure="ceiling.covered"') == 2


@pytest.mark.parametrize("report_id", SHIPPED)
def test_html_page_is_self_contained(shipped, report_id):
    page = report_html.render(shipped[report_id])
    assert page.startswith("<!DOCTYPE html>") and page.endswith("</html>\n")
    root = Tree(page).root
    nodes = list(root.walk())
    fetching = {"script", "link", "img", "iframe", "object", "embed", "video", "audio", "source", "image", "use",
                "base", "form"}
    assert [n.tag for n in nodes if n.tag in fetching] == []
    assert [n.attrs for n in nodes if {"src", "srcset", "xlink:href", "action", "background"} & set(n.attrs)] == []
    assert [n.attrs["href"] for n in nodes if not n.attrs.get("href", "#").startswith("#")] == []  # in-page links
    style = "".join(n.text() for n in nodes if n.tag == "style")
    assert "@import" not in style and re.findall(r"url\((?!#unknown-hatch\))", style) == []
    assert re.findall(r"url\(", page.replace(style, "")) == [] or "url(#unknown-hatch)" in page
    policy = [n.attrs["content"] for n in nodes if n.attrs.get("http-equiv") == "Content-Security-Policy"]
    assert policy == ["default-src 'none'; style-src 'unsafe-inline'"]  # the browser is told to fetch nothing
    ids = [n.attrs["id"] for n in nodes if "id" in n.attrs]
    assert len(ids) == len(set(ids)) and all(re.fullmatch(r"[a-z][a-z0-9-]*", i) for i in ids)
    assert {n.attrs["href"][1:] for n in nodes if "href" in n.attrs} <= set(ids)
    assert [n.attrs.get("href") for n in nodes if n.tag == "a"].count("#coverage") >= 1


def test_html_status_colours_are_the_workbooks():
    from crosswalk.reporters import workbook

    assert {status: colour.lstrip("#").upper() for status, colour in report_html.STATUS_COLOURS.items()} == \
        workbook.STATUS_FILL


def test_html_page_size_for_the_biggest_shipped_report(shipped):
    """The evidence is most of the page; the biggest shipped report (by evidence) stays a few MB."""
    sizes = {report_id: len(report_html.render(report).encode("utf-8")) for report_id, report in shipped.items()}
    biggest = max(shipped, key=lambda r: len(shipped[r].evidence))
    per_item = sizes[biggest] / len(shipped[biggest].evidence)
    assert per_item < 1000, f"{biggest}: {sizes[biggest]} bytes, {per_item:.0f} per piece of evidence"


# ---------------------------------------------------------------------------------------------
# Reading the Markdown back

MD_ESCAPED = re.compile(r"\\([\\`*_\[\]<>|~&#$])")


def md_cell(cell: str) -> str:
    """A cell's text as GitHub shows it: escapes undone, strong emphasis and code spans unwrapped."""
    cell = cell.strip()
    cell = re.sub(r"(?<!\\)\*\*", "", cell)
    cell = re.sub(r"(?<!\\)`", "", cell)
    return MD_ESCAPED.sub(r"\1", cell).strip()


def md_sections(text: str) -> dict[str, list[list[dict[str, str]]]]:
    """Every table under each heading, as a list of {column: cell} rows."""
    sections: dict[str, list[list[dict[str, str]]]] = {}
    heading = ""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("#"):
            heading = md_cell(line.lstrip("#"))
            sections.setdefault(heading, [])
        elif line.startswith("|") and i + 1 < len(lines) and re.fullmatch(r"\|(-+:?\|)+", lines[i + 1]):
            header = [md_cell(c) for c in re.split(r"(?<!\\)\|", line)[1:-1]]
            rows = []
            i += 2
            while i < len(lines) and lines[i].startswith("|"):
                cells = re.split(r"(?<!\\)\|", lines[i])[1:-1]
                assert len(cells) == len(header), lines[i]
                rows.append(dict(zip(header, (md_cell(c) for c in cells))))
                i += 1
            sections[heading].append(rows)
            continue
        i += 1
    return sections


def one_table(sections: dict[str, Any], match: Callable[[str], bool]) -> list[dict[str, str]]:
    found = [tables for heading, tables in sections.items() if match(heading)]
    assert len(found) == 1 and len(found[0]) == 1, [h for h in sections if match(h)]
    return found[0][0]


def md_bearing(cell: str) -> tuple[dict[str, int], int]:
    words = {word: answer for answer, word in ANSWER_WORDS.items()}
    bearing = dict.fromkeys(ANSWERS, 0)
    associated = 0
    if cell != "none":
        for part in cell.split(", "):
            count, word = part.split(" ", 1)
            if word == "associated only":
                associated = int(count)
            else:
                bearing[words[word]] = int(count)
    return bearing, associated


def markdown_figures(text: str, report: reportmodel.GapReport) -> dict[str, Any]:
    sections = md_sections(text)
    leafword = report_markdown.words.leaves_word(report).capitalize()
    leaves = one_table(sections, lambda h: h.endswith(" by status"))
    by_status = {row["Status"]: row for row in leaves}
    out: dict[str, Any] = {
        "leaves": {"total": int(by_status["total"][leafword]),
                   "statuses": {s: int(by_status[s][leafword]) for s in STATUSES}},
        "ceiling": None,
    }
    ceiling_column = "If every applicable source element were implemented"
    if ceiling_column in leaves[0]:
        out["ceiling"] = {"total": int(by_status["total"][ceiling_column]),
                          "statuses": {s: int(by_status[s][ceiling_column]) for s in STATUSES}}
    out["by_level"] = [{"level": row["Level"], "elements": int(row["Elements"]),
                        "statuses": {s: int(row[s]) for s in STATUSES}}
                       for row in one_table(sections, lambda h: h == "Each level's own status")]

    def groups(level: str | None) -> list[dict[str, Any]]:
        if level is None:
            return []
        return [{"element": row["Element"], "status": row["Its own status"],
                 "leaves": {"total": int(row[leafword]), "statuses": {s: int(row[s]) for s in STATUSES}}}
                for row in one_table(sections, lambda h: h == f"Per {level}")]

    out["groups"] = groups(report.groups[0].level if report.groups else None)
    out["subgroups"] = groups(report.subgroups[0].level if report.subgroups else None)
    position = [tables for heading, tables in sections.items() if heading == "Position"][0]
    if report.position is None:
        out["position"] = None
    else:
        words = {word: answer for answer, word in ANSWER_WORDS.items()}
        rows = {row["Answer"]: row for row in position[0]}
        column = [c for c in position[0][0] if c != "Answer"][0]
        out["position"] = {words[w]: int(rows[w][column]) for w in words}
        assert int(rows["total"][column]) == sum(out["position"].values())
    elements = []
    for row in one_table(sections, lambda h: h == "Coverage"):
        bearing, associated = md_bearing(row["Source answers"])
        elements.append({"element": row["Element"], "status": row["Status"].split(";")[0],
                         "bearing": bearing, "associated": associated, "evidence": int(row["Evidence"])})
    out["elements"] = elements
    actions = []
    for heading, kind in (("Implement", "implement"), ("Assess first", "assess first")):
        for h, tables in sections.items():
            if h.startswith(heading + " ("):
                assert int(h[len(heading) + 2:-1]) == len(tables[0])
                for row in tables[0]:
                    changes = row["What implementing it would change"]
                    actions.append({"source": row["Source element"].split(" ", 1)[0], "kind": kind,
                                    "changes": 0 if changes == "no status would change" else changes.count("\u2192")})
    out["actions"] = actions
    gaps = [tables for heading, tables in sections.items() if heading == "Gaps"][0]
    out["gaps"] = [row["Element"] for row in gaps[0]] if gaps else []
    out["mappings"] = [{"id": row["Mapping"], "authority": row["Authority"], "status": row["Status"],
                        "rows_used": int(row["Rows used"]), "rows_ours": int(row["of them our judgement"]),
                        "rows": int(row["Rows"])}
                       for row in (one_table(sections, lambda h: h == "Mappings used") if report.mappings else [])]
    out["inputs"] = [{"path": row["Path"], "role": row["Role"], "sha256": row["SHA-256"]}
                     for row in one_table(sections, lambda h: h == "Inputs")]
    return out


def markdown_expected(data: dict[str, Any]) -> dict[str, Any]:
    want = expected(data)
    want["ceiling"] = data["ceiling"]
    want["position"] = data["position"]["answers"] if data["position"] else None
    for element in want["elements"]:
        del element["sources"]
    want["actions"] = [{**a, "changes": len(a["changes"])} for a in want["actions"]]
    want["mappings"] = [{**m, "status": m["status"] or "not stated"} for m in want["mappings"]]
    del want["headline"], want["limits"]
    return want


@pytest.mark.parametrize("report_id", SHIPPED)
def test_markdown_figures_equal_the_json(shipped, report_id):
    report = shipped[report_id]
    text = report_markdown.render(report)
    got = markdown_figures(text, report)
    want = markdown_expected(reportmodel.as_dict(report))
    for key in want:
        assert got[key] == want[key], key
    assert f"\n**{report_markdown.md(report.headline.answer)}**\n" in text
    for limit in report.headline.limits:
        assert report_markdown.md(limit.text) in text
    assert report_markdown.md(report.actions_note) in text


# ---------------------------------------------------------------------------------------------
# Two profiles, two pages

def test_two_profiles_give_different_pages(workspace, tmp_path):
    bank = ROOT / "profiles" / "example-bank-aiverify-2023.yaml"
    text = bank.read_text(encoding="utf-8")
    changed = re.sub(r"status: not-implemented", "status: implemented", text, count=10)
    changed = changed.replace("organisation: Example Bank Pte. Ltd. (fictitious)", "organisation: Other Bank")
    other = tmp_path / "other-bank.yaml"
    other.write_text(changed, encoding="utf-8")
    definition = workspace.report("example-bank-aiverify-2023-to-nist-ai-rmf")
    request = request_from_definition(definition)
    reports = [reportmodel.build(analyse(workspace, request)),
               reportmodel.build(analyse(workspace, replace(request, profile_path=str(other))))]
    pages = [report_html.render(r) for r in reports]
    texts = [report_markdown.render(r) for r in reports]
    positions = [html_figures(page)["position"] for page in pages]
    assert positions == [r.position.answers for r in reports]
    assert positions[0]["not-implemented"] == positions[1]["not-implemented"] + 10
    assert [markdown_figures(t, r)["position"] for t, r in zip(texts, reports)] == positions
    assert "Other Bank" in pages[1] and "Other Bank" not in pages[0] and "Other Bank" in texts[1]
    assert len(reports[0].implement) > len(reports[1].implement)
    assert len(html_figures(pages[0])["actions"]) > len(html_figures(pages[1])["actions"])


# ---------------------------------------------------------------------------------------------
# Hostile text

SCRIPT = "<script>alert(1)</script>"
HOSTILE_TITLE = f"{SCRIPT} </details><details open> [link](http://evil.example) a|b `tick` $x$ **bold** \u202eevil"
HOSTILE_ID = "A\u202e|`x`</details>"


def _yaml(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\u202e", "\\u202E") + '"'


@pytest.fixture
def hostile_report(tmp_path) -> reportmodel.GapReport:
    (tmp_path / "h.yaml").write_text(
        "kind: framework\nid: h\nversion: '1'\nname: h\npublisher: test\nlevels: [group, item]\nelements:\n"
        f"  - {{id: G, title: {_yaml(HOSTILE_TITLE)}, level: group}}\n"
        f"  - {{id: {_yaml(HOSTILE_ID)}, title: {_yaml(HOSTILE_TITLE)}, level: item, parent: G}}\n"
        "  - {id: C, title: plain, level: item, parent: G}\n", encoding="utf-8")
    (tmp_path / "s.yaml").write_text(
        "kind: framework\nid: s\nversion: '1'\nname: s\npublisher: test\nlevels: [item]\nelements:\n"
        f"  - {{id: {_yaml('s|1')}, title: {_yaml(HOSTILE_TITLE)}, level: item}}\n"
        "  - {id: s2, title: two, level: item}\n", encoding="utf-8")
    (tmp_path / "m.yaml").write_text(
        "kind: mapping\nid: s-h\nsource: s@1\ntarget: h@1\nstyle: strm\n"
        "provenance: {author: test, method: human, status: draft, judgement: ours}\nrows:\n"
        f"  - {{source: {_yaml('s|1')}, target: {_yaml(HOSTILE_ID)}, relationship: equal, rationale: semantic, "
        "strength: 10}\n"
        "  - {source: s2, target: C, relationship: subset_of, rationale: semantic, strength: 5}\n", encoding="utf-8")
    (tmp_path / "p.yaml").write_text(
        f"kind: profile\nid: p\nframework: s@1\norganisation: {_yaml(HOSTILE_TITLE)}\nentries:\n"
        f"  - {{element: {_yaml('s|1')}, status: implemented}}\n"
        "  - {element: s2, status: not-implemented}\n", encoding="utf-8")
    workspace = load([tmp_path], include_builtin=False, include_cwd=False)
    request = Request("s@1", "h@1", str(tmp_path / "p.yaml"), title=HOSTILE_TITLE, description=HOSTILE_TITLE,
                      signoff=SignOff(prepared_by=HOSTILE_TITLE, classification=f'Secret" }} </style>{SCRIPT}'))
    return reportmodel.build(analyse(workspace, request))


def test_hostile_text_in_the_html_page_stays_text(hostile_report):
    page = report_html.render(hostile_report)
    assert "<script" not in page.lower() and "\u202e" not in page
    assert [c for c in page if c != "\n" and unsafe(c)] == []
    tree = Tree(page)  # every element closed where it opened: the title's </details> closed nothing
    assert page.count("<details") == page.count("</details>")
    assert [n for n in tree.root.walk() if n.tag == "details" and "open" in n.attrs] == []
    titles = [n.text() for n in tree.root.walk() if n.tag == "title"]
    assert titles[0] == shown(HOSTILE_TITLE)  # the exact text, bidi override spelled
    rows = {n.attrs["data-element"]: n for n in tree.root.all("data-element")}
    assert set(rows) == {"G", shown(HOSTILE_ID), "C"}
    assert shown(HOSTILE_TITLE) in rows[shown(HOSTILE_ID)].text()
    assert page.count("</style>") == 1 and "\\3c \\2f style\\3e " in page  # the classification in CSS, escaped
    figures = html_figures(page)
    assert figures == {**figures, **expected(reportmodel.as_dict(hostile_report))}
    assert figures["actions"][0]["changes"]  # implementing s2 would change C: the hooks carry changes too


def test_hostile_text_in_the_markdown_stays_text(hostile_report):
    text = report_markdown.render(hostile_report)
    bare = MD_ESCAPED.sub("", text)  # what is left once every backslash escape is taken out
    assert "<" not in bare and "\u202e" not in text  # no raw HTML at all
    assert "[link" not in bare and "](http" not in bare and "$x$" not in bare  # no link, no math
    assert text.count("\\<script\\>") == text.count("<script")  # each spelled with its escapes
    assert [c for c in text if c != "\n" and unsafe(c)] == []
    sections = md_sections(text)  # asserts every row has as many cells as its header
    coverage = one_table(sections, lambda h: h == "Coverage")
    assert [row["Element"] for row in coverage] == ["G", shown(HOSTILE_ID), "C"]
    assert {row["Title"] for row in coverage} == {shown(HOSTILE_TITLE), "plain"}
    actions = markdown_figures(text, hostile_report)["actions"]
    assert actions == [{"source": "s2", "kind": "implement", "changes": len(hostile_report.actions[0].changes)}]
    assert actions[0]["changes"] > 0


# ---------------------------------------------------------------------------------------------
# In a browser

FIGURES_JS = """() => {
  const scope = el => { const out = {}; for (let n = el; n && n.dataset; n = n.parentElement)
      for (const k of ['element', 'group', 'subgroup', 'level', 'mapping', 'evidenceFor']) if (n.dataset[k] !== undefined && out[k] === undefined) out[k] = n.dataset[k];
    return out; };
  return [...document.querySelectorAll('[data-figure]')].map(el => [JSON.stringify(scope(el)), el.dataset.figure, el.textContent.trim()]);
}"""


def browser_figures(report: reportmodel.GapReport) -> set[tuple[str, str, str]]:
    """What the page's hooks should read, computed from the JSON form, keyed as FIGURES_JS keys them."""
    import json

    data = reportmodel.as_dict(report)
    out: set[tuple[str, str, str]] = set()

    def add(scope: dict[str, str], name: str, value: int) -> None:
        scope = {key: shown(value) for key, value in scope.items()}
        out.add((json.dumps(scope, separators=(",", ":"), ensure_ascii=False), name, str(value)))

    add({}, "leaves.total", data["leaves"]["total"])
    for s in STATUSES:
        add({}, f"leaves.{s}", data["leaves"]["statuses"][s])
    for g in data["groups"]:
        add({"group": g["element"]}, "group.total", g["leaves"]["total"])
        for s in STATUSES:
            if g["leaves"]["statuses"][s]:
                add({"group": g["element"]}, f"group.{s}", g["leaves"]["statuses"][s])
    for e in data["elements"]:
        for a in ANSWERS:
            if e["bearing"][a]:
                add({"element": e["element"], "level": e["level"]}, f"bearing.{a}", e["bearing"][a])
        if e["evidence"]:
            add({"evidenceFor": e["element"]}, "evidence", e["evidence"])
    for m in data["mappings"]:
        for name in ("rows_used", "rows_ours", "rows"):
            add({"mapping": m["id"]}, name, m[name])
    return out


@pytest.mark.parametrize("report_id", ["example-bank-aiverify-2023-to-nist-ai-rmf", "aiverify-2023-to-nist-ai-rmf"])
def test_html_page_in_headless_chromium(shipped, report_id, tmp_path):
    """Issue 11 item 10: no console message, no request, no page error; the figures the DOM shows equal
    the JSON's; an element's evidence opens; the table header stays in view; nothing wider than a
    phone's screen; printed, no text under 8 pt; and a screenshot (looked at: see the final report)."""
    report = shipped[report_id]
    path = tmp_path / f"{report_id}.html"
    path.write_text(report_html.render(report), encoding="utf-8")
    with browser_page(path, width=1280, height=900) as session:
        page = session.page
        assert session.problems() == []

        shown_values: dict[tuple[str, str], set[str]] = {}
        for scope, name, value in page.evaluate(FIGURES_JS):
            shown_values.setdefault((scope, name), set()).add(value)
        want = browser_figures(report)
        assert len(want) > 20
        for scope, name, value in want:  # each figure shown, and wherever it is shown, with the JSON's value
            assert shown_values.get((scope, name)) == {value}, (scope, name)

        # a row's evidence opens on a click and shows one row per piece of evidence
        row = report.rows[0]
        details = page.locator(f'tr[data-evidence-for="{row.element}"] details')
        assert details.evaluate("d => d.open") is False
        assert not details.locator("tr[data-source]").first.is_visible()
        details.locator("summary").click()
        assert details.evaluate("d => d.open") is True
        items = details.locator("tr[data-source]")
        assert items.count() == row.evidence and items.first.is_visible()

        # the header of the coverage table stays in view while its rows scroll by
        page.locator("#coverage tbody tr").nth(40).scroll_into_view_if_needed()
        header = page.locator("table.coverage thead th").first.bounding_box()
        assert header is not None and 0 <= header["y"] < 5

        page.screenshot(path=str(tmp_path / "page.png"), full_page=False)
        assert (tmp_path / "page.png").stat().st_size > 10_000

        # narrow screen: nothing wider than the screen
        page.set_viewport_size({"width": 390, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path=str(tmp_path / "narrow.png"), full_page=False)

        # printed: no text under 8 pt (a CSS px is 0.75 pt)
        page.set_viewport_size({"width": 1280, "height": 900})
        page.emulate_media(media="print")
        smallest = page.evaluate(SMALLEST_TEXT_JS)
        assert smallest * 0.75 >= 8
        assert session.problems() == []


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_html_page_prints_landscape_with_no_text_under_8pt(shipped, paper, tmp_path):
    """Printed by Chromium (as "Save as PDF" does, with the page's own size): every page on the report's
    paper in landscape, no text under 8 pt, the title and "Page x of y" on every page."""
    report = replace(shipped["example-bank-aiverify-2023-to-nist-ai-rmf"], paper=paper)
    path = tmp_path / "report.html"
    path.write_text(report_html.render(report), encoding="utf-8")
    with browser_page(path) as session:
        pdf = tmp_path / "report.pdf"
        pdf.write_bytes(session.page.pdf(prefer_css_page_size=True, print_background=True))
        assert session.problems() == []
    pages = pdf_pages(pdf)
    assert len(pages) > 3
    assert {(p.paper, p.orientation) for p in pages} == {("A4" if paper == "a4" else "Letter", "landscape")}
    smallest = min_text_size(pages)
    assert smallest is not None and smallest >= 8 - 0.05, [p.smallest(3) for p in pages if p.min_size == smallest]
    for page in pages:
        text = " ".join(page.text.split())
        assert f"Page {page.number} of {len(pages)}" in text
        assert report.title[:40] in text  # the page's header
    printed = " ".join(" ".join(page.text.split()) for page in pages)
    assert report.subgroups[-1].title[:40] in printed  # the figures' folded tables print open
    assert "Evidence and paths:" not in printed  # an element's evidence only when the reader opened it


SMALLEST_TEXT_JS = """() => { let min = 1e9; const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) { if (!n.textContent.trim()) continue;
    const el = n.parentElement; if (!el.getClientRects().length) continue;
    min = Math.min(min, parseFloat(getComputedStyle(el).fontSize)); } return min; }"""


# ---------------------------------------------------------------------------------------------
# The Markdown as GitHub renders it (cmark-gfm, GitHub's own parser)

MARKDOWN_TAGS = {"h1", "h2", "h3", "p", "table", "thead", "tbody", "tr", "th", "td", "a", "strong", "em", "code",
                 "ul", "li"}


def gfm(text: str) -> Node:
    cmarkgfm = pytest.importorskip("cmarkgfm", reason="cmarkgfm (a test dependency) renders Markdown as GitHub does")
    from cmarkgfm.cmark import Options

    # unsafe: raw HTML passes through, so that any that reached the Markdown would show here
    return Tree(cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_UNSAFE)).root


def rendered_tables(root: Node) -> list[list[list[str]]]:
    return [[[cell.text().strip() for cell in row.walk() if cell.tag in ("th", "td")]
             for row in table.walk() if row.tag == "tr"] for table in root.walk() if table.tag == "table"]


@pytest.mark.parametrize("which", ["example-bank-aiverify-2023-to-nist-ai-rmf", "aiverify-2025-to-nist-ai-600-1",
                                   "hostile"])
def test_markdown_as_github_renders_it(shipped, hostile_report, which):
    report = hostile_report if which == "hostile" else shipped[which]
    text = report_markdown.render(report)
    root = gfm(text)
    assert {n.tag for n in root.walk()} <= MARKDOWN_TAGS  # no raw HTML, no image
    for link in (n for n in root.walk() if n.tag == "a"):
        # our links point within the page; any other is an autolink, which shows its own address
        assert link.attrs["href"].startswith("#") or link.text() in link.attrs["href"], link.attrs
    in_page = [n.attrs["href"] for n in root.walk() if n.tag == "a" and n.attrs["href"].startswith("#")]
    assert in_page[:len(report_markdown.words.SECTIONS)] == [f"#{anchor}" for anchor, _ in report_markdown.words.SECTIONS]
    # every table as GitHub shows it is the table the figures were read from, cell for cell
    ours = [[list(rows[0])] + [list(row.values()) for row in rows]
            for tables in md_sections(text).values() for rows in tables]
    assert rendered_tables(root) == ours
    headings = [n.text() for n in root.walk() if n.tag == "h2"]
    assert headings == [heading for _, heading in report_markdown.words.SECTIONS]
    if which == "hostile":
        cells = {cell for table in rendered_tables(root) for row in table for cell in row}
        assert shown(HOSTILE_TITLE) in cells and shown(HOSTILE_ID) in cells  # shown exactly as written
        assert [n.text() for n in root.walk() if n.tag == "h1"] == [shown(HOSTILE_TITLE)]


# ---------------------------------------------------------------------------------------------
# Through the command line, on the library every other output is tested with (ESC, CR, U+0085,
# U+FFFE, bidi and zero-width characters, GitHub workflow commands in ids, titles and names)

@pytest.mark.parametrize("name", ["r.md", "r.html"])
def test_report_pages_of_the_hostile_library(hostile, capsys, name):
    from crosswalk.cli import main
    from tests.test_output_escaping import command_lines, raw_unsafe

    assert main(["report", "--no-builtin", "--no-cache", "--from", "s", "--to", "h", "-o", name]) == 0
    assert raw_unsafe(capsys.readouterr().err) == []
    text = (hostile / name).read_text(encoding="utf-8")
    assert raw_unsafe(text) == [] and command_lines(text) == []
    assert "\\x1b" in text and "\\u202e" in text  # spelled, not dropped
    if name.endswith(".html"):
        root = Tree(text).root
        assert len(root.all("data-element")) == 3
    else:
        assert len(one_table(md_sections(text), lambda h: h == "Coverage")) == 3
