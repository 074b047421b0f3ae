"""The gap report as one self-contained HTML page: :func:`render` lays out a :class:`~crosswalk.reportmodel.GapReport`.

Why a page: many reviewers would rather look than read. The page puts the answer and its limits on
top, a bar per top group showing the share of its leaves by status, the organisation's position, the
actions, and the coverage table in which each element's evidence and paths open on a click.

What the page promises, and why:

* **No network at all.** Inline CSS, charts as inline SVG, the system's own fonts, no script, and a
  Content-Security-Policy that forbids every fetch, so it opens from a ``file://`` URL, an e-mail
  attachment or an air-gapped laptop the same way. Expanding parts are ``<details>`` elements.
* **Colour never alone.** Every coloured mark (a status, an answer, a bar segment) comes with its
  word or its count in text; the bars carry an accessible label too.
* **Prints.** A4 or Letter landscape (the report's ``paper``), no text under 8 pt, table headers
  repeated on every page, the title, classification and "page x of y" in the page margins.
* **Every figure is the model's**, under the name :func:`crosswalk.reportmodel.as_dict` gives it,
  and carries a ``data-figure`` hook (``data-element``, ``data-group``... on its container) so that
  a test can read the page's figures back and compare them with the JSON.
* **Every text is escaped** with :func:`~crosswalk.reporters.text_safety.html_safe` (bidi, control
  and zero-width characters spelled as escapes, as every other format does).
"""

from __future__ import annotations

from typing import Any, Iterable

from crosswalk.coverage import COVERED, NOT_APPLICABLE, NOT_COVERED, PARTIAL, STATUSES, UNKNOWN
from crosswalk.figures import Tally, plural
from crosswalk.reporters import report_layout as words
from crosswalk.reporters.text_safety import css_string, html_safe, no_commands
from crosswalk.reportmodel import ANSWERS, ASSOCIATED_ONLY, Action, EvidenceItem, GapReport, Group, TargetRow

STATUS_COLOURS = {COVERED: "#C6EFCE", PARTIAL: "#FFEB9C", NOT_COVERED: "#FFC7CE", NOT_APPLICABLE: "#D9D9D9",
                  UNKNOWN: "#FFFFFF"}
"""The workbook's status fills (unknown is white, outlined in #BFBFBF)."""
STATUS_CLASS = {COVERED: "cov", PARTIAL: "par", NOT_COVERED: "not", NOT_APPLICABLE: "na", UNKNOWN: "unk"}
ANSWER_COLOURS = {"implemented": "#C6EFCE", "partial": "#FFEB9C", "planned": "#DDEBF7", "not-implemented": "#FFC7CE",
                  "not-applicable": "#D9D9D9", "not-assessed": "#FFFFFF"}
"""An answer's colour: the status it leads to where it can (planned, which leads to none, in blue)."""
ANSWER_CLASS = {"implemented": "cov", "partial": "par", "planned": "pla", "not-implemented": "not",
                "not-applicable": "na", "not-assessed": "unk"}
OUTLINE = "#BFBFBF"
HATCH = "url(#unknown-hatch)"
HATCH_DEFS = ('<svg class="defs" width="0" height="0" aria-hidden="true" focusable="false"><defs>'
              '<pattern id="unknown-hatch" patternUnits="userSpaceOnUse" width="9" height="9" '
              'patternTransform="rotate(45)"><rect width="9" height="9" fill="#FFFFFF"/>'
              f'<line x1="0" y1="0" x2="0" y2="9" stroke="{OUTLINE}" stroke-width="3"/></pattern></defs></svg>')
"""Unknown is white in the workbook; in a bar, white on white would read as empty, so its segments
are white hatched with the workbook's #BFBFBF outline colour (and so is its swatch)."""
UP = '<span class="up" title="improves">\u2191</span> '
MAX_INDENT = 16


def h(value: Any) -> str:
    """Library text as HTML text or a quoted attribute value."""
    return html_safe(value)


def attrs(**values: Any) -> str:
    """`` data-x="..."`` attributes (underscores become hyphens); None values are left out."""
    return "".join(f' {name.replace("_", "-")}="{h(value)}"' for name, value in values.items() if value is not None)


def render(report: GapReport) -> str:
    """The whole page (UTF-8 text)."""
    body = [_header(report), "<main>", _answer(report), _signoff(report), _position(report), _figures(report),
            _actions(report), _coverage(report), _gaps(report), _mappings(report), _inputs(report),
            _glossary(report), "</main>", _footer(report)]
    page = "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        # no fetch of any kind, no script: the page is all here
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f'<meta name="generator" content="{h(report.tool)}">',
        f"<title>{h(report.title)}</title>",
        f"<style>{_css(report)}</style>",
        "</head>",
        "<body>",
        HATCH_DEFS,
        *body,
        "</body>",
        "</html>",
    ])
    return no_commands(page) + "\n"


# -- pieces ---------------------------------------------------------------------------------------

def status_pill(status: str) -> str:
    return f'<span class="pill s-{STATUS_CLASS.get(status, "unk")}">{h(status)}</span>'


def answer_pill(answer: str) -> str:
    return f'<span class="pill s-{ANSWER_CLASS.get(answer, "unk")}">{h(words.answer_word(answer))}</span>'


