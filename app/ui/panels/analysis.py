"""The analysis panel: run the analyses with their parameters and read the ranked results;
picking a row selects the actor everywhere (tables, details, chart).  The charts and the
paths between two actors have pages of their own (:mod:`analysis_charts`, :mod:`paths`)."""

from __future__ import annotations

import pandas as pd
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.analysis import AnalysisResult
from app.ui import i18n
from app.ui.panels.analysis_charts import AnalysisCharts, disruption_chart
from app.ui.panels.paths import PathsView
from app.ui.session import Session
from app.ui.tasks import TaskRunner
from app.ui.widgets import FrameTable, whole_tabs


def run_analysis(session: Session, top: int, resolution: float, seed: int = 7):
    flt = session.filter
    previous = session.analysis.membership if session.analysis else None

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


#: Whom the disruption simulation removes first: a ranking of the latest analysis each.
#: Whom a disruption simulation removes first: rankings from the latest analysis, and the key
#: players chosen one by one on the operation itself (computed with the simulation).
DISRUPTION_STRATEGIES = {
    "all": ("hub score", "broker score", "key players"),
    "hubs": ("hub score",),
    "brokers": ("broker score",),
    "key players": ("key players",),
}
_RANKED = {"hub score": "hubs", "broker score": "brokers"}


def simulate_disruption(session: Session, result: AnalysisResult, steps: int, strategy: str, seed: int = 7):
    """Remove up to ``steps`` of the ranked actors, best first, against random removal; the
    curve's figure is drawn in the background too."""
    flt = session.filter
    names = DISRUPTION_STRATEGIES[strategy]
    lang = i18n.core_language()  # the figure is drawn on a worker, in the window's language
    ranked = {"hubs": result.ranked_hubs, "brokers": result.ranked_brokers}
    rankings = {
        name: [int(item["id"]) for item in ranked[_RANKED[name]]()] for name in names if name in _RANKED
    }

    def work(progress=None, cancel=None):
        from app.graph import disruption, engine
        from app.graph.networks import actor_edges, actor_nodes

        with session.worker_store() as store:
            net = engine.build(actor_nodes(store), actor_edges(store, flt))
        if "key players" in names:
            rankings["key players"] = disruption.key_players(net, steps)
        outcome = disruption.disruption(net, rankings, steps=steps, seed=seed)
        return outcome, disruption_chart(outcome, lang)

    return work


def _named(names: dict, entity, default: str = "") -> str:
    """An actor's name as the window shows it (two of the same name told apart)."""
    try:
        return names.get(int(entity), default or str(entity))
    except (TypeError, ValueError):
        return default or str(entity)


def route_cluster_frame(clusters: list[dict], currency: str, names: dict | None = None) -> pd.DataFrame:
    """One row per corridor, its path first; no ``id`` column, so picking a row does not
    select the entity that happens to share the cluster's number.  Facilitators by name."""
    names = names or {}
    return pd.DataFrame(
        [
            {
                "cluster": c["id"],
                "journeys": c["journeys"],
                "path": " → ".join(c["waypoints"]),
                "span": c.get("span", ""),
                f"price range ({currency})": i18n.core_language().numbers_in(str(c.get("price_range", ""))),
                "facilitators": ", ".join(_named(names, f) for f in c.get("facilitators", [])),
            }
            for c in clusters
        ]
    )


def money_frame(flows: list[dict], currency: str, names: dict | None = None) -> pd.DataFrame:
    """Flows largest first with the case currency in the header; picking a row selects the
    sender.  Payers and receivers by name, two of the same name told apart."""
    frame = pd.DataFrame(flows)
    if frame.empty:
        return frame
    if names:
        frame["from"] = [_named(names, i, n) for i, n in zip(frame["from_id"], frame["from"], strict=True)]
        frame["to"] = [_named(names, i, n) for i, n in zip(frame["to_id"], frame["to"], strict=True)]
    frame = frame.rename(columns={"amount": f"amount ({currency})", "from_id": "id"})
    return frame[["from", "to", f"amount ({currency})", "count", "id", "to_id"]]


def chain_frame(chains: list[dict], currency: str, names: dict | None = None) -> pd.DataFrame:
    """Money chains, one row each: who paid whom on to whom, what can have passed all the way,
    each step's amount and dates; picking a row selects the receiver."""
    names = names or {}
    rows = []
    for c in chains:
        steps = [
            dict(
                s,
                **{
                    "from": _named(names, s.get("from_id"), s["from"]),
                    "to": _named(names, s.get("to_id"), s["to"]),
                },
            )
            for s in c.get("steps", [])
        ]
        path = [_named(names, i, n) for i, n in zip(c.get("ids", []), c["path"], strict=False)] or c["path"]
        rows.append(
            {
                "chain": " → ".join(path),
                f"amount ({currency})": c["amount"],
                "steps": "; ".join(
                    f"{s['from']} → {s['to']}: {i18n.number(s['amount'])} ({i18n.day(s.get('first') or '')}"
                    f"{' – ' + i18n.day(s.get('last') or '') if s.get('last') != s.get('first') else ''})"
                    for s in steps
                ),
                "to organiser": i18n.word("yes") if c.get("organiser") else "",
                "id": c["ids"][-1],
            }
        )
    return pd.DataFrame(rows, columns=["chain", f"amount ({currency})", "steps", "to organiser", "id"])


