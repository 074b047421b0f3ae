"""How fast ``crosswalk.yamlwrite.dump`` writes a large framework, beside PyYAML's C emitter.

Why: importing CISO Assistant's largest framework (nzism-3, 5,880 nodes) spent 5.6 s of 7.6 s in
our writer, where PyYAML's C dumper takes 0.5 s (issue 12). The figure that matters is the ratio of
our writer to the bare C emitter on the same data (``yaml.dump(..., Dumper=yaml.CSafeDumper)``,
which quotes too little to be safe but is the floor), as medians of ``--repeat`` runs.

Data: the nzism-3 library imported with our CISO Assistant importer when the reference copy is
beside the repository (``../shared/reference``), and always a synthetic framework of ``--elements``
elements shaped like importer output (ids that look like numbers, short titles, multi-line texts,
citations), so that the benchmark runs anywhere.

Usage::

    python benchmarks/yamlwrite.py                 # 6,000 synthetic elements, and nzism-3 when present
    python benchmarks/yamlwrite.py --elements 20000 --repeat 3
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crosswalk.yamlwrite import dump  # noqa: E402

NZISM = ROOT.parent / "shared" / "reference" / "intuitem_ciso-assistant-community" / "libraries" / "nzism-3.yaml"


def synthetic(elements: int) -> dict[str, Any]:
    """A framework document of ``elements`` elements, deterministic, shaped like an importer's output."""
    items: list[dict[str, Any]] = []
    for index in range(elements):
        group, item = divmod(index, 12)
        ident = f"{group:02d}" if item == 0 else f"{group}.{item}" if item % 3 else f"{group:02d}-{item}a"
        element: dict[str, Any] = {"id": ident, "level": "group" if item == 0 else "item",
                                   "title": f"Requirement {ident}: keep records of model changes ({index})"}
        if item:
            element["parent"] = f"{group:02d}"
            element["text"] = ("The organisation shall document every change to a deployed model, "
                               "its reason and its approver.\nReviews happen yearly; " * (1 + index % 3)).strip()
            element["citation"] = {"document": "Synthetic guide", "section": f"{group}.{item}", "page": 10 + group}
        items.append(element)
    return {"kind": "framework", "id": "synthetic", "version": "1", "name": "Synthetic framework",
            "publisher": "crosswalk benchmarks", "levels": ["group", "item"], "elements": items}


def nzism() -> dict[str, Any] | None:
    if not NZISM.is_file():
        return None
    from crosswalk.formats import ciso_assistant

    documents = ciso_assistant.convert(str(NZISM))
    return next(d for d in documents if d.get("kind") == "framework")


def median_seconds(job: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def floor(document: dict[str, Any]) -> str:
    return yaml.dump(document, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True, width=100)


def report(name: str, document: dict[str, Any], repeat: int) -> None:
    ours = median_seconds(lambda: dump(document), repeat)
    base = median_seconds(lambda: floor(document), repeat)
    count = len(document.get("elements", []))
    print(f"{name}: {count} elements, {len(dump(document).encode('utf-8')) / 1e6:.1f} MB: "
          f"yamlwrite.dump {ours:.3f} s, PyYAML CSafeDumper {base:.3f} s, ratio {ours / base:.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--elements", type=int, default=6000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    report("synthetic", synthetic(args.elements), args.repeat)
    real = nzism()
    if real is not None:
        report("nzism-3 (CISO Assistant)", real, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
