"""A fuzzing campaign over the loader, the schema, every rule and every findings format.

Why a campaign beside the property tests: hypothesis in ``tests/`` runs a few hundred generated
documents per CI run; a crash that needs a rare byte pattern shows up only after millions. This
script feeds mutated bytes to the whole validation path (decode, parse, schema check, model, every
rule including consistency, then every findings reporter) as one more file in a small library, so
that references resolve and the rules that compare files have something to compare with. An
*execution* is one such document. A *crash* is any exception escaping that path, or a finding that
breaks the contract every reporter relies on (a known rule and level, a line and column of at least
1, a file that was loaded); its *signature* is the exception type and the innermost crosswalk frame.
Each new signature's input is saved under ``--crashes`` so it can become a negative example.

Engines: ``atheris`` (coverage-guided libFuzzer, ``pip install atheris``) when it is installed,
else ``random``: seeded byte and line mutations of the same corpus, reproducible with ``--seed``.

Usage::

    python benchmarks/fuzz.py --runs 1000000                 # atheris if installed
    python benchmarks/fuzz.py --runs 20000 --engine random --seed 3
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

CONTEXT = {
    "ctx/fw-a.yaml": """kind: framework
id: ctx-a
version: "1"
name: Context A
publisher: Fuzz
levels: [group, item]
elements:
  - {id: G1, title: Group one, level: group}
  - {id: G1.1, title: Item one, level: item, parent: G1}
  - {id: G1.2, title: Item two, level: item, parent: G1}
""",
    "ctx/fw-b.yaml": """kind: framework
id: ctx-b
version: "1"
name: Context B
publisher: Fuzz
levels: [group, item]
elements:
  - {id: H1, title: Group one, level: group}
  - {id: H1.1, title: Item one, level: item, parent: H1}
""",
    "ctx/m.yaml": """kind: mapping
id: ctx-a--ctx-b
source: ctx-a@1
target: ctx-b@1
style: strm
provenance: {author: fuzz, method: human, status: draft, judgement: ours}
rows:
  - {source: G1.1, target: H1.1, relationship: subset_of, rationale: semantic, strength: 5}
""",
}

SEEDS = [
    *CONTEXT.values(),
    """kind: mapping
id: seed-m
source: ctx-a@1
target: ctx-b
style: strm
comprehensive: true
exhaustive_subsets: true
provenance: {author: fuzz, method: hybrid, status: final, judgement: mixed}
rows:
  - {source: G1.2, target: H1.1, relationship: no_relationship, rationale: [syntactic], strength: 0, judgement: official}
  - {source: [G1.1, G1.2], target: H1, relationship: intersects-with, rationale: functional, strength: 4, note: n}
  - {source: G1, target: H1, relationship: equal, rationale: semantic, strength: 10, as_written: "G 1"}
""",
    """kind: profile
id: seed-p
framework: ctx-a@1
organisation: Fuzz Ltd
date: "2026-01-01"
entries:
  - {element: G1.1, status: implemented, evidence: e, owner: o}
  - {element: G1.2, status: not-applicable, note: n}
""",
    """kind: report
id: seed-r
title: Seed report
from: ctx-a@1
to: ctx-b@1
profile: ../profiles/p.yaml
via: [ctx-b@1]
direct: false
max_hops: 3
associations: true
output: out.xlsx
""",
    """kind: framework
id: seed-f
version: "2.0"
name: Seed
publisher: Fuzz
published: "2024-01-01"
source: {url: "https://example.org", doi: 10.1/x}
levels: [function, category]
mappings_expect_leaves: true
elements:
  - {id: F1, title: F, level: function, text: t, wording: ours, citation: {document: d, page: 3}}
  - {id: "7.10", title: C, level: category, parent: F1, attributes: {risks: [a, b], k: v}, links: [{element: F1, type: see-also}]}
""",
]


def corpus() -> list[bytes]:
    """The seeds above, the shipped library's smaller files and every negative and positive example."""
    found = [seed.encode("utf-8") for seed in SEEDS]
    for folder in ("frameworks", "mappings", "profiles", "reports", "tests/negative", "tests/positive"):
        for path in sorted((ROOT / folder).rglob("*.yaml")):
            data = path.read_bytes()
            if len(data) <= 16_384:
                found.append(data)
    return found


