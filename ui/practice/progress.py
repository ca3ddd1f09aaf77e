"""This visit's score: each question counts once, by its first real answer (a typed number or a
chosen option; text that is not a number does not count). Revealing the solution first makes
that question count as missed. Kept in ``st.session_state``, so it is per visitor."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from .sentences import KIND_NAMES

KEY = "_practice_progress"


@dataclass
class Progress:
    counted: dict[str, bool] = field(default_factory=dict)  # question id -> right first time
    tally: dict[str, list[int]] = field(default_factory=dict)  # kind -> [right, counted]
    streak: int = 0
    best: int = 0

    @property
    def score(self) -> int:
        return sum(self.counted.values())

    def record(self, qid: str, kind: str, correct: bool) -> None:
        if qid in self.counted:
            return
        self.counted[qid] = correct
        right, total = self.tally.get(kind, [0, 0])
        self.tally[kind] = [right + correct, total + 1]
        self.streak = self.streak + 1 if correct else 0
        self.best = max(self.best, self.streak)


def current() -> Progress:
    if KEY not in st.session_state:
        st.session_state[KEY] = Progress()
    return st.session_state[KEY]


def panel(p: Progress) -> None:
    """Score, streak and the per-kind tally (most missed first)."""
    st.subheader("This visit", divider="gray")
    a, b, c = st.columns(3)
    a.metric("Score", f"{p.score} / {len(p.counted)}")
    b.metric("Streak", p.streak)
    c.metric("Best", p.best)
    if not p.tally:
        st.caption("Each question counts once, by your first answer.")
        return
    rows = sorted(p.tally.items(), key=lambda kv: (kv[1][0] - kv[1][1], kv[0]))
    table = pd.DataFrame(
        [
            {"kind": KIND_NAMES[k], "right": right, "missed": total - right}
            for k, (right, total) in rows
        ]
    )
    st.dataframe(table, hide_index=True, width="stretch")
