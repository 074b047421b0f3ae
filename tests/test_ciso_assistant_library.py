"""CISO Assistant's whole library (205 framework libraries, 92 mapping sets, 76,555 rows) through our import
and our validation: real data nobody on this project wrote.

Every framework must import and validate with no finding at all. Every mapping set must import, and
its findings may only be of the kinds its data really holds, each checked against the raw data here:
a pair of nodes mapped twice (``duplicate-row``: counted from their URNs, independently of our ids),
rows that contradict each other or the hierarchy (``consistency``, e.g. iso27001-2022 <-> SCF declares
``6.1.2 -> RSK-01`` both subset and intersect), and the four sets that map CIS Controls v8, a framework
the library does not ship (``reference``).

The library is AGPL-3.0 and is never copied into the project: the test reads it from
``../shared/reference`` and skips only where that is absent. Documents are written as JSON (valid
YAML, and fast to write) so that the test measures the import and the validation, not the YAML writer;
``benchmarks/ciso_library.py`` runs the real command line end to end.
"""

from __future__ import annotations

import json
import os
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import yaml

from crosswalk.formats import ImportProblem, ciso_assistant
from crosswalk.validate import validate

ROOT = Path(__file__).resolve().parents[1]
LIBRARY = ROOT.parent / "shared" / "reference" / "intuitem_ciso-assistant-community" / "libraries"
pytestmark = pytest.mark.skipif(not LIBRARY.is_dir(), reason=f"{LIBRARY} is absent")

class Found(NamedTuple):
    file: str
    rule: str
    level: str
    message: str


GENUINE = {"duplicate-row", "consistency", "reference"}
"""The finding kinds CISO Assistant's mapping data holds (see the module docstring)."""


