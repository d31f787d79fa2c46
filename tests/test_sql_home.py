"""SQL has one home per kind of read: no other module writes SQL text, opens a cursor, names a
table or branches on the database's dialect.

The homes: `tracker/aggregates.py` (her days in bulk), the reminders' transport (the
dispatcher's INSERT ... SELECT and the sent marks), `knowledge/search.py` (full-text search
exists only on PostgreSQL), migrations, tests and benchmarks. The check reads each module's
syntax tree, so words in comments and docstrings never count.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

HOMES = {
    "tracker/aggregates.py",
    "reminders/transport.py",
    "knowledge/search.py",
}
LEFT_OUT_FOLDERS = {"tests", "bench", "migrations", "node_modules", "static", "var"}

# SQL in a string: keywords in capitals, as SQL is written here and prose is not.
SQL_TEXT = re.compile(
    r"\bSELECT\b|\bFROM\b.*\bWHERE\b|\bINSERT\s+INTO\b|\bDELETE\s+FROM\b|\bUPDATE\b.*\bSET\b"
    r"|\bCASE\s+WHEN\b|\bOVER\s*\(|\bGROUP\s+BY\b|\bVALUES\s*\(",
    re.DOTALL,
)
# Reaching past the ORM: a cursor, raw rows, raw SQL, a table's name, the dialect.
CALLS = {"cursor", "raw", "extra", "RawSQL"}
ATTRIBUTES = {"vendor", "db_table"}


def project_modules(root):
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if any(part.startswith(".") or part in LEFT_OUT_FOLDERS for part in parts[:-1]):
            continue
        yield path.relative_to(root).as_posix(), path


def _docstrings(tree):
    holders = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    for node in ast.walk(tree):
        if isinstance(node, holders) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                yield first.value


def offences(source):
    """What in `source` writes SQL or reaches past the ORM, as (line, what) pairs."""
    tree = ast.parse(source)
    # Docstrings are prose; the pieces of an f-string are read with the whole of it.
    skipped = {id(node) for node in _docstrings(tree)} | {
        id(part)
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr)
        for part in node.values
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(
                part.value if isinstance(part, ast.Constant) else "{}" for part in node.values
            )
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = "" if id(node) in skipped else node.value
        else:
            text = ""
        if SQL_TEXT.search(text):
            found.append((node.lineno, node.col_offset, f"SQL text: {text[:60]!r}"))
        if isinstance(node, ast.Call):
            called = node.func
            name = called.attr if isinstance(called, ast.Attribute) else getattr(called, "id", "")
            if name in CALLS:
                found.append((node.lineno, node.col_offset, f"{name}()"))
        if isinstance(node, ast.Attribute) and node.attr in ATTRIBUTES:
            found.append((node.lineno, node.col_offset, f".{node.attr}"))
    return [(line, what) for line, _, what in sorted(found)]


def test_no_sql_outside_its_homes():
    found = [
        f"{name}:{line}: {what}"
        for name, path in project_modules(ROOT)
        if name not in HOMES
        for line, what in offences(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_check_sees_sql_in_code_and_not_in_prose():
    code = '''
"""Reads her days: SELECT nothing FROM here WHERE it is prose."""
from django.db import connection

def read(table):
    """A docstring may say SELECT."""
    # a comment may say SELECT too
    if connection.vendor == "postgresql":
        pass
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT day FROM {table} WHERE patient_id = %s", [1])
    label = "Select a day"
    return DailyEntry.objects.raw("x"), RawSQL("y", []), DailyEntry._meta.db_table
'''
    assert [what.split(":")[0] for _, what in offences(code)] == [
        ".vendor",
        "cursor()",
        "SQL text",
        "raw()",
        "RawSQL()",
        ".db_table",
    ]


def test_the_homes_exist():
    """A home renamed or removed would make its exemption silently cover nothing."""
    names = {name for name, _ in project_modules(ROOT)}
    assert {"tracker/aggregates.py", "reminders/services.py", "knowledge/search.py"} <= names
