"""Exceptions the library raises; the CLI turns each into one clear message."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click


class ArchiverError(Exception):
    """Base class: a problem a user can act on (bad input, bad profile, unreachable site)."""


class ProfileError(ArchiverError):
    """A site profile that cannot be read or does not validate."""


class ExtractError(ArchiverError):
    """A page that cannot be read as HTML at all."""


class FetchError(ArchiverError):
    """A URL that could not be fetched."""


def friendly_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """A click command whose library errors become `Error: ...` and exit status 1."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ArchiverError as exc:
            raise click.ClickException(str(exc)) from None

    return wrapper
