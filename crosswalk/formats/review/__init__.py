"""The review workbook: candidate rows decided in Excel, then written into a validated mapping.

``crosswalk review --from A --to B [--mapping ID] -o review.xlsx`` writes it (:mod:`.plan` decides
the lines, :mod:`.writer` renders them); ``crosswalk import review review.xlsx -o mappings/X.yaml``
reads the decisions back (:mod:`.reader`). Both sides share :mod:`.layout`, the one table of columns.
Round trip: a review of a mapping imported with no change gives back the mapping, byte for byte once
written (a test over every shipped mapping).
"""

from __future__ import annotations

from crosswalk.formats import Option, checked_options
from crosswalk.formats.finish import Converted

NAME = "review"
DESCRIPTION = ("a review workbook written by 'crosswalk review' and filled in by a reviewer (.xlsx): the mapping "
               "with the accepted, changed and rejected rows, or every bad cell named and nothing written")
OPTIONS = (
    Option("date", "the review date recorded in provenance.reviewed, YYYY-MM-DD (default: today)"),
)


def convert(path: str, **options: str) -> Converted:
    from crosswalk.formats.review import reader

    options = checked_options(NAME, OPTIONS, options)
    return reader.read(path, date=options.get("date", ""))
