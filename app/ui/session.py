"""The open case, the current selection and the latest results, shared by every view.

Views subscribe to the signals and never call each other.  The session's own store
connection lives in the UI thread and is used only for short reads; background tasks open
their own connection on the same file (SQLite connections stay in their thread).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from app.analysis import AnalysisResult
from app.graph.networks import GraphFilter
from app.graph.store import CaseStore


class Session(QObject):
    case_opened = Signal(str)
    case_closed = Signal()
    case_changed = Signal()  # imports, merges, gradings: reload what you show
    selection_changed = Signal(int)  # entity id
    highlight_requested = Signal(list)  # entity ids shown together: a cluster's facilitators
    path_requested = Signal(list)  # entity ids of a path, in order, drawn hop by hop
    analysis_ready = Signal(object)  # AnalysisResult
    filter_changed = Signal(object)  # GraphFilter
    actors_selected = Signal(list)  # entity ids selected together (chart, map, a table)
    window_changed = Signal(object, object)  # start, end (ISO text or None): the map and timeline

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store: CaseStore | None = None
        self.path: Path | None = None
        self.passphrase: str | None = None
        self.selected: int | None = None
        self.analysis: AnalysisResult | None = None
        self.filter = GraphFilter()
        #: the latest actor network read for the chart, with what it was read for
        self._network: tuple[tuple[str, str, str], object] | None = None
        self._generation = 0  # bumped by every change to the case or analysis
        self._names: tuple[tuple, dict[int, str]] | None = None
        self.selected_actors: list[int] = []
        self.window: tuple[str | None, str | None] = (None, None)
        self.span: tuple[str | None, str | None] = (None, None)  # the case's first and last date

    # ------------------------------------------------------------ the case
    def open(self, path: str | Path, *, passphrase: str | None = None) -> None:
        self.close()
        self.store = CaseStore.open(path, passphrase=passphrase)
        self.path, self.passphrase = Path(path), passphrase
        self.analysis, self.selected = None, None
        self._generation += 1
        self.selected_actors, self.window = [], (None, None)
        self.span = self.store.time_span()
        self.case_opened.emit(str(self.path))

    def create(self, path: str | Path, *, region: str = "", title: str = "") -> None:
        CaseStore.create(path, region=region, title=title).close()
        self.open(path)

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None
            self.path, self.selected = None, None
            self.case_closed.emit()

    def worker_store(self) -> CaseStore:
        """A new connection for a background task (close it when done)."""
        if self.path is None:
            raise RuntimeError("no case is open")
        return CaseStore.open(self.path, passphrase=self.passphrase)

    def actor_network(self, store: CaseStore, flt: GraphFilter):
        """The actor network of the open case within ``flt``, read from ``store`` (a worker's
        connection), as a copy the caller may change.  Read again only when the case's content
        or the filter changed since the last read: opening a case and then analysing it, or
        drawing the chart again, does not read the whole network twice."""
        from app.graph.networks import actor_graph

        key = (str(self.path), repr(flt), store.content_mark())
        kept = self._network  # one read of the attribute: another worker may replace it
        if kept is None or kept[0] != key:
            kept = (key, actor_graph(store, flt))
            self._network = kept
        return kept[1].copy()

    def changed(self) -> None:
        self._generation += 1
        if self.store is not None:
            self.span = self.store.time_span()
        self.case_changed.emit()

    def actor_names(self, store: CaseStore) -> dict[int, str]:
        """Every actor's name as the window shows it: two actors of the same name told apart
        (:func:`app.graph.networks.actor_names`).  Read with ``store`` (a worker's own
        connection) once per state of the case and analysis, then kept."""
        if self.analysis is not None and self.analysis.names:
            return self.analysis.names
        key = (str(self.path), self._generation)
        cached = self._names
        if cached is not None and cached[0] == key:
            return cached[1]
        from app.graph.networks import actor_names

        names = actor_names(store)
        self._names = (key, names)
        return names

    def shown_name(self, entity: int, default: str) -> str:
        """``entity``'s name as :meth:`actor_names` last gave it, else ``default`` (no read)."""
        if self.analysis is not None and entity in self.analysis.names:
            return self.analysis.names[entity]
        cached = self._names
        if cached is not None and cached[0] == (str(self.path), self._generation):
            return cached[1].get(entity, default)
        return default

    # ------------------------------------------------------------ state
    def select(self, entity_id: int) -> None:
        if self.store is not None:
            entity_id = self.store.canonical(int(entity_id))
        self.selected = int(entity_id)
        self.selection_changed.emit(self.selected)
        self.selected_actors = [self.selected]
        self.actors_selected.emit(list(self.selected_actors))

    def select_actors(self, entities: list[int]) -> None:
        """Several actors selected together (a rubber band on the chart, a corridor's
        facilitators on the map): the map marks them, the timeline gives each a row."""
        if self.store is not None:
            entities = [self.store.canonical(int(e)) for e in entities]
        self.selected_actors = list(dict.fromkeys(int(e) for e in entities))
        self.actors_selected.emit(list(self.selected_actors))

    def set_window(self, start: str | None, end: str | None) -> None:
        """The time window the map and the timeline show (ISO dates; None: open)."""
        if (start, end) != self.window:
            self.window = (start, end)
            self.window_changed.emit(start, end)

    def highlight(self, entities: list[int]) -> None:
        """Ask the chart to mark several actors at once (it draws any it does not show yet)."""
        self.highlight_requested.emit([int(e) for e in entities])

    def show_path(self, entities: list[int]) -> None:
        """Ask the chart to draw a path (entity ids from one end to the other) hop by hop."""
        self.path_requested.emit([int(e) for e in entities])

    def set_analysis(self, result: AnalysisResult) -> None:
        self.analysis = result
        self._generation += 1  # new communities: names told apart by community change
        self.analysis_ready.emit(result)

    def set_filter(self, flt: GraphFilter) -> None:
        self.filter = flt
        self.filter_changed.emit(flt)
