"""Kept importable for the screens' tests written before ``tests/firms.py``: the demo firm and the
app on it now come from there (one firm builder). The lead removes this alias once they import it."""

from firms import NOW, TODAY, DemoFirm, make_app

__all__ = ["NOW", "TODAY", "DemoFirm", "make_app"]
