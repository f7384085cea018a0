"""Serving an audience: ``python -m tools.serve`` (``make serve``) starts N app processes behind HAProxy.

Each replica is an ordinary ``streamlit run app.py`` bound to 127.0.0.1 on its own port; HAProxy (Debian's
``haproxy`` package) is the only process reachable from outside. HAProxy, not nginx, because its open-source
build does what this needs with no module: active health checks (``/_stcore/health``: a dead or hung replica
leaves the rotation within seconds; nginx's free build only notices failed requests), cookie stickiness
(nginx's ``sticky`` directive is in its commercial edition only; ``ip_hash`` is by client address, which a NAT or a
corporate proxy collapses into one), ``redispatch`` (a session whose replica died is sent to a live one), and a
small in-memory cache for ``/app/static/``.

The config is generated here, from the running code, because the Content-Security-Policy allows the app's few
inline scripts by their SHA-256 hashes (Streamlit's page shell has one; the app's ``st.html`` scripts one per
language each): change a script and the policy follows. ``deploy/haproxy.cfg`` is this module's output for the
compose stack (``python -m tools.serve --write-config deploy/haproxy.cfg --backends 127.0.0.1:8511,...``); a unit
test fails when it is out of date.

The bench's load test imports :class:`Cluster` to start 1 or N replicas behind the same proxy.
"""

from __future__ import annotations

import argparse
import base64
import contextvars
import hashlib
import html.parser
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

REPO = Path(__file__).resolve().parents[1]
HEALTH_PATH = "/_stcore/health"
STATIC_PREFIX = "/app/static/"
#: Seconds between health checks, and how many failures take a replica out (or successes put it back).
CHECK_INTERVAL_S = 1
CHECK_FALL = 2
CHECK_RISE = 2
#: The stickiness cookie HAProxy sets (its value names the replica; no session data in it).
COOKIE = "msde_replica"
#: How long browsers and the proxy keep a file under /app/static/ (fonts, topojson, map style, country shapes).
STATIC_MAX_AGE_S = 3600
#: Replicas take ports from here on (make serve); the proxy listens on PORT.
FIRST_REPLICA_PORT = 8511
DEFAULT_PORT = 8500
#: A container's app process (``--single``): its address and port, from these variables.
ADDRESS_ENV, PORT_ENV = "MSDE_ADDRESS", "MSDE_PORT"
CONTAINER_PORT = 8501
#: The Streamlit flags every replica runs with (beside .streamlit/config.toml), also checked in the image and the
#: manifests by tests/unit/test_deploy.py.
STREAMLIT_FLAGS = ("--server.headless", "true", "--server.fileWatcherType", "none",
                   "--browser.gatherUsageStats", "false")


# Content-Security-Policy ----------------------------------------------------------------------------------------

class _InlineScripts(html.parser.HTMLParser):
    """The text of every ``<script>`` without ``src`` in a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self._inside = False

    def handle_starttag(self, tag, attrs):
        if tag == "script" and not dict(attrs).get("src"):
            self._inside = True
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.scripts[-1] += data


def _script_body(element: str) -> str:
    """The text between ``<script>`` and ``</script>`` of one script element."""
    parser = _InlineScripts()
    parser.feed(element)
    if len(parser.scripts) != 1:
        raise ValueError("expected exactly one inline <script> element")
    return parser.scripts[0]


def streamlit_shell_scripts() -> list[str]:
    """The inline scripts of the installed Streamlit's page shell (``static/index.html``)."""
    import streamlit

    parser = _InlineScripts()
    parser.feed((Path(streamlit.__file__).parent / "static" / "index.html").read_text(encoding="utf-8"))
    return parser.scripts


def app_inline_scripts() -> list[str]:
    """The body of every inline script the app runs with ``st.html(..., unsafe_allow_javascript=True)``, in
    every language it offers."""
    from i18n import LANGUAGES, use_language
    from ui.language import document_language_script
    from ui.present import keyboard_js

    def in_language(code: str) -> list[str]:
        use_language(code)
        return [_script_body(document_language_script(code)), _script_body(keyboard_js())]

    bodies: list[str] = []
    for code in LANGUAGES:
        for body in contextvars.copy_context().run(in_language, code):
            if body not in bodies:
                bodies.append(body)
    return bodies


