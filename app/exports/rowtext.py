"""Rows of text made column by column, for writers of large tables (GraphML, GEXF, CSV):
each column turned into text in one pass, the rows put together by interleaving the columns
and joining them in C, with no Python work per row."""

from __future__ import annotations

import numpy as np


def numbers_text(values: np.ndarray, *, repeated: bool = False) -> list[str]:
    """Numbers as Python writes them (``str`` of the int or float).  Floats, and integers that
    repeat (``repeated``: counts, a link's ends), are written once per distinct value (told
    apart by their bits: -0.0 is not 0.0) and the texts shared: writing a float costs ten
    times what looking its text up does."""
    if values.dtype.kind == "f" or repeated:
        bits = values.view(f"i{values.dtype.itemsize}") if values.dtype.kind == "f" else values
        distinct, where = np.unique(bits, return_inverse=True)
        texts = list(map(str, distinct.view(values.dtype).tolist()))
        return np.array(texts, dtype=object)[where].tolist() if texts else []
    return list(map(str, values.tolist()))


def write_rows(f, parts: list, n: int) -> None:
    """``n`` rows, each the concatenation of ``parts``: texts the same on every row, and
    columns of one text per row; the columns interleaved into one list and joined in C."""
    merged: list = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        else:
            merged.append(part)
    m = len(merged)
    pieces: list[str] = [""] * (n * m)
    for i, part in enumerate(merged):
        pieces[i::m] = [part] * n if isinstance(part, str) else part
    f.write("".join(pieces))
