"""A page's settings in Streamlit: read from the link once, kept per visitor, drawn as widgets,
written back to the URL and offered as a share link — all from the page's one ``Schema``.

The only module of ``ui/`` and ``views/`` that touches ``st.query_params``. Each visitor's values
live in ``st.session_state`` under the page's own key, so they survive a visit to another page;
a widget is seeded from them only when it has no value yet, so what a visitor typed is never
overwritten.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from backprop_core.settings import (
    Bool,
    Choice,
    ChoiceList,
    Float,
    Int,
    IntList,
    Schema,
    Text,
    Values,
)
from ui.format import fmt


def _memory(schema: Schema) -> str:
    return f"_settings_{schema.page}"


def _problems(schema: Schema) -> str:
    return f"_settings_{schema.page}_url_problems"


def widget_key(schema: Schema, key: str) -> str:
    return f"{schema.page}_{key}"


def _written(schema: Schema) -> str:
    return f"_settings_{schema.page}_written"


def load(schema: Schema) -> Values:
    """This visitor's settings: read from the link when it holds parameters this page did not
    write itself (a shared link, or another page's link to this one), else the ones remembered
    from earlier in the visit. What was wrong with a link is kept for :func:`url_problems`."""
    params = st.query_params.to_dict()
    # A rerun carries the address bar as the browser had it, which lags behind fast clicks: any
    # link this page wrote itself lately is not a new one (else a stale one would undo a click).
    arrived = bool(params) and params not in st.session_state.get(_written(schema), [])
    if arrived or _memory(schema) not in st.session_state:
        values, problems = schema.parse(params)
        st.session_state[_memory(schema)] = values
        st.session_state[_problems(schema)] = problems
        st.session_state[_written(schema)] = [params]
        if arrived:
            _forget_widgets(schema)
    return dict(st.session_state[_memory(schema)])


def _forget_widgets(schema: Schema) -> None:
    """A new link replaces what the widgets held, so they are seeded from it again."""
    for key in schema.keys:
        st.session_state.pop(widget_key(schema, key), None)


def url_problems(schema: Schema) -> list[str]:
    """What the visitor's link asked for that could not be used, until they change a setting."""
    return list(st.session_state.get(_problems(schema), []))


def save(schema: Schema, values: Mapping[str, object]) -> tuple[Values, list[str]]:
    """Validate ``values``, remember them for this visitor and put them in the URL.
    Returns the validated values and what had to change."""
    values, problems = schema.validate(values)
    before = st.session_state.get(_memory(schema))
    if before is not None and before != values:
        st.session_state[_problems(schema)] = []
    st.session_state[_memory(schema)] = values
    _write_url(schema, values)
    return dict(values), problems


def _write_url(schema: Schema, values: Values) -> None:
    want = schema.to_params(values)
    recent = st.session_state.get(_written(schema), [])
    st.session_state[_written(schema)] = [*[p for p in recent if p != want][-15:], want]
    for k in list(st.query_params.keys()):
        if k not in want:
            del st.query_params[k]
    for k, v in want.items():
        if st.query_params.get(k) != v:
            st.query_params[k] = v


def _to_widget(f: object, value: object) -> object:
    if isinstance(f, IntList):
        return ", ".join(str(v) for v in value)  # type: ignore[union-attr]
    if isinstance(f, ChoiceList):
        return list(value)  # type: ignore[call-overload]
    return value


def set_value(schema: Schema, key: str, value: object) -> None:
    """Change one setting from code (a preset, a remedy button): call it from an ``on_click``
    callback, or before the widget is drawn in this run."""
    values = load(schema)
    values[key] = value
    values, _ = schema.validate(values)
    st.session_state[_memory(schema)] = values
    st.session_state[_problems(schema)] = []
    st.session_state[widget_key(schema, key)] = _to_widget(schema.field(key), values[key])


def widget(schema: Schema, key: str, where=st, box: bool = False, **overrides: object) -> object:
    """Draw the standard widget for one field (label and help from its declaration), seeded from
    the remembered value, and return its current valid value. ``overrides`` replace any of the
    widget's arguments (e.g. ``format_func``); ``box`` draws a whole number as a number box
    instead of a slider. A text or number field whose entry cannot be used says, under it, what
    is used instead; the entry stays as typed."""
    f = schema.field(key)
    wkey = widget_key(schema, key)
    if wkey not in st.session_state:
        st.session_state[wkey] = _to_widget(f, load(schema)[key])
    kw: dict[str, object] = {"label": f.label or key, "help": f.help or None, "key": wkey}

    def draw(make, **defaults: object) -> object:
        return make(**(defaults | kw | overrides))

    if isinstance(f, Bool):
        return bool(draw(where.toggle))
    if isinstance(f, Choice):
        return draw(where.selectbox, options=f.choices, format_func=f.name)
    if isinstance(f, ChoiceList):
        return tuple(draw(where.multiselect, options=f.choices, format_func=f.name))
    if isinstance(f, Float) and f.choices:
        return draw(where.select_slider, options=f.choices, format_func=fmt)
    if isinstance(f, Int) and not box:
        return int(draw(where.slider, min_value=f.lo, max_value=f.hi))
    if isinstance(f, Float | Int):
        # No min/max on the box: Streamlit would silently refuse a typed value outside them;
        # the field clamps it and says so under the box instead.
        typed = draw(where.number_input, format="%g" if isinstance(f, Float) else "%d")
    elif isinstance(f, Text | IntList):
        typed = draw(where.text_input)
    else:
        raise TypeError(f"no widget for {type(f).__name__}")
    value, note = f.read(typed)
    if note:
        where.warning(note, icon=":material/edit_note:")
    return value


def share_url(schema: Schema, values: Mapping[str, object]) -> str:
    """The absolute link to this view (when the browser told us where we are)."""
    base = (st.context.url or f"/{schema.page}").split("?", 1)[0]
    return f"{base}?{schema.query(values)}"


def page_link(
    schema: Schema, script: str, values: Mapping[str, object], label: str, icon: str | None = None
) -> None:
    """A link that opens ``script`` (the page declared by ``schema``) in exactly this state."""
    st.page_link(script, label=label, icon=icon, query_params=schema.to_params(values))


def share_box(schema: Schema, values: Mapping[str, object], label: str = "Share this view") -> None:
    """A popover with the full link to copy (the code block has a copy button)."""
    with st.popover(label, icon=":material/share:"):
        st.caption("Whoever opens this link sees exactly this view, with every setting.")
        st.code(share_url(schema, values), language=None, wrap_lines=True)
