"""Ariadne's entry point: `python main.py …` is the same as the `ariadne` command."""

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
