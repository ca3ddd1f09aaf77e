"""A page's settings, declared once: the table every other form of them is derived from.

As in TensorFlow Playground's ``state.ts``, a page lists its fields once; reading an untrusted
link, checking widget values, writing the link and the share box all come from that list.
Values travel as a plain ``dict`` keyed by each field's URL key.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from .fields import Field, shown

Values = dict[str, object]
Check = Callable[[Values], tuple[Values, list[str]]]


@dataclass(frozen=True)
class Schema:
    """The settings of one page (``page`` is its url_path, e.g. ``"playground"``).

    ``check`` applies rules across fields (a loss that must fit the output, a cost cap) to values
    whose every field is already valid on its own; it returns the fixed values and one message
    per change.
    """

    page: str
    fields: tuple[Field, ...]
    check: Check | None = None

    def __post_init__(self) -> None:
        keys = [f.key for f in self.fields]
        if len(set(keys)) != len(keys):
            raise ValueError(f"{self.page}: a key is declared twice in {keys}")

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields)

    def field(self, key: str) -> Field:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(f"{self.page} has no setting {key!r}")

    def defaults(self) -> Values:
        return {f.key: f.default for f in self.fields}

    def parse(self, params: Mapping[str, object]) -> tuple[Values, list[str]]:
        """Valid values from an untrusted link (absent keys take their default silently).
        Never raises: a broken mapping counts as an empty one."""
        try:
            items = {str(k): v for k, v in dict(params).items()}
        except Exception:  # noqa: BLE001 - anything dict-like that misbehaves counts as empty
            items = {}
        problems = [f"unknown setting {shown(k)} ignored" for k in items if k not in self.keys]
        given = {}
        for k, raw in items.items():
            if k in self.keys:
                given[k] = raw[-1] if isinstance(raw, list) and raw else raw
        return self._read(given, problems)

    def validate(self, values: Mapping[str, object]) -> tuple[Values, list[str]]:
        """The same checks on Python values (from widgets or code); missing keys take defaults."""
        return self._read({k: v for k, v in values.items() if k in self.keys}, [])

    def _read(self, given: Mapping[str, object], problems: list[str]) -> tuple[Values, list[str]]:
        out = self.defaults()
        for f in self.fields:
            if f.key in given:
                out[f.key], note = f.read(given[f.key])
                if note:
                    problems.append(note)
        if self.check is not None:
            out, more = self.check(out)
            problems.extend(more)
        return out, problems

    def to_params(self, values: Mapping[str, object]) -> dict[str, str]:
        """Every field as a URL string, in declaration order; ``parse`` reads it back exactly."""
        return {f.key: f.write(values.get(f.key, f.default)) for f in self.fields}

    def query(self, values: Mapping[str, object]) -> str:
        """The link's query string; commas stay readable (``w=0.15,0.2``, not ``%2C``)."""
        return urlencode(self.to_params(values), safe=",")