def raw_sets(path: Path) -> list[dict[str, Any]]:
    """A mapping library's sets as PyYAML reads them: an independent reading for the cross-checks."""
    data = yaml.load(path.read_text("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    objects = data["objects"]
    return ([objects["requirement_mapping_set"]] if "requirement_mapping_set" in objects else []) + list(
        objects.get("requirement_mapping_sets") or [])


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("ciso")
    frameworks, mappings, refused, notices = {}, {}, {}, {}
    sets_of: dict[Path, list[str]] = {}
    for path in sorted(LIBRARY.glob("*.yaml")):
        try:
            documents = ciso_assistant.convert(str(path))
        except ImportProblem as exc:
            refused[path.name] = str(exc)
            continue
        notices[path.name] = documents.notices
        for document in documents:
            file = out / f"{document['kind']}-{document['id']}-{document.get('version', '')}.yaml"  # JSON is YAML
            file.write_text(json.dumps(document, ensure_ascii=False), "utf-8")
            if document["kind"] == "framework":
                frameworks[file.name] = document
            else:
                mappings[file.name] = document
                sets_of.setdefault(path, []).append(file.name)
    here = os.getcwd()
    os.chdir(out)  # a workspace of its own: this checkout's frameworks/ would shadow CISO's NIST AI RMF
    try:
        findings = [Found(Path(f.file).name, f.rule, f.level, f.message)
                    for f in validate([out], include_builtin=False).findings]
    finally:
        os.chdir(here)
    return {"frameworks": frameworks, "mappings": mappings, "refused": refused, "notices": notices,
            "findings": findings, "sets_of": sets_of}


def test_every_library_with_a_framework_or_mapping_sets_imports(imported):
    assert len(imported["frameworks"]) == 205 and len(imported["mappings"]) == 92
    assert imported["refused"] and all("has neither objects.framework nor requirement_mapping_sets" in message
                                       for message in imported["refused"].values())
    assert len(imported["refused"]) == 31  # risk matrices, threat and control catalogues, presets


def test_every_framework_validates_clean(imported):
    on_frameworks = [f for f in imported["findings"] if f.file in imported["frameworks"]]
    assert {f.file for f in imported["findings"]} <= set(imported["mappings"])
    assert on_frameworks == []
    ids = [(d["id"], d["version"]) for d in imported["frameworks"].values()]
    assert len(set(ids)) == len(ids)  # 205 distinct refs: no framework shadows another


def test_every_row_is_imported_or_counted_as_skipped(imported):
    kept = sum(len(m["rows"]) for m in imported["mappings"].values())
    skipped = 0
    for texts in imported["notices"].values():
        for _, text in texts:
            if " rows skipped: " in text:
                skipped += int(text.split(": ", 1)[1].split(" of ", 1)[0])
    assert kept + skipped == 76555
    assert skipped == 359  # SOC 2 <-> SCF 117 + 117, iso42001 <-> SCF 30 + 30, DPDPA <-> SCF 28 + 28, ...


def test_mapping_findings_are_only_the_genuine_kinds(imported):
    findings = [f for f in imported["findings"] if f.file in imported["mappings"]]
    assert {f.rule for f in findings} <= GENUINE, Counter(f.rule for f in findings)
    for finding in findings:
        if finding.rule == "reference":
            assert "framework 'cis-controls@8' is not in the library" in finding.message
    assert sum(f.rule == "reference" for f in findings) == 4


def test_duplicate_rows_are_the_pairs_their_data_repeats(imported):
    """Counted from the raw data read by PyYAML (URNs in lower case, as CISO Assistant compares them),
    set by set, leaving out the rows that name a node their framework library lacks: equal to the
    duplicate-row findings, so these come from the data, not from the ids our import gives."""
    nodes: dict[str, set[str]] = {}
    wanted = {s[f"{side}_framework_urn"].lower() for library in imported["sets_of"] for s in raw_sets(library)
              for side in ("source", "target")}
    for path in sorted(LIBRARY.glob("*.yaml")):
        text = path.read_text("utf-8")
        if not any(urn in text.lower() for urn in wanted) or "requirement_nodes" not in text:
            continue
        framework = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))["objects"].get("framework")
        if framework and framework["urn"].lower() in wanted:
            nodes[framework["urn"].lower()] = {node["urn"].lower() for node in framework["requirement_nodes"]}
    expected: Counter[str] = Counter()
    skipped = 0
    for library, files in imported["sets_of"].items():
        for file, raw in zip(files, raw_sets(library), strict=True):
            source, target = (nodes.get(raw[f"{side}_framework_urn"].lower()) for side in ("source", "target"))
            seen: set[tuple[str, str]] = set()
            for row in raw["requirement_mappings"]:
                pair = (row["source_requirement_urn"].lower(), row["target_requirement_urn"].lower())
                if (source is not None and pair[0] not in source) or (target is not None and pair[1] not in target):
                    skipped += 1  # skipped by the import, and counted in its notice
                    continue
                if pair in seen:
                    expected[file] += 1
                seen.add(pair)
    found = Counter(f.file for f in imported["findings"] if f.rule == "duplicate-row")
    assert found == expected
    assert sum(found.values()) == 1665 and skipped == 359


def test_the_known_contradiction_of_iso27001_and_scf_is_found(imported):
    """iso27001-2022 <-> SCF declares 6.1.2 -> RSK-01 both subset_of and intersects_with."""
    messages = [f.message for f in imported["findings"] if f.file == "mapping-mapping-iso27001-2022-and-scf-2025.2.2-.yaml"]
    assert any("6.1.2 -> RSK-01 is declared intersects_with here but subset_of" in m for m in messages)
    assert any(f.rule == "consistency" and "'RSK-01'" in f.message and "'6.1.2'" in f.message
               for f in imported["findings"])


def test_dangling_rows_of_iso42001_and_scf_are_counted(imported):
    texts = [text for _, text in imported["notices"]["mapping-iso42001-2023-and-scf-2025.2.2.yaml"]]
    assert sum("30 of 358 rows skipped: they name 5 node(s)" in text for text in texts) == 2


def test_sets_keep_their_own_direction(imported):
    by_id = {m["id"]: m for m in imported["mappings"].values()}
    forward, reverse = by_id["mapping-nist-csf-2.0-to-iso27001-2022"], by_id["mapping-nist-csf-2.0-to-iso27001-2022-revert"]
    assert (forward["source"], forward["target"]) == ("nist-csf@2.0", "iso27001@2022")
    assert (reverse["source"], reverse["target"]) == ("iso27001@2022", "nist-csf@2.0")
    directions = defaultdict(set)
    for mapping in imported["mappings"].values():
        directions[(mapping["source"], mapping["target"])].add(mapping["id"])
    assert all(len(ids) == 1 for ids in directions.values())
