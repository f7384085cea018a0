"""Starting and watching the app's server for the benchmark.

``prepare_data`` runs the data preparation ``make run`` runs first (timed);
``start_server`` spawns ``streamlit run app.py`` on a free loopback port with
``MSDE_DATA_DIR`` pointing at a (generated) data folder, records the spawn
time for the cold-start measurement, and sends the server's output to a log
file. ``rss_mb`` reads the server's resident memory from ``/proc`` (no
psutil needed).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from loaders.parsed_cache import CACHE_ENV
from loaders.paths import DATA_DIR_ENV, REPO_ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    """A running ``streamlit run app.py`` process."""

    process: subprocess.Popen
    base_url: str
    spawned_at: float  # time.perf_counter() just before the spawn
    log_path: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        """Stop this server (only the process this harness started)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def start_server(data_dir: Path, log_path: Path, cache_dir: Path | None = None) -> Server:
    """Spawn the app on a free loopback port reading ``data_dir``; return at once (not yet listening).

    ``cache_dir`` is the parsed-incident cache folder the server uses (``MSDE_CACHE_DIR``).
    """
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(REPO_ROOT / "app.py"), "--server.port", str(port),
               "--server.address", "127.0.0.1", "--server.headless", "true",
               "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    env = {**os.environ, DATA_DIR_ENV: str(data_dir)}
    if cache_dir is not None:
        env[CACHE_ENV] = str(cache_dir)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = log_path.open("wb")
    spawned_at = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    log.close()
    return Server(process=process, base_url=f"http://127.0.0.1:{port}", spawned_at=spawned_at, log_path=log_path)


def prepare_data(data_dir: Path, cache_dir: Path, timeout: float) -> dict:
    """Run ``python -m tools.prepare`` on ``data_dir`` (what ``make run`` does before it starts the server):
    its time in seconds, its peak memory in MB (VmHWM, sampled every 0.1 s) and the line it printed."""
    env = {**os.environ, DATA_DIR_ENV: str(data_dir), CACHE_ENV: str(cache_dir)}
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "tools.prepare"], cwd=REPO_ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    peak = None
    while process.poll() is None:
        peak = peak_rss_mb(process.pid) or peak
        if time.perf_counter() - started > timeout:
            process.kill()
            break
        time.sleep(0.1)
    output = process.communicate()[0].decode(errors="replace").strip()
    return {"seconds": round(time.perf_counter() - started, 2), "peak_rss_mb": round(peak, 1) if peak else None,
            "message": output.splitlines()[-1] if output else "", "returncode": process.returncode}


def _status_kb(pid: int, field: str) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def rss_mb(pid: int) -> float | None:
    """Resident memory of ``pid`` in MB (VmRSS), or None when unreadable."""
    kb = _status_kb(pid, "VmRSS")
    return kb / 1024 if kb is not None else None


def peak_rss_mb(pid: int) -> float | None:
    """Peak resident memory of ``pid`` in MB so far (VmHWM)."""
    kb = _status_kb(pid, "VmHWM")
    return kb / 1024 if kb is not None else None
