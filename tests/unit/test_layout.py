"""The layout's rules, read from the code: what each folder may import (the README's Layout section states the
same rules, one line per folder), that only cache.py calls ``st.cache_*``, that transforms never touch a file,
that page scripts define no function, and that every app module opens with a docstring.

Imports are read with ``ast``, at module level and inside functions alike (and under ``if TYPE_CHECKING:``), so a
failure names the file, the line and the import as written. Nothing is imported or run.
"""

from __future__ import annotations

import ast
import functools
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
#: The app's own top-level modules and packages; any other import is a library or the standard library.
FIRST_PARTY = ("app", "bench", "cache", "charts", "i18n", "loaders", "pages", "tests", "tools", "transforms", "ui")
STDLIB = frozenset(sys.stdlib_module_names)


@dataclass(frozen=True)
class Import:
    """One module named by an import statement: ``import a.b`` names ``a.b``; ``from a.b import c`` names ``a.b``
    with ``c`` among ``names`` (or ``a.b.c`` with no names, when ``c`` is a module of the package ``a.b``)."""

    file: str  # relative to the repository, e.g. "transforms/maps.py"
    line: int
    module: str
    names: tuple[str, ...]
    text: str  # the statement as written, on one line

    def is_of(self, *prefixes: str) -> bool:
        """Whether the imported module is one of ``prefixes`` or inside one of them."""
        return any(self.module == p or self.module.startswith(p + ".") for p in prefixes)

    def where(self) -> str:
        return f"{self.file}:{self.line}: `{self.text}`"


