"""The Practice page in AppTest: every kind graded from the engine's numbers, slips named,
garbage warned and not counted, the solution's numbers the core's, links reproducible."""

from __future__ import annotations

from urllib.parse import parse_qsl

import numpy as np
import pytest

from backprop_core.practice import (
    CONCEPT_KINDS,
    NUMERIC_KINDS,
    ConceptQuestion,
    NumericQuestion,
    kind_for,
    make_question,
    next_seed,
)
from ui.format import fmt_latex
from ui.practice import sentences

from .conftest import by_label, open_page

PAGE = "views/practice.py"


def practice(**params: str):
    at = open_page(PAGE, {k: str(v) for k, v in params.items()})
    assert not at.exception, [e.value for e in at.exception]
    return at


def answer(at, text: str):
    at.text_input[0].input(text)
    by_label(at.button, "Check").click().run()
    assert not at.exception
    return at


def markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def score(at) -> str:
    return by_label(at.metric, "Score").value


@pytest.mark.parametrize("kind", NUMERIC_KINDS)
def test_numeric_kind_is_graded_from_the_engine(kind: str):
    seed, level = 3, 1 + NUMERIC_KINDS.index(kind) % 3
    q = make_question(seed, kind, level)
    assert isinstance(q, NumericQuestion) and q.slips
    at = practice(q=seed, kind=kind, level=level)
    assert sentences.ask(q) in markdown(at)

    answer(at, "not a number")  # garbage: warned, not counted
    assert any("is not a number" in w.value for w in at.warning)
    assert score(at) == "0 / 0"

    answer(at, repr(q.answer * 1.05))  # 5 % off: wrong, and says how far
    assert at.error and "5.0% off" in at.error[0].value
    assert score(at) == "0 / 1"

    slip = q.slips[0]
    answer(at, repr(slip.value))  # a classic slip: named
    assert sentences.SLIPS[slip.key] in at.error[0].value

    answer(at, f"{q.answer:.5g}".replace(".", ","))  # the engine's answer, typed with a comma
    assert at.success and "Correct" in at.success[0].value and not at.error
    assert score(at) == "0 / 1"  # each question counts once, by its first answer

    # the worked solution appeared, with the core's numbers and the answer to the last digit
    text = markdown(at)
    assert f"**Answer: `{q.answer!r}`**" in text
    for step in q.solution.steps:
        assert fmt_latex(step.value) in text or step.group in ("forward", "update", "after")
    assert any("import numpy as np" in c.value for c in at.code)  # Show the NumPy


@pytest.mark.parametrize("kind", CONCEPT_KINDS)
def test_concept_kind_is_graded_from_its_experiment(kind: str):
    q = make_question(4, kind)
    assert isinstance(q, ConceptQuestion)
    at = practice(q=4, kind=kind)
    radio = at.radio[0]
    assert list(radio.options) == [sentences.option(q, k) for k in q.options]  # seed's order

    by_label(at.button, "Check").click().run()  # nothing chosen: warned, not counted
    assert any("Choose one" in w.value for w in at.warning)
    assert score(at) == "0 / 0"

    wrong = next(k for k in q.options if k != q.answer)
    at.radio[0].set_value(wrong)
    by_label(at.button, "Check").click().run()
    assert at.error and score(at) == "0 / 1"

    at.radio[0].set_value(q.answer)
    by_label(at.button, "Check").click().run()
    assert at.success and not at.exception
    text = markdown(at)
    assert sentences.concept_why(q) in text  # the experiment's numbers, once answered


def test_right_first_time_scores_and_keeps_a_streak():
    at = practice(q=11, kind="loss", level=1)
    q = make_question(11, "loss", 1)
    answer(at, repr(q.answer))
    assert score(at) == "1 / 1" and by_label(at.metric, "Streak").value == "1"
    by_label(at.button, "Same kind again").click().run()
    assert at.query_params["q"] == str(next_seed(11)) and at.query_params["kind"] == "loss"
    q2 = make_question(next_seed(11), "loss", 1)
    answer(at, repr(q2.answer))
    assert score(at) == "2 / 2" and by_label(at.metric, "Streak").value == "2"
    assert "Loss" in [r for r in at.dataframe[0].value["kind"]]


def test_the_same_link_gives_the_same_question_in_a_fresh_session():
    first = practice(q=987, level=2)
    again = practice(q=987, level=2)
    kind = kind_for(987)
    assert markdown(first) == markdown(again)
    assert f"Question 987 · {sentences.KIND_NAMES[kind]}" in [c.value for c in first.caption]


