"""``make test-deploy``: build the image, run the compose stack, load-test it through its proxy, audit the lock.

1. The base image: ``--base-image`` if given, else ``local/debian:bookworm``, made here when missing with
   ``debootstrap --variant=minbase bookworm`` and ``docker import`` (for machines that cannot pull from Docker Hub).
2. pip's CA bundle (``PIP_CERT``, else ``pip config list``'s ``cert``) is copied to ``deploy/certs/ca.crt`` for
   the image's build stage only, and removed afterwards.
3. ``docker compose`` (or ``docker-compose``) builds and starts ``deploy/docker-compose.yml`` (two replicas and
   HAProxy, all on the host's network), as project ``msde-test-deploy``.
4. Through the proxy (http://127.0.0.1:8500): the security headers and the cookie, then the load test's four
   scenarios at their ``--quick`` sizes (:mod:`bench.load`); the fourth kills one replica's process with SIGKILL
   (Docker restarts it, as its restart policy says) and counts the sessions that recover their view.
5. ``pip-audit`` over ``requirements.lock`` (hashes required), when it can reach its advisory source (PyPI).
6. The stack is stopped and removed, whatever happened.

Fails (exit 1) on a build or start failure, a missing header, any error in the scenarios, a session that does not
recover, or a known vulnerability in the lock.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
COMPOSE_FILE = REPO / "deploy" / "docker-compose.yml"
CERT = REPO / "deploy" / "certs" / "ca.crt"
PROJECT = "msde-test-deploy"
DEFAULT_BASE = "local/debian:bookworm"
PROXY_URL = "http://127.0.0.1:8500"
RESULTS = REPO / "bench" / "results" / "test-deploy.json"
APP_SERVICES = ("app1", "app2")
APP_PORTS = (8511, 8512)  # as deploy/docker-compose.yml sets them


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    print("+ " + " ".join(command), flush=True)
    return subprocess.run(command, check=True, **kwargs)


def output(command: list[str]) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip()


def compose_command() -> list[str]:
    if subprocess.run(["docker", "compose", "version"], capture_output=True, check=False).returncode == 0:
        return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    raise SystemExit("Neither `docker compose` nor `docker-compose` is installed (Debian: apt-get install "
                     "docker-compose).")


def ensure_base(image: str) -> None:
    if subprocess.run(["docker", "image", "inspect", image], capture_output=True, check=False).returncode == 0:
        return
    if image != DEFAULT_BASE:
        raise SystemExit(f"Base image {image} not found: pull or build it first.")
    if not shutil.which("debootstrap") or os.geteuid() != 0:
        raise SystemExit(f"{image} is missing and making it needs root and debootstrap (apt-get install "
                         "debootstrap); or pass BASE_IMAGE=python:3.11-slim where Docker Hub is reachable.")
    with tempfile.TemporaryDirectory(prefix="msde-rootfs-") as root:
        run(["debootstrap", "--variant=minbase", "bookworm", root])
        tar = subprocess.Popen(["tar", "-C", root, "-c", "."], stdout=subprocess.PIPE)
        run(["docker", "import", "-", image], stdin=tar.stdout)
        tar.wait()


def pip_cert() -> str | None:
    """The CA bundle the host's pip uses, if it is given one."""
    if os.environ.get("PIP_CERT"):
        return os.environ["PIP_CERT"]
    try:
        listing = output([sys.executable, "-m", "pip", "config", "list"])
    except (subprocess.CalledProcessError, OSError):
        return None
    for line in listing.splitlines():
        key, _, value = line.partition("=")
        if key.endswith(".cert"):
            return value.strip().strip("'\"")
    return None


