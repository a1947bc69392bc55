"""An import inside a function needs a comment that says why (scripts/check_local_imports.py)."""

import importlib.util
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "check_local_imports.py"

_spec = importlib.util.spec_from_file_location("check_local_imports", SCRIPT)
checker = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(checker)


def _missing(source: str, allowed=frozenset()) -> list[int]:
    return checker.unexplained(textwrap.dedent(source), allowed)


def test_module_level_imports_need_no_comment():
    assert (
        _missing("import os\nfrom datetime import date\n\n\ndef f():\n    return os, date\n") == []
    )


def test_a_bare_import_in_a_function_is_reported_with_its_line():
    source = """
    def f():
        x = 1
        from gridpact.projects.models import Project
        return x, Project
    """
    assert _missing(source) == [4]


def test_a_reason_on_the_line_above_or_the_same_line_is_enough():
    source = """
    def f():
        # local: projects imports monitoring at module level
        from gridpact.projects.models import Project


    def g():
        import pikepdf  # local: loaded only when a PDF is tagged
    """
    assert _missing(source) == []


def test_a_reason_above_a_run_of_imports_covers_the_run_but_not_a_later_import():
    source = """
    def f():
        # local: projects imports monitoring at module level
        from gridpact.monitoring.models import ProgressReport
        from gridpact.projects.models import Project

        total = 0
        from gridpact.costs.models import CostItem
        return ProgressReport, Project, CostItem, total
    """
    assert _missing(source) == [8]


def test_a_linter_directive_is_no_reason():
    source = """
    def f():
        from gridpact.projects.models import Project  # noqa: PLC0415
        # noqa
        import os
    """
    assert _missing(source) == [3, 5]


def test_imports_in_methods_nested_functions_and_multi_line_imports_count():
    source = """
    class C:
        def m(self):
            def inner():
                from gridpact.projects.models import (
                    Milestone,
                    Project,
                )
            return inner
    """
    assert _missing(source) == [5]
    explained = source.replace("Project,\n", "Project,  # local: circular import\n")
    assert "circular" in explained
    assert _missing(explained) == []


def test_an_allowed_module_is_skipped_but_does_not_cover_the_next_import():
    source = """
    def visible_to(user):
        from gridpact.core.access import access_for
        from gridpact.projects.models import Project
    """
    assert _missing(source, {"gridpact.core.access"}) == [4]


def test_the_code_base_passes_and_a_file_without_reasons_fails(tmp_path):
    passing = subprocess.run(
        [sys.executable, str(SCRIPT)], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert passing.returncode == 0, passing.stdout + passing.stderr
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    import os\n    return os\n", encoding="utf-8")
    failing = subprocess.run(
        [sys.executable, str(SCRIPT), str(bad)], capture_output=True, text=True, check=False
    )
    assert failing.returncode == 1
    assert f"{bad}:2: import inside a function without a comment saying why" in failing.stdout
