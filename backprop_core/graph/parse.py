"""Visitor text → a graph of scalar operations, through Python's ``ast`` and a whitelist.

Nothing typed is ever evaluated: the text is parsed into a syntax tree, and each tree node is
either one of the few allowed kinds (numbers, names, ``+ - * /``, ``**`` with a number as its
exponent, unary minus, calls to the functions in :data:`~.ops.FUNCTIONS`) or the cause of a
:class:`~.ops.GraphError` naming it and its column. Size is capped before and during the walk
(length, depth, node count, magnitudes) so no input can make the work large.

A name used twice becomes ONE leaf with two edges out of it — the point of the page: its gradient
is the sum of what flows back along both edges.
"""

from __future__ import annotations

import ast
import math
import re
import unicodedata
from dataclasses import dataclass

from .ops import FUNCTIONS, OPS, GraphError

MAX_LEN = 300  # characters of expression
MAX_NODES = 40  # graph nodes: leaves (each name once, each number) + operations
MAX_DEPTH = 30  # nesting of the syntax tree
MAX_NAME = 20  # characters of one variable name
MAX_LITERAL = 1e6  # |number| typed in the expression or the values
MAX_EXPONENT = 10.0  # |p| in x ** p
MAX_VALUES_LEN = 500
DEFAULT_VALUE = 1.0  # a variable the Values box does not mention

LEAF, CONST = "leaf", "const"
_BINOPS = {ast.Add: "add", ast.Sub: "sub", ast.Mult: "mul", ast.Div: "div"}
_OPERATOR_TEXT = {
    ast.FloorDiv: "//", ast.Mod: "%", ast.MatMult: "@", ast.LShift: "<<", ast.RShift: ">>",
    ast.BitOr: "|", ast.BitXor: "^", ast.BitAnd: "&", ast.Invert: "~", ast.Not: "not",
}  # fmt: skip
_KIND_TEXT = {
    ast.Attribute: "attribute access (a dot)",
    ast.Lambda: "lambda",
    ast.Subscript: "indexing with [ ]",
    ast.Compare: "comparisons",
    ast.BoolOp: "and / or",
    ast.IfExp: "if / else",
    ast.Tuple: "a comma outside a function call",
    ast.List: "lists",
    ast.Dict: "dictionaries",
    ast.Set: "sets",
    ast.JoinedStr: "f-strings",
    ast.NamedExpr: ":=",
    ast.Starred: "*arguments",
    ast.ListComp: "comprehensions",
    ast.GeneratorExp: "comprehensions",
    ast.SetComp: "comprehensions",
    ast.DictComp: "comprehensions",
    ast.Await: "await",
    ast.Yield: "yield",
}
_ALLOWED = "numbers, names, + − * /, ** with a number as exponent, and " + ", ".join(FUNCTIONS)


@dataclass(frozen=True)
class Node:
    """One node of the graph. ``op`` is ``"leaf"`` (a named variable), ``"const"`` (a number
    typed in the expression) or a key of :data:`~.ops.OPS`; ``children`` are the ids of its
    inputs, in order (the same id twice for ``x*x``); ``name`` is the variable's name, the
    number as typed, or the op's symbol; ``param`` is the exponent of ``**``; ``value`` the
    constant's value; ``column`` where it is in the expression (1-based; an operator's own
    column for ``a + b``); ``source`` the sub-expression it computes, as typed."""

    id: int
    op: str
    children: tuple[int, ...]
    name: str
    param: float | None = None
    value: float | None = None
    column: int = 1
    source: str = ""

    @property
    def is_leaf(self) -> bool:
        return self.op in (LEAF, CONST)


@dataclass(frozen=True)
class Graph:
    """The nodes in topological order (every node after its children); the output is last."""

    expr: str
    nodes: tuple[Node, ...]

    @property
    def root(self) -> int:
        return self.nodes[-1].id

    @property
    def variables(self) -> tuple[str, ...]:
        return tuple(n.name for n in self.nodes if n.op == LEAF)

    def parents(self, node_id: int) -> list[tuple[int, int]]:
        """(parent id, input slot) for every edge out of ``node_id``."""
        return [
            (n.id, slot) for n in self.nodes for slot, c in enumerate(n.children) if c == node_id
        ]


