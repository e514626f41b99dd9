"""The package is cut by stage of the data flow; a module imports only from its own or earlier stages."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "src" / "bbkg"
#: the stages in the order data flows through them (README, "Architecture")
STAGES = (
    ("foundation", ("bbkg", "bbkg.errors", "bbkg.namespaces", "bbkg.vocab", "bbkg.resources", "bbkg.rdfio",
                    "bbkg.sparql")),
    ("tables", ("bbkg.tables",)),
    ("build", ("bbkg.build",)),
    ("importers", ("bbkg.importers",)),
    ("resolve", ("bbkg.resolve",)),
    ("store", ("bbkg.store",)),
    ("query", ("bbkg.query",)),
    ("network", ("bbkg.network",)),
    ("render", ("bbkg.render",)),
    ("site", ("bbkg.site",)),
    ("serve", ("bbkg.serve",)),
    ("api", ("bbkg.api",)),
    ("cli", ("bbkg.cli", "bbkg.__main__")),
)


def stage_of(module: str) -> int:
    best = None
    for number, (_, prefixes) in enumerate(STAGES):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and (best is None or len(prefix) > best[1]):
                best = (number, len(prefix))
    assert best is not None, f"{module} belongs to no stage: add it to STAGES and to the README"
    return best[0]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, module: str) -> list[tuple[int, str]]:
    """Every bbkg module that ``path`` imports, at top level or inside a function, with its line."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "bbkg"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] == "bbkg":
                found.append((node.lineno, target))
    return found


def test_every_import_runs_with_the_flow_of_data():
    backwards = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = module_name(path)
        own = stage_of(module)
        for line, target in imports(path, module):
            if stage_of(target) > own:
                backwards.append(f"{path.relative_to(ROOT)}:{line}: {module} ({STAGES[own][0]}) imports "
                                 f"{target} ({STAGES[stage_of(target)][0]})")
    assert backwards == []


def test_every_sub_package_says_what_it_holds():
    for init in sorted(PACKAGE.rglob("__init__.py")):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and len(doc) > 40, f"{init.relative_to(ROOT)} needs a docstring saying what the stage holds"


def test_modules_and_functions_stay_small():
    too_long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > 400:
            too_long.append(f"{path.relative_to(ROOT)}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno >= 60:
                too_long.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.name} has "
                                f"{node.end_lineno - node.lineno + 1} lines")
    assert too_long == []


def test_the_readme_shows_every_stage():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Architecture", 1)[1].split("\n## ", 1)[0]
    for name, prefixes in STAGES:
        for prefix in prefixes:
            shown = prefix.replace("bbkg.", "").replace(".", "/")
            assert shown in section, f"README's architecture section does not show {prefix}"
