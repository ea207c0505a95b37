"""jjjtrack: track the quantified commitments of Chinese policy documents.

The public Python API: read a document, extract its statements, keep them in a ledger.
Heavy modules load on first use, so `import jjjtrack` stays cheap.
"""

__version__ = "0.1.0"

__all__ = ["__version__", "read_document", "extract", "Ledger"]


def __getattr__(name):
    if name == "read_document":
        from .documents import read_document

        return read_document
    if name == "extract":
        from .extract import extract

        return extract
    if name == "Ledger":
        from .ledger import Ledger

        return Ledger
    raise AttributeError(name)