def bar(parts: list[tuple[str, int, str, str]], label: str, css_class: str = "bar") -> str:
    """A stacked horizontal bar in SVG: ``parts`` are (key, count, fill colour, words); zero counts are
    left out. The SVG stretches to its box (so it holds no text, which would stretch too): its counts
    are in the text next to it, and in its accessible label."""
    total = sum(count for _, count, _, _ in parts)
    shapes = []
    x = 0.0
    for key, count, fill, word in parts:
        if not count:
            continue
        width = 1000 * count / total
        shapes.append(f'<rect x="{x:.2f}" y="0" width="{width:.2f}" height="20" fill="{fill}"'
                      f'{attrs(data_segment=key)}><title>{count} {h(word)}</title></rect>')
        x += width
    separators = []
    x = 0.0
    for _, count, _, _ in parts:
        if count and x > 0:
            separators.append(f'<line x1="{x:.2f}" y1="0" x2="{x:.2f}" y2="20"/>')
        x += 1000 * count / total if total else 0
    return (f'<svg class="{css_class}" viewBox="0 0 1000 20" preserveAspectRatio="none" role="img" '
            f'aria-label="{h(label)}" focusable="false">'
            + "".join(shapes) + "".join(separators)
            + '<rect class="frame" x="0" y="0" width="1000" height="20"/></svg>')


def status_bar(tally: Tally, label: str, css_class: str = "bar") -> str:
    return bar([(status, tally.counts[status], HATCH if status == UNKNOWN else STATUS_COLOURS[status], status)
                for status in STATUSES],
               f"{label}: {words.tally_phrase(tally)}", css_class)


def status_counts(tally: Tally, prefix: str) -> str:
    """Each status with its swatch and count (zero counts shown, dimmed): the bar's figures in text."""
    items = []
    for status in STATUSES:
        count = tally.counts[status]
        items.append(f'<li class="{"zero" if not count else ""}"><span class="sw s-{STATUS_CLASS[status]}"></span>'
                     f'<b{attrs(data_figure=f"{prefix}.{status}")}>{count}</b> {h(status)}</li>')
    return '<ul class="counts">' + "".join(items) + "</ul>"


def section(anchor: str, heading: str, *content: str) -> str:
    return f'<section id="{anchor}">\n<h2>{h(heading)}</h2>\n' + "\n".join(content) + "\n</section>"


def table(head: Iterable[str], rows: Iterable[str], css_class: str = "", cols: Iterable[str] = ()) -> str:
    """A table; ``head`` cells are our own (escaped) text, ``rows`` ready ``<tr>`` markup."""
    colgroup = "".join(f'<col style="width:{w}">' for w in cols)
    return (f'<div class="wide"><table class="{css_class}">' + (f"<colgroup>{colgroup}</colgroup>" if colgroup else "")
            + "<thead><tr>" + "".join(f"<th scope=\"col\">{cell}</th>" for cell in head) + "</tr></thead>"
            + "<tbody>\n" + "\n".join(rows) + "\n</tbody></table></div>")


def code(value: Any) -> str:
    return f"<code>{h(value)}</code>"


# -- sections -------------------------------------------------------------------------------------

def _header(report: GapReport) -> str:
    classification = report.signoff.classification
    banner = f'<p class="classification">{h(classification)}</p>' if classification else ""
    nav = "".join(f'<li><a href="#{anchor}">{h(heading)}</a></li>' for anchor, heading in words.SECTIONS)
    description = f'<p class="description">{h(report.description)}</p>' if report.description else ""
    return (f'<header class="top">{banner}<h1>{h(report.title)}</h1>'
            f'<p class="sub">{h(report.source["label"])} <span aria-hidden="true">\u2192</span>'
            f'<span class="sr"> to </span> {h(report.target["label"])} \u00b7 generated {h(report.generated)} '
            f'by {h(report.tool)}</p>{description}'
            f'<nav aria-label="Sections"><ol>{nav}</ol></nav></header>')


def _answer(report: GapReport) -> str:
    leafword = words.leaves_word(report)
    leaves = report.leaves
    parts = [f'<p class="headline">{h(report.headline.answer)}</p>',
             f'<div class="chart"><p class="chart-title"><b data-figure="leaves.total">{leaves.total}</b> '
             f'{h(leafword)} of {h(report.target["label"])} by status</p>',
             status_bar(leaves, f"{leaves.total} {leafword}"), status_counts(leaves, "leaves"), "</div>"]
    if report.ceiling is not None and report.ceiling.counts != leaves.counts:
        parts += ['<div class="chart ceiling"><p class="chart-title">If every applicable '
                  f'{h(report.source["label"])} element were implemented</p>',
                  status_bar(report.ceiling, f"If every applicable source element were implemented: "
                                             f"{report.ceiling.total} {leafword}"),
                  status_counts(report.ceiling, "ceiling"), "</div>"]
    if report.headline.limits:
        limits = "".join(f'<li{attrs(data_limit=limit.kind)}><b>{h(words.limit_label(limit.kind))}.</b> '
                         f"{h(limit.text)}</li>" for limit in report.headline.limits)
        parts += ['<h3>What limits this answer</h3>', f'<ul class="limits">{limits}</ul>']
    else:
        parts.append('<p class="muted">Nothing in the data limits this answer.</p>')
    return '<section id="answer" class="answer">\n<h2>Answer</h2>\n' + "\n".join(parts) + "\n</section>"