def test_next_question_follows_the_seed_walk_and_keeps_any_kind():
    at = practice(q=5)
    by_label(at.button, "Next question").click().run()
    assert at.query_params["q"] == str(next_seed(5))
    assert at.query_params["kind"] == "any"
    assert not at.exception


def test_show_solution_counts_as_missed_and_shows_the_numpy():
    at = practice(q=8, kind="grad_w_out", level=1)
    by_label(at.button, "Show solution").click().run()
    q = make_question(8, "grad_w_out", 1)
    assert f"**Answer: `{q.answer!r}`**" in markdown(at)
    assert score(at) == "0 / 1"
    assert any("import numpy as np" in c.value for c in at.code)


def test_a_broken_link_warns_and_still_asks_a_question():
    at = practice(q="abc", kind="nope", level="9", extra="1")
    text = " ".join(w.value for w in at.warning)
    for key in ("q=", "kind=", "level=", "extra"):
        assert key in text
    assert at.text_input or at.radio


@pytest.mark.parametrize("kind", ["relu_init", "learning_rate"])
def test_a_concept_links_to_its_lab_in_a_setting_the_lab_accepts(kind: str):
    q = make_question(4, kind)
    at = practice(q=4, kind=kind)
    at.radio[0].set_value(q.answer)
    by_label(at.button, "Check").click().run()
    (link,) = at.get("page_link")
    lab = open_page(f"views/{link.proto.page}.py", dict(parse_qsl(link.proto.query_string)))
    assert not lab.exception
    assert not [w.value for w in lab.warning if "ignored or adjusted" in w.value]


@pytest.mark.parametrize(
    ("kind", "seed"), [("hidden_a", 2), ("grad_w_hidden", 6), ("loss_after", 9)]
)
def test_open_this_network_in_step_by_step(kind: str, seed: int):
    """The Step link opens exactly this network, example and η, at the stage of the number."""
    from backprop_core import stage_names
    from ui.step.session import LAB

    q = make_question(seed, kind, 1)
    at = practice(q=seed, kind=kind, level=1)
    by_label(at.button, "Show solution").click().run()
    (link,) = [p for p in at.get("page_link") if p.proto.page == "step_by_step"]
    step = open_page("views/step_by_step.py", dict(parse_qsl(link.proto.query_string)))
    assert not step.exception
    assert not [w.value for w in step.warning if "ignored or adjusted" in w.value]
    lab = step.session_state[LAB]
    start_w, start_b = lab.step_start()
    for mine, theirs in zip(q.net.weights + q.net.biases, [*start_w, *start_b], strict=True):
        assert np.array_equal(mine, theirs)
    assert np.array_equal(lab.X, q.problem.X) and np.array_equal(lab.Y, q.problem.Y)
    assert lab.pos == q.stage
    assert lab.names[lab.pos] == stage_names(q.net.n_layers)[q.stage]
    assert lab.run(q.problem.lr).loss == q.run.loss


def test_a_two_sample_question_says_why_it_has_no_step_link():
    at = practice(q=6, kind="grad_b", level=3)
    by_label(at.button, "Show solution").click().run()
    assert not [p for p in at.get("page_link") if p.proto.page == "step_by_step"]
    assert any("one example at a time" in c.value for c in at.caption)


def test_a_negative_number_inside_a_function_gets_one_pair_of_parentheses():
    from backprop_core.practice import Factor, Step
    from ui.practice.solution import filled

    step = Step(
        "forward",
        "a",
        "activation",
        r"\sigma(z)",
        r"\sigma(⟦0⟧) + ⟦0⟧",
        (Factor("z", "z", -0.25),),
        0.0,
    )
    assert filled(step) == r"\sigma(-0.25) + (-0.25)"


def test_changing_difficulty_does_not_rescore_a_concept_question():
    at = practice(q=4, kind="cost", level=1)
    at.radio[0].set_value(make_question(4, "cost").answer)
    by_label(at.button, "Check").click().run()
    assert score(at) == "1 / 1"
    by_label(at.selectbox, "Difficulty").set_value("2").run()
    assert at.success  # still answered
    at.radio[0].set_value(make_question(4, "cost").answer)
    by_label(at.button, "Check").click().run()
    assert score(at) == "1 / 1"


def test_a_typed_question_number_is_that_question_and_next_moves_on():
    at = practice(q=1)
    by_label(at.number_input, "Question number").set_value(42).run()
    assert f"Question 42 · {sentences.KIND_NAMES[kind_for(42)]}" in [c.value for c in at.caption]
    assert at.query_params["q"] == "42"
    by_label(at.button, "Next question").click().run()
    assert by_label(at.number_input, "Question number").value == next_seed(42)
    assert at.query_params["q"] == str(next_seed(42)) and not at.exception
