"""Exceptions the library raises; the CLI turns each into one clear message."""


class ArchiverError(Exception):
    """Base class: a problem a user can act on (bad input, bad profile, unreachable site)."""


class ProfileError(ArchiverError):
    """A site profile that cannot be read or does not validate."""


class ExtractError(ArchiverError):
    """A page that cannot be read as HTML at all."""


class FetchError(ArchiverError):
    """A URL that could not be fetched."""
