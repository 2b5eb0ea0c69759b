"""PySide6-Essentials 6.12.0 takes a reference from None on every call of a method that
returns nothing; on Python 3.11 the interpreter aborts after some thousands of calls.
The pin (<6.12) keeps it out; this test fails loudly if a bad release comes back."""

import sys

from PySide6.QtGui import QPainterPath


def test_void_qt_calls_do_not_leak_references_to_none():
    path = QPainterPath()
    before = sys.getrefcount(None)
    for i in range(100_000):
        path.moveTo(float(i), 0.0)
    after = sys.getrefcount(None)
    assert after >= before - 100, f"None lost {before - after} references over 100,000 void Qt calls"