def script_hash(body: str) -> str:
    """A CSP hash source for an inline script's text."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii") + "'"


def content_security_policy(scripts: list[str] | None = None) -> str:
    """The policy: everything from the app's own origin only; inline scripts only by hash.

    Found by running every page in Chromium under it (tests/browser/test_serve.py): ``style-src 'unsafe-inline'``
    because Streamlit (emotion), plotly and deck.gl write style attributes and style elements at run time;
    ``blob:`` workers and images for MapLibre/deck.gl and plotly's image export; ``data:`` images and fonts for
    the CSS Streamlit and plotly ship. No ``'unsafe-eval'``, no ``'unsafe-inline'`` script, no other host.
    """
    if scripts is None:
        scripts = streamlit_shell_scripts() + app_inline_scripts()
    hashes = " ".join(dict.fromkeys(script_hash(body) for body in scripts))
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' 'wasm-unsafe-eval' {hashes}",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "frame-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ])


#: The other security headers the proxy adds to every response.
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "SAMEORIGIN",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}


# HAProxy configuration ------------------------------------------------------------------------------------------

def haproxy_config(backends: list[tuple[str, int]], *, host: str = "127.0.0.1", port: int = DEFAULT_PORT,
                   csp: str | None = None) -> str:
    """HAProxy's configuration for ``backends`` (address, port) behind ``host``:``port``."""
    csp = csp or content_security_policy()
    headers = {"Content-Security-Policy": csp, **SECURITY_HEADERS}
    header_lines = "\n".join(f'    http-response set-header {name} "{value}"' for name, value in headers.items())
    servers = "\n".join(f"    server r{i} {address}:{server_port} cookie r{i}"
                        for i, (address, server_port) in enumerate(backends, start=1))
    static_servers = "\n".join(f"    server r{i} {address}:{server_port} track replicas/r{i}"
                               for i, (address, server_port) in enumerate(backends, start=1))
    return f"""# Generated by tools/serve.py (python -m tools.serve --write-config ...): do not edit by hand.
global
    maxconn 4096
    log stdout format raw local0 notice
    # Room for the headers the proxy adds (the policy alone is about 1 kB): with the default 1 kB, a response
    # that fills the buffer cannot take them and HAProxy answers 500 instead.
    tune.bufsize 32768
    tune.maxrewrite 8192

defaults
    mode http
    log global
    option httplog
    option dontlognull
    # Successful requests are logged at "info", below the global level; failed ones at "err", which shows.
    option log-separate-errors
    timeout connect 5s
    timeout http-request 10s
    timeout client 60s
    timeout server 60s
    # An open websocket (one per browser tab) is a tunnel: idle for up to an hour between messages.
    timeout tunnel 1h
    timeout client-fin 5s
    timeout queue 30s
    timeout check 3s

# Files under /app/static/ (fonts, topojson, map style, country shapes) kept in memory by the proxy.
cache static
    total-max-size 64
    max-object-size 8388608
    max-age {STATIC_MAX_AGE_S}

frontend web
    bind {host}:{port}
    option forwardfor
    http-request cache-use static if {{ path_beg {STATIC_PREFIX} }}
    use_backend static if {{ path_beg {STATIC_PREFIX} }}
    default_backend replicas
{header_lines}

# The same files from any live replica, without the stickiness cookie (a response setting a cookie is never cached).
backend static
    balance roundrobin
    http-response set-header Cache-Control "public, max-age={STATIC_MAX_AGE_S}"
    http-response cache-store static
{static_servers}

backend replicas
    # A new visitor goes to the replica with the fewest open connections (websockets are long-lived); after that
    # the cookie keeps every request of that browser (websocket, media, downloads, uploads) on the same replica.
    balance leastconn
    cookie {COOKIE} insert indirect nocache httponly attr "SameSite=Lax"
    option redispatch
    retries 2
    option httpchk GET {HEALTH_PATH}
    http-check expect status 200
    default-server check inter {CHECK_INTERVAL_S}s fall {CHECK_FALL} rise {CHECK_RISE}
{servers}
"""


# Processes ------------------------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def replica_command(port: int, python: str = sys.executable, address: str = "127.0.0.1") -> list[str]:
    """The command of one replica: the app on ``address``:``port`` (loopback unless a container asks)."""
    return [python, "-m", "streamlit", "run", str(REPO / "app.py"), "--server.address", address,
            "--server.port", str(port), *STREAMLIT_FLAGS]


def run_single(address: str, port: int) -> None:
    """One app process in the foreground, as a container runs it: prepare the data (nothing to do when the
    image's cache is current), then replace this process with the server."""
    from tools.prepare import main as prepare

    prepare()
    sys.stdout.flush()
    command = replica_command(port, address=address)
    os.execv(command[0], command)


