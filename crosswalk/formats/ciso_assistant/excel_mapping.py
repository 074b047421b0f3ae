"""A mapping authored in CISO Assistant's Excel v2 format, read as the library their converter makes of it.

Why: teams that author mappings in CISO Assistant do it in Excel (their
``example-mapping-nis2-and-iso27001-2022.xlsx``: ``library_meta`` and ``mappings_meta`` key-value
sheets, a ``mappings_content`` table of ``source_node_id``, ``target_node_id``, ``relationship``,
``rationale``, ``strength_of_relationship``). Their ``convert_library_v2.py`` turns it into a
library whose rows name ``<source_node_base_urn>:<node_id>`` (the node id lower-cased, spaces made
hyphens, as their converter's ``clean_urn_suffix`` does). This module builds that same library
structure (the forward set only: their reverse set is derived, not authored), so that the rows go
through exactly the reader a YAML library goes through: same URN look-up in the framework
libraries, same skipped-row counts, same ids. Bringing the work into crosswalk is then
``crosswalk import ciso-assistant mapping.xlsx --option library_dir=...``, and a review of it
``crosswalk review --mapping ID``.

Problems are named by sheet, row and column, as in every workbook crosswalk reads.
"""

from __future__ import annotations

from typing import Any

from crosswalk.formats import ImportProblem
from crosswalk.formats.tree import Tree, Where

META = "mappings_meta"
CONTENT = "mappings_content"
LIBRARY_META = "library_meta"
COLUMNS = ("source_node_id", "target_node_id", "relationship", "rationale", "strength_of_relationship")
REQUIRED_META = ("ref_id", "source_framework_urn", "target_framework_urn", "source_node_base_urn",
                 "target_node_base_urn")
HINT = "is this a CISO Assistant mapping workbook (mappings_meta and mappings_content sheets)?"


def is_mapping_workbook(sheet_names: list[str]) -> bool:
    return META in sheet_names and CONTENT in sheet_names


def read(path: str) -> tuple[Tree, dict[str, Any]]:
    """The library their converter would build (forward set), and a Tree naming sheet, row and column."""
    from crosswalk.formats.workbook import open_workbook, sheet_rows

    workbook = open_workbook(path)
    if not is_mapping_workbook(workbook.sheetnames):
        raise ImportProblem(f"{path}: a CISO Assistant Excel workbook holding a mapping has the sheets {META!r} and "
                            f"{CONTENT!r}; this one has {', '.join(repr(n) for n in workbook.sheetnames[:8])}")
    places: dict[Where, tuple[str, int, int]] = {}
    library_meta = _key_values(path, sheet_rows(path, workbook, LIBRARY_META, 2)) \
        if LIBRARY_META in workbook.sheetnames else {}
    meta_rows = sheet_rows(path, workbook, META, 2)
    meta = _key_values(path, meta_rows)
    for key in REQUIRED_META:
        if not meta.get(key, ("", 0))[0]:
            raise ImportProblem(f"{path}: sheet {META!r}: the key {key!r} is missing or empty: their converter needs it too")
    set_where: Where = ("objects", "requirement_mapping_sets", 0)
    mapping_set: dict[str, Any] = {}
    for key in ("urn", "ref_id", "name", "description", "source_framework_urn", "target_framework_urn"):
        if key in meta:
            mapping_set[key] = meta[key][0]
            places[set_where + (key,)] = (META, meta[key][1], 2)
    content = sheet_rows(path, workbook, CONTENT, 10)
    header = [str(value).strip() if value is not None else "" for value in (content[0] if content else ())]
    missing = [name for name in COLUMNS[:3] if name not in header]
    if missing:
        raise ImportProblem(f"{path}: sheet {CONTENT!r}, row 1: the column(s) {', '.join(missing)} are missing "
                            f"(their format's header is {', '.join(COLUMNS)})")
    position = {name: header.index(name) for name in COLUMNS if name in header}
    rows = []
    for number, row in enumerate(content[1:], start=2):
        values = {name: (row[index] if index < len(row) else None) for name, index in position.items()}
        if all(value in (None, "") for value in values.values()):
            continue
        where = set_where + ("requirement_mappings", len(rows))
        entry: dict[str, Any] = {}
        for name in COLUMNS[:2]:
            node = _cell_text(values[name])
            if not node:
                raise ImportProblem(f"{path}: sheet {CONTENT!r}, row {number}, column {_letter(position[name])} "
                                    f"({name}): empty: every row names a source and a target node")
            side = name.split("_", 1)[0]
            entry[f"{side}_requirement_urn"] = f"{meta[side + '_node_base_urn'][0]}:{node.lower().replace(' ', '-')}"
            places[where + (f"{side}_requirement_urn",)] = (CONTENT, number, position[name] + 1)
        for name in COLUMNS[2:]:
            if name in position and values[name] not in (None, ""):
                value = values[name]
                entry[name] = value.strip() if isinstance(value, str) else value
                places[where + (name,)] = (CONTENT, number, position[name] + 1)
        places[where] = (CONTENT, number, 1)
        rows.append(entry)
    mapping_set["requirement_mappings"] = rows
    data = {key: value for key, (value, _) in library_meta.items()}
    data["objects"] = {"requirement_mapping_sets": [mapping_set]}
    return _SheetTree(path, HINT, places), data


def _key_values(path: str, rows: list[tuple[Any, ...]]) -> dict[str, tuple[Any, int]]:
    """A key-value sheet as {key: (value, row number)}; values as the cell holds them (text stripped)."""
    found: dict[str, tuple[Any, int]] = {}
    for number, row in enumerate(rows, start=1):
        key = _cell_text(row[0] if row else None)
        if key:
            value = row[1] if len(row) > 1 else None
            found[key] = (value.strip() if isinstance(value, str) else value, number)
    return found


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


class _SheetTree(Tree):
    """A :class:`Tree` whose problems name the sheet, row and column a value came from."""

    def __init__(self, path: str, hint: str, places: dict[Where, tuple[str, int, int]]) -> None:
        super().__init__(path, hint)
        self._places = places

    def problem(self, where: Where, message: str) -> ImportProblem:
        probe = where
        while probe and probe not in self._places:
            probe = probe[:-1]
        if probe in self._places:
            sheet, row, column = self._places[probe]
            return ImportProblem(f"{self.path}: sheet {sheet!r}, row {row}, column {_letter(column - 1)}: {message}")
        return ImportProblem(f"{self.path}: {message}")
