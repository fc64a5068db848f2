"""unspun: find synonym-spun and machine-garbled English in scraped text.

>>> import unspun
>>> d = unspun.Detector()
>>> d.score("The lawyer normal said the soccer trainer ...")["label"]

``Detector.score`` returns the fields of the ``unspun score`` record (all
but ``id``) as a dict; ``Detector.score_batch`` scores a list of texts on
all cores with the GIL released. The default model and tables are inside
the compiled extension. ``unspun.datatrove.UnspunFilter`` is a DataTrove
filter step (``pip install unspun[datatrove]``).
"""

from ._unspun import DEFAULT_THRESHOLD, Detector, __version__

__all__ = ["DEFAULT_THRESHOLD", "Detector", "__version__"]
