"""The house is layered: no module imports one of a higher layer, no import cycle, and the website
uses only the pipeline modules listed here. Imports are read from the source (`ast`), those
inside functions too, so a lazy import cannot hide a cycle.

To place a new module, add it to LAYERS: a name is one module, "package.*" the package and its
modules; a module named on its own wins over its package's pattern.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from functools import cache
from graphlib import CycleError, TopologicalSorter

from projects import PROJECT

# Lowest first: a module may import modules of its own layer and of the layers before it.
LAYERS = {
    "core": ("web.pipeline", "web.pipeline.addresses", "web.pipeline.article_files",
             "web.pipeline.artwork",
             "web.pipeline.blocks", "web.pipeline.documents", "web.pipeline.engine_options",
             "web.pipeline.errors", "web.pipeline.files", "web.pipeline.front_matter",
             "web.pipeline.gc_pause",
             "web.pipeline.html_inline", "web.pipeline.html_markdown", "web.pipeline.ids",
             "web.pipeline.page_fetch",
             "web.pipeline.importer", "web.pipeline.inline", "web.pipeline.languages",
             "web.pipeline.manifest", "web.pipeline.manifest.*", "web.pipeline.new_readers",
             "web.pipeline.lists", "web.pipeline.notes", "web.pipeline.picture_blocks",
             "web.pipeline.picture_files", "web.pipeline.plain_language", "web.pipeline.plaintext",
             "web.pipeline.provenance",
             "web.pipeline.readability_targets", "web.pipeline.reimport", "web.pipeline.schema",
             "web.pipeline.settings", "web.pipeline.settings_problems", "web.pipeline.slugs",
             "web.pipeline.sources", "web.pipeline.states", "web.pipeline.text_origins",
             "web.pipeline.notices", "web.pipeline.textfiles", "web.pipeline.tomllines",
             "web.pipeline.topics",
             "web.pipeline.transcript", "web.pipeline.voice_schema", "web.pipeline.web_pages",
             "web.pipeline.word_documents"),
    "audio": ("web.pipeline.audio.*",),
    # Readability measures sentences as the voices split them.
    "voices": ("web.pipeline.voices.*", "web.pipeline.readability"),
    "translation": ("web.pipeline.translation.*", "web.pipeline.labels", "web.pipeline.leads"),
    "build": ("web.pipeline.build", "web.pipeline.build_options", "web.pipeline.build_warnings",
              "web.pipeline.kept_articles", "web.pipeline.library_check", "web.pipeline.cluster",
              "web.pipeline.packaging",
              "web.pipeline.plans", "web.pipeline.progress", "web.pipeline.publish",
              "web.pipeline.removal",
              "web.pipeline.schedule", "web.pipeline.stamps", "web.pipeline.track_names",
              "web.pipeline.voicing",
              "web.pipeline.products", "web.pipeline.products.*"),
    "site": ("web.*",),
    "commands": ("manage_content", "commands", "commands.*", "deploy.*"),
}
# The pipeline modules the website may import: what it serves, never how it is built.
SITE_USES = {"web.pipeline.addresses", "web.pipeline.artwork", "web.pipeline.errors",
             "web.pipeline.files", "web.pipeline.gc_pause", "web.pipeline.labels",
             "web.pipeline.languages",
             "web.pipeline.manifest", "web.pipeline.settings", "web.pipeline.transcript",
             "web.pipeline.translation.interface"}
SOURCES = ["web/**/*.py", "commands/*.py", "deploy/*.py", "manage_content.py"]


def module_name(path) -> str:
    """Return the dotted name Python imports the file at `path` by."""
    parts = path.relative_to(PROJECT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def project_imports() -> dict[str, set[str]]:
    """Return each project module and the project modules it imports, anywhere in its code."""
    paths = {module_name(p): p for pattern in SOURCES for p in PROJECT.glob(pattern)}
    graph = {}
    for name, path in paths.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        imported = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:  # relative: from the package, one level up per extra dot
                    parent = package.rsplit(".", node.level - 1)[0]
                    base = f"{parent}.{base}" if base else parent
                imported |= {base} | {f"{base}.{alias.name}" for alias in node.names}
        graph[name] = {_known(target, paths) for target in imported} - {None, name}
    return graph


def _known(name: str, modules) -> str | None:
    """Return the project module `name` is, or is in (None for other packages)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def layer_of(module: str) -> str | None:
    """Return the layer that names `module`, else the one that names its package ("pkg.*")."""
    for name in (module, f"{module}.*", f"{module.rpartition('.')[0]}.*"):
        for layer, names in LAYERS.items():
            if name in names:
                return layer
    return None


def test_every_module_has_a_layer():
    unplaced = [m for m in sorted(project_imports()) if layer_of(m) is None]
    assert not unplaced, "in no layer (add them to LAYERS): " + ", ".join(unplaced)


def test_no_module_imports_a_higher_layer():
    rank = {layer: number for number, layer in enumerate(LAYERS)}
    upward = [f"{module} ({layer_of(module)}) imports {target} ({layer_of(target)})"
              for module, targets in sorted(project_imports().items())
              for target in sorted(targets)
              if layer_of(module) and layer_of(target)
              and rank[layer_of(target)] > rank[layer_of(module)]]
    assert not upward, "imports up the layers:\n" + "\n".join(upward)


def test_no_import_cycle():
    try:
        TopologicalSorter(project_imports()).prepare()
    except CycleError as error:
        raise AssertionError(f"import cycle: {' -> '.join(error.args[1])}") from None


def test_the_site_uses_only_the_listed_pipeline_modules():
    used = {target for module, targets in project_imports().items()
            if layer_of(module) == "site" for target in targets if layer_of(target) != "site"}
    assert not used - SITE_USES, f"the site imports {sorted(used - SITE_USES)}: not in SITE_USES"


def test_the_pipeline_never_imports_flask():
    # Every module of web/pipeline, imported in a fresh interpreter, loads no part of the website.
    code = ("import json, pkgutil, sys, web.pipeline as pipeline\n"
            "names = [m.name for m in pkgutil.walk_packages(pipeline.__path__, 'web.pipeline.')]\n"
            "for name in names: __import__(name)\n"
            "web = [n for n in sys.modules if n.split('.')[0] in "
            "('flask', 'flask_babel', 'werkzeug', 'jinja2') or n.startswith('web.') and "
            "not n.startswith('web.pipeline')]\n"
            "print(json.dumps([len(names), sorted(web)]))")
    result = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, capture_output=True,
                            text=True, check=True)
    modules, website = json.loads(result.stdout)
    assert modules > 30 and website == []
