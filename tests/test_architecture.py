"""Keep the import direction: documents -> extract -> ledger -> reports -> render/cli."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "jjjtrack"

# module (or package prefix) -> project modules it may import
ALLOWED = {
    "errors": set(),
    "models": set(),
    "migrations": set(),
    "extract.lexicon": {"errors"},
    "t2s": set(),
    "extract": {"models", "errors", "extract", "t2s"},
    # extract.dates is the one date grammar: documents date a text with it, filters read typed dates
    "clock": {"errors", "extract.dates"},
    "documents": {"models", "errors", "t2s", "clock", "extract.dates", "readers"},
    # readers turn PDF, Word and web pages into text; documents is their one caller
    "readers": {"models", "errors", "readers"},
    # filters take categories by their labels and regions by the names the lexicon gives them
    "filters": {"models", "errors", "clock", "extract.dates", "labels", "extract.lexicon"},
    # search matches a word in every script (t2s)
    "ledger": {"models", "errors", "filters", "migrations", "ledger", "t2s"},
    "batch": set(),  # a worker pool: it runs what it is handed
    "ingest": {"models", "errors", "documents", "extract", "ledger", "batch", "linking"},
    # linking reads statements' features off their documents and writes links through the ledger
    "linking": {"models", "errors", "extract", "extract.lexicon"},
    "reports": {"models", "filters", "ledger", "errors", "schedule"},
    "schedule": {"errors"},
    "render_xlsx": {"errors", "labels"},
    "render": {"models", "reports", "errors", "labels"},
    "labels": set(),
    "render_html": {"models", "reports", "errors", "labels", "render", "render_links"},
    "render_links": {"models", "labels", "render"},
    "serve": {"errors"},
    "cli": {"errors", "models", "filters", "documents", "ingest", "ledger", "reports", "render", "render_html",
            "labels", "serve", "linking", "render_links", "schedule", "render_xlsx", "extract"},
}
# Packages other modules reach through their front door only (their __init__), and the side
# doors named here.
FACADES = {"ledger", "extract"}
SIDE_DOORS = ("extract.lexicon", "extract.dates")
NO_SQL_OR_REGEX_IN = {"cli"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(p for p in parts if p != "__init__")


def project_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    name = module_name(path)
    package = name.split(".")[:-1] if path.name != "__init__.py" else name.split(".")
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - node.level + 1]
            target = ".".join(base + ([node.module] if node.module else []))
            found.add(target)
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("jjjtrack."):
            found.add(node.module.removeprefix("jjjtrack."))
    return {f for f in found if f}


def rule_for(name: str):
    for prefix in sorted(ALLOWED, key=len, reverse=True):
        if name == prefix or name.startswith(prefix + "."):
            return ALLOWED[prefix]
    return None


def test_modules_import_only_downstream():
    problems = []
    for path in PACKAGE.rglob("*.py"):
        name = module_name(path)
        allowed = rule_for(name)
        if allowed is None:
            continue
        for target in project_imports(path):
            top = target if target.startswith("extract") else target.split(".")[0]
            facade = target.split(".")[0]
            if facade in FACADES and target != facade and not name.startswith(facade) \
                    and not target.startswith(SIDE_DOORS):
                problems.append(f"{name} imports {target}, behind the {facade} package's front")
            if not any(top == a or top.startswith(a + ".") for a in allowed | ({"extract"} if name.startswith("extract") else set())):
                problems.append(f"{name} imports {target}")
    assert problems == []


def test_cli_holds_no_sql_and_no_regex():
    source = (PACKAGE / "cli.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert "re" not in imported
    for keyword in ("SELECT ", "INSERT ", "UPDATE ", "DELETE "):
        assert keyword not in source, keyword


def test_every_module_has_an_import_rule():
    """A new module states where it sits in the flow of data before it lands."""
    unruled = [module_name(path) for path in PACKAGE.rglob("*.py")
               if module_name(path) not in ("", "__main__") and rule_for(module_name(path)) is None]
    assert unruled == []
