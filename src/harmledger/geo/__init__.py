"""Stage 3, geo: offline geolocation of the places each claim is about.

Modules, one concern each: ``keys`` (transliteration-aware normalisation), ``datafile``
(the gazetteer file format), ``gazetteer`` (in-memory indexes), ``admin`` (districts
from seats), ``geonames`` (dump reader), ``overlay`` (the user's additions),
``context`` and ``stoplists`` (the words around a name), ``spotter`` (toponyms in
text), ``resolver`` (disambiguation), ``lookup`` (name → candidates), ``placing``
(claims' places and precision) and ``geocoder`` (the entry point). Rules and accuracy:
docs/geo.md.
"""

from harmledger.geo.errors import DumpFormatError, GazetteerError, GazetteerFileError, PlaceNameError
from harmledger.geo.geocoder import Geocoder, default_geocoder
from harmledger.geo.records import Candidate, Mention, Place

__all__ = [
    "Candidate",
    "DumpFormatError",
    "GazetteerError",
    "GazetteerFileError",
    "Geocoder",
    "Mention",
    "Place",
    "PlaceNameError",
    "default_geocoder",
]
