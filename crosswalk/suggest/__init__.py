"""Candidate mapping rows between two frameworks, ranked by a method chosen by measurement.

``suggest()`` is the API (:mod:`crosswalk.suggest.candidates`); ``benchmarks/suggest.py`` measures
each method's recall on every shipped crosswalk.
"""

from crosswalk.suggest.candidates import (
    Candidate,
    Suggestions,
    SuggestError,
    available_methods,
    rank,
    resolve_method,
    suggest,
)

__all__ = ["Candidate", "Suggestions", "SuggestError", "available_methods", "rank", "resolve_method", "suggest"]
