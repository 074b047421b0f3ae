"""The gap report as GitHub-flavoured Markdown: :func:`render` lays out a :class:`~crosswalk.reportmodel.GapReport`.

Why Markdown: a compliance team reviews the report where it reviews everything else, in a pull
request or a wiki page, and wants to see what changed between two runs as a text diff. Every figure
is the model's (the same names and numbers as :func:`crosswalk.reportmodel.as_dict`); nothing is
computed here. Text from the library's files (ids, titles, reasons, names, paths) goes through
:func:`~crosswalk.reporters.text_safety.markdown_safe`, so a title cannot become a link, raw HTML,
code or another table cell, and no line reads as a GitHub workflow command.
"""

from __future__ import annotations

from typing import Any, Iterable

from crosswalk.coverage import STATUSES
from crosswalk.figures import plural
from crosswalk.reporters import report_layout as words
from crosswalk.reporters.text_safety import markdown_safe, no_commands, shown
from crosswalk.reportmodel import ANSWERS, Action, GapReport, Group

INDENT = "\u00a0\u00a0"  # two no-break spaces a level: kept at the start of a cell (GitHub trims spaces), never a line break
MAX_INDENT = 16


def md(value: Any) -> str:
    """Library text, safe anywhere inline (see the module docstring)."""
    return markdown_safe(value)


def table(header: Iterable[str], rows: Iterable[Iterable[Any]], numeric: Iterable[int] = ()) -> list[str]:
    """A GFM table; the header is our own text, cells are already escaped; ``numeric`` columns align right."""
    header = list(header)
    right = set(numeric)
    out = ["| " + " | ".join(header) + " |",
           "|" + "|".join("---:" if i in right else "---" for i in range(len(header))) + "|"]
    out += ["| " + " | ".join(str(cell) if str(cell) else " " for cell in row) + " |" for row in rows]
    return out + [""]


def render(report: GapReport) -> str:
    """The whole report, one Markdown document ending in a newline."""
    parts: list[str] = []
    for section in (_title, _answer, _signoff, _position, _figures, _actions, _coverage, _gaps, _mappings,
                    _inputs, _glossary):
        parts += section(report)
    text = "\n".join(parts).rstrip("\n") + "\n"
    return no_commands(text)


def _title(report: GapReport) -> list[str]:
    out = [f"# {md(report.title)}", ""]
    if report.description:
        out += [md(report.description), ""]
    out += [f"{md(report.source['label'])} ({code(report.source['ref'])}) \u2192 {md(report.target['label'])} "
            f"({code(report.target['ref'])}), generated {md(report.generated)} by {md(report.tool)}.", ""]
    out += ["Contents: " + " \u00b7 ".join(f"[{heading}](#{anchor})" for anchor, heading in words.SECTIONS), ""]
    return out


def code(value: Any) -> str:
    """Library text as a code span (ids, paths, digests), shown as written; text holding a backtick
    (which would end the span) or a pipe (which a table cell needs escaped, and a code span would
    show escaped) is written as escaped plain text instead."""
    text = shown(value)
    if "`" in text or "|" in text or not text.strip():
        return md(value)
    return f"`{text}`"


def _answer(report: GapReport) -> list[str]:
    out = ["## Answer", "", f"**{md(report.headline.answer)}**", ""]
    if report.headline.limits:
        out += ["What limits this answer:", ""]
        out += [f"- **{md(words.limit_label(limit.kind))}.** {md(limit.text)}" for limit in report.headline.limits]
        out.append("")
    else:
        out += ["Nothing in the data limits this answer.", ""]
    return out


def _signoff(report: GapReport) -> list[str]:
    signoff = report.signoff
    rows = [[label, md(getattr(signoff, name)) or "\\_\\_\\_\\_\\_\\_\\_\\_"] for name, label in words.SIGNOFF_FIELDS]
    rows += [["Generated", f"{md(report.generated)} by {md(report.tool)}"],
             ["Source", f"{md(report.source['name'])} ({code(report.source['ref'])}), {md(report.source['publisher'])}"],
             ["Target", f"{md(report.target['name'])} ({code(report.target['ref'])}), {md(report.target['publisher'])}"],
             ["Comparison", md(words.scope_phrase(report))]]
    return ["## Sign-off", "", *table(["Field", "Value"], rows),
            "Blank fields are to be filled in by hand; the SHA-256 of every input is listed under [Inputs](#inputs).", ""]


def _position(report: GapReport) -> list[str]:
    out = ["## Position", ""]
    position = report.position
    if position is None:
        return out + [md(words.no_profile_text(report)), ""]
    counted = plural(position.assessed_at)
    when = f", answered on {md(position.date)}" if position.date else ""
    out += [f"**{md(position.organisation)}**{when}: profile {code(position.path)}"
            + (f", from {md(position.source)}" if position.source else "") + ".", ""]
    total = sum(position.answers.values())
    rows = [[words.answer_word(answer), position.answers[answer]] for answer in ANSWERS]
    rows.append(["**total**", total])
    out += [f"The organisation's answers over the {md(report.source['label'])} {md(counted)}:", ""]
    out += table(["Answer", md(counted.capitalize())], rows, numeric=[1])
    out += ["Each element's row under [Coverage](#coverage) gives the answers of the source elements the mappings "
            "bring to bear on it.", ""]
    return out


