"""Value types the core hands out: ``Timestamp`` (the API's text, with
``.datetime``) and ``ScaleLevel`` (a grading scale's level)."""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import NamedTuple, Optional


class ScaleLevel(NamedTuple):
    """One level of a ``GradeScale``, named as in the models (``lower_bound``, as JS's
    ``{symbol, lower_bound, value}``); a tuple, so ``symbol, bound, value = level``
    works too."""

    symbol: str
    lower_bound: Optional[Decimal]
    value: Optional[Decimal]


class Timestamp(str):
    """A timestamp as the API sent it. It *is* that text (a ``str``: compare it,
    print it, write it back as is), and ``.datetime`` reads it:

    >>> t = Timestamp("2025-05-08T21:10:00+03:00")
    >>> t == "2025-05-08T21:10:00+03:00"
    True
    >>> t.datetime
    datetime.datetime(2025, 5, 8, 21, 10, tzinfo=datetime.timezone(datetime.timedelta(seconds=10800)))

    An offset (``Z``, ``+03:00``) gives an aware ``datetime``; a zone abbreviation
    (``2017-11-06T04:35:00.000GST``, ambiguous by nature) or none gives a naive one
    of the time as written; a date alone gives midnight; text that is not a date
    gives ``None``. The parsing is the Rust core's, as in the other runtimes.
    """

    __slots__ = ()

    @property
    def datetime(self) -> Optional[_dt.datetime]:
        """The time as a ``datetime`` (aware when the text carries an offset), or
        ``None`` when the text is not a date."""
        from . import _native

        parts = _native._timestamp_parts(str(self))
        if parts is None:
            return None
        year, month, day, hour, minute, second, micro, offset = parts
        tz: Optional[_dt.tzinfo] = None
        if offset is not None:
            tz = _dt.timezone.utc if offset == 0 else _dt.timezone(_dt.timedelta(seconds=offset))
        try:
            return _dt.datetime(year, month, day, hour, minute, second, micro, tzinfo=tz)
        except ValueError:  # a year Python's datetime cannot hold
            return None

    def __repr__(self) -> str:
        return f"Timestamp({str.__repr__(self)})"
