"""Type stubs for the compiled extension ``unspun._unspun``."""

import os
from typing import Any, Dict, Iterable, List, Optional, Sequence, Union

__version__: str
DEFAULT_THRESHOLD: float

Record = Dict[str, Any]
"""The fields of an ``unspun score`` record, without ``id``, in this order:

``score`` (float in [0, 1], or None unless the label is "spun" or
"clean"), ``label`` ("spun", "clean", "skipped", "empty"), ``lang`` (ISO
639-3 code or None), ``tokens`` (int), ``perplexity`` (float or None),
``mt`` (float in [0, 1], the probability that the text is machine
translated; absent when not scored or with ``no_mt=True``), ``evidence`` (list of dicts ``start``, ``end``, ``text``, ``kind``,
``suggestion``, ``weight``; ``start``/``end`` are character offsets into
the text, so ``text[start:end]`` is the evidence), and only when set:
``reason`` (why skipped), ``segments`` (with ``segments=True``),
``features`` (with ``features=True``), ``warning`` (only the first MiB of
a longer text scored; no words).
"""

PathLike = Union[str, "os.PathLike[str]"]

class Detector:
    """Scores documents for synonym spinning.

    Every keyword is the CLI flag of the same name (``unspun score --help``);
    the defaults are the built-in model, thesaurus, weights and phrase
    dictionary, which are inside the compiled extension. Raises
    ``ValueError`` for a bad setting or a malformed file (the message names
    the file and line), ``OSError`` (``FileNotFoundError``, ...) for a file
    that cannot be read. Picklable (rebuilt from its settings, so the
    files must exist where it is unpickled) and safe to share between
    threads.
    """

    def __init__(
        self,
        *,
        threshold: Optional[float] = None,
        dictionaries: Optional[Sequence[PathLike]] = None,
        no_dict: bool = False,
        model: Optional[PathLike] = None,
        thesaurus: Optional[PathLike] = None,
        weights: Optional[PathLike] = None,
        no_swaps: bool = False,
        mt_model: Optional[PathLike] = None,
        no_mt: bool = False,
        no_lang_check: bool = False,
        segments: bool = False,
        features: bool = False,
        langid: Optional[str] = None,
        no_evidence: bool = False,
        min_weight: float = 0.0,
    ) -> None: ...
    @property
    def threshold(self) -> float:
        """Score at or above which a document is labelled ``spun``."""
    def score(self, text: str) -> Record:
        """Score one document (releases the GIL while scoring)."""
    def score_batch(self, texts: Iterable[str], threads: Optional[int] = None) -> List[Record]:
        """Score many documents in parallel on ``threads`` cores (default:
        all), with the GIL released; records in input order. Raises
        ``TypeError`` for a ``str`` or a non-string item, ``ValueError``
        for ``threads=0``."""
