"""What people type as a number, read leniently and never evaluated.

Accepted: ``0.0822``, ``8.22e-2``, ``-.5``, ``+3``, ``0,0822`` (a decimal comma), ``1,234.5`` and
``1 234`` (thousands separators), ``1/2`` and ``-3/4`` (one fraction bar), ``8.22×10^-2`` /
``8.22*10**-2`` / ``8.22·10⁻²``, a Unicode minus ``−``, and surrounding spaces. Anything else is
not a number: :func:`parse_number` returns ``None`` and the page says so instead of grading it.
"""

from __future__ import annotations

import math
import re

MAX_LEN = 60  # longer input is not a number anyone typed by hand
_PLAIN = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?")
_POWER = re.compile(r"(?P<m>.+?)(?:x|\*|·|×)10(?:\^|\*\*)?(?P<e>[+-]?\d+)")
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")


def _plain(text: str) -> float | None:
    """One decimal number without fractions or powers of ten; commas already resolved."""
    if not _PLAIN.fullmatch(text):
        return None
    return float(text)


def _decimal_commas(text: str) -> str:
    """``0,0822`` → ``0.0822``; ``1,234.5`` / ``1,234,567`` → thousands separators dropped."""
    if "," not in text:
        return text
    if "." in text or text.count(",") > 1:
        groups = text.lstrip("+-").split(".")[0].split(",")
        if all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3:
            return text.replace(",", "")
        return "not a number"
    return text.replace(",", ".")


def _number(text: str) -> float | None:
    """A decimal number, possibly written as a mantissa times a power of ten."""
    m = _POWER.fullmatch(text)
    if m:
        mantissa = _plain(_decimal_commas(m["m"]))
        if mantissa is None or abs(int(m["e"])) > 400:
            return None
        return float(f"{mantissa!r}e{int(m['e'])}")  # exact as typed, unlike m · 10.0**e
    return _plain(_decimal_commas(text))


def parse_number(text: object) -> float | None:
    """The finite number ``text`` spells, or ``None`` when it is not one."""
    if not isinstance(text, str) or len(text) > MAX_LEN:
        return None
    s = text.strip().lower().replace("−", "-").replace("–", "-").translate(_SUPERSCRIPT)
    s = re.sub(r"(?<=\d)[ \u00a0\u202f](?=\d{3}\b)", "", s)  # 1 234 → 1234
    s = s.replace(" ", "")
    if not s:
        return None
    if s.count("/") == 1:
        top, bottom = s.split("/")
        p, q = _number(top), _number(bottom)
        value = None if p is None or q is None or q == 0 else p / q
    else:
        value = _number(s)
    if value is None or not math.isfinite(value):
        return None
    return value
