"""The exceptions bbkg raises, each carrying what a user needs to fix the problem, as fields.

Each error holds located :class:`Problem` records (``path``, ``line``, ``column``) and, where they
apply, the ``parameter``, the offending ``value``, the accepted ``candidates`` and an HTTP
``status``. The library words a message without naming CLI flags; each front end (the CLI, the
HTTP servers) presents the fields its own way. The CLI prints one line per problem (``path:line:col: message``) and exits with the
error's ``exit_code``: 1 data does not conform (or ASK is false), 2 usage or input
error, 3 remote endpoint error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: what would break a message over several lines or garble a terminal: line and paragraph separators,
#: control characters (tab stays)
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """Return ``text`` on one line: line breaks and control characters shown as escapes (``\\n``, ``\\x1b``)."""
    return _UNPRINTABLE.sub(lambda m: repr(m.group(0))[1:-1], text)


@dataclass(frozen=True)
class Problem:
    """One located problem: ``path:line:col: message``."""

    message: str
    path: str | None = None
    line: int | None = None
    col: int | None = None

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = self.path
            if self.line is not None:
                where += f":{self.line}"
                if self.col is not None:
                    where += f":{self.col}"
            where += ": "
        return one_line(where + self.message)


class BbkgError(Exception):
    """Base class: a user-facing error with one or more located problems."""

    exit_code = 2

    def __init__(
        self,
        message: str | None = None,
        *,
        path: str | None = None,
        line: int | None = None,
        col: int | None = None,
        problems: list[Problem] | None = None,
        parameter: str | None = None,
        value: object = None,
        candidates: list[str] | None = None,
        status: int | None = None,
    ) -> None:
        if problems is None:
            problems = [Problem(message or "error", path, line, col)]
        self.problems = problems
        #: the parameter or option the problem is about, the value given, the accepted values
        self.parameter = parameter
        self.value = value
        self.candidates = list(candidates) if candidates else []
        #: the HTTP status a remote endpoint answered, when there was one
        self.status = status
        super().__init__("\n".join(str(p) for p in problems))

    @property
    def message(self) -> str:
        """The first problem's message, without its location."""
        return self.problems[0].message

    @property
    def path(self) -> str | None:
        """The file the first problem is in."""
        return self.problems[0].path

    @property
    def line(self) -> int | None:
        """The line of the first problem."""
        return self.problems[0].line

    @property
    def column(self) -> int | None:
        """The column of the first problem."""
        return self.problems[0].col

    @property
    def first(self) -> Problem:
        """The first problem (most errors have exactly one)."""
        return self.problems[0]


class InputError(BbkgError):
    """Bad input: a malformed table, file, parameter or option (exit code 2)."""


class UsageError(InputError):
    """A command was called with options that do not fit (exit code 2)."""


class IncompatibleStore(InputError):
    """A store folder written by another storage format or engine version (exit code 2)."""


class QueryError(InputError):
    """A query could not be found, parsed or bound (exit code 2)."""


class NotConformant(BbkgError):
    """The data does not conform to the shapes or checks (exit code 1)."""

    exit_code = 1


class OutputClosed(BbkgError):
    """The reader of standard output went away (``bbkg ... | head -1``): the command stops quietly, exit code 0."""

    exit_code = 0


class EndpointError(BbkgError):
    """A remote SPARQL endpoint failed or refused the request (exit code 3)."""

    exit_code = 3
