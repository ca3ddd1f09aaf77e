"""What the Computational graph page says about a position: names, the step, the "+=" lesson,
the table (pure: no Streamlit, so every sentence is tested with the numbers it shows).

Leaves are called by their names (``x1``, or the number as typed); operation nodes ``n1, n2, …``
in the order the forward pass computes them, so a line like
``grad(x1) += grad(n1) · ∂n1/∂x1`` points at one box of the drawing.
"""

from __future__ import annotations

import re

from backprop_core.graph import FORWARD, OPS, SEED, Contribution, Outcome
from ui.format import fmt

# the letters of an op's derivative formula; not \b: "²" counts as a word character
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$=])")
_SYMBOLS = re.compile(r"(?<![A-Za-z0-9_])(a|b|out|p)(?![A-Za-z0-9_])")


def names(out: Outcome) -> list[str]:
    """The display name of every node, by id: leaves as typed, operations ``n1, n2, …`` — or
    another letter when the expression has its own variables called n1, n2, …"""
    taken = set(out.graph.variables)
    free = [p for p in ("n", "u", "v") if not any(re.fullmatch(rf"{p}\d+", v) for v in taken)]
    prefix = free[0] if free else "#"  # "#" starts no variable name
    k = 0
    result = []
    for n in out.graph.nodes:
        if n.is_leaf:
            result.append(n.name)
        else:
            k += 1
            result.append(f"{prefix}{k}")
    return result


def plain(text: str) -> str:
    """Visitor text shown through Markdown as typed: ``x1*w1`` must not turn into italics."""
    return _MARKDOWN.sub(r"\\\1", text)


def op_text(out: Outcome, node_id: int) -> str:
    """``×``, ``tanh``, ``**2`` — the operation a node applies ("" for a leaf)."""
    n = out.graph.nodes[node_id]
    return "" if n.is_leaf else n.name


def num(x: float) -> str:
    """4 significant digits with a real minus sign: ``−1.5``, ``4.1e-12``."""
    s = fmt(x)
    return "−" + s[1:] if s.startswith("-") else s


def paren(x: float) -> str:
    """A factor in a product: negatives in brackets, ``(−3)``."""
    return f"({num(x)})" if x < 0 else num(x)


def applied(out: Outcome, node_id: int, who: list[str]) -> str:
    """``x1 × w1``, ``tanh(n4)``, ``n2**2`` — what a node computes, in node names."""
    n = out.graph.nodes[node_id]
    args = [who[c] for c in n.children]
    if len(args) == 2:
        return f"{args[0]} {n.name} {args[1]}"
    if n.op == "pow":  # not "**": that would end the page's bold text
        return f"{args[0]}^{n.param:g}"
    if n.op == "neg":
        return f"−{args[0]}"
    return f"{n.name}({args[0]})"


def local_formula(out: Outcome, c: Contribution, node_id: int, who: list[str]) -> str:
    """``∂n5/∂n4 = 1 − n5² = 1 − 0.7071² = 0.5`` — the local derivative of ``node_id`` for one
    input: the op's formula in the nodes' names, then with their values, then the number."""
    n = out.graph.nodes[node_id]
    formula = OPS[n.op].derivative[c.slot]
    ids = {"out": node_id, "a": n.children[0]}
    if len(n.children) > 1:
        ids["b"] = n.children[1]
    p = f"{n.param:g}" if n.param is not None else "p"
    in_names = _SYMBOLS.sub(lambda m: p if m[1] == "p" else who[ids[m[1]]], formula)
    in_numbers = _SYMBOLS.sub(lambda m: p if m[1] == "p" else paren(out.values[ids[m[1]]]), formula)
    result = num(c.local)
    chain = [f"∂{who[node_id]}/∂{who[c.child]}", in_names]
    if in_numbers != in_names and in_numbers.strip("()") != result:
        chain.append(in_numbers)
    if chain[-1] != result:
        chain.append(result)
    return " = ".join(chain)


def contribution_line(out: Outcome, c: Contribution, node_id: int, who: list[str]) -> str:
    """One markdown bullet: the += line with its numbers and how the child's gradient moved."""
    node, child = who[node_id], who[c.child]
    return (
        f"`grad({child}) += grad({node}) · ∂{node}/∂{child}` = {num(c.upstream)} · "
        f"{paren(c.local)} = **{num(c.amount)}**, so grad({child}) goes "
        f"{num(c.before)} → **{num(c.after)}**"
    )


