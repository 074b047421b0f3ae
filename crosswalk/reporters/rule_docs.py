"""Each validation rule's documentation, as SARIF's ``reportingDescriptor`` wants it: a short and a
full description, help as text and as Markdown, and a link.

Why from the docstrings: each rule module's docstring is its documentation (the first paragraph is
what ``crosswalk rules`` shows, the rest the rationale), and the loader rules have their one-line
text in :data:`crosswalk.rules.LOADER_RULES`; a second copy here would drift from them. Code
scanning services show ``help`` beside every alert, and GitHub refuses to show rules without it
(SARIF Multitool's GH2012).

The docstrings are reStructuredText-flavoured: ````literal```` becomes a Markdown code span (and
plain text in the text forms), ``:mod:`name``` the name, and each paragraph's wrapped lines one
line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

README_ANCHOR = "validation-as-a-ci-gate"
"""The README section that introduces the rules; every rule's ``helpUri`` points at it."""
PLACEHOLDER_HOMEPAGE = "https://example.invalid/crosswalk"
"""Used until the package metadata names its home (``[project.urls] Homepage`` in pyproject.toml)."""

_ROLE = re.compile(r":(?:mod|func|class|meth|data|attr|ref):`~?([^`]+)`")
_LITERAL = re.compile(r"``(.+?)``")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


@dataclass(frozen=True)
class RuleDoc:
    id: str
    level: str
    summary: str
    """The first paragraph, plain text."""
    full: str
    """Every paragraph, plain text, separated by blank lines."""
    markdown: str
    """Every paragraph as Markdown, then the link to the README."""
    help_uri: str


@lru_cache(maxsize=1)
def homepage() -> str:
    """The project's home page from the installed package's metadata (``Project-URL: Homepage``)."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        urls = metadata("crosswalk").get_all("Project-URL") or []
    except PackageNotFoundError:  # running from a source tree that was never installed
        urls = []
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("homepage", "home", "repository", "source") and url.strip():
            return url.strip().rstrip("/")
    return PLACEHOLDER_HOMEPAGE


def paragraphs(doc: str) -> list[str]:
    """The paragraphs of a docstring, each on one line."""
    return [" ".join(part.split()) for part in re.split(r"\n\s*\n", doc.strip()) if part.strip()]


def as_text(paragraph: str) -> str:
    return _LITERAL.sub(r"\1", _ROLE.sub(r"\1", paragraph))


def as_markdown(paragraph: str) -> str:
    """Literals become code spans; everything else is escaped, so that ``no_relationship`` or a
    ``*`` in prose is not read as emphasis and ``<`` not as HTML."""
    paragraph = _ROLE.sub(r"``\1``", paragraph)
    out, last = [], 0
    for literal in _LITERAL.finditer(paragraph):
        out.append(_MARKDOWN_SPECIAL.sub(r"\\\1", paragraph[last:literal.start()]))
        code = literal.group(1)
        fence = "``" if "`" in code else "`"
        out.append(f"{fence}{code}{fence}")
        last = literal.end()
    out.append(_MARKDOWN_SPECIAL.sub(r"\\\1", paragraph[last:]))
    return "".join(out)


def _doc(rule_id: str, level: str, doc: str) -> RuleDoc:
    parts = paragraphs(doc)
    uri = f"{homepage()}#{README_ANCHOR}"
    markdown = "\n\n".join([as_markdown(p) for p in parts]
                           + [f"Rule `{rule_id}` ({level}); all rules: [Validation as a CI gate]({uri})."])
    return RuleDoc(rule_id, level, as_text(parts[0]), "\n\n".join(as_text(p) for p in parts), markdown, uri)


@lru_cache(maxsize=1)
def rule_docs() -> tuple[RuleDoc, ...]:
    """Every rule, loader rules first, in the order of ``crosswalk rules``."""
    from crosswalk.rules import LOADER_RULES, RULES

    docs = [_doc(rule_id, "error", text) for rule_id, text in LOADER_RULES.items()]
    docs.extend(_doc(rule.ID, rule.LEVEL, rule.__doc__ or rule.ID) for rule in RULES)
    return tuple(docs)
