"""Delimited files read in chunks: the fast line reader gives exactly what Python's csv
module gives (rows, file line numbers, broken rows), whatever the chunk size."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.importers.base import ImportFailed
from app.importers.textfile import iter_text_chunks


def read(path: Path, **kw) -> tuple[list[list[str]], list[int], list[tuple[int, str, str]]]:
    rows, numbers, bad = [], [], []
    for chunk in iter_text_chunks(path, **kw):
        rows += chunk.frame.values.tolist()
        numbers += [int(n) for n in chunk.row_numbers_or_default()]
        bad += chunk.bad_rows or []
    return rows, numbers, bad


def test_broken_blank_and_crlf_lines_keep_their_file_line(tmp_path):
    path = tmp_path / "cdr.csv"
    path.write_bytes(
        b"caller;callee;start\r\n"
        b"0911;0922;2026-01-01 10:00\r\n"
        b"\r\n"
        b"0911;0933\r\n"  # a field short
        b" ; ;\r\n"  # blank cells only: skipped like a blank line
        b"0911;0944;2026-01-02;extra\r\n"
        b"0955;0966;2026-01-03 09:00\r\n"
    )
    rows, numbers, bad = read(path, chunk_chars=40)
    assert rows == [["0911", "0922", "2026-01-01 10:00"], ["0955", "0966", "2026-01-03 09:00"]]
    assert numbers == [2, 7]
    assert [(n, reason) for n, reason, _ in bad] == [
        (4, "2 fields where the header has 3"),
        (6, "4 fields where the header has 3"),
    ]
    assert bad[0][2] == "0911;0933", "the broken row is kept as it was written"
    assert (rows, numbers, bad) == read(path, by_rows=True)


CELL = st.text(alphabet="ab 0+é\t;,", max_size=6)


@settings(max_examples=60, deadline=None)
@given(
    lines=st.lists(st.lists(CELL, min_size=0, max_size=5), min_size=0, max_size=30),
    delimiter=st.sampled_from([",", ";", "\t"]),
    chunk=st.integers(min_value=1, max_value=80),
    crlf=st.booleans(),
)
def test_fast_reader_agrees_with_the_csv_module(tmp_path_factory, lines, delimiter, chunk, crlf):
    end = "\r\n" if crlf else "\n"
    text = delimiter.join(["caller", "callee", "start"]) + end
    text += "".join(delimiter.join(cells) + end for cells in lines)
    path = tmp_path_factory.mktemp("t") / "f.csv"
    path.write_text(text, encoding="utf-8")
    assert read(path, chunk_chars=chunk) == read(path, by_rows=True)


def test_quoted_fields_with_line_breaks_use_the_row_reader(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text('name,note\n"Haddad, S.","line one\nline two"\nAli,x\n', encoding="utf-8")
    rows, numbers, bad = read(path)
    assert rows == [["Haddad, S.", "line one\nline two"], ["Ali", "x"]]
    assert numbers == [3, 4] and bad == []


def test_utf16_and_cp1252_files_stream_too(tmp_path):
    text = "Appelant\tAppelé\tDébut\n0911\t0922\t01/02/2026\n"
    for encoding in ("utf-16", "cp1252"):
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(text.encode(encoding))
        chunks = list(iter_text_chunks(path))
        assert chunks[0].columns == ["Appelant", "Appelé", "Début"]
        assert chunks[0].frame.values.tolist() == [["0911", "0922", "01/02/2026"]]


def test_a_header_only_file_gives_one_empty_chunk_and_an_empty_file_fails(tmp_path):
    path = tmp_path / "h.csv"
    path.write_text("caller,callee,start\n", encoding="utf-8")
    chunks = list(iter_text_chunks(path))
    assert (
        len(chunks) == 1
        and chunks[0].frame.empty
        and list(chunks[0].frame.columns) == ["caller", "callee", "start"]
    )
    empty = tmp_path / "e.csv"
    empty.write_bytes(b"")
    with pytest.raises(ImportFailed, match="e.csv: the file is empty"):
        list(iter_text_chunks(empty))


def test_row_numbers_are_an_array_that_renumbers_nothing(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("a,b\n" + "".join(f"{i},{i}\n" for i in range(1000)), encoding="utf-8")
    chunks = list(iter_text_chunks(path, chunk_chars=500))
    assert len(chunks) > 5
    numbers = np.concatenate([c.row_numbers_or_default() for c in chunks])
    assert numbers.tolist() == list(range(2, 1002))


@pytest.mark.parametrize("quoted", [False, True])
def test_an_oversized_cell_is_cut_and_its_row_kept(tmp_path, quoted):
    from app.importers.textfile import MAX_CELL

    note = "x" * (MAX_CELL + 500)
    path = tmp_path / "big.csv"
    cell = f'"{note}"' if quoted else note
    path.write_text(f"name,note\nAli,{cell}\nBashir,short\n", encoding="utf-8")
    rows, numbers, bad = read(path)
    assert [r[0] for r in rows] == ["Ali", "Bashir"] and numbers == [2, 3] and bad == []
    assert len(rows[0][1]) == MAX_CELL and rows[1][1] == "short"
