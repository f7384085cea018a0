"""A Streamlit server for the privacy test, with a loopback-only inspector that searches the server's live objects.

Run as ``python tests/browser/inspected_server.py <inspector port> <streamlit args...>``: it starts a tiny HTTP
server on 127.0.0.1:<inspector port> in a thread, then runs ``streamlit <args>`` in the main thread, in this same
process. ``GET /find?hex=<X in hex>`` collects garbage and answers, as JSON, how many live objects hold ``X``: text and
bytes held by any container, data frames (every text cell), object arrays and in-memory files, Streamlit's caches
and its uploaded-file store included. Test tooling only: the app never imports it.
"""

from __future__ import annotations

import gc
import io
import json
import sys
import threading
import types
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


def _holds(value: object, marker: str, raw: bytes) -> bool:
    if isinstance(value, str):
        return marker in value
    if isinstance(value, (bytes, bytearray, memoryview)):
        return raw in bytes(value)
    return False


def _frame_holds(frame, marker: str) -> bool:
    for name in frame.columns:
        column = frame[name]
        if column.dtype.kind in "biufcmM":
            continue
        try:
            if column.astype("string").str.contains(marker, regex=False).fillna(False).any():
                return True
        except Exception:
            if any(marker in str(cell) for cell in column.tolist()):
                return True
    return False


def find(marker: str) -> dict[str, object]:
    """Live objects holding ``marker``, counted by type."""
    import numpy as np
    import pandas as pd

    raw = marker.encode()
    gc.unfreeze()  # the app freezes its long-lived objects (cache.py): searched and collected like the rest here
    gc.collect()
    found: dict[str, int] = {}
    chains: list[list[str]] = []
    for obj in gc.get_objects():
        kind = None
        if isinstance(obj, types.FrameType):  # this search's own frames hold the marker it looks for
            continue
        try:
            if isinstance(obj, pd.DataFrame):
                kind = "DataFrame" if _frame_holds(obj, marker) else None
            elif isinstance(obj, np.ndarray) and obj.dtype == object:
                kind = "ndarray" if any(_holds(v, marker, raw) for v in obj.ravel().tolist()) else None
            elif isinstance(obj, io.BytesIO):
                kind = "BytesIO" if raw in obj.getvalue() else None
            elif isinstance(obj, (dict, list, tuple, set, frozenset)) or hasattr(obj, "__dict__"):
                kind = type(obj).__name__ if any(_holds(v, marker, raw) for v in gc.get_referents(obj)) else None
        except Exception:
            continue
        if kind:
            found[kind] = found.get(kind, 0) + 1
            if kind == "DataFrame" and len(chains) < 8:
                chains.append(_referrers(obj))
    return {"marker": marker, "holders": sum(found.values()), "by_type": found, "held_by": chains,
            "running_frames": _running_frames(marker, raw) if found else []}


def _running_frames(marker: str, raw: bytes) -> list[str]:
    """Functions running in other threads whose locals hold something holding the marker (a running frame's
    locals are not among the collector's objects)."""
    import pandas as pd

    out = []
    me = threading.get_ident()
    for ident, frame in sys._current_frames().items():
        if ident == me:
            continue
        thread = next((t.name for t in threading.enumerate() if t.ident == ident), str(ident))
        while frame is not None:
            for name, value in list(frame.f_locals.items()):
                seen = [value, *getattr(value, "__dict__", {}).values()]
                if any(isinstance(v, pd.DataFrame) and _frame_holds(v, marker) for v in seen) or any(
                        _holds(v, marker, raw) for v in seen):
                    out.append(f"{thread}: {frame.f_code.co_filename.rsplit('/', 2)[-1]}:{frame.f_code.co_name} {name}")
                elif type(value).__name__ in ("YourData", "Upload", "SessionIncidents"):
                    out.append(f"{thread}: {frame.f_code.co_filename.rsplit('/', 2)[-1]}:{frame.f_code.co_name} {name}")
            frame = frame.f_back
    return out[:20]


def _referrers(obj: object, depth: int = 8) -> list[str]:
    """What holds ``obj``, a few levels up (types, and a dict's keys), to say where a leak is."""
    out, level = [], [obj]
    for _ in range(depth):
        parents = []
        for item in level:
            for ref in gc.get_referrers(item):
                if isinstance(ref, (types.FrameType, list)) and ref is level:
                    continue
                if isinstance(ref, types.FrameType):
                    out.append(f"frame {ref.f_code.co_filename.rsplit('/', 2)[-1]}:{ref.f_code.co_name}")
                    continue
                label = type(ref).__name__
                if isinstance(ref, dict):
                    label += "{" + ",".join(str(k)[:30] for k in list(ref)[:6]) + "}"
                out.append(label)
                parents.append(ref)
        level = parents[:4]
        out.append("|")
    return out[:200]


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        parts = urlsplit(self.path)
        try:  # sent as hex, so that the request's own text never holds the marker
            marker = bytes.fromhex(parse_qs(parts.query).get("hex", [""])[0]).decode()
        except ValueError:
            marker = ""
        if parts.path != "/find" or len(marker) < 8:
            self.send_error(404)
            return
        body = json.dumps(find(marker)).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def main() -> None:
    port = int(sys.argv[1])
    server = ThreadingHTTPServer(("127.0.0.1", port), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    from streamlit.web.cli import main as streamlit_main

    sys.argv = ["streamlit", *sys.argv[2:]]
    streamlit_main()


if __name__ == "__main__":
    main()
