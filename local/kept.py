"""What `make dev` keeps across restarts besides Postgres (mail, pushes, files): a JSON
document per service under .local/, written whole on each change (they stay small), so a
restart shows what was there. Tests keep nothing (no path: memory only)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


class KeptJson:
    def __init__(self, path: Path | None) -> None:
        self.path = path

    @classmethod
    def under(cls, directory: Path | None, name: str) -> KeptJson:
        """The document `name` in `directory`; no directory: memory only."""
        return cls(directory / name if directory else None)

    def load(self, empty: Any) -> Any:
        if self.path is None or not self.path.exists():
            return empty
        return json.loads(self.path.read_text())

    def save(self, document: Any) -> None:
        """Written beside, then renamed over: a stop mid-write leaves the last whole copy."""
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_suffix(".partial")
        partial.write_text(json.dumps(document))
        os.replace(partial, self.path)
