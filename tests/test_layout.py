"""The house: stage folders, no import circles, no private names across modules, the core free of Telegram.

Every `import` in `bot/` counts, the ones inside functions and under TYPE_CHECKING too: an import
moved into a function hides a circle from Python, not from a reader.
"""
from __future__ import annotations

import ast
from pathlib import Path

BOT = Path(__file__).resolve().parent.parent / "bot"
STAGES = ["language", "parse", "analyse", "ingest", "answer", "present", "state", "tg"]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(BOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, ast.Module]:
    return {_module_name(p): ast.parse(p.read_text("utf-8")) for p in sorted(BOT.rglob("*.py"))}


def _imports(name: str, tree: ast.Module, known: set[str]) -> list[tuple[str, list[str]]]:
    """(module imported, names taken from it) for every import of a `bot` module in `tree`."""
    out: list[tuple[str, list[str]]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(a.name, []) for a in node.names if a.name.startswith("bot")]
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("bot"):
            names = [a.name for a in node.names]
            submodules = [n for n in names if f"{node.module}.{n}" in known]
            out += [(f"{node.module}.{n}", []) for n in submodules]
            out.append((node.module, [n for n in names if n not in submodules]))
    return [(m, ns) for m, ns in out if m in known and m != name]


def _graph() -> dict[str, set[str]]:
    mods = _modules()
    known = set(mods)
    return {name: {m for m, _ in _imports(name, tree, known) if not name.startswith(m + ".")}
            for name, tree in mods.items()}


def _cycle_from(start: str, graph: dict[str, set[str]]) -> list[str] | None:
    stack = [(start, [start])]
    seen: set[str] = set()
    while stack:
        node, path = stack.pop()
        for nxt in sorted(graph[node]):
            if nxt == start:
                return path + [start]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, path + [nxt]))
    return None


def test_no_import_circles() -> None:
    graph = _graph()
    cycles = [c for m in sorted(graph) if (c := _cycle_from(m, graph))]
    assert not cycles, "import circles:\n" + "\n".join(" → ".join(c) for c in cycles[:10])


# Imports point one way, down this order: a stage imports only stages of a lower rank (and itself).
# present sits below answer because the engine builds replies; state is used by tg and the CLI only.
RANKS = {"language": 0, "parse": 1, "analyse": 2, "ingest": 3, "state": 3, "present": 4, "answer": 5,
         "tg": 6}


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in RANKS else "top"  # cli, console, paths …


def test_stages_import_only_earlier_stages() -> None:
    graph = _graph()
    rank = {**RANKS, "top": len(RANKS)}
    wrong = [f"{m} imports {d}" for m, deps in sorted(graph.items()) for d in sorted(deps)
             if _stage(m) != _stage(d) and rank[_stage(d)] >= rank[_stage(m)]]
    assert not wrong, "\n".join(wrong)


def test_no_module_imports_a_private_name_of_another() -> None:
    mods = _modules()
    known = set(mods)
    private = [f"{name} imports {m}.{n}" for name, tree in mods.items()
               for m, names in _imports(name, tree, known) for n in names if n.startswith("_")]
    assert not private, "\n".join(private)


def test_only_tg_imports_telegram() -> None:
    offenders = []
    for name, tree in _modules().items():
        if name.startswith("bot.tg"):
            continue
        for node in ast.walk(tree):
            mod = node.module if isinstance(node, ast.ImportFrom) else None
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [mod or ""]
            if any(n == "telegram" or n.startswith("telegram.") for n in names):
                offenders.append(name)
    assert not offenders, offenders


def test_every_module_sits_in_a_stage_folder() -> None:
    top = {p.stem for p in BOT.glob("*.py")}
    # Only entry points stay at the top: the CLI, the console, `python -m bot`.
    assert top <= {"__init__", "__main__", "cli", "console"}, top
    folders = {p.name for p in BOT.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert folders == set(STAGES), folders


def test_the_checker_sees_a_circle_and_a_private_import() -> None:
    """The checks above can fail: a made-up pair of modules that import each other is a circle."""
    graph = {"bot.a": {"bot.b"}, "bot.b": {"bot.a"}, "bot.c": {"bot.a"}}
    assert _cycle_from("bot.a", graph) == ["bot.a", "bot.b", "bot.a"]
    assert _cycle_from("bot.c", graph) is None
    tree = ast.parse("from bot.x import _hidden, shown\n")
    assert _imports("bot.y", tree, {"bot.x", "bot.y"}) == [("bot.x", ["_hidden", "shown"])]
