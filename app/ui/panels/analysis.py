"""The analysis panel: run the analyses with their parameters and read the ranked results;
picking a row selects the actor everywhere (tables, details, chart).  The charts and the
paths between two actors have pages of their own (:mod:`analysis_charts`, :mod:`paths`)."""

from __future__ import annotations

import pandas as pd
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui.panels.analysis_charts import AnalysisCharts
from app.ui.panels.paths import PathsView
from app.ui.session import Session
from app.ui.tasks import TaskRunner
from app.ui.widgets import FrameTable


def run_analysis(session: Session, top: int, resolution: float, seed: int = 7):
    flt = session.filter
    previous = None
    if session.analysis:
        previous = {
            int(m["id"]): c["id"] for c in session.analysis.get("communities", []) for m in c["members"]
        }

    def work(progress=None, cancel=None):
        from app.analysis import analyze_case

        with session.worker_store() as store:
            return analyze_case(
                store,
                top=top,
                flt=flt,
                resolution=resolution,
                seed=seed,
                previous_communities=previous,
                progress=progress,
                cancel=cancel,
            )

    return work


def route_cluster_frame(clusters: list[dict], currency: str) -> pd.DataFrame:
    """One row per corridor, its path first; no ``id`` column, so picking a row does not
    select the entity that happens to share the cluster's number."""
    return pd.DataFrame(
        [
            {
                "cluster": c["id"],
                "journeys": c["journeys"],
                "path": " → ".join(c["waypoints"]),
                "span": c.get("span", ""),
                f"price range ({currency})": c.get("price_range", ""),
                "facilitators": ", ".join(map(str, c.get("facilitators", []))),
            }
            for c in clusters
        ]
    )


def money_frame(flows: list[dict], currency: str) -> pd.DataFrame:
    """Flows largest first with the case currency in the header; picking a row selects the
    sender."""
    frame = pd.DataFrame(flows)
    if frame.empty:
        return frame
    frame = frame.rename(columns={"amount": f"amount ({currency})", "from_id": "id"})
    return frame[["from", "to", f"amount ({currency})", "count", "id", "to_id"]]


class AnalysisPanel(QWidget):
    TABLES = (
        ("hubs", "hub_score"),
        ("brokers", "broker_score"),
        ("communities", "communities"),
        ("route_clusters", "route_clusters"),
        ("money", "money"),
        ("disruption", "disruption"),
        ("protection", "protection"),
    )

    def __init__(self, session: Session, runner: TaskRunner, parent=None) -> None:
        super().__init__(parent)
        self.session, self.runner = session, runner
        self.run = QPushButton(self.tr("Run analysis"), self)
        self.top = QSpinBox(self)
        self.top.setRange(5, 500)
        self.top.setValue(25)
        self.resolution = QDoubleSpinBox(self)
        self.resolution.setRange(0.2, 3.0)
        self.resolution.setSingleStep(0.1)
        self.resolution.setValue(1.0)
        self.resolution.setToolTip(self.tr("Higher: more, smaller communities"))
        self.seed = QSpinBox(self)
        self.seed.setRange(0, 99999)
        self.seed.setValue(7)
        self.seed.setToolTip(self.tr("The same seed gives the same communities on the same case"))
        self.summary = QLabel(self.tr("Run the analysis to rank hubs and brokers."), self)
        self.summary.setWordWrap(True)
        controls = QHBoxLayout()
        controls.addWidget(self.run)
        controls.addWidget(QLabel(self.tr("top")))
        controls.addWidget(self.top)
        controls.addWidget(QLabel(self.tr("Louvain resolution")))
        controls.addWidget(self.resolution)
        controls.addWidget(QLabel(self.tr("seed")))
        controls.addWidget(self.seed)
        controls.addStretch(1)
        self.tabs = QTabWidget(self)
        self.tables: dict[str, FrameTable] = {}
        self.explanations: dict[str, QLabel] = {}
        titles = {
            "hubs": self.tr("Hubs"),
            "brokers": self.tr("Brokers"),
            "communities": self.tr("Communities"),
            "route_clusters": self.tr("Route clusters"),
            "money": self.tr("Money"),
            "disruption": self.tr("Disruption"),
            "protection": self.tr("Protection"),
        }
        for key, _metric in self.TABLES:
            page = QWidget(self)
            box = QVBoxLayout(page)
            label = QLabel(page)
            label.setWordWrap(True)
            table = FrameTable()
            box.addWidget(label)
            box.addWidget(table)
            self.tabs.addTab(page, titles[key])
            self.tables[key], self.explanations[key] = table, label
            table.entity_activated.connect(session.select)
        self.charts = AnalysisCharts(session, runner, self)
        self.tabs.addTab(self.charts, self.tr("Charts"))
        self.paths = PathsView(session, runner, self)
        self.tabs.addTab(self.paths, self.tr("Paths"))
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        self.run.clicked.connect(self._on_run_clicked)
        runner.finished.connect(self._on_runner_finished)
        session.analysis_ready.connect(self.show_result)

    def _on_run_clicked(self) -> None:
        if self.session.store is not None:
            self.summary.setText(self.tr("Analysing…"))
            self.runner.start(
                "analysis",
                run_analysis(self.session, self.top.value(), self.resolution.value(), self.seed.value()),
            )

    def _on_runner_finished(self, kind: str, result: object) -> None:
        if kind == "analysis":
            self.session.set_analysis(result)

    def show_result(self, result: dict) -> None:
        from app.analysis import METRIC_EXPLANATIONS

        for key, metric in self.TABLES:
            self.explanations[key].setText(METRIC_EXPLANATIONS.get(metric, ""))
        order = ["label", "type", "score", "role", "betweenness", "phones", "id"]
        for key in ("hubs", "brokers"):
            frame = pd.DataFrame(result[key])
            self.tables[key].set_frame(
                frame[[c for c in order if c in frame.columns]] if len(frame) else frame
            )
        coms = pd.DataFrame(
            [
                {
                    "community": c["id"],
                    "size": c["size"],
                    "around": c["label"],
                    "id": c["members"][0]["id"] if c["members"] else None,
                }
                for c in result["communities"]
            ]
        )
        self.tables["communities"].set_frame(coms)
        currency = result["money"].get("currency", "")
        self.tables["route_clusters"].set_frame(route_cluster_frame(result["route_clusters"], currency))
        self.tables["money"].set_frame(money_frame(result["money"]["flows"], currency))
        d = result["disruption"]
        self.tables["disruption"].set_frame(pd.DataFrame(d["table"], columns=d["columns"]))
        self.tables["protection"].set_frame(pd.DataFrame(result["protection"]))
        t = result["timings"]
        self.summary.setText(
            self.tr(
                "{actors} actors, {rels} relationships; modularity {q:.2f}; betweenness {how}; {secs:.1f} s"
            ).format(
                actors=f"{result['network']['actors']:,}",
                rels=f"{result['network']['relationships']:,}",
                q=result["modularity"],
                how=result["betweenness_method"],
                secs=t["total"],
            )
        )
