"""Dialogs: import (with preview, grading and column mapping), export, results."""
