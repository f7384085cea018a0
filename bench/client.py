"""A lightweight Streamlit client: one browser tab's websocket, without the browser.

Speaks the protocol Streamlit's own frontend speaks on
``ws://host:port/_stcore/stream`` (Streamlit 1.67, served by Starlette and
uvicorn): it connects with the ``streamlit`` subprotocol, asks for a script
run with a ``BackMsg.rerun_script`` (a ``ClientState`` carrying the query
string, the page's URL name or script hash, changed widget values and the
hashes of the messages it already holds), and reads ``ForwardMsg`` replies
until ``script_finished``. A run is timed from sending the request to
receiving ``script_finished``, so it includes queueing behind other sessions'
runs, the script run itself, serialisation and transport on loopback.

Like the browser, the client keeps the hashes of the cacheable messages it has
received and reports them on every later request, so the server answers an
unchanged large element with a short reference; ``RunResult.bytes`` is the sum
of the binary websocket frames of one run as the browser would receive them.
The client also remembers each widget's ID from the deltas, so a test can
change a widget's value the way the browser does (see ``select_slider_state``
and ``multiselect_state``).
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from dataclasses import dataclass, field

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect

STREAM_PATH = "/_stcore/stream"
#: ``ScriptFinishedStatus`` values that end a run (FINISHED_EARLY_FOR_RERUN does not: another run follows).
FINISHED_SUCCESSFULLY = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_SUCCESSFULLY")
FINISHED_EARLY_FOR_RERUN = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_EARLY_FOR_RERUN")
ALERT_ERROR = Alert.Format.Value("ERROR")
WIDGET_KINDS = ("slider", "multiselect", "radio", "selectbox", "checkbox", "toggle", "button", "text_input",
                "number_input", "date_input", "segmented_control", "button_group", "pills")


class RunError(RuntimeError):
    """A script run did not finish cleanly (compile error, exception element, an ``st.error`` message, closed
    socket or timeout)."""


@dataclass
class Widget:
    """A widget seen in the last run: its element kind, ID and protobuf (for label and options)."""

    kind: str
    id: str
    proto: object


@dataclass
class RunResult:
    """What one script run sent back."""

    seconds: float
    bytes: int  # sum of the binary websocket frames of the run
    messages: int
    elements: Counter  # element kind -> count (new_element deltas, including cached references)
    element_bytes: Counter  # element kind -> frame bytes
    references: int  # messages sent as a hash reference to one the client already held
    exceptions: list[str]
    texts: list[str]  # markdown, caption, heading and alert bodies, for validation
    widgets: dict[str, Widget]  # label -> widget
    query_string: str
    page_script_hash: str


@dataclass
class StreamlitClient:
    """One session on a running Streamlit server (use ``async with``)."""

    base_url: str  # http://127.0.0.1:PORT
    timeout: float = 600.0
    use_message_cache: bool = True
    query_string: str = ""
    page_name: str = ""
    page_script_hash: str = ""
    _ws: ClientConnection | None = None
    _cache: dict[str, ForwardMsg] = field(default_factory=dict)
    widgets: dict[str, Widget] = field(default_factory=dict)
    app_pages: dict[str, str] = field(default_factory=dict)  # URL name ("" for the main page) -> script hash

    async def __aenter__(self) -> "StreamlitClient":
        await self.connect()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def connect(self) -> None:
        """Open the session's websocket (the server creates the session on connect)."""
        url = self.base_url.replace("http://", "ws://").replace("https://", "wss://").rstrip("/") + STREAM_PATH
        self._ws = await connect(url, subprotocols=["streamlit"], max_size=None, compression=None,
                                 open_timeout=self.timeout, ping_interval=None)

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
            self._ws = None

    def forget_cache(self) -> None:
        """Drop the cached message hashes, like a new browser tab."""
        self._cache.clear()

    async def run(self, *, page_name: str | None = None, page_script_hash: str | None = None,
                  query_string: str | None = None, widget_states: list[WidgetState] | None = None) -> RunResult:
        """Ask for a script run and read its messages until it finishes; raise RunError if it fails.

        ``page_name`` is the page's URL name (``Data_and_sources``; "" for the main page), as the browser
        sends it on a first visit; later runs reuse the script hash the server reported. Only the widgets in
        ``widget_states`` change; the server keeps every other widget's value.
        """
        if self._ws is None:
            raise RunError("not connected")
        if page_name is not None and page_name != self.page_name:
            self.page_name, self.page_script_hash = page_name, ""
        if page_script_hash is not None:
            self.page_script_hash = page_script_hash
        if query_string is not None:
            self.query_string = query_string
        request = BackMsg()
        state = request.rerun_script
        state.query_string = self.query_string
        state.page_name = self.page_name
        state.page_script_hash = self.page_script_hash
        state.widget_states.SetInParent()
        if widget_states:
            state.widget_states.widgets.extend(widget_states)
        if self.use_message_cache:
            state.cached_message_hashes.extend(self._cache)
        started = time.perf_counter()
        await self._ws.send(request.SerializeToString())
        return await asyncio.wait_for(self._read_run(started), timeout=self.timeout)

    async def _read_run(self, started: float) -> RunResult:
        total = messages = references = 0
        elements: Counter = Counter()
        element_bytes: Counter = Counter()
        exceptions: list[str] = []
        texts: list[str] = []
        widgets: dict[str, Widget] = {}
        while True:
            try:
                frame = await self._ws.recv()
            except Exception as error:  # the socket closed under us
                raise RunError(f"connection lost during a run: {error!r}") from error
            if isinstance(frame, str):
                raise RunError("server sent a text frame")
            total += len(frame)
            messages += 1
            msg = ForwardMsg()
            msg.ParseFromString(frame)
            kind = msg.WhichOneof("type")
            if kind == "ref_hash":
                references += 1
                cached = self._cache.get(msg.ref_hash)
                if cached is None:
                    raise RunError("server referred to a message this client never received")
                cached_copy = ForwardMsg()
                cached_copy.CopyFrom(cached)
                cached_copy.metadata.CopyFrom(msg.metadata)
                msg, kind = cached_copy, cached_copy.WhichOneof("type")
            elif msg.metadata.cacheable and msg.hash:
                self._cache[msg.hash] = msg
            if kind == "navigation":  # names the page actually run (new_session holds the main script's hash)
                self.page_script_hash = msg.navigation.page_script_hash or self.page_script_hash
                self.app_pages = {p.url_pathname: p.page_script_hash for p in msg.navigation.app_pages}
            elif kind == "page_info_changed":
                self.query_string = msg.page_info_changed.query_string
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element
                element_kind = element.WhichOneof("type")
                elements[element_kind] += 1
                element_bytes[element_kind] += len(frame)
                body = getattr(element, element_kind)
                if element_kind == "exception":
                    exceptions.append(f"{body.type}: {body.message}")
                elif element_kind == "alert" and body.format == ALERT_ERROR:
                    exceptions.append(f"st.error: {body.body}")  # e.g. a data file missing: not a page to time
                elif element_kind in ("markdown", "heading", "alert"):
                    texts.append(body.body)
                if element_kind in WIDGET_KINDS and getattr(body, "id", ""):
                    widgets[getattr(body, "label", body.id)] = Widget(element_kind, body.id, body)
            elif kind == "script_finished":
                if msg.script_finished == FINISHED_EARLY_FOR_RERUN:
                    continue  # a callback or st.rerun asked for another run: keep reading
                seconds = time.perf_counter() - started
                if msg.script_finished != FINISHED_SUCCESSFULLY:
                    name = ForwardMsg.ScriptFinishedStatus.Name(msg.script_finished)
                    raise RunError(f"script run ended with {name}")
                self.widgets = widgets
                if exceptions:
                    raise RunError("the page raised: " + " | ".join(exceptions))
                return RunResult(seconds=seconds, bytes=total, messages=messages, elements=elements,
                                 element_bytes=element_bytes, references=references, exceptions=exceptions,
                                 texts=texts, widgets=widgets, query_string=self.query_string,
                                 page_script_hash=self.page_script_hash)

    def widget(self, label_start: str, kind: str | None = None) -> Widget:
        """The widget of the last run whose label starts with ``label_start`` (case-insensitive)."""
        for label, found in self.widgets.items():
            if label.casefold().startswith(label_start.casefold()) and (kind is None or found.kind == kind):
                return found
        raise KeyError(f"no widget labelled {label_start!r} in the last run (have {sorted(self.widgets)})")


def select_slider_state(widget: Widget, first: int, last: int) -> WidgetState:
    """A range ``st.select_slider`` set to its options ``first`` to ``last`` (indices), as the browser sends it."""
    options = list(widget.proto.options)
    state = WidgetState(id=widget.id)
    state.string_array_value.data.extend([options[first], options[last]])
    return state


def multiselect_state(widget: Widget, values: list[str]) -> WidgetState:
    """An ``st.multiselect`` set to ``values`` (option labels), as the browser sends it."""
    state = WidgetState(id=widget.id)
    state.string_array_value.data.extend(values)
    return state


def radio_state(widget: Widget, value: str) -> WidgetState:
    """An ``st.radio`` set to the option labelled ``value``."""
    state = WidgetState(id=widget.id)
    state.string_value = value
    return state
