"""Where the files a report definition names are: its ``profile`` and its ``output``, checked by
``validate`` and by the commands that run the definition, with one rule each.

Why a rule at all: a definition is a file anyone can send in a pull request, and ``profile:
../../../../etc/passwd`` would have commands read (and a CI log echo) files far from the library.
The shipped layout puts definitions in ``reports/`` and profiles in ``../profiles/``, so the rule
is: the profile, every symbolic link resolved, lies inside the definition's workspace, the folder
that holds the definition's folder. A profile elsewhere is named on the command line (``--profile``).
The output is written in the working directory and must stay in it (``crosswalk.cli_engine`` checks
the resolved path when it writes); what ``validate`` can tell from the text alone is checked here:
an absolute path or a ``..`` step can only leave it. A workbook elsewhere is named with ``-o``.
"""

from __future__ import annotations

import os
from pathlib import Path


def workspace_root(definition_path: str | Path) -> Path:
    """The folder that holds the definition's folder (``reports/``'s parent in the shipped layout)."""
    return Path(os.path.realpath(definition_path)).parent.parent


def profile_file(definition_path: str | Path, profile: str) -> Path:
    """The profile a definition names: relative to the definition's folder, as the README says."""
    return Path(definition_path).parent / profile


def profile_inside(definition_path: str | Path, profile: str) -> bool:
    """Whether the named profile, links resolved, lies inside the definition's workspace."""
    root = workspace_root(definition_path)
    try:
        resolved = Path(os.path.realpath(profile_file(definition_path, profile)))
    except (OSError, ValueError):  # a path the system cannot even resolve lies nowhere we allow
        return False
    return resolved == root or root in resolved.parents


def outside_message(profile: str) -> str:
    return (f"profile {profile!r} lies outside the definition's workspace (the folder that holds the definition's "
            "folder): name a profile inside it, such as '../profiles/NAME.yaml', or pass --profile FILE on the "
            "command line")


def output_problem(output: str) -> str | None:
    """Why a definition's ``output`` cannot be written where it would go, as far as its text shows."""
    from crosswalk.reporters.report_formats import by_extension

    path = Path(output)
    if path.is_absolute() or path.drive or output.startswith(("/", "\\")):
        where = "is an absolute path"
    elif ".." in path.parts or ".." in output.replace("\\", "/").split("/"):
        where = "steps out of the folder with '..'"
    elif by_extension(output) is None:
        return (f"output {output!r} must name a report file ending in .xlsx, .md, .html or .json (the extension "
                "picks the rendering)")
    else:
        return None
    return (f"output {output!r} {where}: a definition's report is written in the working directory and stays "
            "inside it; name a plain file such as 'NAME.xlsx', or pass -o PATH on the command line")