def parse(expr: str) -> Graph:
    """The graph of ``expr``; raises :class:`GraphError` (message + column) for anything outside
    the whitelist or the limits."""
    if len(expr) > MAX_LEN:
        raise GraphError(f"The expression is {len(expr):,} characters long; at most {MAX_LEN}.")
    stripped = expr.lstrip()
    if not stripped.strip():
        raise GraphError("The expression is empty: type one, e.g. x*x + x*y.")
    indent = len(expr) - len(stripped)
    try:
        tree = ast.parse(stripped, mode="eval")
    except SyntaxError as e:
        col = (e.offset or 1) + indent
        raise GraphError(f"Not a valid expression: {e.msg}, at column {col}.", col) from None
    except (ValueError, RecursionError, MemoryError):  # null bytes; pathological nesting
        raise GraphError("The expression cannot be read (stray characters or too deep).") from None
    return _Builder(stripped, indent).build(tree.body)


class _Builder:
    def __init__(self, text: str, indent: int) -> None:
        self.text = text
        self.indent = indent
        self.nodes: list[Node] = []
        self.names: dict[str, int] = {}

    def build(self, body: ast.expr) -> Graph:
        self.walk(body, 1)
        return Graph(" " * self.indent + self.text, tuple(self.nodes))

    # -- helpers ------------------------------------------------------------------------------
    def column(self, node: ast.AST) -> int:
        """1-based character column in the whole text (``col_offset`` counts UTF-8 bytes)."""
        lines = self.text.split("\n")
        line = getattr(node, "lineno", 1) - 1
        before = sum(len(s) + 1 for s in lines[:line])
        in_line = len(lines[line].encode()[: node.col_offset].decode(errors="ignore"))
        return self.indent + before + in_line + 1

    def fail(self, what: str, node: ast.AST) -> GraphError:
        col = self.column(node)
        message = f"Not allowed at column {col}: {what}. An expression may use {_ALLOWED}."
        return GraphError(message, col)

    def segment(self, node: ast.AST) -> str:
        s = " ".join((ast.get_source_segment(self.text, node) or "?").split())
        return s if len(s) <= 40 else s[:37] + "…"

    def add(
        self, op: str, children: tuple[int, ...], name: str, at: ast.AST, whole: ast.AST, **kw
    ) -> int:
        if len(self.nodes) >= MAX_NODES:
            raise GraphError(
                f"The graph would have more than {MAX_NODES} nodes (column {self.column(at)}); "
                "shorten the expression.",
                self.column(at),
            )
        col, source = self.column(at), self.segment(whole)
        node = Node(len(self.nodes), op, children, name, column=col, source=source, **kw)
        self.nodes.append(node)
        return node.id

    def number(self, node: ast.AST) -> float | None:
        """The value of a plain number (optionally negated), or None if ``node`` is not one."""
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            inner = self.number(node.operand)
            if inner is None:
                return None
            return -inner if isinstance(node.op, ast.USub) else inner
        if isinstance(node, ast.Constant):
            v = node.value
            if isinstance(v, bool) or not isinstance(v, int | float):
                return None
            if isinstance(v, int) and abs(v) > MAX_LITERAL:
                return math.inf  # huge ints would make float() slow or fail; caught by the caller
            return float(v)
        return None

    # -- the walk -----------------------------------------------------------------------------
    def walk(self, node: ast.AST, depth: int) -> int:
        if depth > MAX_DEPTH:
            col = self.column(node)
            raise GraphError(
                f"The expression is nested more than {MAX_DEPTH} levels deep (column {col}).", col
            )
        if isinstance(node, ast.Constant):
            return self.constant(node, node)
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.UAdd):
                return self.walk(node.operand, depth + 1)
            if isinstance(node.op, ast.USub):
                if self.number(node) is not None:
                    return self.constant(node, node)
                child = self.walk(node.operand, depth + 1)
                return self.add("neg", (child,), "−", node, node)
            raise self.fail(f"the operator {_OPERATOR_TEXT.get(type(node.op), '?')}", node)
        if isinstance(node, ast.BinOp):
            return self.binop(node, depth)
        if isinstance(node, ast.Call):
            return self.call(node, depth)
        what = _KIND_TEXT.get(type(node), type(node).__name__)
        raise self.fail(what, node)

    def constant(self, node: ast.AST, at: ast.AST) -> int:
        v = self.number(node)
        if v is None:
            c = node.value if isinstance(node, ast.Constant) else None
            kind = {str: "text in quotes", bytes: "bytes", bool: "True / False"}.get(
                type(c), "this constant"
            )
            if isinstance(c, complex):
                kind = "complex numbers"
            raise self.fail(kind if c is not None else "None", at)
        if not abs(v) <= MAX_LITERAL:
            col = self.column(at)
            raise GraphError(
                f"The number {self.segment(at)} is too large (column {col}); "
                f"numbers may be at most {MAX_LITERAL:.0e} in size.",
                col,
            )
        return self.add(CONST, (), self.segment(at), at, at, value=v)

    def name(self, node: ast.Name) -> int:
        name = node.id
        if name in FUNCTIONS:
            col = self.column(node)
            raise GraphError(
                f"{name} is a function: call it with brackets, e.g. {name}(x) (column {col}).", col
            )
        if name.startswith("_"):
            col = self.column(node)
            raise GraphError(f"Names may not start with _ ({name[:MAX_NAME]}, column {col}).", col)
        if len(name) > MAX_NAME:
            col = self.column(node)
            raise GraphError(
                f"The name {name[:MAX_NAME]}… is longer than {MAX_NAME} characters (column {col}).",
                col,
            )
        if name not in self.names:
            self.names[name] = self.add(LEAF, (), name, node, node)
        return self.names[name]

    def binop(self, node: ast.BinOp, depth: int) -> int:
        if isinstance(node.op, ast.Pow):
            p = self.number(node.right)
            if p is None:
                col = self.column(node.right)
                raise GraphError(
                    f"** needs a plain number as its exponent, like x**2, not "
                    f"{self.segment(node.right)} (column {col}).",
                    col,
                )
            if not abs(p) <= MAX_EXPONENT:
                col = self.column(node.right)
                raise GraphError(
                    f"The exponent {self.segment(node.right)} is too large (column {col}); "
                    f"use one between −{MAX_EXPONENT:g} and {MAX_EXPONENT:g}.",
                    col,
                )
            base = self.walk(node.left, depth + 1)
            return self.add("pow", (base,), f"**{p:g}", node, node, param=p)
        op = _BINOPS.get(type(node.op))
        where = self.operator(node)
        if op is None:
            raise self.fail(f"the operator {_OPERATOR_TEXT.get(type(node.op), '?')}", where)
        left = self.walk(node.left, depth + 1)
        right = self.walk(node.right, depth + 1)
        return self.add(op, (left, right), OPS[op].symbol, where, node)

    def operator(self, node: ast.BinOp) -> ast.AST:
        """A stand-in node at the operator itself (``ast`` only places the whole ``a op b``),
        so that messages and the table point at the ``/`` rather than at ``a``."""
        spot = ast.Constant(None)
        spot.lineno, spot.col_offset = node.left.end_lineno, node.left.end_col_offset
        if node.left.end_lineno == node.right.lineno:
            line = self.text.split("\n")[node.right.lineno - 1].encode()
            gap = line[node.left.end_col_offset : node.right.col_offset]
            skip = len(gap) - len(gap.lstrip(b" \t()"))
            spot.col_offset += skip
        return spot

    def call(self, node: ast.Call, depth: int) -> int:
        f = node.func
        if not isinstance(f, ast.Name):
            raise self.fail("calling " + self.segment(f), node)
        if f.id not in FUNCTIONS:
            raise self.fail(f"the function {f.id[:MAX_NAME]}", node)
        if node.keywords or len(node.args) != 1 or isinstance(node.args[0], ast.Starred):
            col = self.column(node)
            raise GraphError(f"{f.id} takes exactly one input, e.g. {f.id}(x) (column {col}).", col)
        child = self.walk(node.args[0], depth + 1)
        return self.add(f.id, (child,), f.id, node, node)