def _signoff(report: GapReport) -> str:
    signoff = report.signoff
    rows = []
    for name, label in words.SIGNOFF_FIELDS:
        value = getattr(signoff, name)
        cell = h(value) if value else '<span class="blank" aria-label="blank, to fill in"></span>'
        rows.append(f"<tr><th scope=\"row\">{h(label)}</th><td{attrs(data_signoff=name)}>{cell}</td></tr>")
    rows += [f'<tr><th scope="row">Generated</th><td>{h(report.generated)} by {h(report.tool)}</td></tr>',
             f'<tr><th scope="row">Source</th><td>{h(report.source["name"])} ({code(report.source["ref"])}), '
             f'{h(report.source["publisher"])}</td></tr>',
             f'<tr><th scope="row">Target</th><td>{h(report.target["name"])} ({code(report.target["ref"])}), '
             f'{h(report.target["publisher"])}</td></tr>',
             f'<tr><th scope="row">Comparison</th><td>{h(words.scope_phrase(report))}</td></tr>']
    return section("sign-off", "Sign-off", '<table class="signoff"><tbody>' + "".join(rows) + "</tbody></table>",
                   '<p class="muted">Blank fields are to be filled in by hand. The SHA-256 of every input is under '
                   '<a href="#inputs">Inputs</a>.</p>')


def _position(report: GapReport) -> str:
    position = report.position
    if position is None:
        return section("position", "Position", f"<p>{h(words.no_profile_text(report))}</p>")
    counted = plural(position.assessed_at)
    total = sum(position.answers.values())
    who = (f'<p><b>{h(position.organisation)}</b>'
           + (f", answered on <b>{h(position.date)}</b>" if position.date else "")
           + f": profile {code(position.path)}" + (f", from {h(position.source)}" if position.source else "") + ".</p>")
    chart = bar([(answer, position.answers[answer], HATCH if answer == "not-assessed" else ANSWER_COLOURS[answer],
                  words.answer_word(answer))
                 for answer in ANSWERS],
                f"{total} {position.assessed_at and counted}: " + ", ".join(
                    f"{position.answers[a]} {words.answer_word(a)}" for a in ANSWERS if position.answers[a]))
    items = "".join(f'<li class="{"zero" if not position.answers[a] else ""}"><span class="sw s-{ANSWER_CLASS[a]}">'
                    f'</span><b{attrs(data_figure="position." + a)}>{position.answers[a]}</b> '
                    f"{h(words.answer_word(a))}</li>" for a in ANSWERS)
    return section("position", "Position", who,
                   f'<div class="chart"><p class="chart-title">The organisation\'s answers over the '
                   f'<b data-figure="position.total">{total}</b> {h(report.source["label"])} {h(counted)}</p>'
                   f'{chart}<ul class="counts">{items}</ul></div>',
                   '<p class="muted">Each element\'s row under <a href="#coverage">Coverage</a> gives the answers of '
                   "the source elements the mappings bring to bear on it.</p>")


def _figures(report: GapReport) -> str:
    leafword = words.leaves_word(report)
    parts = []
    if report.groups:
        level = report.groups[0].level or "top group"
        parts.append(f"<h3>Per {h(level)}: its {h(leafword)} by status</h3>")
        parts.append(status_legend())
        parts.append('<div class="groups">' + "".join(_group_chart(report, g) for g in report.groups) + "</div>")
    if report.subgroups:
        level = report.subgroups[0].level or "second-level group"
        rows = [f'<tr{attrs(data_subgroup=g.element, data_status=g.status)}><td class="id">{h(g.element)}</td>'
                f"<td>{h(g.title)}</td><td>{status_pill(g.status)}</td>"
                f'<td class="num" data-figure="group.total"{attrs(data_label=leafword.capitalize())}>{g.leaves.total}</td>'
                f'<td class="minibar">{status_bar(g.leaves, f"{g.element}: {g.leaves.total} {leafword}", "bar mini")}'
                f"</td><td>{_counts_inline(g.leaves)}</td></tr>" for g in report.subgroups]
        parts.append(f"<details class=\"block\"><summary>Per {h(level)} ({len(report.subgroups)})</summary>"
                     + table(["Element", "Title", "Its own status", h(leafword.capitalize()), "Share by status",
                              "Counts"], rows, "subgroups", ["10%", "32%", "13%", "9.5em", "15%", "18%"])
                     + "</details>")
    ceiling = report.ceiling is not None
    rows = []
    for status in STATUSES:
        rows.append(f'<tr><td>{status_pill(status)}</td>'
                    f'<td class="num"{attrs(data_figure="leaves." + status)}>{report.leaves.counts[status]}</td>'
                    f'<td class="num">{words.share(report.leaves, status)}</td>'
                    + (f'<td class="num"{attrs(data_figure="ceiling." + status)}>{report.ceiling.counts[status]}</td>'
                       if ceiling else "") + "</tr>")
    rows.append(f'<tr class="total"><td>total</td><td class="num" data-figure="leaves.total">{report.leaves.total}</td>'
                f'<td class="num">{"100 %" if report.leaves.total else "0 %"}</td>'
                + (f'<td class="num" data-figure="ceiling.total">{report.ceiling.total}</td>' if ceiling else "")
                + "</tr>")
    head = ["Status", h(leafword.capitalize()), "Share"] + (["If every applicable source element were implemented"]
                                                            if ceiling else [])
    parts.append(f'<details class="block"><summary>{h(leafword.capitalize())} by status, as a table</summary>'
                 + table(head, rows, "compact") + "</details>")
    level_rows = [f'<tr{attrs(data_level=name)}><td>{h(name)}</td><td class="num" data-figure="by_level.elements">'
                  f"{t.total}</td>" + "".join(f'<td class="num"{attrs(data_figure="by_level." + s)}>{t.counts[s]}</td>'
                                              for s in STATUSES) + "</tr>" for name, t in report.by_level]
    parts.append('<details class="block"><summary>Each level\'s own status</summary>'
                 "<p class=\"muted\">Each level's elements by their own status: a group's status is not the sum of "
                 "its leaves'.</p>" + table(["Level", "Elements", *(status_pill(s) for s in STATUSES)], level_rows,
                                            "compact") + "</details>")
    return section("figures", "Figures", *parts)


