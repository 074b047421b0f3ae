"""``crosswalk suggest`` as users call it: the method named in every format, the CSV and JSON shapes,
-o through the write gate, and usage errors with hints (exit 2, one line, no traceback)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from crosswalk.cli import main
from crosswalk.suggest import embedding
from crosswalk.suggest.render import CSV_COLUMNS

ROOT = Path(__file__).resolve().parent.parent
BASE = ["suggest", "--from", "tta-trustworthy-ai", "--to", "nist-ai-rmf"]


def run(capsys, *argv: str) -> str:
    assert main([*BASE, *argv]) == 0
    return capsys.readouterr().out


def test_text_names_the_method_and_lists_candidates_best_first(capsys):
    method = "hybrid" if embedding.available() else "lexical"
    assert run(capsys, "--element", "02-1a", "--top", "1").startswith(
        f"Candidates in nist-ai-rmf@1.0 for tta-trustworthy-ai@2023 (method: {method}; top 1)")
    out = run(capsys, "--element", "02-1a", "--top", "3", "--method", "lexical")
    assert out.startswith("Candidates in nist-ai-rmf@1.0 for tta-trustworthy-ai@2023 (method: lexical; top 3)")
    assert "02-1a  Have you prepared internal guidelines and policies on AI governance?" in out
    assert "    1. GOVERN" in out and "    3. " in out and "    4. " not in out
    assert "existing: tta-trustworthy-ai-2023--nist-ai-rmf-1.0 row 3 (related)" in out


def test_json_shape(capsys):
    data = json.loads(run(capsys, "--format", "json", "--leaves", "--top", "2", "--method", "lexical"))
    assert set(data) == {"tool", "version", "source", "target", "method", "top", "within", "elements"}
    assert (data["method"], data["top"], data["source"]) == ("lexical", 2, "tta-trustworthy-ai@2023")
    first = data["elements"][0]
    assert set(first) == {"id", "title", "candidates"} and first["id"] == "01-1a"
    candidate = first["candidates"][0]
    assert set(candidate) == {"rank", "id", "title", "score", "reason", "existing", "implied"}
    assert candidate["rank"] == 1 and isinstance(candidate["score"], float) and candidate["reason"]
    assert all(len(e["candidates"]) <= 2 for e in data["elements"])


def test_csv_shape_one_row_per_candidate(capsys):
    rows = list(csv.reader(io.StringIO(run(capsys, "--format", "csv", "--top", "4", "--method", "lexical",
                                            "--element", "01-1a", "--element", "05-2a"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [(r[0], r[1], r[3]) for r in rows[1:]] == [("lexical", s, str(n)) for s in ("01-1a", "05-2a") for n in range(1, 5)]
    assert rows[1][9] == "" or "via" in rows[1][9]


def test_within_refines_a_category_crosswalk(capsys):
    data = json.loads(main_json(capsys, "suggest", "--from", "nist-ai-rmf", "--to", "aiverify@2023", "--leaves",
                                "--within", "nist-ai-rmf-1.0--aiverify-2023", "--element", "GOVERN 1.1",
                                "--format", "json"))
    assert data["within"] == "nist-ai-rmf-1.0--aiverify-2023"
    assert [e["id"] for e in data["elements"]] == ["GOVERN 1.1"] and data["elements"][0]["candidates"]


def main_json(capsys, *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def test_output_file_goes_through_the_write_gate(tmp_path, capsys):
    out = tmp_path / "candidates.csv"
    assert main([*BASE, "--top", "2", "--format", "csv", "-o", str(out)]) == 0
    assert "wrote" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8").startswith(",".join(CSV_COLUMNS))
    framework = ROOT / "frameworks" / "tta-trustworthy-ai-2023.yaml"
    before = framework.read_bytes()
    assert main([*BASE, "-o", str(framework)]) == 2  # an input of the run is never an output
    err = capsys.readouterr().err
    assert err.startswith("crosswalk: error:") and "Traceback" not in err
    assert framework.read_bytes() == before
    assert main([*BASE, "-o", str(tmp_path / "missing" / "x.csv")]) == 2
    assert not (tmp_path / "missing").exists()


@pytest.mark.parametrize("argv, message", [
    (["suggest", "--from", "tta", "--to", "nist-ai-rmf"], "did you mean 'tta-trustworthy-ai@2023'"),
    ([*BASE, "--element", "01-1z"], "(did you mean '01-1', '01-1a'"),
    ([*BASE, "--subtree", "GOVERN1"], "did you mean 'GOVERN 1'"),
    ([*BASE, "--within", "nist-ai-rmf-1.0--aiverfy-2023"], "did you mean 'nist-ai-rmf-1.0--aiverify-2023'"),
])
def test_bad_references_exit_2_with_a_hint(capsys, argv, message):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("crosswalk: error:") and message in err and err.count("\n") == 1


def test_bad_top_is_a_usage_error(capsys):
    assert main([*BASE, "--top", "0"]) == 2
    assert "must be at least 1" in capsys.readouterr().err


@pytest.mark.skipif(embedding.available(), reason="the [embeddings] extra is installed")
def test_embedding_without_the_extra_says_how_to_install_it(capsys):
    assert main([*BASE, "--method", "embedding"]) == 2
    assert "pip install 'crosswalk[embeddings]'" in capsys.readouterr().err