def step_markdown(out: Outcome, position: int) -> str:
    """What the current position has just done, with every number."""
    p = out.clamp(position)
    who = names(out)
    root = who[out.graph.root]
    n_steps = out.last - SEED
    if p == 0:
        return (
            "Nothing computed yet: the leaves hold the Values, every other box shows `?`. "
            "Press **Forward** to compute each node from its inputs."
        )
    if p == FORWARD:
        order = " → ".join(
            f"{who[n.id]} = {num(out.values[n.id])}" for n in out.graph.nodes if not n.is_leaf
        )
        return (
            f"**Forward pass done.** Each node was computed after its inputs (topological "
            f"order): {order}. The output {root} = **{num(out.output)}**. Every gradient starts "
            "at 0. Press **Backward** to start from the output."
        )
    if p == SEED and n_steps == 0:
        return (
            f"**Backward starts at the output:** grad({root}) = ∂{root}/∂{root} = **1**. "
            "The expression is a single leaf, so there is nothing to pass it back through."
        )
    if p == SEED:
        return (
            f"**Backward starts at the output:** grad({root}) = ∂{root}/∂{root} = **1**. "
            f"Next, {n_steps} operation node{'s' if n_steps != 1 else ''} pass their gradient "
            "back one at a time, output first (reverse topological order)."
        )
    step = out.step_at(p)
    assert step is not None
    name = who[step.node]
    ders = "; ".join(local_formula(out, c, step.node, who) for c in step.contributions)
    lines = [
        f"**Step {p - SEED} of {n_steps}: {name} = {applied(out, step.node, who)}** passes its "
        "gradient "
        f"grad({name}) = {num(step.contributions[0].upstream)} back to its inputs.",
        "",
        f"Local derivative{'s' if len(step.contributions) > 1 else ''}: {ders}.",
        "",
        *(f"- {contribution_line(out, c, step.node, who)}" for c in step.contributions),
    ]
    if p == out.last:
        lines += ["", "**Backward pass done:** every gradient is final — compare the table."]
    return "\n".join(lines)


def shared_node(out: Outcome) -> int | None:
    """The first node that feeds more than one edge (a leaf if there is one), else None."""
    uses = [(len(out.graph.parents(n.id)), n) for n in out.graph.nodes]
    shared = [n for k, n in uses if k > 1]
    leaves = [n for n in shared if n.is_leaf]
    pick = (leaves or shared or [None])[0]
    return None if pick is None else pick.id


def plus_equals_markdown(out: Outcome, position: int) -> str:
    """The "+=" point, in this expression's numbers (or where to see it, if nothing is shared)."""
    who = names(out)
    node_id = shared_node(out)
    if node_id is None:
        return (
            "**Why `+=`?** Here every node feeds exactly one other, so each gradient is written "
            "once and `+=` looks like `=`. Load **x used twice** (or type `x*x`) to see a "
            "gradient arrive in two pieces."
        )
    name = who[node_id]
    adds = out.contributions_to(node_id)
    p = out.clamp(position)
    arrived = [(q, c) for q, c in adds if q <= p]
    parents = list(dict.fromkeys(who[parent] for parent, _ in out.graph.parents(node_id)))
    senders = [who[_sender(out, q)] for q, _ in adds]
    twice = len(set(senders)) < len(senders)  # x*x: both shares come from one node
    shares = " and ".join(
        f"{num(c.amount)} from {s}" + (f" (its input {c.slot + 1})" if twice else "")
        for s, (_, c) in zip(senders, adds)
    )
    total = out.grads[node_id]
    fd = out.numeric[node_id]
    check = f" — finite differences give {num(fd)}" if fd is not None else ""
    last_only = adds[-1][1].amount
    text = (
        f"**Why `+=`?** {name} feeds {len(adds)} edges (into {', '.join(parents)}), so the "
        f"output depends on {name} along {len(adds)} paths and ∂out/∂{name} is the sum of what "
        f"comes back along each: {shares}. The engine adds each share as it arrives: "
        f"0 + {' + '.join(paren(c.amount) for _, c in adds)} = **{num(total)}**{check}. "
        f"Writing `=` instead would keep only the last share, {num(last_only)}"
        + (", which happens to be the same here." if last_only == total else ", which is wrong.")
    )
    if len(arrived) < len(adds):
        text += (
            f" So far {len(arrived)} of {len(adds)} shares have arrived: "
            f"grad({name}) = {num(out.grads_at(p)[node_id] if p >= SEED else 0.0)}."
        )
    return text


def _sender(out: Outcome, position: int) -> int:
    step = out.step_at(position)
    assert step is not None
    return step.node


def table_rows(out: Outcome, position: int) -> list[dict[str, str]]:
    """One row per node, in forward order: what it is, its value and gradient at ``position``,
    and for leaves the central difference and its relative error to the final gradient (blank
    until the backward pass is done)."""
    who = names(out)
    p = out.clamp(position)
    grads = out.grads_at(p)
    done = p == out.last
    errors = out.rel_errors()
    rows = []
    for n in out.graph.nodes:
        kind = "variable" if n.op == "leaf" else "number" if n.is_leaf else op_text(out, n.id)
        fd = out.numeric[n.id]
        rows.append(
            {
                "node": who[n.id],
                "op": kind,
                "computes": n.source,
                "value": num(out.values[n.id]) if p >= FORWARD or n.is_leaf else "?",
                "grad": num(grads[n.id]) if grads is not None else "0" if p else "",
                "finite difference": num(fd) if fd is not None and n.is_leaf else "",
                "rel. error": num(errors[n.id]) if done and errors[n.id] is not None else "",
            }
        )
    return rows