def _counts_inline(tally: Tally, swatches: bool = False) -> str:
    """The statuses a tally has (zero counts left out), each with its count in words."""
    return ", ".join(("<span class=\"nowrap\">" + (f'<span class="sw s-{STATUS_CLASS[s]}"></span>' if swatches else "")
                      + f'<b{attrs(data_figure="group." + s)}>{tally.counts[s]}</b> {h(s)}</span>')
                     for s in STATUSES if tally.counts[s]) or '<span class="muted">none</span>'


def _group_chart(report: GapReport, group: Group) -> str:
    """One row of the per-group chart: the group, its bar, and its leaves' counts in words."""
    leafword = words.leaves_word(report, group.leaves.total)
    return (f'<figure class="group"{attrs(data_group=group.element, data_status=group.status)}>'
            f'<figcaption><span class="gid">{h(group.element)}</span> <span class="gtitle">{h(group.title)}</span>'
            f'<span class="gmeta"><b data-figure="group.total">{group.leaves.total}</b> {h(leafword)} \u00b7 '
            f"its own status {status_pill(group.status)}</span></figcaption>"
            + status_bar(group.leaves, f"{group.element}: {group.leaves.total} {leafword}")
            + f'<p class="gcounts">{_counts_inline(group.leaves, swatches=True)}</p></figure>')


def status_legend() -> str:
    return ('<ul class="legend" aria-label="Colours">' + "".join(
        f'<li><span class="sw s-{STATUS_CLASS[s]}"></span>{h(s)}</li>' for s in STATUSES) + "</ul>")


def _actions(report: GapReport) -> str:
    parts = [f'<p class="note">{h(report.actions_note)}</p>']
    for heading, actions, what in (("Implement", report.implement, "not implemented, planned or partial"),
                                   ("Assess first", report.assess_first, "not answered in the profile")):
        if not actions:
            continue
        rows = [_action_row(i, action) for i, action in enumerate(actions, 1)]
        widths = (["4%", "39%", "12.5em", "20%", "26%"] if any(a.changes for a in actions)
                  else ["4%", "48%", "12.5em", "22%", "15%"])
        parts.append(f'<h3>{heading} <span class="count">{len(actions)}</span></h3>'
                     f'<p class="muted">Source elements {what}, ordered by effect.</p>'
                     + table(["#", "Source element", "Its answer", "Bears on", "What implementing it would change"],
                             rows, "actions", widths))
    return section("actions", "Actions", *parts)


def _action_row(number: int, action: Action) -> str:
    if action.changes:
        changes = "<ul class=\"changes\">" + "".join(
            f'<li{attrs(data_change=c.element, data_before=c.before, data_after=c.after)}>'
            f'{UP if c.improves else ""}<b>{h(c.element)}</b> {status_pill(c.before)} '
            f'\u2192 {status_pill(c.after)}</li>' for c in action.changes) + "</ul>"
    else:
        changes = '<span class="muted">no status would change</span>'
    bears = ", ".join(h(ident) for ident in action.bears_on)
    return (f'<tr{attrs(data_action=action.source, data_kind=action.kind)}><td class="num">{number}</td>'
            f'<td><b class="id">{h(action.source)}</b> {h(action.title)}</td><td>{answer_pill(action.source_status)}</td>'
            f'<td class="small">{bears}</td><td>{changes}</td></tr>')


