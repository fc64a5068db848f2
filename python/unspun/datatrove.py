"""A DataTrove filter step: ``UnspunFilter``.

Needs DataTrove (``pip install unspun[datatrove]``; ``BaseFilter`` with
``batch_size``/``filter_batch``, DataTrove 0.3 or later)::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from unspun.datatrove import UnspunFilter

    LocalPipelineExecutor(pipeline=[
        JsonlReader("in/"),
        UnspunFilter(threshold=0.5, exclusion_writer=JsonlWriter("spun/")),
        JsonlWriter("kept/"),
    ], tasks=4).run()

Each document's metadata gets ``unspun_score`` (float in [0, 1], or None
when the document was not scored: too short, not English, empty) and
``unspun_label``. Documents scoring at or above the threshold are dropped
(to the exclusion writer, with ``filter_reason`` "spun"); with
``drop_skipped=True`` so are those that were not scored ("unscored").
Stats: DataTrove's usual ``total``/``forwarded``/``dropped``, plus
``dropped_spun``, ``dropped_unscored`` and one ``label_<label>`` count per
label.
"""

from typing import List, Optional, Sequence, Tuple, Union

from datatrove.data import Document
from datatrove.pipeline.filters.base_filter import BaseFilter
from datatrove.pipeline.writers.disk_base import DiskWriter

from ._unspun import DEFAULT_THRESHOLD, Detector

#: Documents scored per call to ``Detector.score_batch``.
DEFAULT_BATCH_SIZE = 512


class UnspunFilter(BaseFilter):
    """Drop synonym-spun documents; annotate every document's metadata.

    Args:
        threshold: score at or above which a document is dropped (None: the
            built-in weights' threshold).
        batch_size: documents scored together, in parallel.
        exclusion_writer: where dropped documents go (any DataTrove writer).
        threads: cores used per task (default: all; with several local
            tasks, ``cores // tasks`` avoids oversubscription).
        drop_skipped: also drop documents that were not scored.
        dictionaries, no_dict, no_lang_check: as for ``unspun.Detector``.
    """

    name = "🌀 unspun"

    def __init__(
        self,
        threshold: Optional[float] = DEFAULT_THRESHOLD,
        batch_size: int = DEFAULT_BATCH_SIZE,
        exclusion_writer: Optional[DiskWriter] = None,
        threads: Optional[int] = None,
        drop_skipped: bool = False,
        dictionaries: Optional[Sequence[str]] = None,
        no_dict: bool = False,
        no_lang_check: bool = False,
    ):
        super().__init__(exclusion_writer=exclusion_writer, batch_size=batch_size)
        if threads is not None and (
            isinstance(threads, bool) or not isinstance(threads, int) or not 1 <= threads <= 1024
        ):
            raise ValueError(f"threads must be a whole number from 1 to 1024, or None (got {threads!r})")
        self.threads = threads
        self.drop_skipped = drop_skipped
        self.detector_options = dict(
            threshold=threshold,
            dictionaries=list(dictionaries) if dictionaries else None,
            no_dict=no_dict,
            no_lang_check=no_lang_check,
            # Only the score and label are kept: the same scores, faster.
            no_evidence=True,
        )
        # Built here so that a bad setting fails when the pipeline is
        # defined, not inside a worker; rebuilt from its settings when the
        # step is pickled to a worker.
        self.detector = Detector(**self.detector_options)
        # None: the detector's own threshold (the built-in weights').
        self.threshold = self.detector.threshold

    def filter(self, doc: Document) -> Union[bool, Tuple[bool, str]]:
        return self.filter_batch([doc])[0]

    def filter_batch(self, batch: List[Document]) -> List[Union[bool, Tuple[bool, str]]]:
        records = self.detector.score_batch([doc.text for doc in batch], threads=self.threads)
        results: List[Union[bool, Tuple[bool, str]]] = []
        for doc, record in zip(batch, records):
            score, label = record["score"], record["label"]
            doc.metadata["unspun_score"] = score
            doc.metadata["unspun_label"] = label
            self.stat_update(f"label_{label}")
            if score is not None and score >= self.threshold:
                results.append((False, "spun"))
            elif score is None and self.drop_skipped:
                results.append((False, "unscored"))
            else:
                results.append(True)
        return results
