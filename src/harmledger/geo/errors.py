"""Geo errors, each coded E3xx and saying what to do.

All derive from :class:`harmledger.errors.GazetteerError` (E301) so that callers who
only care that "the gazetteer failed" can catch one class.
"""

from __future__ import annotations

from harmledger.errors import GazetteerError

__all__ = ["DumpFormatError", "GazetteerError", "GazetteerFileError", "PlaceNameError"]


class GazetteerFileError(GazetteerError):
    """The shipped gazetteer or the user overlay cannot be read: reinstall, or re-import."""

    code = "E302"


class DumpFormatError(GazetteerError):
    """A GeoNames dump given to ``gazetteer import`` is corrupt or truncated at some line."""

    code = "E303"


class PlaceNameError(GazetteerError):
    """A name given to ``lookup``/``add_place`` cannot be a place name (too long, no letters)."""

    code = "E304"
