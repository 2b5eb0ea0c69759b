"""Nothing reaches the network: generating, importing, resolving, analysing and exporting the
demonstration material opens no socket.

The work runs in a subprocess with a Python audit hook (PEP 578) that records every
``socket.*`` event (creation, connect, bind, getaddrinfo…) and aborts on the first one.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # the whole demonstration workflow in a subprocess

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = textwrap.dedent(
    """
    import json, sys
    events = []

    def hook(event, args):
        if event.startswith("socket.") or event in ("urllib.Request", "http.client.connect"):
            events.append(event)
            raise RuntimeError(f"network access attempted: {event}")

    sys.addaudithook(hook)

    from pathlib import Path
    from app.cli import main

    work = Path(sys.argv[1])
    case = str(work / "demo.ariadne")
    steps = []

    def run(*argv):
        code = main(list(argv))
        steps.append([argv[0], code])
        if code != 0:
            raise SystemExit(f"step {argv} failed with {code}")

    run("scenario", str(work / "scenario"), "--size", "small", "--seed", "3")
    manifest = json.loads((work / "scenario" / "manifest.json").read_text())
    run("new", case, "--region", "LY", "--title", "No network")
    for item in manifest["files"]:
        if item["duplicate_of"]:
            continue
        argv = ["import", case, str(work / "scenario" / item["path"]), "--kind", item["kind"],
                "--reliability", item["reliability"], "--credibility", str(item["credibility"])]
        for key in ("owner", "exhibit"):
            if item[key]:
                argv += [f"--{key}", item[key]]
        run(*argv)
    run("resolve", case, "--apply-above", "0.9")
    run("analyze", case, "--json")
    for fmt, out in (("briefing-html", "b.html"), ("briefing-pdf", "b.pdf"), ("graphml", "g.graphml"),
                     ("gexf", "g.gexf"), ("xlsx", "t.xlsx"), ("anx", "c.anx"), ("ftm", "f.jsonl")):
        run("export", case, "--format", fmt, "--out", str(work / out))
    print("RESULT " + json.dumps({"events": events, "steps": steps}))
    """
)


def test_demo_workflow_opens_no_socket(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert "network access attempted" not in done.stderr + done.stdout
    assert done.returncode == 0, done.stderr[-3000:]
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
    result = json.loads(line[len("RESULT ") :])
    assert result["events"] == []
    assert [s[0] for s in result["steps"]].count("export") == 7
