"""The sweep stays complete: a URL or a management command added without a row in ``table.py`` fails
here, so does a row whose tests do not try its URL, and a row missing from docs/security.md."""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

from . import test_reads, test_writes
from .table import COMMANDS, IMPORTS, SWEEP, USER_COMMANDS

DOCS = Path(settings.BASE_DIR) / "docs" / "security.md"


def _walk(patterns: list, namespace: str = "") -> Iterator[str]:  # type: ignore[type-arg]
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace or ""]))
            if inner == "admin":
                yield "admin:*"
                continue
            yield from _walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or f"<unnamed {pattern.pattern}>"
            yield f"{namespace}:{name}" if namespace else name


def site_urls() -> set[str]:
    return set(_walk(get_resolver().url_patterns))


def test_every_url_of_the_site_has_a_row():
    urls = site_urls()
    missing = urls - set(SWEEP) - IMPORTS
    assert missing == set(), f"add these to tests/scope/table.py and docs/security.md: {sorted(missing)}"
    gone = (set(SWEEP) | IMPORTS) - urls
    assert gone == set(), f"rows for URLs that no longer exist: {sorted(gone)}"


def _covered() -> dict[str, set[str]]:
    """The URLs each table-driven test tries, read from its table."""
    refused = {"admin:*" if r.url.startswith("admin:") else r.url for r in test_writes.REFUSED}
    return {
        "test_reads::test_another_areas_record_answers_404_and_nothing_is_written": {
            r.url for r in test_reads.READS
        },
        "test_reads::test_the_same_url_opens_for_the_records_own_officer": {
            r.url for r in test_reads.READS if r.method == "get"
        },
        "test_reads::test_no_page_file_or_api_response_carries_another_areas_records": {
            p.url for p in test_reads.PAGES
        },
        "test_writes::test_an_officers_write_aimed_at_another_area_writes_nothing": {
            w.url for w in test_writes.WRITES
        },
        "test_writes::test_role_only_pages_refuse_area_officers": refused,
        "test_writes::test_another_units_project_answers_404_or_403_and_nothing_is_written": {
            f"projects:{name}" for name, _method in test_writes.PROJECT_PAGES
        },
        "test_writes::test_another_provinces_plan_answers_404_and_nothing_is_written": {
            f"projects:{name}" for name, _method, _extra in test_writes.PLAN_PAGES
        },
        "test_writes::test_project_lists_and_grids_hold_only_what_the_unit_may_read": {
            f"projects:{name}" for name in test_writes.GRID_PAGES
        },
    }


def test_every_row_names_tests_that_exist_and_try_its_url():
    covered = _covered()
    problems = []
    for url, entry in SWEEP.items():
        assert entry.proof and entry.guard, url
        for proof in entry.proof:
            module_name, function = proof.split("::")
            module = importlib.import_module(f"tests.scope.{module_name}")
            if not callable(getattr(module, function, None)):
                problems.append(f"{url}: {proof} does not exist")
            elif proof in covered and url not in covered[proof]:
                problems.append(f"{url}: {proof} has no row for it")
    assert problems == []


def test_every_management_command_is_listed_and_only_the_imports_act_as_a_user():
    root = Path(settings.BASE_DIR) / "nokrabob"
    found = {p.stem: p.read_text(encoding="utf-8") for p in root.glob("*/management/commands/*.py")}
    found.pop("__init__", None)
    assert set(found) == set(COMMANDS)
    assert {name for name, source in found.items() if '"--user"' in source} == USER_COMMANDS


def test_docs_list_every_path_command_and_the_imports_section():
    text = DOCS.read_text(encoding="utf-8")
    assert re.search(r"^## Scope sweep$", text, re.M)
    assert re.search(r"^### Imports$", text, re.M)
    missing = [url for url in SWEEP if f"`{url}`" not in text]
    missing += [name for name in COMMANDS if f"`{name}`" not in text]
    assert missing == [], f"list these in docs/security.md: {missing}"
