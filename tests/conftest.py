"""Qt runs headless in every test (set before any Qt module is imported), and no test reads
or writes the user's own settings: Qt's settings live in a fresh folder for the run."""

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="ariadne-test-config-")
