"""Typed settings fields: each knows its default, its range or choices, and how to read an
untrusted value (a URL string or a widget's value) into a valid one.

``Field.read(raw)`` never raises: it returns a valid value and, when ``raw`` was unusable or out
of range, one sentence naming the key, what was wrong and what is used instead. ``Field.write``
turns a valid value into the URL string that reads back to exactly that value (floats as
``repr``, so a link reproduces them to the last digit).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

Note = str | None


def shown(raw: object) -> str:
    """A visitor's value, quoted and cut short, for a message."""
    s = str(raw)
    return repr(s[:40] + "…" if len(s) > 40 else s)


def _number(raw: object) -> float | None:
    """A float from a string or number, or None when it is not one (bools are not numbers)."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        return float(raw)
    try:
        return float(str(raw).strip())
    except (ValueError, OverflowError):
        return None


def _g(x: float) -> str:
    return f"{x:g}"


@dataclass(frozen=True)
class Field:
    """One setting: its URL key (also its name in the values dict), default, label and help."""

    key: str
    default: object
    label: str = ""
    help: str = ""

    def read(self, raw: object) -> tuple[object, Note]:
        raise NotImplementedError

    def write(self, value: object) -> str:
        return str(value)

    def _fallback(self, raw: object, what: str) -> tuple[object, str]:
        return (
            self.default,
            f"{self.key}={shown(raw)} is not {what}; using {self.write(self.default)}",
        )


@dataclass(frozen=True)
class Int(Field):
    lo: int = 0
    hi: int = 2**31 - 1
    clamp: bool = True  # False: out of range falls back to the default (e.g. a seed)

    def read(self, raw: object) -> tuple[object, Note]:
        x = _number(raw)
        if x is None or not math.isfinite(x) or x != int(x):
            return self._fallback(raw, "a whole number")
        n = int(x)
        if self.lo <= n <= self.hi:
            return n, None
        used = min(max(n, self.lo), self.hi) if self.clamp else self.default
        return used, f"{self.key}={n} is outside {self.lo}…{self.hi}; using {used}"


@dataclass(frozen=True)
class Float(Field):
    lo: float = -math.inf
    hi: float = math.inf
    choices: tuple[float, ...] | None = None  # a value is snapped to the nearest choice

    def __post_init__(self) -> None:
        if self.choices:  # unless given, the range is the choices' own
            if self.lo == -math.inf:
                object.__setattr__(self, "lo", min(self.choices))
            if self.hi == math.inf:
                object.__setattr__(self, "hi", max(self.choices))

    def read(self, raw: object) -> tuple[object, Note]:
        x = _number(raw)
        if x is None:
            return self._fallback(raw, "a number")
        if not math.isfinite(x):
            return self._fallback(raw, "a finite number")
        if not self.lo <= x <= self.hi:
            used = self.snap(min(max(x, self.lo), self.hi))
            return (
                used,
                f"{self.key}={_g(x)} is outside {_g(self.lo)}…{_g(self.hi)}; using {_g(used)}",
            )
        snapped = self.snap(x)
        if not math.isclose(snapped, x, rel_tol=1e-9, abs_tol=1e-15):
            return (
                snapped,
                f"{self.key}={_g(x)} is not one of the offered values; using {_g(snapped)}",
            )
        return snapped, None

    def snap(self, x: float) -> float:
        """The nearest choice (nearest on a log scale when every choice is positive)."""
        if not self.choices:
            return x
        if x > 0 and min(self.choices) > 0:
            return min(self.choices, key=lambda c: abs(math.log(c) - math.log(x)))
        return min(self.choices, key=lambda c: abs(c - x))

    def write(self, value: object) -> str:
        return repr(float(value))


@dataclass(frozen=True)
class Choice(Field):
    choices: tuple[str, ...] = ()
    names: dict[str, str] | None = field(default=None, hash=False, compare=False)

    def read(self, raw: object) -> tuple[object, Note]:
        value = str(raw).strip().lower()
        if value in self.choices:
            return value, None
        return self.default, (
            f"{self.key}={shown(raw)} is not one of {', '.join(self.choices)}; using {self.default}"
        )

    def name(self, value: str) -> str:
        """What a widget shows for ``value``."""
        return (self.names or {}).get(value, value)


TRUE = ("1", "true", "yes", "on")
FALSE = ("0", "false", "no", "off")


@dataclass(frozen=True)
class Bool(Field):
    def read(self, raw: object) -> tuple[object, Note]:
        if isinstance(raw, bool):
            return raw, None
        s = str(raw).strip().lower()
        if s in TRUE:
            return True, None
        if s in FALSE:
            return False, None
        return self._fallback(raw, "on or off (1 or 0)")

    def write(self, value: object) -> str:
        return "1" if value else "0"


def _items(raw: object) -> list[object]:
    if isinstance(raw, list | tuple):
        return list(raw)
    s = str(raw).strip()
    return [] if s in ("", "none") else [p.strip() for p in s.split(",")]


@dataclass(frozen=True)
class _List(Field):
    min_len: int = 0
    max_len: int = 100

    def _length(self, items: list[object], raw: object) -> tuple[list[object] | None, Note]:
        if len(items) > self.max_len:
            return None, f"{self.key} has {len(items)} values; at most {self.max_len} are allowed"
        if len(items) < self.min_len:
            return None, f"{self.key} needs at least {self.min_len} values"
        return items, None

    def read(self, raw: object) -> tuple[object, Note]:
        items, note = self._length(_items(raw), raw)
        if items is None:
            return self.default, f"{note}; using {self.write(self.default) or 'none'}"
        out, notes = [], []
        for item in items:
            value, why = self.item(item)
            if value is None:
                return self._fallback(raw, self.what)
            if why:
                notes.append(why)
            out.append(value)
        return tuple(out), ("; ".join(dict.fromkeys(notes)) or None)

    what = "a list"

    def item(self, raw: object) -> tuple[object | None, Note]:
        raise NotImplementedError

    def write(self, value: object) -> str:
        return ",".join(self.write_item(v) for v in value)  # type: ignore[attr-defined]

    def write_item(self, v: object) -> str:
        return str(v)


@dataclass(frozen=True)
class IntList(_List):
    lo: int = 0
    hi: int = 2**31 - 1
    what = "a list of whole numbers like 4,2"

    def item(self, raw: object) -> tuple[object | None, Note]:
        x = _number(raw)
        if x is None or not math.isfinite(x) or x != int(x):
            return None, None
        n = int(x)
        if self.lo <= n <= self.hi:
            return n, None
        used = min(max(n, self.lo), self.hi)
        return used, f"{self.key}: {n} is outside {self.lo}…{self.hi}; using {used}"


@dataclass(frozen=True)
class FloatList(_List):
    lo: float = -math.inf
    hi: float = math.inf
    what = "a list of finite numbers"

    def item(self, raw: object) -> tuple[object | None, Note]:
        x = _number(raw)
        if x is None or not math.isfinite(x):
            return None, None
        if self.lo <= x <= self.hi:
            return x, None
        used = min(max(x, self.lo), self.hi)
        return used, f"{self.key}: {_g(x)} is outside {_g(self.lo)}…{_g(self.hi)}; using {_g(used)}"

    def write_item(self, v: object) -> str:
        return repr(float(v))


@dataclass(frozen=True)
class ChoiceList(_List):
    choices: tuple[str, ...] = ()
    names: dict[str, str] | None = field(default=None, hash=False, compare=False)

    def read(self, raw: object) -> tuple[object, Note]:
        items = [str(i).strip().lower() for i in _items(raw)]
        unknown = [i for i in items if i not in self.choices]
        kept = tuple(c for c in self.choices if c in items)  # declaration order, no repeats
        note = None
        if unknown:
            note = (
                f"{self.key}: unknown {', '.join(map(shown, unknown))} ignored; "
                f"choose from {', '.join(self.choices)}"
            )
        if not self.min_len <= len(kept) <= self.max_len:
            need = f"{self.key} needs {self.min_len}…{self.max_len} of {', '.join(self.choices)}"
            return (
                self.default,
                f"{note + '; ' if note else ''}{need}; using {self.write(self.default)}",
            )
        return kept, note

    def name(self, value: str) -> str:
        return (self.names or {}).get(value, value)


@dataclass(frozen=True)
class Text(Field):
    max_len: int = 200

    def read(self, raw: object) -> tuple[object, Note]:
        s = str(raw)
        if len(s) > self.max_len:
            return self.default, (
                f"{self.key} is {len(s)} characters long; at most {self.max_len} are allowed; "
                "using the default"
            )
        if any(ord(c) < 32 and c not in "\t\n" for c in s):
            return self.default, f"{self.key} holds control characters; using the default"
        return s, None
