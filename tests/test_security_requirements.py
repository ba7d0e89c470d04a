"""docs/security-requirements.md traces every id of the reference list to tests, or says
plainly why not (issue 10, point 26). This fails when an id is missing from the table,
when a named test does not exist, or when a row names no test and gives no reason."""

import ast
import os
import re
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "docs" / "security-requirements.md"
REFERENCE_PARTS = ("shared", "reference", "security-requirements.md")
REFERENCE_ID = re.compile(r"^\*\*([A-Z]+-\d{2}) — ", re.MULTILINE)
ROW = re.compile(r"^\| ([A-Z]+-\d{2}) \| ([a-z ]+) \| (.+) \|$", re.MULTILINE)
TEST_REF = re.compile(r"`(tests/[\w/]+\.py)::([\w:]+)`")
STATUSES = {"met", "partly met", "not met", "not applicable"}


def reference_file() -> Path | None:
    """The reference lives in shared/ beside the repository (CI: ../shared; a worktree may
    sit deeper), so look in each ancestor; SECURITY_REQUIREMENTS_REFERENCE overrides."""
    override = os.environ.get("SECURITY_REQUIREMENTS_REFERENCE")
    if override:
        return Path(override) if Path(override).is_file() else None
    for folder in ROOT.parents:
        candidate = folder.joinpath(*REFERENCE_PARTS)
        if candidate.is_file():
            return candidate
    return None


def table_rows() -> dict[str, tuple[str, str]]:
    return {m.group(1): (m.group(2), m.group(3)) for m in ROW.finditer(TABLE.read_text())}


@cache
def names_defined_in(path: str) -> frozenset[str]:
    """'name' for module-level tests and classes, 'Class::name' for methods."""
    tree = ast.parse((ROOT / path).read_text())
    names = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        if isinstance(node, ast.ClassDef):
            names.update(
                f"{node.name}::{item.name}"
                for item in node.body
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
            )
    return frozenset(names)


def test_every_reference_id_has_a_row():
    reference = reference_file()
    if reference is None:
        pytest.skip("shared/reference/security-requirements.md is not beside the repository")
    ids = set(REFERENCE_ID.findall(reference.read_text()))
    assert len(ids) >= 46
    missing = sorted(ids - set(table_rows()))
    assert not missing, f"ids of the reference missing from {TABLE.name}: {missing}"


def test_every_row_names_existing_tests_or_a_reason():
    rows = table_rows()
    assert rows, "the table could not be read"
    problems = []
    for requirement, (status, evidence) in rows.items():
        if status not in STATUSES:
            problems.append(f"{requirement}: unknown status {status!r}")
        references = TEST_REF.findall(evidence)
        if status in {"met", "partly met"} and not references:
            problems.append(f"{requirement}: {status} but names no test")
        if status in {"not met", "not applicable"} and len(evidence.split()) < 5:
            problems.append(f"{requirement}: {status} without a reason")
        if status == "partly met" and "Not:" not in evidence:
            problems.append(f"{requirement}: partly met without saying what is not")
        for path, name in references:
            if not (ROOT / path).is_file():
                problems.append(f"{requirement}: {path} does not exist")
            elif name not in names_defined_in(path):
                problems.append(f"{requirement}: {path}::{name} does not exist")
    assert not problems, "\n".join(problems)
