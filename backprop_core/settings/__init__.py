"""Each page's settings declared once (fields + schema); parsing untrusted links, writing them."""

from .fields import Bool, Choice, ChoiceList, Field, Float, FloatList, Int, IntList, Text, shown
from .schema import Schema, Values

__all__ = [
    "Bool",
    "Choice",
    "ChoiceList",
    "Field",
    "Float",
    "FloatList",
    "Int",
    "IntList",
    "Schema",
    "Text",
    "Values",
    "shown",
]
