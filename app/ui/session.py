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
        self.selected_actors: list[int] = []
        self.window: tuple[str | None, str | None] = (None, None)
        self.span: tuple[str | None, str | None] = (None, None)  # the case's first and last date

    # ------------------------------------------------------------ the case
    def open(self, path: str | Path, *, passphrase: str | None = None) -> None:
        self.close()
        self.store = CaseStore.open(path, passphrase=passphrase)
        self.path, self.passphrase = Path(path), passphrase
        self.analysis, self.selected = None, None
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

    def changed(self) -> None:
        if self.store is not None:
            self.span = self.store.time_span()
        self.case_changed.emit()

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
        self.analysis_ready.emit(result)

    def set_filter(self, flt: GraphFilter) -> None:
        self.filter = flt
        self.filter_changed.emit(flt)
