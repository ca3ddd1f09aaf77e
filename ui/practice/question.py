"""The question: the network with its numbers, the question itself and the answer box, or the
options of a concept question; the verdict of the last answer."""

from __future__ import annotations

import numpy as np
import streamlit as st

from backprop_core.practice import (
    NUMERIC_KINDS,
    ConceptQuestion,
    NumericQuestion,
    Verdict,
    grade,
    make_question,
    next_seed,
    parse_number,
)
from backprop_core.practice.names import unit
from ui import settings
from ui.charts import PLOT_CONFIG
from ui.diagram import network_diagram
from ui.format import fmt

from . import progress, sentences
from .settings import PRACTICE

ANSWERS = "_practice_answers"  # question id -> the verdict of its last answer
REVEALED = "_practice_revealed"  # ids of the questions whose solution was asked for


@st.cache_data(max_entries=200, show_spinner=False)
def make(seed: int, kind: str, level: int) -> NumericQuestion | ConceptQuestion:
    """The question (pure in its arguments, so it is cached for everyone)."""
    return make_question(seed, kind, level)


def question_id(seed: int, kind: str, level: int) -> str:
    """One name per distinct question: concept questions have no level, so none in their id
    (changing Difficulty on one must not make it a new question to score again)."""
    return f"{seed}:{kind}:{level}" if kind in NUMERIC_KINDS else f"{seed}:{kind}"


def reveal(qid: str, kind: str) -> None:
    """Show the solution; a question not yet answered counts as missed."""
    st.session_state.setdefault(REVEALED, set()).add(qid)
    progress.current().record(qid, kind, False)


def revealed(qid: str) -> bool:
    return qid in st.session_state.get(REVEALED, set())


def _answers() -> dict[str, object]:
    return st.session_state.setdefault(ANSWERS, {})


def last_answer(qid: str) -> object:
    """The last answer's outcome: a Verdict, an option key, a non-number's text, or None."""
    return _answers().get(qid)


def answered_right(qid: str, q: NumericQuestion | ConceptQuestion) -> bool:
    got = last_answer(qid)
    if isinstance(got, Verdict):
        return got.correct
    return isinstance(q, ConceptQuestion) and got == ("option", q.answer)


def _table(rows: list[str], cols: list[str], values: np.ndarray) -> str:
    head = "| | " + " | ".join(cols) + " |\n|---|" + "---:|" * len(cols) + "\n"
    body = "".join(
        f"| **{r}** | " + " | ".join(fmt(v) for v in row) + " |\n" for r, row in zip(rows, values)
    )
    return head + body


def diagram(q: NumericQuestion) -> None:
    """The network with its weights on the edges (the exact numbers are in :func:`tables`)."""
    net = q.net
    sizes = net.sizes
    fig = network_diagram(
        sizes,
        net.weights,
        None,
        node_title="yours to compute",
        edge_title="w",
        height=260,
        edge_labels=True,
    )
    st.plotly_chart(fig, config=PLOT_CONFIG, width="stretch", key="practice_diagram")


def tables(q: NumericQuestion) -> None:
    """Input, target, every weight and bias: two tables a row (they stack on a phone)."""
    net, p = q.net, q.problem
    sizes = net.sizes
    names = [[unit(sizes, c, j) for j in range(n)] for c, n in enumerate(sizes)]
    data_cols = names[0] + [f"y{j + 1}" for j in range(sizes[-1])]
    shown = [
        "**Input and target**\n\n"
        + _table([f"sample {n + 1}" for n in range(p.batch)], data_cols, np.hstack([p.X, p.Y]))
    ]
    for l, (W, b) in enumerate(zip(net.weights, net.biases)):
        shown.append(
            f"**Layer {l + 1}**: w(row → column)\n\n"
            + _table([*names[l], "bias"], names[l + 1], np.vstack([W, b[None, :]]))
        )
    for row in range(0, len(shown), 2):
        for col, table in zip(st.columns(2), shown[row : row + 2]):
            col.markdown(table)


def numeric(q: NumericQuestion, qid: str) -> None:
    """The answer box; grades on Check and remembers the outcome for this question."""
    st.markdown(sentences.ask(q))
    with st.form(f"practice_form_{qid}", border=False, enter_to_submit=True):
        text = st.text_input(
            "Your answer",
            key=f"practice_answer_{qid}",
            placeholder="e.g. 0.0822",
        )
        checked = st.form_submit_button("Check", type="primary", icon=":material/check:")
    if checked:
        value = parse_number(text)
        if value is None:
            _answers()[qid] = ("text", text)
        else:
            v = grade(value, q.answer, q.slips)
            _answers()[qid] = v
            progress.current().record(qid, q.kind, v.correct)
    show_verdict(qid, q)
    st.caption(sentences.TOLERANCE)


def concept(q: ConceptQuestion, qid: str) -> None:
    """The options, shuffled by the seed; grades on Check."""
    st.markdown(sentences.concept_ask(q))
    with st.form(f"practice_form_{qid}", border=False):
        chosen = st.radio(
            "Your answer",
            q.options,
            index=None,
            format_func=lambda k: sentences.option(q, k),
            key=f"practice_choice_{qid}",
        )
        checked = st.form_submit_button("Check", type="primary", icon=":material/check:")
    if checked:
        if chosen is None:
            _answers()[qid] = ("none", "")
        else:
            _answers()[qid] = ("option", chosen)
            progress.current().record(qid, q.kind, chosen == q.answer)
    show_verdict(qid, q)


def show_verdict(qid: str, q: NumericQuestion | ConceptQuestion) -> None:
    got = last_answer(qid)
    if isinstance(got, Verdict):
        (st.success if got.correct else st.error)(sentences.verdict(got))
    elif isinstance(got, tuple) and got[0] == "text":
        st.warning(sentences.not_a_number(got[1]))
    elif isinstance(got, tuple) and got[0] == "none":
        st.warning("Choose one of the options first. Not counted.")
    elif isinstance(got, tuple) and isinstance(q, ConceptQuestion):
        right = got[1] == q.answer
        (st.success if right else st.error)(sentences.concept_verdict(q, got[1]))


def _next(seed: int, kind: str | None) -> None:
    """On to the next question of the seed walk; ``kind`` fixes the kind (Same kind again)."""
    settings.set_value(PRACTICE, "q", next_seed(seed))
    if kind is not None:
        settings.set_value(PRACTICE, "kind", kind)


def buttons(seed: int, kind: str, qid: str) -> None:
    """Show solution, Next question, Same kind again."""
    a, b, c = st.columns(3)
    a.button(
        "Show solution",
        icon=":material/lightbulb:",
        on_click=reveal,
        args=(qid, kind),
        width="stretch",
    )
    b.button(
        "Next question",
        icon=":material/arrow_forward:",
        on_click=_next,
        args=(seed, None),
        type="primary",
        width="stretch",
    )
    c.button(
        "Same kind again",
        icon=":material/replay:",
        on_click=_next,
        args=(seed, kind),
        width="stretch",
    )
