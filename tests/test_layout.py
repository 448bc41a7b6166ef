"""The house rules of the layout, checked on the source: imports run one way, the top of
cases/ stays small, each room connects its own receivers.

A room is a package directly under cases/ (models, admin, submission, text …) or a module
at its top (apps.py, wagtail_hooks.py). A room's receivers.py is wiring on top of
everything: it may import any room (storage's receivers read the models, which read
storage), and only CasesConfig.ready() imports it. Imports are read from the source,
module level and inside functions alike, migrations and tests left out.
"""

import ast
import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = ("cases", "home", "search", "portal", "published", "publicity", "promotion")


def _modules():
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                yield ".".join(path.relative_to(ROOT).with_suffix("").parts), path


def _imports(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def _room(module):
    parts = module.split(".")
    if parts[0] != "cases" or len(parts) == 1:
        return parts[0]
    if len(parts) == 3 and parts[2] == "receivers":
        return module  # wiring, a node of its own (see the module's docstring)
    return f"cases.{parts[1].removesuffix('.py')}"


def _graph():
    known = dict(_modules())
    edges = defaultdict(set)
    for module, path in known.items():
        for target in _imports(path):
            if target.split(".")[0] in APPS and (target in known or f"{target}.__init__" in known):
                source, room = _room(module), _room(target)
                if source != room:
                    edges[source].add(room)
    return edges


def _cycle(edges):
    """One cycle among the rooms, or None."""
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == "open":
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(edges):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_import_cycle_between_rooms():
    assert _cycle(_graph()) is None


def test_imports_run_one_way():
    edges = _graph()
    assert not {"cases.admin", "cases.submission", "cases.review"} & edges["cases.models"]
    assert "cases.compilation" not in edges["cases.models"]
    assert "cases.review" not in edges["cases.submission"]
    assert "cases.submission" not in edges["cases.review"]
    # What the models are made of sits below them: it reads no model, nor any room above.
    below = {"cases.fields", "cases.mail", "cases.dates", "cases.rules", "cases.checks"}
    for room in below:
        assert {target for target in edges[room] if target.startswith("cases")} <= below, room
    # home builds the site from the domain; the domain never reaches back into home.
    from_cases = {room for source in edges if source.startswith("cases") for room in edges[source]}
    assert not any(room.startswith("home") for room in from_cases)
    # The pure checks need no Django at all.
    checks = ROOT / "cases" / "checks"
    for path in checks.glob("*.py"):
        assert not any(name.startswith(("django", "wagtail")) for name in _imports(path)), path


def test_the_hooks_file_only_registers():
    tree = ast.parse((ROOT / "cases" / "wagtail_hooks.py").read_text(encoding="utf-8"))
    classes = [node.name for node in ast.walk(tree) if isinstance(node, ast.ClassDef)]
    assert classes == []
    assert len((ROOT / "cases" / "wagtail_hooks.py").read_text().splitlines()) <= 40


# The top of cases/ holds what Django and Wagtail look for there; the rest lives in rooms.
TOP_OF_CASES = {"__init__.py", "apps.py", "wagtail_hooks.py"}


def test_the_top_of_cases_stays_small():
    top = {path.name for path in (ROOT / "cases").glob("*.py")}
    assert top <= TOP_OF_CASES, top - TOP_OF_CASES


def _connects(path):
    """Calls that connect a receiver: signal.connect(...) and published's watch_models(...)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            if name in ("connect", "watch_models"):
                yield name, node


def test_each_room_connects_its_own_receivers():
    """In cases/ only a room's receivers.py connects receivers, each with its sender and a
    dispatch_uid; the same holds for published/, whose receivers every save would pay for
    without a sender. Every receivers.py is registered by CasesConfig.ready()."""
    for module, path in _modules():
        app = module.split(".")[0]
        for name, call in _connects(path):
            if app == "cases":
                assert module.endswith(".receivers") and module.count(".") == 2, module
            if name == "connect" and app in ("cases", "published"):
                keywords = {keyword.arg for keyword in call.keywords}
                assert {"sender", "dispatch_uid"} <= keywords, f"{module}:{call.lineno}"
    receivers = {path.parent.name for path in (ROOT / "cases").glob("*/receivers.py")}
    assert receivers, "no room connects anything?"
    ready = set(_imports(ROOT / "cases" / "apps.py"))
    assert {f"cases.{room}.receivers" for room in receivers} <= ready


def test_only_the_app_imports_receivers():
    edges = _graph()
    importers = {
        source
        for source, rooms in edges.items()
        if any(room.endswith(".receivers") for room in rooms)
    }
    assert importers <= {"cases.apps"}, importers


def _normal(name):
    """A distribution name as PEP 503 compares them (factory_boy = factory-boy)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _pinned(name):
    """Distribution names pinned (==) in a requirements file, normalised."""
    pins = set()
    for line in (ROOT / name).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            pins.add(_normal(line.split("==", 1)[0].split("[", 1)[0].strip()))
    return pins


def _distributions(paths, ours):
    """The installed distributions that the files' third-party imports come from."""
    import sys
    from importlib.metadata import packages_distributions

    providers = packages_distributions()
    found = set()
    for path in paths:
        for module in _imports(path):
            top = module.split(".")[0]
            if top in ours or top in sys.stdlib_module_names:
                continue
            found |= {_normal(name) for name in providers.get(top, [])}
    return found


def test_every_direct_import_is_pinned_where_it_belongs():
    ours = {*APPS, "tests", "common"}
    runtime = _distributions([path for _, path in _modules()], ours)
    assert runtime <= _pinned("requirements.txt"), runtime - _pinned("requirements.txt")
    test_files = list((ROOT / "tests").rglob("*.py")) + list((ROOT / "bench").rglob("*.py"))
    # Scripts that made test data (data/*/gen.py) are kept as written, not run by the suite.
    test_files = [path for path in test_files if "data" not in path.relative_to(ROOT).parts]
    testing = _distributions(test_files, ours) - runtime
    pinned_for_tests = _pinned("requirements-test.txt")
    unpinned = testing - pinned_for_tests - _pinned("requirements.txt")
    assert not unpinned, unpinned
    # Tools and test libraries stay out of what a production server installs.
    assert not pinned_for_tests & _pinned("requirements.txt")
