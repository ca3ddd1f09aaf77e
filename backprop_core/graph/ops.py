"""The operations an expression may use: each forward rule beside its local derivative.

As in micrograd's ``engine.py``: an op knows how to compute its output from its inputs and how its
output changes with each input (``local``: ∂out/∂input_i, given the inputs and the output). The
backward pass only ever multiplies those local derivatives by the gradient flowing in.

Inputs that have no answer (division by zero, log of a negative, an overflow) raise
:class:`DomainError` with a sentence naming the operation and the number, never return NaN.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

MAX_MAGNITUDE = 1e100  # values and gradients beyond this are reported as an overflow


class GraphError(ValueError):
    """Anything wrong with an expression or its values: a message for people, and the column
    (1-based, in the expression) where it is, when there is one."""

    def __init__(self, message: str, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.column = column


class DomainError(GraphError):
    """An operation asked for a number that does not exist (or is too large to hold)."""


def _num(x: float) -> str:
    return f"{x:.4g}"


def _div(xs: tuple[float, ...], p: float | None) -> float:
    a, b = xs
    if b == 0:
        raise DomainError(f"division by zero ({_num(a)} / 0)")
    return a / b


def _pow(xs: tuple[float, ...], p: float | None) -> float:
    (a,) = xs
    assert p is not None
    if a == 0 and p < 0:
        raise DomainError(f"division by zero (0 ** {_num(p)})")
    if a < 0 and not float(p).is_integer():
        raise DomainError(f"a negative number to a fractional power (({_num(a)}) ** {_num(p)})")
    try:
        return float(a**p)
    except OverflowError:
        raise DomainError(f"overflow: ({_num(a)}) ** {_num(p)} is too large") from None


def _pow_local(xs: tuple[float, ...], out: float, p: float | None) -> tuple[float, ...]:
    (a,) = xs
    assert p is not None
    if a == 0 and p < 1:
        raise DomainError(f"the slope of x ** {_num(p)} at x = 0 is infinite")
    return (p * a ** (p - 1),)


def _exp(xs: tuple[float, ...], p: float | None) -> float:
    (a,) = xs
    if a > 709.0:  # math.exp's limit in float64 is about 709.78
        raise DomainError(f"overflow: exp({_num(a)}) is too large")
    return math.exp(a)


def _log(xs: tuple[float, ...], p: float | None) -> float:
    (a,) = xs
    if a <= 0:
        raise DomainError(f"log of {'zero' if a == 0 else 'a negative number'} (log({_num(a)}))")
    return math.log(a)


def _sqrt(xs: tuple[float, ...], p: float | None) -> float:
    (a,) = xs
    if a < 0:
        raise DomainError(f"square root of a negative number (sqrt({_num(a)}))")
    return math.sqrt(a)


def _sqrt_local(xs: tuple[float, ...], out: float, p: float | None) -> tuple[float, ...]:
    if out == 0:
        raise DomainError("the slope of sqrt(x) at x = 0 is infinite")
    return (0.5 / out,)


def _sigmoid(xs: tuple[float, ...], p: float | None) -> float:
    (a,) = xs
    # Two forms so that neither exp overflows: 1/(1+e^-a) for a ≥ 0, e^a/(1+e^a) below.
    if a >= 0:
        return 1.0 / (1.0 + math.exp(-a))
    e = math.exp(a)
    return e / (1.0 + e)


def _sign(a: float) -> float:
    return float((a > 0) - (a < 0))


@dataclass(frozen=True)
class Op:
    """One operation: ``forward(inputs, param) -> out``, ``local(inputs, out, param) ->
    (∂out/∂input_0, ...)``. ``param`` is the exponent of ``**`` and None elsewhere.
    ``derivative`` is the local derivative as a formula (``a``, ``b`` the inputs, ``out`` the
    output, ``p`` the exponent); ``kink`` marks ops with a corner where the slope jumps."""

    name: str
    symbol: str
    arity: int
    forward: Callable[[tuple[float, ...], float | None], float]
    local: Callable[[tuple[float, ...], float, float | None], tuple[float, ...]]
    derivative: tuple[str, ...]
    kink: bool = False


OPS: dict[str, Op] = {
    op.name: op
    for op in (
        Op("add", "+", 2, lambda x, p: x[0] + x[1], lambda x, o, p: (1.0, 1.0), ("1", "1")),
        Op("sub", "−", 2, lambda x, p: x[0] - x[1], lambda x, o, p: (1.0, -1.0), ("1", "−1")),
        Op("mul", "×", 2, lambda x, p: x[0] * x[1], lambda x, o, p: (x[1], x[0]), ("b", "a")),
        Op("div", "÷", 2, _div, lambda x, o, p: (1.0 / x[1], -x[0] / x[1] ** 2), ("1/b", "−a/b²")),
        Op("neg", "−", 1, lambda x, p: -x[0], lambda x, o, p: (-1.0,), ("−1",)),
        Op("pow", "**", 1, _pow, _pow_local, ("p·a^(p−1)",)),
        Op("exp", "exp", 1, _exp, lambda x, o, p: (o,), ("exp(a)",)),
        Op("log", "log", 1, _log, lambda x, o, p: (1.0 / x[0],), ("1/a",)),
        Op(
            "tanh",
            "tanh",
            1,
            lambda x, p: math.tanh(x[0]),
            lambda x, o, p: (1.0 - o * o,),
            ("1 − out²",),
        ),
        Op("sigmoid", "sigmoid", 1, _sigmoid, lambda x, o, p: (o * (1.0 - o),), ("out·(1 − out)",)),
        Op(
            "relu",
            "relu",
            1,
            lambda x, p: max(0.0, x[0]),
            lambda x, o, p: (1.0 if x[0] > 0 else 0.0,),
            ("1 if a > 0 else 0",),
            kink=True,
        ),
        Op(
            "sin",
            "sin",
            1,
            lambda x, p: math.sin(x[0]),
            lambda x, o, p: (math.cos(x[0]),),
            ("cos(a)",),
        ),
        Op(
            "cos",
            "cos",
            1,
            lambda x, p: math.cos(x[0]),
            lambda x, o, p: (-math.sin(x[0]),),
            ("−sin(a)",),
        ),
        Op("sqrt", "sqrt", 1, _sqrt, _sqrt_local, ("1 / (2·out)",)),
        Op(
            "abs",
            "abs",
            1,
            lambda x, p: abs(x[0]),
            lambda x, o, p: (_sign(x[0]),),
            ("sign(a)",),
            kink=True,
        ),
    )
}
FUNCTIONS = ("exp", "log", "tanh", "sigmoid", "relu", "sin", "cos", "sqrt", "abs")


def apply(op: Op, inputs: tuple[float, ...], param: float | None) -> float:
    """``op.forward`` with the overflow check every value gets."""
    try:
        out = op.forward(inputs, param)
    except OverflowError:
        raise DomainError(f"overflow in {op.name}") from None
    if not math.isfinite(out) or abs(out) > MAX_MAGNITUDE:
        raise DomainError(f"overflow: {op.name} gave a number beyond ±{MAX_MAGNITUDE:.0e}")
    return out


def local_derivatives(
    op: Op, inputs: tuple[float, ...], out: float, param: float | None
) -> tuple[float, ...]:
    """``op.local`` with the same overflow check: ∂out/∂input_i for every input."""
    try:
        ders = op.local(inputs, out, param)
    except (OverflowError, ZeroDivisionError):
        raise DomainError(f"overflow in the slope of {op.name}") from None
    for d in ders:
        if not math.isfinite(d) or abs(d) > MAX_MAGNITUDE:
            raise DomainError(f"overflow: the slope of {op.name} is beyond ±{MAX_MAGNITUDE:.0e}")
    return ders
