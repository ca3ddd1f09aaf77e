"""Names of units, weights and biases as the Practice page writes them, plain and in LaTeX.

The same convention as the network diagram: inputs x1, x2; hidden units h1, h2 (h1.1, h2.1 … with
two hidden layers: layer.unit); outputs o1, o2. Column ``c`` is 0 for the inputs; weight layer
``l`` joins column ``l`` to column ``l + 1``.
"""

from __future__ import annotations

from collections.abc import Sequence


def unit(sizes: Sequence[int], column: int, j: int) -> str:
    """``x1``, ``h2``, ``h1.2``, ``o1``."""
    if column == 0:
        return f"x{j + 1}"
    if column == len(sizes) - 1:
        return f"o{j + 1}"
    return f"h{j + 1}" if len(sizes) == 3 else f"h{column}.{j + 1}"


def unit_tex(sizes: Sequence[int], column: int, j: int) -> str:
    """``x_{1}``, ``h_{2}``, ``h_{1.2}``, ``o_{1}``."""
    name = unit(sizes, column, j)
    return f"{name[0]}_{{{name[1:]}}}"


def weight(sizes: Sequence[int], layer: int, i: int, j: int) -> str:
    """``w(x1→h2)``: weight layer ``layer``, from unit ``i`` to unit ``j``."""
    return f"w({unit(sizes, layer, i)}→{unit(sizes, layer + 1, j)})"


def weight_tex(sizes: Sequence[int], layer: int, i: int, j: int) -> str:
    return rf"w_{{{unit(sizes, layer, i)}\to {unit(sizes, layer + 1, j)}}}"


def bias(sizes: Sequence[int], layer: int, j: int) -> str:
    """``b(h2)``: the bias of unit ``j`` of column ``layer + 1``."""
    return f"b({unit(sizes, layer + 1, j)})"


def bias_tex(sizes: Sequence[int], layer: int, j: int) -> str:
    return f"b_{{{unit(sizes, layer + 1, j)}}}"


def sample_tex(sample: int | None, batch: int) -> str:
    """A superscript naming the sample when the batch has more than one: ``^{(2)}``."""
    return "" if sample is None or batch == 1 else f"^{{({sample + 1})}}"