def money_total_text(money: dict) -> str:
    """The case's money total as the panel shows it (the briefing shows the same number)."""
    return f"{i18n.number(float(money.get('total', 0)))} {money.get('currency', '')}"


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
        whole_tabs(self.tabs)
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
        measure_headers = {
            "h_index": self.tr("h-index"),
            "strength": self.tr("weighted degree"),
            "pagerank": "PageRank",
            "cross_share": self.tr("share across communities"),
        }
        for key, _metric in self.TABLES:
            page = QWidget(self)
            box = QVBoxLayout(page)
            label = QLabel(page)
            label.setWordWrap(True)
            table = FrameTable(headers=measure_headers)
            box.addWidget(label)
            box.addWidget(table)
            self.tabs.addTab(page, titles[key])
            self.tables[key], self.explanations[key] = table, label
            table.entity_activated.connect(session.select)
        self.tables["money"].hidden = ("id", "to_id")  # payer and receiver shown by name
        money_page = self.tables["money"].parentWidget()
        self.money_total = QLabel(money_page)
        self.money_total.setObjectName("money_total")
        self.chains = FrameTable(search=False, hidden=("id",))  # the receiver, by name in the chain
        self.chains.entity_activated.connect(session.select)
        money_page.layout().insertWidget(1, self.money_total)
        money_page.layout().addWidget(QLabel(self.tr("Chains: payer → collector → … → receiver"), money_page))
        money_page.layout().addWidget(self.chains)
        self._disruption_controls()
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

    def _disruption_controls(self) -> None:
        self.removals = QSpinBox(self)
        self.removals.setRange(1, 500)
        self.removals.setValue(10)
        self.removals.setToolTip(self.tr("At most as many as the analysis ranked (its top)"))
        self.strategy = QComboBox(self)
        for key, text in (
            ("all", self.tr("hub score, broker score and key players")),
            ("hubs", self.tr("hub score")),
            ("brokers", self.tr("broker score")),
            ("key players", self.tr("key players (chosen one by one)")),
        ):
            self.strategy.addItem(text, key)
        self.simulate = QPushButton(self.tr("Simulate"), self)
        row = QHBoxLayout()
        for widget in (QLabel(self.tr("Remove up to")), self.removals, QLabel(self.tr("actors ranked by"))):
            row.addWidget(widget)
        row.addWidget(self.strategy)
        row.addWidget(self.simulate)
        row.addStretch(1)
        page = self.tables["disruption"].parentWidget()
        page.layout().insertLayout(1, row)
        self.simulate.clicked.connect(self._on_simulate_clicked)

    def _on_simulate_clicked(self) -> None:
        if self.session.analysis is not None and self.session.store is not None:
            self.runner.start(
                "disruption",
                simulate_disruption(
                    self.session,
                    self.session.analysis,
                    self.removals.value(),
                    self.strategy.currentData(),
                    self.seed.value(),
                ),
            )

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
        elif kind == "disruption" and self.session.analysis is not None:
            outcome, figure = result
            self.session.analysis.disruption = outcome  # the briefing reports what was simulated
            self.show_disruption(outcome)
            self.charts.canvases["disruption"].show_figure(figure)

    def show_disruption(self, outcome: dict) -> None:
        self.tables["disruption"].set_frame(pd.DataFrame(outcome["table"], columns=outcome["columns"]))

    def show_result(self, result: AnalysisResult) -> None:
        from app.analysis import METRIC_EXPLANATIONS

        for key, metric in self.TABLES:
            text = METRIC_EXPLANATIONS.get(metric, "")
            self.explanations[key].setText(i18n.core(text) if text else "")
        # The score first, then the measures it is made of, so a ranking explains itself.
        orders = {
            "hubs": [
                "label",
                "type",
                "score",
                "h_index",
                "strength",
                "pagerank",
                "eigenvector",
                "degree",
                "phones",
                "id",
            ],
            "brokers": [
                "label",
                "type",
                "score",
                "role",
                "betweenness",
                "cross_share",
                "constraint",
                "effective_size",
                "phones",
                "id",
            ],
        }
        ranked = {"hubs": result.ranked_hubs(), "brokers": result.ranked_brokers()}
        for key, order in orders.items():
            frame = pd.DataFrame(ranked[key])
            if len(frame):
                frame["label"] = [result.name(i, n) for i, n in zip(frame["id"], frame["label"], strict=True)]
            self.tables[key].set_frame(
                frame[[c for c in order if c in frame.columns]] if len(frame) else frame
            )
        coms = pd.DataFrame(
            [
                {
                    "community": c.id,
                    "size": c.size,
                    "around": result.name(c.leader, c.label),
                    "id": str(c.members[0]) if c.members else None,
                }
                for c in result.communities
            ]
        )
        self.tables["communities"].set_frame(coms)
        currency = result.money.get("currency", "")
        self.tables["route_clusters"].set_frame(
            route_cluster_frame(result.route_clusters, currency, result.names)
        )
        self.tables["money"].set_frame(money_frame(result.money["flows"], currency, result.names))
        self.money_total.setText(
            self.tr("Money that entered the network: {total} ({transfers} transfers and payments)").format(
                total=money_total_text(result.money), transfers=i18n.number(result.money.get("transfers", 0))
            )
        )
        self.chains.set_frame(chain_frame(result.money.get("chains", []), currency, result.names))
        self.show_disruption(result.disruption)
        self.tables["protection"].set_frame(pd.DataFrame(result.protection))
        t = result.timings
        self.summary.setText(
            self.tr(
                "{actors} actors, {rels} relationships; modularity {q}; betweenness {how}; {secs} s"
            ).format(
                actors=i18n.number(result.network["actors"]),
                rels=i18n.number(result.network["relationships"]),
                q=i18n.number(result.modularity, 2),
                how=i18n.method(result.betweenness_method),
                secs=i18n.number(t["total"], 1),
            )
        )
