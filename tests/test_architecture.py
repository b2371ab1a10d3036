"""Imports inside generator/ flow one way: each module imports only modules listed before it."""
import ast
from pathlib import Path

from sitekit import ROOT

# The pipeline in order (docs/architecture.md). A module may import only names earlier in this list.
ORDER = ["errors", "config", "slug", "frontmatter", "model", "schema", "theme", "cache", "loader", "markup", "urls", "index",
         "mdlinks", "media", "provenance", "views", "metadata", "citations", "pages", "render", "feeds", "sitemap", "publishing", "search",
         "linkcheck", "writer", "progress", "storywork", "sitestate", "incremental", "build", "snapshot", "report", "scaffold", "cli", "mkdocs_plugin"]


def generator_imports(path: Path) -> set[str]:
    """Top-level generator modules that this file imports (package-internal imports are not counted)."""
    depth = 1 if path.parent.name == "generator" else 2  # `from .x` in generator/, `from ..x` in a subpackage
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == depth:
            found.update([node.module.split(".")[0]] if node.module else [a.name for a in node.names])
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("generator."):
            found.add(node.module.split(".")[1])
    return found


def module_name(path: Path) -> str:
    return path.parent.name if path.parent.name != "generator" else path.stem


def test_every_module_is_placed_in_the_order():
    names = {module_name(p) for p in (ROOT / "generator").rglob("*.py") if p.stem != "__init__" or p.parent.name != "generator"}
    names.discard("__main__")
    assert names <= set(ORDER), f"add new modules to ORDER: {sorted(names - set(ORDER))}"


def test_imports_flow_one_way():
    wrong = []
    for path in (ROOT / "generator").rglob("*.py"):
        me = module_name(path)
        if me == "generator":
            continue
        for other in generator_imports(path):
            if other in ORDER and other != me and ORDER.index(other) > ORDER.index(me):
                wrong.append(f"{path.relative_to(ROOT)} imports {other}")
    assert not wrong, wrong


def test_provenance_stands_alone():
    """The provenance package knows nothing of pages or MkDocs: it can be reused by `verify` and tools."""
    for path in (ROOT / "generator" / "provenance").glob("*.py"):
        assert "mkdocs" not in path.read_text(encoding="utf-8")


def test_the_architecture_doc_names_every_module():
    """docs/architecture.md is the map of the code: a module missing from it is a module nobody can find."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = [name for name in ORDER if f"`{name}`" not in text and f"`{name}/`" not in text]
    assert not missing, f"add to docs/architecture.md: {missing}"