def _coverage(report: GapReport) -> str:
    by_target: dict[str, list[EvidenceItem]] = {}
    for item in report.evidence:
        by_target.setdefault(item.target, []).append(item)
    rows = []
    for index, row in enumerate(report.rows):
        rows.append(_coverage_row(row, index))
        items = by_target.get(row.element, [])
        if items:
            rows.append(_evidence_row(row, items))
    legend = " ".join(status_pill(s) for s in STATUSES)
    return section("coverage", "Coverage",
                   f"<p>Every {h(report.target['label'])} element, its status and why. <i>Source answers</i> counts "
                   "the answers of the source elements that overlap it; elements only associated with it imply "
                   "nothing. Open <i>Evidence and paths</i> under a row to see each source element and the shortest "
                   f"path of mapping rows that brings it there.</p><p class=\"legend\">{legend}</p>",
                   table(["Element", "Title", "Status", "Why", "Source answers"], rows, "coverage",
                         ["12%", "31%", "14%", "27%", "16%"]))


def _coverage_row(row: TargetRow, index: int) -> str:
    notes = []
    if row.unknown_because:
        notes.append(f'<span class="why-unknown">{h(row.unknown_because)}</span>')
    if row.judgement:
        notes.append(f'<span class="flag">\u2691 rests partly on our judgement or draft rows: '
                     f'{h(", ".join(row.judgement))}</span>')
    bearing = [f'<li><b{attrs(data_figure="bearing." + answer)}>{row.bearing[answer]}</b> '
               f"{h(words.answer_word(answer))}</li>" for answer in ANSWERS if row.bearing.get(answer)]
    if row.associated:
        bearing.append(f'<li class="muted"><b data-figure="associated">{row.associated}</b> associated only</li>')
    depth = min(row.depth, MAX_INDENT)
    return (f'<tr class="el d{depth}{" leaf" if row.leaf else ""}"'
            f'{attrs(id=f"row-{index}", data_element=row.element, data_status=row.status, data_level=row.level)}>'
            f'<td class="id"><span>{h(row.element)}</span><small>{h(row.level)}</small></td><td>{h(row.title)}</td>'
            f'<td>{status_pill(row.status)}{"".join(notes)}</td><td class="why">{h(row.reason)}</td>'
            f'<td class="bearing">' + (f'<ul>{"".join(bearing)}</ul>' if bearing else '<span class="muted">none</span>')
            + "</td></tr>")


def _evidence_row(row: TargetRow, items: list[EvidenceItem]) -> str:
    kinds: dict[str, int] = {}
    for item in items:
        kinds[item.contribution] = kinds.get(item.contribution, 0) + 1
    summary = ", ".join(f"{n} {h(kind)}" for kind, n in kinds.items())
    body = "".join(_evidence_item(item) for item in items)
    return (f'<tr class="ev"{attrs(data_evidence_for=row.element)}><td colspan="5"><details>'
            f'<summary>Evidence and paths: <b data-figure="evidence">{len(items)}</b> '
            f'<span class="muted">({summary})</span></summary>'
            '<table class="evidence"><thead><tr><th scope="col">Source element</th><th scope="col">Its answer</th>'
            '<th scope="col">Relation: what it gives</th><th scope="col">How, and the shortest path</th>'
            f"</tr></thead><tbody>{body}</tbody></table></details></td></tr>")


def _evidence_item(item: EvidenceItem) -> str:
    how = h(item.kind)
    if item.pivots:
        how += " via " + ", ".join(h(p) for p in item.pivots)
    if item.paths > 1:
        how += f" \u00b7 {item.paths} paths"
    if item.weakest_strength is not None:
        how += f" \u00b7 weakest strength {item.weakest_strength}"
    associated = item.contribution == ASSOCIATED_ONLY
    gives = "" if associated else f"<br>gives: {h(item.contribution)}"
    return (f'<tr{" class=assoc" if associated else ""}{attrs(data_source=item.source)}><td><b>{h(item.source)}</b> '
            f"{h(item.source_title)}</td><td>{answer_pill(item.source_status)}</td><td><b>{h(item.symbol)}</b> "
            f"{h(item.relation)}{gives}</td><td>{how}<code>{h(item.path)}</code></td></tr>")


def _gaps(report: GapReport) -> str:
    gaps = report.gaps
    if not gaps:
        return section("gaps", "Gaps", "<p>No element is partially covered or not covered.</p>")
    rows = [f'<tr{attrs(data_gap=row.element, data_status=row.status)}><td class="id"><a href="#row-{report.row_of[row.element]}">'
            f"{h(row.element)}</a></td><td>{h(row.title)}</td><td>{status_pill(row.status)}</td>"
            f'<td class="why">{h(row.reason)}</td><td>'
            + (", ".join(h(s) for s in row.acted_on_by) or '<span class="muted">none</span>') + "</td></tr>"
            for row in gaps]
    return section("gaps", "Gaps",
                   f"<p>{len(gaps)} {'element is' if len(gaps) == 1 else 'elements are'} partially covered or not "
                   "covered. <i>Would improve it</i> lists the actions that would raise its status.</p>",
                   table(["Element", "Title", "Status", "Why", "Would improve it"], rows, "gaps",
                         ["11%", "33%", "13%", "30%", "13%"]))