class Target:
    """One execution: the mutated bytes as one more file of the context library, validated and reported."""

    def __init__(self, crashes: Path, total: int) -> None:
        from crosswalk import cache
        from crosswalk.reporters.findings import FORMATS
        from crosswalk.rules import RULES, describe
        from crosswalk.workspace import read_document

        cache.configure(False)
        self.read_document = read_document
        self.formats = FORMATS
        self.rules = RULES
        self.rule_ids = {rule_id for rule_id, _, _ in describe()}
        self.context = [read_document(Path(name), content=text.encode("utf-8")) for name, text in CONTEXT.items()]
        self.crashes = crashes
        self.signatures: Counter[str] = Counter()
        self.executions = 0
        self.total = total
        self.started = time.perf_counter()

    def __call__(self, data: bytes) -> None:
        self.executions += 1
        try:
            self._run(data)
        except Exception as exc:  # noqa: BLE001 - counting crashes is the point
            self._crash(data, exc)
        if self.executions % 100_000 == 0 or self.executions == self.total:
            # printed from here, not at exit: libFuzzer ends the process without running atexit hooks
            print(self.summary(), flush=True)

    def _run(self, data: bytes) -> None:
        from crosswalk.findings import LEVELS
        from crosswalk.validate import ValidationResult
        from crosswalk.workspace import assemble

        fuzzed = self.read_document(Path("fuzz/x.yaml"), content=data)
        workspace = assemble([*self.context, fuzzed])
        findings = list(workspace.findings)
        for rule in self.rules:
            findings.extend(rule.check(workspace))
        files = {document.path for document in workspace.documents}
        for finding in findings:
            if (finding.rule not in self.rule_ids or finding.level not in LEVELS or finding.line < 1
                    or finding.column < 1 or finding.file not in files):
                raise AssertionError(f"finding breaks the contract: {finding}")
        result = ValidationResult(workspace, sorted(set(findings)), sorted(files))
        for render in self.formats.values():
            render(result)

    def _crash(self, data: bytes, exc: Exception) -> None:
        frames = [frame for frame in traceback.extract_tb(exc.__traceback__) if "crosswalk" in frame.filename]
        where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
        signature = f"{type(exc).__name__} at {where}"
        if signature not in self.signatures:
            self.crashes.mkdir(parents=True, exist_ok=True)
            name = hashlib.sha256(data).hexdigest()[:16]
            (self.crashes / f"{name}.yaml").write_bytes(data)
            (self.crashes / f"{name}.txt").write_text(f"{signature}\n{exc}\n", encoding="utf-8")
        self.signatures[signature] += 1

    def summary(self) -> str:
        seconds = time.perf_counter() - self.started
        lines = [f"executions: {self.executions:,} in {seconds:.0f} s ({self.executions / max(seconds, 1e-9):,.0f}/s)",
                 f"crashes: {sum(self.signatures.values()):,} ({len(self.signatures)} distinct signatures)"]
        lines += [f"  {count:,} x {signature}" for signature, count in self.signatures.most_common()]
        return "\n".join(lines)


def mutate(rng: random.Random, seeds: list[bytes]) -> bytes:
    """One random mutation of a seed: bytes flipped, inserted or deleted, lines swapped, duplicated
    or spliced from another seed, or a YAML-significant token dropped in."""
    data = bytearray(rng.choice(seeds))
    tokens = [b": ", b"- ", b"{", b"}", b"[", b"]", b"&a ", b"*a", b"!!int ", b"!!str ", b"<<: ", b"'", b'"',
              b"\t", b"\r", b"\n", b"\x00", b"\xc3", b"\xef\xbb\xbf", b"\xe2\x80\xae", b"\xc2\x85", b"\xe2\x80\xa8",
              b"~", b"null", b"1e400", b"9" * 5000, b"0x1F", b"id: ", b"parent: ", b"kind: ", b"#"]
    for _ in range(rng.randint(1, 4)):
        choice = rng.random()
        at = rng.randint(0, len(data))
        if choice < 0.3:
            data[at:at] = rng.choice(tokens)
        elif choice < 0.45 and data:
            data[min(at, len(data) - 1)] = rng.randrange(256)
        elif choice < 0.6 and data:
            del data[at:at + rng.randint(1, 16)]
        else:
            lines = bytes(data).split(b"\n")
            other = rng.choice(seeds).split(b"\n")
            i = rng.randrange(len(lines))
            action = rng.random()
            if action < 0.3:
                lines[i] = rng.choice(other)
            elif action < 0.6:
                lines.insert(i, lines[rng.randrange(len(lines))])
            elif action < 0.8 and len(lines) > 1:
                j = rng.randrange(len(lines))
                lines[i], lines[j] = lines[j], lines[i]
            else:
                del lines[i]
            data = bytearray(b"\n".join(lines))
    return bytes(data)


def run_random(target: Target, runs: int, seed: int) -> None:
    rng = random.Random(seed)
    seeds = corpus()
    for _ in range(runs):
        target(mutate(rng, seeds))


def run_atheris(target: Target, runs: int, seed: int, max_len: int) -> None:
    import atheris

    folder = HERE / "workspace" / "fuzz-corpus"  # libFuzzer adds what it finds here; started afresh each run
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for data in corpus():
        (folder / hashlib.sha256(data).hexdigest()[:16]).write_bytes(data)
    atheris.Setup([sys.argv[0], f"-runs={runs}", f"-seed={seed}", f"-max_len={max_len}", "-print_final_stats=1",
                   str(folder)], target)
    atheris.Fuzz()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=100_000, help="executions (default 100,000)")
    parser.add_argument("--engine", choices=("auto", "atheris", "random"), default="auto")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-len", type=int, default=16_384, help="atheris: longest input in bytes")
    parser.add_argument("--crashes", type=Path, default=HERE / "fuzz-crashes",
                        help="where each new crash signature's input is saved")
    args = parser.parse_args()
    engine = args.engine
    if engine == "auto":
        try:
            import atheris  # noqa: F401
            engine = "atheris"
        except ImportError:
            engine = "random"
    if engine == "atheris":
        import atheris

        with atheris.instrument_imports(include=["crosswalk"]):
            target = Target(args.crashes, args.runs)
    else:
        target = Target(args.crashes, args.runs)
    print(f"engine: {engine}, runs: {args.runs:,}, seed: {args.seed}", flush=True)
    if engine == "atheris":
        run_atheris(target, args.runs, args.seed, args.max_len)
    else:
        run_random(target, args.runs, args.seed)


if __name__ == "__main__":
    main()
