"""The Lambda layer ships what the functions import: every third-party module imported by
lib/chat_core or functions/ comes from lib/requirements.txt (or what those need, or the
Lambda Python runtime itself), so nothing works here and fails deployed."""

from __future__ import annotations

import ast
import sys
from importlib.metadata import distribution, packages_distributions
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
LAMBDA_RUNTIME = {"boto3", "botocore"}  # the python3.x runtime provides the AWS SDK
OUR_PACKAGES = {"chat_core", "functions"}


def _imported_modules() -> set[str]:
    modules: set[str] = set()
    for path in [*(ROOT / "lib" / "chat_core").rglob("*.py"), *(ROOT / "functions").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                modules |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                modules.add(node.module.split(".")[0])
    return {m for m in modules if m not in sys.stdlib_module_names and m not in OUR_PACKAGES}


def _layer_distributions() -> set[str]:
    """The distributions lib/requirements.txt names (with their extras), and everything they
    require on this Python."""
    pending = [
        Requirement(line)
        for line in (ROOT / "lib" / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    found: set[tuple[str, str]] = set()
    while pending:
        requirement = pending.pop()
        name = canonicalize_name(requirement.name)
        for extra in {"", *requirement.extras}:
            if (name, extra) in found:
                continue
            found.add((name, extra))
            for needed in map(Requirement, distribution(name).requires or []):
                if needed.marker is None or needed.marker.evaluate({"extra": extra}):
                    pending.append(needed)
    return {name for name, _ in found}


def test_every_module_the_functions_import_ships_in_the_layer():
    provided_by = packages_distributions()
    layer = _layer_distributions()

    missing = {
        module
        for module in _imported_modules() - LAMBDA_RUNTIME
        if not {canonicalize_name(d) for d in provided_by.get(module, [])} & layer
    }

    assert missing == set(), f"imported by the functions but not in lib/requirements.txt: {missing}"