def _figures(report: GapReport) -> list[str]:
    leafword = words.leaves_word(report)
    out = ["## Figures", "", f"### {md(leafword.capitalize())} by status", "",
           f"{md(report.target['label'])} is assessed at its {md(leafword)}: {report.leaves.total} of them.", ""]
    header = ["Status", md(leafword.capitalize()), "Share"]
    if report.ceiling is not None:
        header.append("If every applicable source element were implemented")
    rows = []
    for status in STATUSES:
        row = [status, report.leaves.counts[status], words.share(report.leaves, status)]
        if report.ceiling is not None:
            row.append(report.ceiling.counts[status])
        rows.append(row)
    total = ["**total**", report.leaves.total, "100 %" if report.leaves.total else "0 %"]
    if report.ceiling is not None:
        total.append(report.ceiling.total)
    rows.append(total)
    out += table(header, rows, numeric=[1, 2, 3])
    out += ["### Each level's own status", "",
            "Each level's elements by their own status (a group's status is not the sum of its leaves').", ""]
    out += table(["Level", "Elements", *STATUSES],
                 [[md(name), tally.total, *(tally.counts[s] for s in STATUSES)] for name, tally in report.by_level],
                 numeric=range(1, 2 + len(STATUSES)))
    if report.groups:
        out += _group_table(report, report.groups, "Per " + (md(report.groups[0].level) or "top group"))
    if report.subgroups:
        out += _group_table(report, report.subgroups, "Per " + (md(report.subgroups[0].level) or "second-level group"))
    return out


def _group_table(report: GapReport, groups: list[Group], heading: str) -> list[str]:
    leafword = words.leaves_word(report)
    rows = [[f"**{md(g.element)}**", md(g.title), g.status, g.leaves.total, *(g.leaves.counts[s] for s in STATUSES)]
            for g in groups]
    return [f"### {heading}", "",
            f"Its own status, then its {md(leafword)} by status.", "",
            *table(["Element", "Title", "Its own status", md(leafword.capitalize()), *STATUSES], rows,
                   numeric=range(3, 4 + len(STATUSES)))]


def _actions(report: GapReport) -> list[str]:
    out = ["## Actions", "", md(report.actions_note), ""]
    for heading, actions, what in (("Implement", report.implement, "not implemented, planned or partial"),
                                   ("Assess first", report.assess_first, "not answered in the profile")):
        if not actions:
            continue
        out += [f"### {heading} ({len(actions)})", "", f"Source elements {what}, ordered by effect.", ""]
        out += table(["#", "Source element", "Its answer", "Bears on", "What implementing it would change"],
                     [_action_row(i, action) for i, action in enumerate(actions, 1)], numeric=[0])
    return out


def _action_row(number: int, action: Action) -> list[str]:
    return [number, f"**{md(action.source)}** {md(action.title)}", words.answer_word(action.source_status),
            ", ".join(md(ident) for ident in action.bears_on), md(words.effect_phrase(action))]


def _coverage(report: GapReport) -> list[str]:
    rows = []
    for row in report.rows:
        note = words.status_note(row)
        indent = INDENT * min(row.depth, MAX_INDENT)
        rows.append([indent + md(row.element), md(row.title), md(row.level),
                     f"**{row.status}**" + (f"; {md(note)}" if note else ""), md(row.reason),
                     md(words.bearing_phrase(row)), row.evidence])
    return ["## Coverage", "",
            f"Every {md(report.target['label'])} element, its status and why. *Source answers* counts the answers of "
            "the source elements that overlap it (and those only associated with it, which imply nothing); "
            "*Evidence* counts the pieces of evidence listed in the workbook's and the HTML page's evidence.", "",
            *table(["Element", "Title", "Level", "Status", "Why", "Source answers", "Evidence"], rows, numeric=[6])]


def _gaps(report: GapReport) -> list[str]:
    gaps = report.gaps
    out = ["## Gaps", ""]
    if not gaps:
        return out + ["No element is partially covered or not covered.", ""]
    out += [f"{len(gaps)} {'element is' if len(gaps) == 1 else 'elements are'} partially covered or not covered. "
            "*Would improve it* lists the actions that would raise its status.", ""]
    rows = [[md(row.element), md(row.title), f"**{row.status}**", md(row.reason),
             ", ".join(md(source) for source in row.acted_on_by) or "none"] for row in gaps]
    return out + table(["Element", "Title", "Status", "Why", "Would improve it"], rows)


def _mappings(report: GapReport) -> list[str]:
    out = ["## Mappings used", ""]
    if not report.mappings:
        return out + ["No mapping row reaches the target: every element is unknown.", ""]
    rows = [[code(m.id), md(m.title), f"{md(m.source)} \u2192 {md(m.target)}", f"**{md(m.authority)}**",
             md(m.status) or "not stated", md(m.style), m.rows_used, m.rows_ours, m.rows] for m in report.mappings]
    return out + table(["Mapping", "Title", "From \u2192 to", "Authority", "Status", "Style", "Rows used",
                        "of them our judgement", "Rows"], rows, numeric=[6, 7, 8])


def _inputs(report: GapReport) -> list[str]:
    rows = [[md(i.role), md(i.name), code(i.path), code(i.sha256) if i.sha256 else "not read"]
            for i in report.inputs]
    return ["## Inputs", "", "Every file the answer rests on, with its SHA-256 (`sha256sum FILE` to check).", "",
            *table(["Role", "Name", "Path", "SHA-256"], rows)]


def _glossary(report: GapReport) -> list[str]:
    return ["## Glossary", "", *(f"- **{md(term)}**: {md(meaning)}" for term, meaning in report.glossary), ""]

