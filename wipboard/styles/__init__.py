"""The stylesheets (``.tcss``), shipped inside the wheel.

``stylesheet("modals.tcss")`` is a sheet's absolute path, for a ``CSS_PATH`` that must
not depend on where the class using it is defined (Textual resolves a relative path
against the module of the class that ends up using it).
"""

from pathlib import Path

FOLDER = Path(__file__).resolve().parent


def stylesheet(name: str) -> Path:
    """The path of the stylesheet ``name`` in this folder."""
    return FOLDER / name
