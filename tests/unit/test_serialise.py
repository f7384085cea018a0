"""charts.serialise leans on plotly's private modules: this test ties it to the plotly version it was checked on.

``Chart.to_dict`` gives exactly plotly's JSON by calling names from plotly's private modules (listed in
``charts.serialise.PLOTLY_PRIVATE_MODULES``), which any plotly release may change or remove without notice.
So the installed plotly must be the one pinned in requirements.txt; upgrading plotly means re-checking each of
those names, then changing the pin.
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import plotly

from charts import serialise

REQUIREMENTS = Path(__file__).resolve().parents[2] / "requirements.txt"


def pinned_plotly() -> str:
    """The version after ``plotly==`` in requirements.txt."""
    pins = re.findall(r"^plotly==([^\s;#]+)", REQUIREMENTS.read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert len(pins) == 1, f"{REQUIREMENTS} should pin plotly exactly once (plotly==X.Y.Z); found {pins}"
    return pins[0]


def test_plotly_is_the_pinned_version():
    pinned = pinned_plotly()
    if plotly.__version__ == pinned:
        return
    modules = "\n".join(f"  - {module}: {', '.join(names)}"
                        for module, names in serialise.PLOTLY_PRIVATE_MODULES.items())
    attributes = ", ".join(serialise.PLOTLY_PRIVATE_ATTRIBUTES)
    raise AssertionError(
        f"plotly {plotly.__version__} is installed, but requirements.txt pins plotly=={pinned}.\n"
        f"charts/serialise.py imports these names from plotly's private modules:\n{modules}\n"
        f"and reads these private attributes of plotly's figures: {attributes}.\n"
        f"Before changing the pin, re-check each against plotly {plotly.__version__}: that every name still exists, "
        "that _plotly_utils.utils.convert_to_base64 still converts the same arrays (is_homogeneous_array), skips the "
        "same keys (is_skipped_key) and narrows int64/uint64 arrays to the same types (to_typed_array_spec, "
        "plotlyjsShortTypes), and that plotly.io._json.to_json_plotly still cleans values with "
        "clean_to_json_compatible and the same arguments (charts.serialise._clean). Then run "
        "tests/pages/test_chart_serialise.py, which compares Chart.to_dict with plotly's own JSON for every chart "
        "of every page.")


def test_every_private_name_listed_is_there():
    """The list names what the serialiser really uses, and each name is where the list says."""
    for module, names in serialise.PLOTLY_PRIVATE_MODULES.items():
        imported = importlib.import_module(module)
        for name in names:
            assert getattr(imported, name) is getattr(serialise, name), f"{module}.{name}"


def test_no_other_private_plotly_module_is_imported():
    """Every import of a private plotly module in charts/ is one the list names (so the message above is whole)."""
    private = set()
    for path in (Path(serialise.__file__).parent).glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            modules = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                       else [node.module] if isinstance(node, ast.ImportFrom) and node.module else [])
            private |= {(path.name, module) for module in modules
                        if module.split(".")[0] in ("plotly", "_plotly_utils")
                        and any(part.startswith("_") for part in module.split("."))}
    assert private <= {("serialise.py", module) for module in serialise.PLOTLY_PRIVATE_MODULES}, private
