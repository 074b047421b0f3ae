"""``crosswalk migrate`` as users call it, on the synthetic editions of :mod:`tests.editions_fixture`:
the output validates, the summary and ``--report`` say what was carried how, ``--strict`` and an
existing output write nothing, bad input is one line and exit 2. And item 4 of issue 14: without
migrating, a profile on x@1 reaches a framework mapped only to x@2 through the edition map as a pivot."""

from __future__ import annotations

import json

import pytest
import yaml

from crosswalk.cli import main
from tests import editions_fixture as fx

BASE = ["--no-builtin", "--library", "lib"]


@pytest.fixture()
def lib(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return fx.write_library(tmp_path)


def migrate(*argv: str) -> int:
    return main(["migrate", *argv, "--to", "x@2", "--edition-map", "x-1--x-2", *BASE])


def test_a_mapping_is_carried_and_validates(lib, capsys):
    assert migrate("lib/mappings/x-1--y-1.yaml", "-o", "x-2--y-1.yaml", "--report", "carried.json") == 0
    err = capsys.readouterr().err
    assert "wrote x-2--y-1.yaml (mapping x-2--y-1 on x@2, through x-1--x-2: 2 unchanged, 6 composed, 2 not carried; " \
           "6 marked for review)" in err
    assert "not carried: row 7 (1.8): no row of the edition map x-1--x-2 names 1.8" in err
    assert "not carried: row 9 (1.6): the algebra gives 'related'" in err
    assert main(["validate", *BASE, "x-2--y-1.yaml"]) == 0
    report = json.loads((lib.parent / "carried.json").read_text(encoding="utf-8"))
    assert report["counts"] == {"unchanged": 2, "composed": 6, "merged": 0, "split": 0, "not carried": 2}
    assert (report["from"], report["to"], report["edition_map"], report["kind"]) == ("x@1", "x@2", "x-1--x-2", "mapping")
    assert sum(report["counts"].values()) == len(report["items"])
    assert all(item["through"] for item in report["items"] if item["how"] != "not carried")


def test_a_profile_is_carried_validates_and_gives_coverage_on_the_new_edition(lib, capsys):
    assert migrate("profiles/bank-x-1.yaml", "-o", "bank-x-2.yaml") == 0
    err = capsys.readouterr().err
    assert "wrote bank-x-2.yaml (profile bank-x-2 on x@2" in err and "1 merged, 2 split, 1 not carried" in err
    assert "not carried: 1.8 (implemented)" in err and "have no edition row and no answer: assess them (1.10)" in err
    assert main(["validate", *BASE, "bank-x-2.yaml"]) == 0
    capsys.readouterr()
    assert main(["coverage", "--from", "x@2", "--to", "y@1", "--profile", "bank-x-2.yaml", "--format", "json",
                 *BASE]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {e["id"]: e["status"] for e in data["elements"]}["y1"] == "covered"


def test_strict_writes_nothing_when_a_row_is_not_carried(lib, capsys):
    assert migrate("lib/mappings/x-1--y-1.yaml", "-o", "out.yaml", "--strict") == 2
    err = capsys.readouterr().err
    assert err.startswith("crosswalk: error: lib/mappings/x-1--y-1.yaml: --strict: nothing written, 2 row(s)")
    assert not (lib.parent / "out.yaml").exists()


def test_an_existing_output_is_kept_unless_force(lib, capsys):
    out = lib.parent / "out.yaml"
    out.write_text("mine\n", encoding="utf-8")
    assert migrate("profiles/bank-x-1.yaml", "-o", "out.yaml") == 2
    assert "out.yaml already exists" in capsys.readouterr().err and out.read_text(encoding="utf-8") == "mine\n"
    assert migrate("profiles/bank-x-1.yaml", "-o", "out.yaml", "--force") == 0
    assert out.read_text(encoding="utf-8").startswith("kind: profile\n")


def test_the_input_is_never_the_output(lib, capsys):
    before = (lib.parent / "profiles/bank-x-1.yaml").read_bytes()
    assert migrate("profiles/bank-x-1.yaml", "-o", "profiles/bank-x-1.yaml", "--force") == 2
    assert "is an input of this command" in capsys.readouterr().err
    assert (lib.parent / "profiles/bank-x-1.yaml").read_bytes() == before


@pytest.mark.parametrize("argv, message", [
    (["profiles/bank-x-1.yaml", "--to", "x@2", "--edition-map", "nope"], "--edition-map nope: no mapping with that id"),
    (["profiles/bank-x-1.yaml", "--to", "x@2", "--edition-map", "x-1--y-1"], "joins x@1 and y@1, not x@1 and x@2"),
    (["lib/frameworks/y-1.yaml", "--to", "x@2", "--edition-map", "x-1--x-2"], "lib/frameworks/y-1.yaml:1:7: this is a framework"),
    (["nothing.yaml", "--to", "x@2", "--edition-map", "x-1--x-2"], "nothing.yaml: not a file"),
    (["profiles/bank-x-1.yaml", "--to", "x@3", "--edition-map", "x-1--x-2"], "no framework 'x@3' in the library"),
])
def test_bad_input_is_one_line_and_exit_2(lib, capsys, argv, message):
    assert main(["migrate", *argv, "-o", "out.yaml", *BASE]) == 2
    err = capsys.readouterr().err
    assert err.startswith("crosswalk: error: ") and message in err and err.count("\n") == 1
    assert "Traceback" not in err and not (lib.parent / "out.yaml").exists()


def test_without_migrating_answers_on_x1_reach_y_through_the_edition_map(tmp_path, monkeypatch, capsys):
    """Item 4: y@1 is mapped only to x@2; a profile on x@1 covers y1 through the edition map, and the
    path names the edition row it went through."""
    monkeypatch.chdir(tmp_path)
    fx.write_library(tmp_path, skip=("mappings/x-1--y-1.yaml",))
    assert main(["coverage", "--from", "x@1", "--to", "y@1", "--profile", "profiles/bank-x-1.yaml", "--format", "json",
                 *BASE]) == 0
    elements = {e["id"]: e for e in json.loads(capsys.readouterr().out)["elements"]}
    assert elements["y1"]["status"] == "covered"
    (evidence,) = elements["y1"]["evidence"]
    steps = evidence["paths"][0]["steps"]
    assert evidence["source"] == "1.1" and evidence["kind"] == "inferred"
    edition_step = next(step for step in steps if step["mapping"] == "x-1--x-2")
    assert (edition_step["from"], edition_step["to"], edition_step["row"]) == ("x@1:1.1", "x@2:1.1",
                                                                            fx.EDITION_ROWS.index(("1.1", "equal", "1.1")) + 1)
    assert [step["mapping"] for step in steps] == ["x-1--x-2", "y-1--x-2"]
    assert "x@2" in evidence["paths"][0]["pivots"]
    # an element reached only through a merge row is associated, not covered: the algebra gives no set relation
    assert elements["y4"]["status"] == "unknown"


# ---------------------------------------------------------------- the real case, once the edition map ships

def shipped_edition_map() -> str | None:
    from crosswalk.workspace import load

    workspace = load(include_cwd=False)
    found = [m.id for m in workspace.mappings if {m.source, m.target} == {"aiverify@2023", "aiverify@2025"}]
    return found[0] if found else None


@pytest.fixture(scope="module")
def edition_map() -> str:
    found = shipped_edition_map()
    if found is None:
        pytest.skip("no AI Verify 2023 <-> 2025 edition map in the shipped library yet")
    return found


def test_the_example_bank_profile_is_carried_to_2025(edition_map, tmp_path, monkeypatch, capsys):
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    monkeypatch.chdir(tmp_path)
    assert main(["migrate", str(root / "profiles/example-bank-aiverify-2023.yaml"), "--to", "aiverify@2025",
                 "--edition-map", edition_map, "-o", "bank-2025.yaml", "--report", "bank.json"]) == 0
    report = json.loads((tmp_path / "bank.json").read_text(encoding="utf-8"))
    assert report["to"] == "aiverify@2025" and sum(report["counts"].values()) == len(report["items"])
    assert main(["validate", "bank-2025.yaml"]) == 0


def test_the_example_bank_2023_answers_reach_ai_rmf_through_the_edition_map(edition_map, tmp_path, monkeypatch, capsys):
    """Item 4 on the real data: AI RMF's mapping carried to 2025, then the 2023 answers reach AI RMF
    with 2025 as the only allowed pivot, each path naming an edition row."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    monkeypatch.chdir(tmp_path)
    (tmp_path / "carried").mkdir()
    assert main(["migrate", str(root / "mappings/nist-ai-rmf-1.0--aiverify-2023.yaml"), "--to", "aiverify@2025",
                 "--edition-map", edition_map, "-o", "carried/rmf-2025.yaml"]) == 0
    capsys.readouterr()
    assert main(["coverage", "--from", "aiverify@2023", "--to", "nist-ai-rmf@1.0", "--via", "aiverify@2025",
                 "--profile", str(root / "profiles/example-bank-aiverify-2023.yaml"), "--library", "carried",
                 "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    paths = [p for e in data["elements"] for ev in e["evidence"] for p in ev["paths"]]
    carried = yaml.safe_load((tmp_path / "carried/rmf-2025.yaml").read_text("utf-8"))["id"]
    through_2025 = [p for p in paths if any(step["mapping"] == carried for step in p["steps"])]
    assert through_2025, "some AI RMF element is reached through the carried mapping"
    # every path through 2025 enters it by an edition row (the other paths are the direct 2023 rows)
    assert all(any(step["mapping"] == edition_map for step in p["steps"]) for p in through_2025)
