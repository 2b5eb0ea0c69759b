"""Qt runs headless in every test (set before any Qt module is imported), no test reads or
writes the user's own settings (Qt's settings live in a fresh folder for the run), and the
demonstration cases the tests share are built once for the run."""

import fcntl
import os
import shutil
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="ariadne-test-config-")


# ------------------------------------------------------------ demonstration cases, built once


@pytest.fixture(scope="session")
def demo_copy(tmp_path_factory, worker_id):
    """``demo_copy(seed, dest)`` copies the small demonstration case of ``seed`` to ``dest``
    and returns it; its scenario (with ``ground_truth.json``) is ``dest.with_suffix(".scenario")``.

    Each seed's case is built once for the whole run, by whichever worker first needs it (the
    others wait for it on a lock), and never written to: every test gets its own copy."""
    root = tmp_path_factory.getbasetemp()
    if worker_id != "master":  # under xdist every worker's base sits in one shared folder
        root = root.parent

    def copy(seed: int, dest: Path) -> Path:
        from app.demo import build_demo_case

        built = root / f"demo-seed-{seed}" / "demo.ariadne"
        with open(root / f"demo-seed-{seed}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not built.with_suffix(".done").exists():
                built.parent.mkdir(exist_ok=True)
                build_demo_case(built, size="small", seed=seed)
                built.with_suffix(".done").touch()
        dest = Path(dest)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(built, dest)
        if not dest.with_suffix(".scenario").exists():
            shutil.copytree(built.with_suffix(".scenario"), dest.with_suffix(".scenario"))
        return dest

    return copy
