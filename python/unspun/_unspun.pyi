"""Type stubs for the compiled extension ``unspun._unspun``."""

import os
from typing import Any, Dict, Iterable, List, Optional, Sequence, Union

__version__: str
DEFAULT_THRESHOLD: float

Record = Dict[str, Any]
"""The fields of an ``unspun score`` record, without ``id``:

``score`` (float in [0, 1] or None), ``label`` ("spun", "clean",
"skipped", "empty", "error"), ``lang`` (str or None), ``tokens`` (int),
``perplexity`` (float or None), ``evidence`` (list of dicts with
``start``, ``end``, ``text``, ``kind``, ``suggestion``, ``weight``;
character offsets), and, when present, ``reason``, ``segments``,
``features``.
"""

class Detector:
    """Scores documents for synonym spinning.

    Every keyword maps onto the library's ``DetectorBuilder`` and onto the
    CLI flag of the same name. Raises ``ValueError`` for a bad setting or a
    malformed dictionary, ``OSError`` for a file that cannot be read.
    Picklable (rebuilt from its settings) and safe to share between threads.
    """

    def __init__(
        self,
        *,
        threshold: Optional[float] = None,
        dictionaries: Optional[Sequence[Union[str, "os.PathLike[str]"]]] = None,
        no_dict: bool = False,
        no_lang_check: bool = False,
    ) -> None: ...
    @property
    def threshold(self) -> float:
        """Score at or above which a document is labelled ``spun``."""
    def score(self, text: str) -> Record:
        """Score one document (releases the GIL while scoring)."""
    def score_batch(self, texts: Iterable[str], threads: Optional[int] = None) -> List[Record]:
        """Score many documents in parallel on ``threads`` cores (default:
        all), with the GIL released; results in input order."""