def _mappings(report: GapReport) -> str:
    if not report.mappings:
        return section("mappings-used", "Mappings used",
                       "<p>No mapping row reaches the target: every element is unknown.</p>")
    rows = []
    for m in report.mappings:
        authority = "official" if m.authority == "official" else "ours"
        rows.append(f'<tr{attrs(data_mapping=m.id, data_authority=m.authority, data_status=m.status)}>'
                    f"<td>{code(m.id)}<br>{h(m.title)}</td><td>{h(m.source)} \u2192 {h(m.target)}</td>"
                    f'<td><span class="pill a-{authority}">{h(m.authority)}</span></td>'
                    f'<td>{h(m.status) or "<span class=muted>not stated</span>"}</td><td>{h(m.style)}</td>'
                    f'<td class="num" data-figure="rows_used">{m.rows_used}</td>'
                    f'<td class="num" data-figure="rows_ours">{m.rows_ours}</td>'
                    f'<td class="num" data-figure="rows">{m.rows}</td></tr>')
    return section("mappings-used", "Mappings used",
                   "<p>Each mapping the answer used, with its authority: <i>official</i> rows transcribe a "
                   "publisher's crosswalk; rows of <i>our judgement</i> are flagged wherever they are used.</p>",
                   table(["Mapping", "From \u2192 to", "Authority", "Status", "Style", "Rows used",
                          "of them our judgement", "Rows"], rows, "mappings",
                         ["36%", "20%", "11%", "7%", "7%", "6%", "7%", "6%"]))


def _inputs(report: GapReport) -> str:
    rows = [f'<tr{attrs(data_input=i.path, data_role=i.role)}><td>{h(i.role)}</td><td>{h(i.name)}</td>'
            f"<td>{code(i.path)}</td><td>"
            + (f'<code class="digest" data-sha256="{h(i.sha256)}">{h(i.sha256)}</code>' if i.sha256
               else '<span class="muted">not read</span>') + "</td></tr>" for i in report.inputs]
    return section("inputs", "Inputs", "<p>Every file the answer rests on, with its SHA-256 (check one with "
                                       "<code>sha256sum FILE</code>).</p>",
                   table(["Role", "Name", "Path", "SHA-256"], rows, "inputs", ["12%", "19%", "27%", "42%"]))


def _glossary(report: GapReport) -> str:
    items = "".join(f"<dt>{h(term)}</dt><dd>{h(meaning)}</dd>" for term, meaning in report.glossary)
    return section("glossary", "Glossary", f'<dl class="glossary">{items}</dl>')


def _footer(report: GapReport) -> str:
    return (f'<footer><p>{h(report.title)} \u00b7 generated {h(report.generated)} by {h(report.tool)}'
            + (f" \u00b7 {h(report.signoff.classification)}" if report.signoff.classification else "")
            + "</p></footer>")


# -- style ----------------------------------------------------------------------------------------

def _css(report: GapReport) -> str:
    """The page's style: screen, a narrow-screen layout, and print (the paper from the report)."""
    paper = "letter" if report.paper.lower() == "letter" else "A4"
    fills = "".join(f".s-{STATUS_CLASS[s]}{{background:{STATUS_COLOURS[s]}}}" for s in STATUSES)
    depths = "".join(f"tr.d{d} td.id{{padding-left:{8 + 10 * d}px}}" for d in range(1, MAX_INDENT + 1))
    title = css_string(report.title)
    classification = css_string(report.signoff.classification)
    generated = css_string(f"generated {report.generated} by {report.tool}")
    return CSS + fills + depths + f"""
@page {{ size: {paper} landscape; margin: 14mm 12mm 14mm 12mm;
  @top-left {{ content: {title}; font: 8pt system-ui, sans-serif; color: #444; }}
  @top-right {{ content: {classification}; font: bold 8pt system-ui, sans-serif; }}
  @bottom-left {{ content: {generated}; font: 8pt system-ui, sans-serif; color: #444; }}
  @bottom-right {{ content: "Page " counter(page) " of " counter(pages); font: 8pt system-ui, sans-serif; }} }}
"""