def relative(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


def modules_of(*places: str) -> list[Path]:
    """The .py files of the folders and files ``places`` (folders searched to any depth), in order."""
    found: list[Path] = []
    for place in places:
        path = REPO / place
        found += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return found


@functools.cache
def parse(path: Path) -> tuple[ast.Module, str]:
    source = path.read_text(encoding="utf-8")
    return ast.parse(source, filename=relative(path)), source


@functools.cache
def imports_of(path: Path) -> tuple[Import, ...]:
    """Every import in ``path``, wherever it stands."""
    tree, source = parse(path)
    found: list[Import] = []
    for node in ast.walk(tree):
        if not isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        text = " ".join((ast.get_source_segment(source, node) or "").split())
        if isinstance(node, ast.Import):
            found += [Import(relative(path), node.lineno, alias.name, (), text) for alias in node.names]
            continue
        assert node.level == 0, f"{relative(path)}:{node.lineno}: a relative import; the app imports absolutely"
        module, names = node.module or "", tuple(alias.name for alias in node.names)
        package = REPO.joinpath(*module.split("."))
        submodules = tuple(n for n in names if (package / f"{n}.py").is_file() or (package / n).is_dir())
        found += [Import(relative(path), node.lineno, f"{module}.{n}", (), text) for n in submodules]
        rest = tuple(n for n in names if n not in submodules)
        if rest or not submodules:
            found.append(Import(relative(path), node.lineno, module, rest, text))
    return tuple(sorted(found, key=lambda i: (i.file, i.line)))


# --- the rules, one per folder (README.md, "Layout") ---

#: What a loaders module may import: the standard library, these libraries, and other loaders modules.
LOADERS_MAY_IMPORT = ("pandas", "numpy", "pyarrow", "yaml", "openpyxl", "loaders", "i18n")
#: The loaders modules that find, read or cache files as a whole: transforms import none of them.
FILE_MODULES = ("loaders.paths", "loaders.tabular", "loaders.metadata", "loaders.parsed_cache")
#: What pages and app.py may import besides the standard library.
PAGES_MAY_IMPORT = ("streamlit", "ui", "cache", "charts", "transforms", "loaders.errors", "i18n")
#: Pages that build a small table of their own with pandas today (the sidecar's column list).
PAGES_WITH_PANDAS = ("pages/1_Data_and_sources.py",)


def file_function(name: str) -> bool:
    """Whether a name imported from loaders is a reader or finds files: ``read_*``, ``*_path(s)``, ``*_dir``,
    ``*_files`` (loaders.sources.fatality_files)."""
    return name.startswith("read_") or name.endswith(("_path", "_paths", "_dir", "_files"))


def loaders_breach(imp: Import) -> str | None:
    if imp.module.split(".")[0] in STDLIB or imp.is_of(*LOADERS_MAY_IMPORT):
        return None
    return "loaders/ imports only pandas, numpy, pyarrow, yaml, openpyxl, i18n, the standard library and loaders"


def transforms_breach(imp: Import) -> str | None:
    if imp.is_of("streamlit", "plotly", "pydeck", "cache", "charts", "ui", "tools", "pages", "app", "bench"):
        return "transforms/ are pure: never streamlit, plotly, pydeck, cache, charts, ui, tools"
    if imp.is_of("pathlib", "os", "shutil", "glob", "tempfile"):
        return "transforms/ never touch a file (no pathlib, os, shutil, glob, tempfile)"
    if imp.is_of(*FILE_MODULES):
        return f"transforms/ never import {imp.module}: it finds or reads files"
    if imp.is_of("loaders"):
        if not imp.names:
            return "transforms/ import loaders' definitions by name, never a whole loaders module"
        readers = [n for n in imp.names if file_function(n)]
        if readers:
            return f"transforms/ never import a reader or a file function of loaders ({', '.join(readers)})"
    return None


def cache_breach(imp: Import) -> str | None:
    if imp.is_of("charts", "ui", "pages", "tools", "app", "bench"):
        return "cache.py imports loaders and transforms, never charts, ui, pages, tools"
    return None


def charts_breach(imp: Import) -> str | None:
    if imp.is_of("streamlit", "loaders", "cache", "ui", "tools", "pages", "app", "bench"):
        return "charts/ never import streamlit, loaders, cache, ui, tools (labels and constants come from transforms)"
    return None


def ui_breach(imp: Import) -> str | None:
    if imp.is_of("pages", "tools", "app", "bench"):
        return "ui/ never imports pages or tools"
    if imp.is_of("loaders.uploads"):
        # A session's own files are read from its bytes and must never enter a shared cache: only the Your data
        # section reads them, and keeps them in that session's state.
        if imp.file != "ui/your_data.py":
            return "ui/ reads a user's uploads only in ui/your_data.py (never through a shared cache)"
        return None
    if imp.is_of("loaders") and not imp.is_of("loaders.errors", "loaders.paths", "loaders.sources"):
        return ("ui/ reads data only through cache: of loaders it imports only errors, paths and sources (types), "
                "and ui/your_data.py the user's uploads (loaders.uploads)")
    return None


def pages_breach(imp: Import) -> str | None:
    if imp.is_of("pandas"):
        return None if imp.file in PAGES_WITH_PANDAS else "pages are thin: no pandas (transforms shape the frames)"
    if imp.module.split(".")[0] in STDLIB or imp.is_of(*PAGES_MAY_IMPORT):
        return None
    if imp.is_of("loaders"):
        return "pages get data from cache; of loaders they import only loaders.errors"
    return "pages/ and app.py import only streamlit, ui, cache, charts, transforms, i18n and loaders.errors"


def i18n_breach(imp: Import) -> str | None:
    if imp.module.split(".")[0] in STDLIB or imp.is_of("babel", "i18n"):
        return None
    return "i18n/ imports only babel and the standard library: every other folder may use it"


RULES = {  # folder (as in the README) -> (its files, the rule)
    "i18n/": (("i18n",), i18n_breach),
    "loaders/": (("loaders",), loaders_breach),
    "transforms/": (("transforms",), transforms_breach),
    "cache.py": (("cache.py",), cache_breach),
    "charts/": (("charts",), charts_breach),
    "ui/": (("ui",), ui_breach),
    "pages/": (("pages", "app.py"), pages_breach),
}
#: Every module of the app that runs when it serves (tools/ and bench/ are run by hand).
APP = ("app.py", "cache.py", "i18n", "loaders", "transforms", "charts", "ui", "pages")
#: The modules that must open with a docstring.
DOCUMENTED = (*APP, "tools")

#: Today's breaches, as (file, imported module): each is work for the folder that owns it, not a licence. A test
#: fails when one of them is gone, so that its line goes too and the list only shrinks.
KNOWN_BREACHES: dict[tuple[str, str], str] = {}
#: Today's uses of st.cache_* outside cache.py, as (file, the line as written): the same work, the same rule.
KNOWN_CACHE_CALLS: dict[tuple[str, str], str] = {}


def breaches(folder: str) -> list[tuple[Import, str]]:
    places, rule = RULES[folder]
    return [(imp, why) for path in modules_of(*places) for imp in imports_of(path) if (why := rule(imp))]


@pytest.mark.parametrize("folder", RULES)
def test_each_folder_imports_only_what_its_rule_allows(folder):
    found = [f"{imp.where()}: {why}" for imp, why in breaches(folder) if (imp.file, imp.module) not in KNOWN_BREACHES]
    assert not found, "\n".join(found)


def test_the_known_breaches_are_still_there():
    """When a breach is fixed, its entry in KNOWN_BREACHES or KNOWN_CACHE_CALLS goes too."""
    seen = {(imp.file, imp.module) for folder in RULES for imp, _ in breaches(folder)}
    gone = [f"{file} no longer imports {module}: remove it from KNOWN_BREACHES"
            for file, module in KNOWN_BREACHES if (file, module) not in seen]
    calls = {(file, text) for file, _, text in cache_calls()}
    gone += [f"{file} no longer has `{text}`: remove it from KNOWN_CACHE_CALLS"
             for file, text in KNOWN_CACHE_CALLS if (file, text) not in calls]
    assert not gone, "\n".join(gone)


def test_no_app_module_imports_tools_or_bench():
    found = [imp.where() for path in modules_of(*APP) for imp in imports_of(path) if imp.is_of("tools", "bench")]
    assert not found, "tools/ and bench/ are run by hand, never imported by the app:\n" + "\n".join(found)


# --- transforms never touch a file ---

#: Calls that open, read or write a file, by the called name (``open(...)``, ``path.read_text()``,
#: ``pd.read_csv(...)``...). Writing to an in-memory buffer (``frame.to_csv()``, ``io.BytesIO``) is not among them.
FILE_CALLS = frozenset({"open", "read_text", "read_bytes", "write_text", "write_bytes", "read_csv", "read_excel",
                        "read_parquet", "read_json", "read_pickle", "read_table", "read_feather", "to_pickle",
                        "to_parquet", "to_feather", "unlink", "mkdir"})


def test_transforms_never_open_a_file():
    found = []
    for path in modules_of("transforms"):
        tree, source = parse(path)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            called = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            if called in FILE_CALLS:
                found.append(f"{relative(path)}:{node.lineno}: `{ast.get_source_segment(source, node)}`")
    assert not found, "transforms/ never read or write files:\n" + "\n".join(found)


# --- one cache module ---

CACHE_NAMES = frozenset({"cache", "cache_data", "cache_resource", "experimental_memo", "experimental_singleton"})


def cache_calls() -> list[tuple[str, int, str]]:
    """Every use of st.cache_* outside cache.py (decorator, call or import), as (file, line, source line)."""
    found = []
    for path in modules_of(*APP, "tools"):
        if relative(path) == "cache.py":
            continue
        tree, source = parse(path)
        lines = source.splitlines()
        aliases = {alias.asname or alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                   for alias in node.names if alias.name == "streamlit"}
        for node in ast.walk(tree):
            used = (isinstance(node, ast.Attribute) and node.attr in CACHE_NAMES
                    and isinstance(node.value, ast.Name) and node.value.id in aliases)
            imported = (isinstance(node, ast.ImportFrom) and (node.module or "").startswith("streamlit")
                        and any(alias.name in CACHE_NAMES for alias in node.names))
            if used or imported:
                found.append((relative(path), node.lineno, lines[node.lineno - 1].strip()))
    return found


def test_only_cache_py_calls_st_cache():
    found = [f"{file}:{line}: `{text}`" for file, line, text in cache_calls() if (file, text) not in KNOWN_CACHE_CALLS]
    assert not found, "only cache.py calls st.cache_data / st.cache_resource:\n" + "\n".join(found)


def test_cache_py_is_where_the_caches_are():
    tree, _ = parse(REPO / "cache.py")
    uses = [n for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr in ("cache_data", "cache_resource")]
    assert uses, "cache.py holds the app's st.cache_data / st.cache_resource"


# --- thin pages ---

def test_pages_define_no_functions():
    found = [f"{relative(path)}:{node.lineno}: def {node.name}" for path in modules_of("pages", "app.py")
             for node in ast.walk(parse(path)[0]) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]
    assert not found, "page scripts define no function (it goes in ui/, transforms/ or charts/):\n" + "\n".join(found)


def test_pages_with_pandas_still_need_it():
    """PAGES_WITH_PANDAS lists only pages that import pandas today."""
    importing = {imp.file for path in modules_of("pages", "app.py") for imp in imports_of(path) if imp.is_of("pandas")}
    assert set(PAGES_WITH_PANDAS) <= importing, set(PAGES_WITH_PANDAS) - importing


# --- every module says what it is for ---

def test_every_app_module_opens_with_a_docstring():
    missing = [relative(path) for path in modules_of(*DOCUMENTED) if not ast.get_docstring(parse(path)[0])]
    assert not missing, "every module opens with a docstring saying what it is responsible for:\n" + "\n".join(missing)


def test_the_readme_states_a_rule_for_every_folder():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^## Layout\n(.*?)(?=^## )", readme, re.DOTALL | re.MULTILINE)
    assert section, "README.md has a Layout section"
    stated = re.findall(r"^- `([^`]+)`: ", section.group(1), re.MULTILINE)
    assert {*RULES, "app.py", "tools/", "bench/"} <= set(stated), "one line per folder: - `folder/`: its rule"