_NAME = re.compile(r"^[^\W\d]\w*$")


def parse_values(text: str) -> dict[str, float]:
    """``"x1=2, x2=0, w1=-3"`` → ``{"x1": 2.0, ...}``; commas, semicolons or new lines between
    pairs. Raises :class:`GraphError` for a malformed pair, a repeated name or a number that is
    not finite or beyond :data:`MAX_LITERAL`."""
    if len(text) > MAX_VALUES_LEN:
        raise GraphError(f"Values is {len(text):,} characters long; at most {MAX_VALUES_LEN}.")
    out: dict[str, float] = {}
    for part in re.split(r"[,;\n]", text):
        part = part.strip()
        if not part:
            continue
        name, eq, number = (s.strip() for s in part.partition("="))
        name = unicodedata.normalize("NFKC", name)  # as Python reads names in the expression
        if not eq or not _NAME.match(name) or len(name) > MAX_NAME:
            raise GraphError(f"Values: {part[:30]!r} should look like name=number, e.g. x=2.")
        try:
            v = float(number.replace("−", "-"))
        except ValueError:
            raise GraphError(f"Values: {number[:30]!r} (for {name}) is not a number.") from None
        if not abs(v) <= MAX_LITERAL:
            raise GraphError(
                f"Values: {name}={number[:30]} is out of range; "
                f"use numbers between −{MAX_LITERAL:.0e} and {MAX_LITERAL:.0e}."
            )
        if name in out:
            raise GraphError(f"Values: {name} is given twice.")
        out[name] = v
    return out