def healthy(url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(url + HEALTH_PATH, timeout=timeout) as response:
            return response.status == 200
    except OSError:
        return False


@dataclass
class Replica:
    """One app process."""

    port: int
    process: subprocess.Popen
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """Kill this replica at once (SIGKILL), as a crash would."""
        if self.alive():
            self.process.kill()
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.alive():
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


def haproxy_path() -> str:
    found = shutil.which("haproxy") or ("/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None)
    if not found:
        raise RuntimeError("HAProxy is not installed: apt-get install haproxy (Debian, Ubuntu), then try again.")
    return found


@dataclass
class Cluster:
    """N replicas behind HAProxy, started together and stopped together (use ``with``)."""

    replicas: int = field(default_factory=lambda: os.cpu_count() or 1)
    host: str = "127.0.0.1"
    port: int = 0  # 0: a free port
    first_replica_port: int = 0  # 0: free ports
    env: dict[str, str] = field(default_factory=dict)
    run_dir: Path | None = None
    timeout: float = 90.0
    members: list[Replica] = field(default_factory=list)
    proxy: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "") else self.host
        return f"http://{host}:{self.port}"

    def __enter__(self) -> Self:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        self.run_dir = Path(self.run_dir or tempfile.mkdtemp(prefix="msde-serve-"))
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.port = self.port or free_port()
        env = {**os.environ, **self.env}
        for i in range(self.replicas):
            port = self.first_replica_port + i if self.first_replica_port else free_port()
            log_path = self.run_dir / f"replica-{i + 1}.log"
            with log_path.open("wb") as log:
                process = subprocess.Popen(replica_command(port), cwd=REPO, env=env, stdout=log,
                                           stderr=subprocess.STDOUT, start_new_session=True)
            self.members.append(Replica(port, process, log_path))
        deadline = time.monotonic() + self.timeout
        for replica in self.members:
            while not healthy(replica.url):
                if not replica.alive() or time.monotonic() > deadline:
                    raise RuntimeError(f"replica on port {replica.port} did not start:\n"
                                       + replica.log_path.read_text(errors="replace")[-3000:])
                time.sleep(0.2)
        config = self.run_dir / "haproxy.cfg"
        config.write_text(haproxy_config([("127.0.0.1", r.port) for r in self.members], host=self.host,
                                         port=self.port))
        check = subprocess.run([haproxy_path(), "-c", "-q", "-f", str(config)], capture_output=True, text=True,
                               check=False)
        if check.returncode:
            raise RuntimeError(f"HAProxy refused its config {config}:\n{check.stdout}{check.stderr}")
        with (self.run_dir / "haproxy.log").open("wb") as log:
            self.proxy = subprocess.Popen([haproxy_path(), "-db", "-f", str(config)], stdout=log,
                                          stderr=subprocess.STDOUT, start_new_session=True)
        while not healthy(self.url):
            if self.proxy.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("HAProxy did not start:\n"
                                   + (self.run_dir / "haproxy.log").read_text(errors="replace")[-3000:])
            time.sleep(0.1)

    def stop(self) -> None:
        """Stop the proxy and every replica this cluster started (only those)."""
        if self.proxy is not None and self.proxy.poll() is None:
            self.proxy.terminate()
            try:
                self.proxy.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proxy.kill()
        for replica in self.members:
            replica.stop()


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tools.serve", description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=os.cpu_count() or 1,
                        help="app processes (default: the number of cores, %(default)s here)")
    parser.add_argument("--host", default="0.0.0.0", help="address the proxy listens on (default %(default)s)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="the proxy's port (default %(default)s)")
    parser.add_argument("--first-replica-port", type=int, default=FIRST_REPLICA_PORT,
                        help="replicas listen on 127.0.0.1 from this port on (default %(default)s)")
    parser.add_argument("--write-config", metavar="FILE",
                        help="only write HAProxy's config for --backends to FILE (or - for stdout) and exit")
    parser.add_argument("--backends", default="",
                        help="with --write-config: comma-separated host:port of the replicas")
    parser.add_argument("--print-csp", action="store_true", help="print the Content-Security-Policy and exit")
    parser.add_argument("--single", action="store_true",
                        help="run one app process in the foreground on $MSDE_ADDRESS:$MSDE_PORT (default "
                             "0.0.0.0:8501), no proxy: a container's entrypoint")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.single:
        run_single(os.environ.get(ADDRESS_ENV, "0.0.0.0"), int(os.environ.get(PORT_ENV, CONTAINER_PORT)))
        return 0
    if args.print_csp:
        print(content_security_policy())
        return 0
    if args.write_config:
        backends = [(item.rsplit(":", 1)[0], int(item.rsplit(":", 1)[1])) for item in args.backends.split(",")
                    if item]
        if not backends:
            backends = [("127.0.0.1", args.first_replica_port + i) for i in range(args.replicas)]
        text = haproxy_config(backends, host=args.host, port=args.port)
        if args.write_config == "-":
            sys.stdout.write(text)
        else:
            Path(args.write_config).write_text(text)
        return 0
    stopping = []
    # Ctrl+C, a terminal closing or a service manager's stop: leave the loop, then stop the proxy and replicas.
    # (Set explicitly: a shell that starts this in the background passes SIGINT on as ignored.)
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, lambda *_: stopping.append(True))
    with Cluster(replicas=args.replicas, host=args.host, port=args.port,
                 first_replica_port=args.first_replica_port, run_dir=REPO / ".serve") as cluster:
        print(f"Serving {args.replicas} replica(s) on 127.0.0.1:{args.first_replica_port}-"
              f"{args.first_replica_port + args.replicas - 1} behind HAProxy on http://{args.host}:{args.port} "
              f"(logs in {cluster.run_dir}). Ctrl+C stops them.", flush=True)
        while not stopping:
            if cluster.proxy.poll() is not None:
                print("HAProxy stopped; stopping the replicas.", file=sys.stderr)
                return 1
            dead = [r.port for r in cluster.members if not r.alive()]
            if len(dead) == len(cluster.members):
                print("Every replica stopped; see their logs.", file=sys.stderr)
                return 1
            time.sleep(0.5)
        print("Stopping.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
