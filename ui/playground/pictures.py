"""Small pictures for the Playground's charts: arrays of values in [−1, 1] as PNG data URIs,
blue −1, white 0, orange +1 (the app's sign colours, ``ui.charts``)."""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence

import numpy as np
from PIL import Image

from ui.charts import CLASS_COLOURS, MID, NEG, POS


def _rgb(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)], dtype=float)


_RGB_NEG, _RGB_POS, _RGB_MID = _rgb(NEG), _rgb(POS), _rgb(MID)


def tile_png(values: np.ndarray, light: bool = False) -> str:
    """A ``(rows, cols)`` array in [−1, 1] as a PNG data URI: blue −1, white 0, orange +1
    (at 55 % strength when ``light``, as a background for points)."""
    v = np.clip(np.nan_to_num(np.asarray(values, dtype=float)), -1.0, 1.0)[..., None]
    if light:
        v = v * 0.55
    rgb = np.where(
        v >= 0, _RGB_MID + v * (_RGB_POS - _RGB_MID), _RGB_MID - v * (_RGB_NEG - _RGB_MID)
    )
    buf = io.BytesIO()
    Image.fromarray(rgb.round().astype(np.uint8), "RGB").save(buf, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def classes_png(winner: np.ndarray, confidence: np.ndarray) -> str:
    """Winning classes ``(rows, cols)`` as a PNG data URI in the class colours, each mixed
    into white by its confidence in [0, 1] (15 % at none, 75 % at full), as the points'
    background."""
    colours = np.array([_rgb(c) for c in CLASS_COLOURS])[np.asarray(winner, int)]
    strength = 0.15 + 0.6 * np.clip(np.nan_to_num(confidence), 0.0, 1.0)[..., None]
    rgb = _RGB_MID + strength * (colours - _RGB_MID)
    buf = io.BytesIO()
    Image.fromarray(rgb.round().astype(np.uint8), "RGB").save(buf, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def tiles_png(
    tiles: Sequence[tuple[float, float, np.ndarray]], width: float, height: float, px: float
) -> str:
    """Many ``(x, y, values)`` tiles (top-left corner in plot units, values in [−1, 1]) on one
    transparent ``width × height`` canvas at ``px`` pixels per unit, as one PNG data URI: a
    single layout image redraws far faster than one image per unit."""
    canvas = np.zeros((int(round(height * px)), int(round(width * px)), 4), dtype=np.uint8)
    for x, y, values in tiles:
        v = np.clip(np.nan_to_num(np.asarray(values, dtype=float)), -1.0, 1.0)[..., None]
        rgb = np.where(
            v >= 0, _RGB_MID + v * (_RGB_POS - _RGB_MID), _RGB_MID - v * (_RGB_NEG - _RGB_MID)
        )
        h, w = v.shape[:2]
        r = min(int(round(y * px)), canvas.shape[0] - h)
        c = min(int(round(x * px)), canvas.shape[1] - w)
        canvas[r : r + h, c : c + w, :3] = rgb.round().astype(np.uint8)
        canvas[r : r + h, c : c + w, 3] = 255
    buf = io.BytesIO()
    Image.fromarray(canvas, "RGBA").save(buf, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def unit_scale(a: np.ndarray, activation: str) -> np.ndarray:
    """Map a unit's outputs to [−1, 1] for colouring: tanh as is, sigmoid from (0, 1), and
    unbounded activations by their largest magnitude on the plane."""
    if activation == "tanh":
        return a
    if activation == "sigmoid":
        return 2.0 * a - 1.0
    with np.errstate(all="ignore"):
        m = float(np.nanmax(np.abs(a))) if a.size else 0.0
    return a / m if np.isfinite(m) and m > 0 else np.zeros_like(a)


def as_plane(a: np.ndarray) -> np.ndarray:
    """A unit's picture at half the probe's resolution (a tile is small on screen); 1-D probes
    (sine) become a square picture by repeating the line vertically."""
    return np.repeat(a[None, ::2], len(a[::2]), axis=0) if a.ndim == 1 else a[::2, ::2]
