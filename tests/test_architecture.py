"""The shape of the code: imports go one way, modules stay readable.

scripts/import_graph.py builds the graph from every import statement (also those
inside functions), so a circle cannot hide behind a late import.
"""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOMAIN_APPS = ("events", "participants", "projects", "workshops", "demo", "api")


def _graph_module():
    spec = importlib.util.spec_from_file_location(
        "import_graph", ROOT / "scripts" / "import_graph.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


graph = _graph_module()


def test_no_import_cycle_between_the_projects_modules():
    assert graph.cycles(graph.import_graph()) == []


def test_the_cycle_finder_finds_a_circle_hidden_inside_a_function(tmp_path):
    package = tmp_path / "events"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from events import b\n")
    (package / "b.py").write_text("def late():\n    from events.a import x\n")

    assert graph.cycles(graph.import_graph(tmp_path)) == [["events.a", "events.b"]]


def test_no_module_is_longer_than_the_limit():
    assert graph.long_modules() == {}


def test_core_imports_no_domain_app():
    imports = graph.import_graph()
    core = {m: targets for m, targets in imports.items() if m.split(".")[0] == "core"}
    assert core, "core has modules"
    leaks = {
        module: sorted(t for t in targets if t.split(".")[0] in DOMAIN_APPS)
        for module, targets in core.items()
    }
    assert {m: t for m, t in leaks.items() if t} == {}


def test_outbox_imports_no_service_task_form_view_or_admin():
    imports = graph.import_graph()
    above = ("services", "tasks", "forms", "views", "admin")
    leaks = {
        module: sorted(
            t for t in targets if any(part in above for part in t.split(".")[1:])
        )
        for module, targets in imports.items()
        if module.startswith("participants.outbox")
    }
    # The outbox's own task module is its delivery end, not a caller's task.
    leaks = {
        m: [t for t in ts if not t.startswith("participants.outbox")]
        for m, ts in leaks.items()
    }
    assert {m: t for m, t in leaks.items() if t} == {}


def test_no_admin_module_imports_another_apps_admin():
    imports = graph.import_graph()

    def app(module):
        return module.split(".")[0]

    crossings = {
        module: sorted(
            t
            for t in targets
            if "admin" in t.split(".")[1:2] and app(t) not in (app(module), "core")
        )
        for module, targets in imports.items()
    }
    assert {m: t for m, t in crossings.items() if t} == {}
