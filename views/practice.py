"""Practice: interview drills generated from a seed and graded from the engine's own numbers.

Thin on purpose: the questions, answers, slips and solutions are backprop_core.practice; the
drawing is ui/practice; the seed, kind and level live in the link (ui/practice/settings.py).
"""

import streamlit as st

from backprop_core.practice import NumericQuestion, kind_for
from ui import settings
from ui.layout import header, show_problems
from ui.practice import progress, question, sentences, solution
from ui.practice.settings import PRACTICE

header(
    "Practice",
    "Interview drills on a tiny network: compute the number by hand, type it, and the engine "
    "grades it — naming the classic slip when you make one.",
    try_this="answer, then open **Worked solution** and **Show the NumPy**; set **Kind of "
    "question** to *Hidden δ* and press **Same kind again** until you get three in a row.",
)
s = settings.load(PRACTICE)
with st.sidebar:
    number = settings.widget(PRACTICE, "q", box=True)
    kind = settings.widget(PRACTICE, "kind")
    level = settings.widget(PRACTICE, "level")
s, problems = settings.save(PRACTICE, {**s, "q": number, "kind": kind, "level": level})
show_problems(settings.url_problems(PRACTICE) + problems)

seed, level = int(s["q"]), int(s["level"])
asked_kind = kind_for(seed, str(s["kind"]))
q = question.make(seed, asked_kind, level)
qid = question.question_id(seed, asked_kind, level)
st.caption(f"Question {seed} · {sentences.KIND_NAMES[asked_kind]}")

numeric = isinstance(q, NumericQuestion)
if numeric:
    st.markdown(sentences.conventions(q))
    left, right = st.columns([1, 1], gap="medium")
    with left:
        question.diagram(q)
    with right:
        question.numeric(q, qid)
    question.tables(q)
else:
    question.concept(q, qid)

question.buttons(seed, asked_kind, qid)
settings.share_box(PRACTICE, s, label="Share this question")

if question.answered_right(qid, q) or question.revealed(qid):
    if numeric:
        solution.numeric(q, qid)
    else:
        solution.concept(q)

with st.sidebar:
    progress.panel(progress.current())
