"""wahook.errors maps each SQLSTATE of the registry (db/schema/0002_error_codes.sql, read through
the view wahook.error_codes) to one exception, named after the registry's name: invalid_payload is
InvalidPayload. A code added on one side only, or a class renamed apart from its code, fails here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg.rows import class_row

from wahook import errors


@dataclass(frozen=True)
class ErrorCode:
    sqlstate: str
    name: str


def class_name(registry_name: str) -> str:
    """The exception class name of a registry name: lease_lost -> LeaseLost."""
    return "".join(word.capitalize() for word in registry_name.split("_"))


def registry(conn: psycopg.Connection[Any]) -> list[ErrorCode]:
    with conn.cursor(row_factory=class_row(ErrorCode)) as cur:
        return cur.execute("select sqlstate, name from wahook.error_codes order by sqlstate").fetchall()


def test_class_name_is_the_registry_name_in_camel_case() -> None:
    assert class_name("dlq_entry_not_found") == "DlqEntryNotFound"
    assert class_name("lease_lost") == "LeaseLost"


def test_each_registered_sqlstate_has_the_exception_of_its_name_and_no_other_does(
    conn: psycopg.Connection[Any],
) -> None:
    codes = registry(conn)
    assert codes, "the registry is empty: the view or the schema is not what this test reads"
    expected = {code.sqlstate: class_name(code.name) for code in codes}
    mapped = {sqlstate: cls.__name__ for sqlstate, cls in errors.BY_SQLSTATE.items()}
    assert mapped == expected


def test_each_exception_is_mapped_under_its_own_sqlstate() -> None:
    # BY_SQLSTATE is keyed by each class's sqlstate attribute; a WahookError subclass left out of
    # it would never be raised by translate().
    assert all(cls.sqlstate == sqlstate for sqlstate, cls in errors.BY_SQLSTATE.items())
    assert set(errors.WahookError.__subclasses__()) == set(errors.BY_SQLSTATE.values())