CSS = """
:root { --text:#1f2328; --muted:#59636e; --line:#d1d9e0; --soft:#f6f8fa; --accent:#0b5cad; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--text); background: #fff; line-height: 1.45;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif; }
header.top, main, footer { max-width: 1320px; margin: 0 auto; padding: 0 24px; }
header.top { padding-top: 20px; }
h1 { font-size: 1.65rem; line-height: 1.25; margin: .2em 0 .3em; }
h2 { font-size: 1.3rem; margin: 1.8em 0 .6em; padding-bottom: .25em; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05rem; margin: 1.3em 0 .5em; }
p { margin: .5em 0; }
a { color: var(--accent); }
code { font: .86em/1.35 ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace;
  overflow-wrap: anywhere; }
.sub, .muted, .description { color: var(--muted); }
.small { font-size: .86em; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
.classification { display: inline-block; margin: 0 0 .4em; padding: .15em .6em; border: 2px solid #9c0006;
  color: #9c0006; font-weight: 700; letter-spacing: .04em; text-transform: uppercase; font-size: .8rem; }
nav ol { list-style: none; margin: 12px 0 0; padding: 8px 0; display: flex; flex-wrap: wrap; gap: 4px 6px;
  border-top: 1px solid var(--line); border-bottom: 1px solid var(--line); }
nav a { display: inline-block; padding: 3px 10px; border-radius: 14px; background: var(--soft);
  text-decoration: none; font-size: .9rem; }
nav a:hover, nav a:focus { background: #dde8f5; }
section { scroll-margin-top: 8px; }
.answer { margin-top: 18px; padding: 6px 20px 14px; background: var(--soft); border-left: 5px solid var(--accent);
  border-radius: 4px; }
.answer h2 { border: 0; margin-top: .6em; }
.headline { font-size: 1.2rem; line-height: 1.4; font-weight: 600; max-width: 70em; }
.limits { margin: .3em 0 .2em; padding-left: 1.2em; max-width: 80em; }
.limits li { margin: .3em 0; }
.chart { margin: 12px 0; max-width: 900px; }
.chart-title { margin: 0 0 4px; font-size: .92rem; }
svg.bar { display: block; width: 100%; height: 22px; }
svg.bar.mini { height: 14px; min-width: 90px; }
svg.bar line { stroke: #fff; stroke-width: 2; vector-effect: non-scaling-stroke; }
svg.bar rect.frame { fill: none; stroke: #8c959f; stroke-width: 1; vector-effect: non-scaling-stroke; }
ul.counts { list-style: none; padding: 0; margin: 6px 0 0; display: flex; flex-wrap: wrap; gap: 2px 16px;
  font-size: .9rem; }
ul.counts li.zero { color: var(--muted); }
ul.counts li.zero b { font-weight: 400; }
.sw { display: inline-block; width: .95em; height: .95em; margin-right: .35em; vertical-align: -.12em;
  border: 1px solid #8c959f; border-radius: 2px; }
.pill { display: inline-block; padding: 0 .5em; border-radius: 3px; border: 1px solid rgba(0,0,0,.18);
  white-space: nowrap; font-size: .88em; line-height: 1.5; }
.s-unk { border-color: #BFBFBF; }
.sw.s-unk { background: repeating-linear-gradient(45deg, #fff 0 3px, #BFBFBF 3px 5px); }
svg.defs { position: absolute; }
code.digest { font-size: .8em; }
.s-pla { background: #DDEBF7; }
.a-official { background: #dde8f5; }
.a-ours { background: #fff3cd; border-color: #b58900; font-weight: 600; }
.why-unknown, .flag { display: block; font-size: .84em; color: var(--muted); margin-top: 2px; }
.flag { color: #7a4d00; }
.groups { border-top: 1px solid var(--line); }
figure.group { margin: 0; padding: 8px 4px; border-bottom: 1px solid var(--line); display: grid;
  grid-template-columns: minmax(14em, 34%) minmax(8em, 1fr) minmax(10em, 24%); gap: 4px 18px; align-items: center; }
.gid { font-weight: 700; }
.gmeta { display: block; color: var(--muted); font-size: .88rem; margin-top: 2px; }
.gcounts { margin: 0; font-size: .9rem; }
.nowrap { white-space: nowrap; }
ul.legend { list-style: none; padding: 0; margin: 4px 0 8px; display: flex; flex-wrap: wrap; gap: 2px 16px;
  font-size: .88rem; color: var(--muted); }
details.block { margin: 12px 0; }
details > summary { cursor: pointer; }
details.block > summary { font-weight: 600; padding: 4px 0; }
.legend .pill { margin-right: 4px; }
.wide { width: 100%; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; font-size: .9rem; }
table.compact { width: auto; table-layout: auto; min-width: 40%; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line);
  overflow-wrap: anywhere; }
th { overflow-wrap: normal; }
thead th { position: sticky; top: 0; z-index: 2; background: #eef1f4; border-bottom: 2px solid #8c959f;
  font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.compact td.num { min-width: 4em; }
td.id { font-weight: 600; white-space: normal; }
td.id small { display: block; font-weight: 400; color: var(--muted); font-size: .8em; }
tr.d0 td { background: #f3f5f8; }
tr.d0 td.id, tr.d0 td:nth-child(2), tr.total td { font-weight: 700; }
tr.el:hover td { background: #f8fafc; }
td.why { color: #303840; font-size: .88rem; }
td.bearing ul, ul.changes { list-style: none; margin: 0; padding: 0; font-size: .88rem; }
tr.ev > td { padding: 0 8px 6px; border-bottom: 1px solid var(--line); }
tr.ev summary { font-size: .86rem; color: var(--accent); padding: 2px 0; }
tr.ev details[open] { padding-bottom: 6px; }
table.evidence { font-size: .82rem; margin-top: 4px; background: #fff; }
table.evidence thead th { position: static; background: var(--soft); border-bottom: 1px solid #8c959f; }
table.evidence th:nth-child(1) { width: 38%; } table.evidence th:nth-child(2) { width: 11em; }
table.evidence th:nth-child(3) { width: 17%; }
table.evidence code { display: block; margin-top: 2px; color: #3d4650; }
table.evidence tr.assoc td, table.evidence tr.assoc code { color: var(--muted); }  /* implies nothing: in grey */
.count { display: inline-block; min-width: 1.6em; padding: 0 .45em; border-radius: 10px; background: #e4e8ec;
  text-align: center; font-size: .85em; }
.up { color: #006100; font-weight: 700; }
.note { max-width: 80em; }
table.signoff { width: auto; min-width: 50%; table-layout: auto; }
table.signoff th { width: 11em; background: var(--soft); }
.blank { display: inline-block; min-width: 22em; border-bottom: 1px solid #57606a; height: 1.1em; }
dl.glossary { display: grid; grid-template-columns: minmax(10em, 16em) 1fr; gap: 6px 18px; }
dl.glossary dt { font-weight: 700; }
dl.glossary dd { margin: 0; }
footer { margin-top: 36px; padding-top: 10px; padding-bottom: 24px; border-top: 1px solid var(--line);
  color: var(--muted); font-size: .85rem; }

@media (max-width: 760px) {
  body { font-size: 15px; }
  header.top, main, footer { padding: 0 12px; }
  header.top { padding-top: 12px; }
  h1 { font-size: 1.35rem; }
  .answer { padding: 4px 12px 10px; }
  .headline { font-size: 1.05rem; }
  figure.group { grid-template-columns: 1fr; }
  dl.glossary { grid-template-columns: 1fr; }
  dl.glossary dd { margin-bottom: 8px; }
  .blank { min-width: 10em; }
  table, thead, tbody, tr, th, td { display: block; width: auto !important; }
  table colgroup, table thead { display: none; }
  table tr { border-bottom: 1px solid var(--line); padding: 6px 0; }
  table td { border: 0; padding: 2px 0; }
  table.evidence tr { padding: 8px 0; }
  table td[data-label]::before, .coverage td::before, .actions td::before, .gaps td::before,
  .mappings td::before, .inputs td::before, .evidence td::before, .subgroups td::before {
    display: inline-block; min-width: 8.5em; color: var(--muted); font-size: .85em; font-weight: 400; }
  .coverage tr.el td:nth-child(2)::before { content: ""; min-width: 0; }
  .coverage tr.el td:nth-child(3)::before { content: "Status "; }
  .coverage tr.el td:nth-child(4)::before { content: "Why "; }
  .coverage tr.el td:nth-child(5)::before { content: "Source answers "; }
  .coverage tr.ev > td::before { content: none; }
  .evidence td:nth-child(2)::before { content: "Its answer "; }
  .evidence td:nth-child(3)::before { content: "Relation "; }
  .evidence td:nth-child(4)::before { content: "Path "; }
  .actions td:nth-child(3)::before { content: "Its answer "; }
  .actions td:nth-child(4)::before { content: "Bears on "; }
  .actions td:nth-child(5)::before { content: "Would change "; }
  .gaps td:nth-child(3)::before { content: "Status "; }
  .gaps td:nth-child(4)::before { content: "Why "; }
  .gaps td:nth-child(5)::before { content: "Improved by "; }
  .mappings td:nth-child(2)::before { content: "From \\2192  to "; }
  .mappings td:nth-child(3)::before { content: "Authority "; }
  .mappings td:nth-child(4)::before { content: "Status "; }
  .mappings td:nth-child(5)::before { content: "Style "; }
  .mappings td:nth-child(6)::before { content: "Rows used "; }
  .mappings td:nth-child(7)::before { content: "Our judgement "; }
  .mappings td:nth-child(8)::before { content: "Rows "; }
  .inputs td:nth-child(1)::before { content: "Role "; }
  .inputs td:nth-child(2)::before { content: "Name "; }
  .inputs td:nth-child(3)::before { content: "Path "; }
  .inputs td:nth-child(4)::before { content: "SHA-256 "; }
  .subgroups td:nth-child(3)::before { content: "Its own status "; }
  .subgroups td:nth-child(4)::before { content: attr(data-label) " "; }
  .subgroups td:nth-child(6)::before { content: "By status "; }
  td.num { text-align: left; }
  tr.d0 td { background: none; }
  tr.el td.id { padding-left: 0 !important; }
  .actions td:nth-child(1) { display: none; }
  table.signoff tr { display: grid; grid-template-columns: 8em 1fr; }
  table.signoff th { width: auto; }
}

@media print {
  html { font-size: 9pt; }
  body { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body * { font-size: 8.5pt !important; }  /* nothing printed under 8 pt, whatever the screen sizes were */
  h1 { font-size: 16pt !important; } h2 { font-size: 13pt !important; } h3 { font-size: 11pt !important; }
  .headline { font-size: 11pt !important; }
  .muted, td.why, td.id small, .why-unknown, .flag, code, table.evidence *, .gmeta, ul.counts li, .gcounts * { font-size: 8pt !important; }
  header.top, main, footer { max-width: none; padding: 0; }
  nav, footer { display: none; }
  h2, h3 { break-after: avoid; }
  thead th { position: static; }
  thead { display: table-header-group; }
  tr, figure.group, .chart, .answer { break-inside: avoid; }
  figure.group { grid-template-columns: 30% 1fr 24%; }
  a { color: inherit; text-decoration: none; }
  section#coverage { break-before: page; }
  /* on paper: the figures' tables printed open; an element's evidence only where the reader opened it */
  details.block::details-content { content-visibility: visible; display: block; height: auto; }
  details.block > summary { list-style: none; }
  tr.ev:not(:has(details[open])) { display: none; }
}
"""
