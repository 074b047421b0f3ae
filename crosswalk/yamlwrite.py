"""Deterministic YAML output for the files our importers write.

Why not plain ``yaml.safe_dump``: it would write ``1.10`` unquoted, which every YAML 1.1 reader
(including PyYAML's default loaders and most editors' tools) turns into the float 1.1. Any string
that a standard safe loader would read as something else is quoted, long texts are folded into
block scalars, and key order is the order the importer chose, so re-running an importer on the same
input gives the same bytes.
"""

from __future__ import annotations

from typing import Any

import yaml


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _needs_quotes(value: str) -> bool:
    if value == "" or value != value.strip():
        return True
    resolved = yaml.safe_load(value) if len(value) < 64 and "\n" not in value else value
    return not isinstance(resolved, str) or resolved != value


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    try:
        quoted = _needs_quotes(value)
    except yaml.YAMLError:
        quoted = True
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"' if quoted else None)


_Dumper.add_representer(str, _represent_str)


def dump(data: Any) -> str:
    """YAML text for ``data`` (dicts keep their insertion order)."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
