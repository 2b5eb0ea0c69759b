"""Ariadne: offline analysis of migrant-smuggling networks.

Everything under ``app`` except ``app.ui`` is the pure core: it never imports Qt.
"""

__version__ = "0.1.0"
