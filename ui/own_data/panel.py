"""The data panel: draw points, bring a CSV (upload or paste), download, go back to the
generated data. The points travel in the link as ``data=``; this module only decides that value
and says what happened — the page saves it with the rest of its settings.

Each visitor's panel state (the current :class:`~ui.own_data.edits.Edit`, the Undo stack, the
last message) lives in ``st.session_state[key]``. Buttons and the uploader act in callbacks, so
the page drawn after them already trains on the new data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st

from backprop_core.datasets import MAX_CLASSES
from backprop_core.userdata import MAX_BYTES, MAX_POINTS, Points, read_csv, write_csv

from . import edits
from .edits import Edit

UNDO_DEPTH = 50
COLOUR_NAMES = ("blue", "orange", "green", "pink", "sky blue")  # names of CLASS_COLOURS
FILE_NAME = "backprop-lab-data.csv"
FORMAT_HELP = (
    "Columns `x1,x2,label` for classification (labels 0 … 4, at least 2 points of each class) "
    "or `x,y` for regression; a header line first, then one point a line. At most "
    f"{MAX_POINTS} points and {MAX_BYTES // 1000} kB, coordinates within ±32, kept to 3 decimals "
    "(as the link keeps them)."
)


@dataclass
class _State:
    edit: Edit = field(default_factory=Edit)
    undo: list[Edit] = field(default_factory=list)
    seen: str | None = None  # the data value last handed to the page
    error: list[str] = field(default_factory=list)  # a refused file or text, shown once
    note: str = ""  # a refused drawing step (e.g. too many points for a link)


@dataclass(frozen=True)
class Panel:
    """What the page needs from the panel: ``data`` to train on (the link value), whether the
    plane is in drawing mode, the class a click adds, and the pending drawing (if any), which
    the plane may show instead of the data trained on."""

    data: str
    draw: bool
    label: int
    pending: Points | None


def class_name(k: int) -> str:
    return f"Class {k} ({COLOUR_NAMES[k]})"


def _state(key: str) -> _State:
    if not isinstance(st.session_state.get(key), _State):
        st.session_state[key] = _State()
    return st.session_state[key]


def _adopt(state: _State, data: str) -> None:
    """A ``data`` value the panel did not hand out (a new link, a reset): start from it."""
    if data != state.seen:
        if state.seen is not None and data != state.edit.data:
            state.undo = []
        state.edit, state.seen = Edit(data), data


def _apply(state: _State, new: Edit) -> None:
    if new != state.edit:
        state.undo = [*state.undo, state.edit][-UNDO_DEPTH:]
        state.edit = new
    state.error = []


def _undo(key: str, changes: int) -> None:
    """Take back the last of the ``changes`` the visitor saw (a callback Streamlit runs twice
    takes back one)."""
    state = _state(key)
    if state.undo and len(state.undo) == changes:
        *state.undo, state.edit = state.undo
    state.error, state.note = [], ""


def _clear(key: str) -> None:
    state = _state(key)
    _apply(state, edits.clear(state.edit))
    state.note = ""


def _generated(key: str) -> None:
    state = _state(key)
    _apply(state, Edit())
    state.note = ""


def _load(key: str, text: str | bytes | None) -> None:
    """A file or pasted text: all of it, or nothing and why (the previous data is kept)."""
    if text is None:
        return
    state = _state(key)
    points, problems = read_csv(text)
    if points is None:
        state.error = problems
        return
    _apply(state, edits.loaded(points))
    state.note = ""


def _uploaded(key: str) -> None:
    file = st.session_state.get(f"{key}_file")
    _load(key, file.getvalue() if file is not None else None)


def _pasted(key: str) -> None:
    _load(key, st.session_state.get(f"{key}_text", ""))


def clicked(key: str, point: dict[str, float], generated: Points, label: int) -> str:
    """A click on the plane in drawing mode: add the point; returns the data value to save
    (unchanged while the drawing is pending or when the point cannot be added)."""
    state = _state(key)
    try:
        x, y = float(point["x"]), float(point["y"])
    except (KeyError, TypeError, ValueError):
        return state.edit.data
    base = edits.shown(state.edit, generated)
    if len(base.y) >= MAX_POINTS:
        state.note = (
            f"A link carries at most {MAX_POINTS} points and the plane already shows "
            f"{len(base.y)}: lower Points, or Clear and draw your own. Download CSV keeps "
            "every point of this data."
        )
        return state.edit.data
    new, problems = edits.add(state.edit, generated, x, y, label)
    state.note = problems[0] if new == state.edit and problems else ""
    _apply(state, new)
    state.seen = new.data
    return new.data


def data_panel(data: str, generated: Points, key: str = "own_data", where=st) -> Panel:
    """Draw the panel into ``where`` for the data value ``data`` (the page's ``data=``
    setting; "" = ``generated``, the generated dataset's points); returns what the page uses:
    train on ``Panel.data`` (a button or file may just have changed it)."""
    state = _state(key)
    _adopt(state, data)
    box = where.container()
    shown = edits.shown(state.edit, generated)
    box.caption(_summary(state.edit, shown))
    regression = shown.task == "regression"
    draw = box.toggle(
        "Draw points",
        key=f"{key}_draw",
        disabled=regression,
        help=(
            "Click on the output plane to add a point of the chosen class there. The network "
            "then retrains from its seed on the new points, split into training and test sets "
            "by the seed as the generated data is. Regression data comes from a CSV."
        ),
    )
    label = 0
    if draw and not regression:
        k = edits.classes_to_draw(shown)
        label = box.radio(
            "Class to draw",
            range(k),
            format_func=class_name,
            horizontal=True,
            key=f"{key}_label",
            help=(
                f"Labels 0 … {MAX_CLASSES - 1}; the picker offers the classes on the plane and "
                "one new class. More than two classes train a softmax output, "
                "p_k = e^{z_k} / Σ_j e^{z_j}, with cross-entropy loss L = −Σ_k y_k log p_k."
            ),
        )
        label = min(int(label or 0), k - 1)
        undo, clear = box.columns(2)
        undo.button(
            "Undo",
            key=f"{key}_undo",
            on_click=_undo,
            args=(key, len(state.undo)),
            disabled=not state.undo,
            width="stretch",
            help="Take back the last change to the data (a point, Clear or a loaded file).",
        )
        clear.button(
            "Clear",
            key=f"{key}_clear",
            on_click=_clear,
            args=(key,),
            width="stretch",
            help="An empty plane to draw on. The network trains on the previous data until "
            "the drawing has 2 points of each of at least 2 classes.",
        )
    if state.edit.pending is not None:
        _, problems = edits.usable(state.edit.pending)
        box.info(
            f"Your drawing ({_count(state.edit.pending)}) is not trained on yet: "
            f"{problems[0] if problems else 'add a point'}. Until then the network trains on "
            "the previous data."
        )
    if state.note:
        box.warning(state.note)
    _bring(box, key)
    if state.error:
        box.error(
            "That CSV was not loaded; the previous data is kept.\n\n"
            + "\n".join(f"- {p}" for p in state.error)
        )
    _take(box, key, state, edits.trained_on(state.edit, generated))
    state.seen = state.edit.data
    return Panel(state.edit.data, bool(draw and not regression), label, state.edit.pending)


def _bring(box, key: str) -> None:
    with box.expander("Bring your own CSV"):
        st.file_uploader(
            "Upload a CSV file",
            type=["csv", "txt"],
            max_upload_size=1,  # MB: the browser refuses bigger files before sending them
            key=f"{key}_file",
            on_change=_uploaded,
            args=(key,),
            help=FORMAT_HELP,
        )
        st.text_area(
            "…or paste CSV text",
            key=f"{key}_text",
            height=110,
            placeholder="x1,x2,label\n0.5,1.2,0\n-1.0,2.5,1\n…",
            help=FORMAT_HELP,
        )
        st.button("Load the pasted CSV", key=f"{key}_paste", on_click=_pasted, args=(key,))


def _take(box, key: str, state: _State, current: Points) -> None:
    left, right = box.columns(2)
    left.download_button(
        "Download CSV",
        write_csv(current),
        file_name=FILE_NAME,
        mime="text/csv",
        key=f"{key}_download",
        width="stretch",
        help="The points trained on now, as `x1,x2,label` or `x,y`: the file Upload reads back.",
    )
    if state.edit.data:
        right.button(
            "Generated data",
            key=f"{key}_generated",
            on_click=_generated,
            args=(key,),
            width="stretch",
            help="Back to the dataset chosen above; Undo brings your points back.",
        )


def _count(points: Points) -> str:
    n = len(points.y)
    if points.task != "classification" or not n:
        return f"{n} point{'s' * (n != 1)}"
    per = ", ".join(f"{c} of class {k}" for k, c in enumerate(edits.counts(points)))
    return f"{n} point{'s' * (n != 1)}: {per}"


def _summary(edit: Edit, shown: Points) -> str:
    if edit.pending is not None:
        return f"Drawing: {_count(shown)}."
    if edit.data:
        return f"Your data: {_count(shown)}; they travel in the share link."
    return f"The generated data: {_count(shown)}. Draw or load your own below."