def wait_healthy(url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    raise SystemExit(f"The stack did not answer on {url} within {timeout:.0f} s.")


def check_headers(url: str) -> list[str]:
    from tools.serve import COOKIE, SECURITY_HEADERS, content_security_policy

    with urllib.request.urlopen(url + "/") as response:
        headers = response.headers
    problems = []
    if headers["Content-Security-Policy"] != content_security_policy():
        problems.append("the proxy's Content-Security-Policy differs from the app's (rebuild deploy/haproxy.cfg)")
    for name, value in SECURITY_HEADERS.items():
        if headers[name] != value:
            problems.append(f"header {name} is {headers[name]!r}")
    if not (headers["Set-Cookie"] or "").startswith(COOKIE + "="):
        problems.append("no stickiness cookie")
    return problems


def container_ids(compose: list[str]) -> list[str]:
    return [output(compose + ["ps", "-q", service]) for service in APP_SERVICES]


def main_pids(compose: list[str]) -> list[int]:
    pids = []
    for container in container_ids(compose):
        if container:
            pid = int(output(["docker", "inspect", "-f", "{{.State.Pid}}", container]) or 0)
            if pid:
                pids.append(pid)
    return pids


def load_test(compose: list[str]) -> tuple[dict, list[str]]:
    from bench.load import QUICK, Target, render_table, run_scenarios, verdicts

    def kill_one() -> None:  # a crash of the last replica's app process; Docker restarts the container
        os.kill(main_pids(compose)[-1], 9)

    target = Target(PROXY_URL, len(APP_SERVICES), lambda: main_pids(compose), kill_one, "compose, 2 replicas",
                    [f"http://127.0.0.1:{port}" for port in APP_PORTS])
    result = asyncio.run(run_scenarios(target, QUICK, timeout=120.0))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1))
    table = render_table([result], "Load test of the compose stack through its HAProxy (shipped data; quick sizes; "
                                   "times in s)")
    print(table)
    lines = verdicts(result)
    print("\n".join("  " + line for line in lines))
    failures = []
    for name in ("room", "burst", "day", "dies"):
        if result[name].get("errors"):
            failures.append(f"{name}: {result[name]['errors']} errors, e.g. {result[name]['error_samples'][:2]}")
    dies = result["dies"]
    if not dies.get("sessions_hit") or dies["recovered"] != dies["sessions_hit"]:
        failures.append(f"a replica dies: {dies.get('recovered')} of {dies.get('sessions_hit')} sessions recovered")
    return result, failures


def audit(pip_audit: str | None) -> list[str]:
    if not pip_audit or not Path(pip_audit).exists():
        print("pip-audit: not installed (make test-deploy installs it in .tools-venv); lock not audited.")
        return []
    env = {**os.environ, "PIP_CONFIG_FILE": "/dev/null"}
    done = subprocess.run([pip_audit, "--progress-spinner", "off", "--disable-pip", "--require-hashes",
                           "-r", str(REPO / "requirements.lock")], capture_output=True, text=True, env=env,
                          check=False)
    text = done.stdout + done.stderr
    print(text)
    # A package the advisory source does not answer for is "not found on PyPI and could not be audited": on a
    # machine whose package index is a mirror without PyPI's JSON API, that is every package.
    skipped = text.count("could not be audited")
    if "Found" in text and "vulnerabilit" in text and done.returncode:
        return ["pip-audit found known vulnerabilities in requirements.lock (above)"]
    if done.returncode or skipped:
        print(f"pip-audit could not reach its advisory source for {skipped or 'any'} package(s) from here: "
              "the lock was NOT audited (run make test-deploy where pypi.org's JSON API is reachable).")
        return []
    print("pip-audit: no known vulnerability in requirements.lock (advisories from PyPI).")
    return []


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tools.test_deploy", description=__doc__.splitlines()[0])
    parser.add_argument("--base-image", default=DEFAULT_BASE, help="base of both images (default %(default)s)")
    parser.add_argument("--pip-audit", help="the pip-audit executable")
    parser.add_argument("--keep", action="store_true", help="leave the stack running at the end")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not shutil.which("docker") or subprocess.run(["docker", "info"], capture_output=True, check=False).returncode:
        raise SystemExit("Docker is not available: install it (Debian: apt-get install docker.io) and start "
                         "dockerd (as root).")
    compose = compose_command() + ["-f", str(COMPOSE_FILE), "-p", PROJECT]
    ensure_base(args.base_image)
    env = {**os.environ, "BASE_IMAGE": args.base_image, "PROXY_BASE_IMAGE": args.base_image}
    failures: list[str] = []
    cert = pip_cert()
    try:
        if cert and Path(cert).is_file():
            shutil.copyfile(cert, CERT)
        started = time.monotonic()
        run(compose + ["build"], env=env)
        print(f"images built in {time.monotonic() - started:.0f} s", flush=True)
    finally:
        CERT.unlink(missing_ok=True)
    try:
        run(compose + ["up", "-d"], env=env)
        wait_healthy(PROXY_URL, 180)
        for replica in main_pids(compose):
            print(f"replica process {replica} running", flush=True)
        failures += check_headers(PROXY_URL)
        _, problems = load_test(compose)
        failures += problems
    finally:
        if not args.keep:
            subprocess.run(compose + ["down", "--remove-orphans"], env=env, check=False)
    failures += audit(args.pip_audit)
    if failures:
        print("test-deploy FAILED:\n  " + "\n  ".join(failures))
        return 1
    print("test-deploy passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
