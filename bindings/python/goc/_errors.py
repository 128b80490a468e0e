"""Exceptions: one class per libgoc status code, under :class:`goc.Error`.

Every failing C call raises the class of its ``GOC_E*`` code; the text is
the library's own one-line message (it names the field, value or line at
fault).  Classes also derive from the fitting built-in exception, so that
``except LookupError`` or ``except ValueError`` work as a Python programmer
expects.
"""
from __future__ import annotations

from typing import Dict, Optional, Type

__all__ = [
    "Error", "GenericError", "NoMemoryError", "InvalidInputError", "NotFoundError",
    "ExistsError", "ConstraintError", "StateError", "VersionError",
    "NotADatabaseError", "BusyError", "GocIOError", "NotPermittedError",
    "ReadOnlyError", "CorruptError", "MisuseError", "CannotOpenError",
    "CancelledError", "AuthError", "ThrottledError", "ClosedError",
]


class Error(Exception):
    """Base class of every libgoc error.

    ``code`` is the C status code (e.g. -3 for ``GOC_EINVAL``), ``name`` its
    C name; ``str(error)`` is the library's message.  ``index`` is, for an
    error of a bulk call (:meth:`Orgs.create_many`), the index of the item
    at fault as C gives it (``goc_org_create_many_v2()``), else None.
    ``field`` is the input field the error is about, as C gives it
    (``goc_error_field()``: ``"zone"`` for ``fields[12]: zone: …``), or ""
    when it names none.
    """

    code: int = -1
    name: str = "GOC_ERROR"
    message: str = ""
    index: Optional[int] = None
    field: str = ""

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return "%s(%r)" % (type(self).__name__, self.message)


class GenericError(Error):
    """GOC_ERROR: an error with no better code."""
    code, name = -1, "GOC_ERROR"


class NoMemoryError(Error, MemoryError):
    """GOC_ENOMEM: out of memory."""
    code, name = -2, "GOC_ENOMEM"


class InvalidInputError(Error, ValueError):
    """GOC_EINVAL: invalid argument or input (bad date, empty name, invalid UTF-8 …)."""
    code, name = -3, "GOC_EINVAL"


class NotFoundError(Error, LookupError):
    """GOC_ENOTFOUND: the object named does not exist."""
    code, name = -4, "GOC_ENOTFOUND"


class ExistsError(Error):
    """GOC_EEXISTS: an object with this name or code already exists."""
    code, name = -5, "GOC_EEXISTS"


class ConstraintError(Error):
    """GOC_ECONSTRAINT: refused, other records still refer to the object."""
    code, name = -6, "GOC_ECONSTRAINT"


class StateError(Error):
    """GOC_ESTATE: illegal lifecycle transition or missing precondition."""
    code, name = -7, "GOC_ESTATE"


class VersionError(Error):
    """GOC_EVERSION: the database was written by a newer libgoc."""
    code, name = -8, "GOC_EVERSION"


class NotADatabaseError(Error):
    """GOC_ENOTDB: the file is not a libgoc database (or not SQLite at all)."""
    code, name = -9, "GOC_ENOTDB"


class BusyError(Error):
    """GOC_EBUSY: the database is locked by another connection."""
    code, name = -10, "GOC_EBUSY"


class GocIOError(Error, OSError):
    """GOC_EIO: disk I/O error, disk full."""
    code, name = -11, "GOC_EIO"


class NotPermittedError(Error, PermissionError):
    """GOC_EPERM: the acting unit is not permitted to do this."""
    code, name = -12, "GOC_EPERM"


class ReadOnlyError(Error):
    """GOC_EREADONLY: write attempted on a database opened read-only."""
    code, name = -13, "GOC_EREADONLY"


class CorruptError(Error):
    """GOC_ECORRUPT: the database file is damaged."""
    code, name = -14, "GOC_ECORRUPT"


class MisuseError(Error):
    """GOC_EMISUSE: call out of order (commit without begin …)."""
    code, name = -15, "GOC_EMISUSE"


class CannotOpenError(Error, OSError):
    """GOC_ECANTOPEN: the file cannot be opened (missing, no permission)."""
    code, name = -16, "GOC_ECANTOPEN"


class CancelledError(Error):
    """GOC_ECANCELLED: a progress callback asked to stop; nothing was written."""
    code, name = -17, "GOC_ECANCELLED"


class AuthError(Error, PermissionError):
    """GOC_EAUTH: authentication failed (wrong login, password or token, a
    disabled person, an expired or revoked token)."""
    code, name = -18, "GOC_EAUTH"


class ThrottledError(AuthError):
    """GOC_ETHROTTLED: too many failed logins for this login or address;
    refused for a while (the message says until when)."""
    code, name = -19, "GOC_ETHROTTLED"


class ClosedError(MisuseError):
    """Use of a closed :class:`goc.Database`, or of a cursor whose database was closed."""


_BY_CODE: Dict[int, Type[Error]] = {
    cls.code: cls
    for cls in (GenericError, NoMemoryError, InvalidInputError, NotFoundError,
                ExistsError, ConstraintError, StateError, VersionError,
                NotADatabaseError, BusyError, GocIOError, NotPermittedError,
                ReadOnlyError, CorruptError, MisuseError, CannotOpenError,
                CancelledError, AuthError, ThrottledError)
}


def error_class(code: int) -> Type[Error]:
    """The exception class of a libgoc status code (GenericError for unknown ones)."""
    return _BY_CODE.get(code, GenericError)


def _make_error(code: int, message: str) -> Error:
    """Called by the C layer (goc_py_raise) to build the exception it raises."""
    cls = _BY_CODE.get(code)
    if cls is None:
        err = GenericError(message)
        err.code = code  # keep the unknown code visible
        return err
    return cls(message)
