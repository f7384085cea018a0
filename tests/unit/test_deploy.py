"""The deployment files checked against the app, with no Docker and no cluster: the image's entrypoint, port,
health check and installs; the compose stack's proxy config; the Kubernetes manifests' ports, probes, cookie
affinity, security headers and memory; the lock files against the pinned requirements."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
import yaml

from tools import serve

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
K8S = DEPLOY / "k8s"
#: The server's peak memory at the shipped size in the benchmark (README "Deploying", bench/README.md), MB.
BENCH_PEAK_RSS_MB = 432


def dockerfile_instructions(path: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of a Dockerfile, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", "\n".join(line for line in path.read_text().splitlines()
                                         if not line.lstrip().startswith("#")))
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line.strip() else "")
            for line in text.splitlines() if line.strip()]


def manifest(name: str) -> dict:
    return yaml.safe_load((K8S / name).read_text())


def mebibytes(quantity: str) -> float:
    units = {"Ki": 1 / 1024, "Mi": 1, "Gi": 1024, "M": 1e6 / 2**20, "G": 1e9 / 2**20}
    number, unit = re.fullmatch(r"([\d.]+)([A-Za-z]*)", quantity).groups()
    return float(number) * units[unit]


# The image -------------------------------------------------------------------------------------------------------

def test_the_image_runs_one_app_process_through_the_launcher():
    steps = dockerfile_instructions(DEPLOY / "Dockerfile")
    entrypoint = [json.loads(args) for kind, args in steps if kind == "ENTRYPOINT"]
    assert entrypoint == [["python", "-m", "tools.serve", "--single"]]
    assert serve.parse_args(["--single"]).single
    env = " ".join(args for kind, args in steps if kind == "ENV")
    assert f"{serve.PORT_ENV}={serve.CONTAINER_PORT}" in env and f"{serve.ADDRESS_ENV}=0.0.0.0" in env
    assert ("EXPOSE", str(serve.CONTAINER_PORT)) in steps
    health = [args for kind, args in steps if kind == "HEALTHCHECK"]
    assert len(health) == 1 and serve.HEALTH_PATH in health[0] and serve.PORT_ENV in health[0]
    assert ("ARG", "BASE_IMAGE=python:3.11-slim") in steps
    assert ("USER", "app") in steps


def test_the_image_installs_from_the_lock_with_hashes_and_holds_every_app_folder():
    steps = dockerfile_instructions(DEPLOY / "Dockerfile")
    runs = " ".join(args for kind, args in steps if kind == "RUN")
    assert "--require-hashes" in runs and "-r /tmp/requirements.lock" in runs
    copied = {part for kind, args in steps if kind == "COPY" and "--from" not in args
              for part in shlex.split(args)[:-1] if not part.startswith("--")}
    app_parts = {"app.py", "cache.py", ".streamlit", "pages", "ui", "charts", "transforms", "loaders", "i18n",
                 "tools", "data", "static", "locales"}
    assert app_parts <= copied, f"missing from the image: {app_parts - copied}"
    # Every first-party package the app imports is one of them (a new top-level folder must be added).
    packages = {p.name for p in REPO.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert packages - {"tests", "bench"} <= copied


def test_the_launcher_runs_streamlit_with_real_options_on_loopback():
    from streamlit import config

    command = serve.replica_command(8511)
    assert command[command.index("--server.address") + 1] == "127.0.0.1"
    assert command[command.index("--server.port") + 1] == "8511"
    options = dict(zip(serve.STREAMLIT_FLAGS[::2], serve.STREAMLIT_FLAGS[1::2]))
    for flag in options:
        assert flag.removeprefix("--") in config._config_options_template, f"{flag} is not a Streamlit option"
    assert set(options) <= set(command)


# The proxy and the compose stack ------------------------------------------------------------------------------

def test_the_proxy_config_has_stickiness_health_checks_websocket_timeouts_and_headers():
    text = serve.haproxy_config([("127.0.0.1", 8511), ("127.0.0.1", 8512)], port=8500)
    assert f"cookie {serve.COOKIE} insert indirect nocache httponly" in text
    assert "balance source" not in text  # never by client address
    assert f"option httpchk GET {serve.HEALTH_PATH}" in text
    assert "timeout tunnel 1h" in text and "option redispatch" in text
    assert re.search(r"server r1 127\.0\.0\.1:8511 cookie r1", text) and "track replicas/r2" in text
    assert "bind 127.0.0.1:8500" in text
    for name in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"):
        assert f"http-response set-header {name} " in text
    assert "cache-store static" in text and "use_backend static if { path_beg /app/static/ }" in text


def test_the_policy_allows_exactly_the_app_inline_scripts():
    policy = serve.content_security_policy()
    bodies = serve.streamlit_shell_scripts() + serve.app_inline_scripts()
    assert len(bodies) >= 3
    for body in bodies:
        assert serve.script_hash(body) in policy
    script_src = next(d for d in policy.split("; ") if d.startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert "http" not in policy and "*" not in policy  # no other host
    assert "frame-ancestors 'self'" in policy and "object-src 'none'" in policy
    # A changed script changes the policy (the hash is of the exact text).
    assert serve.script_hash(bodies[0] + " ") not in policy


def compose() -> dict:
    return yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())


def test_the_compose_proxy_config_is_current_and_names_every_replica():
    services = compose()["services"]
    apps = {name: s for name, s in services.items() if s.get("build", {}).get("dockerfile") == "deploy/Dockerfile"}
    assert len(apps) >= 2
    backends = [(s["environment"][serve.ADDRESS_ENV], int(s["environment"][serve.PORT_ENV])) for s in apps.values()]
    assert all(address == "127.0.0.1" for address, _ in backends)
    expected = serve.haproxy_config(backends, host="0.0.0.0", port=serve.DEFAULT_PORT)
    assert (DEPLOY / "haproxy.cfg").read_text() == expected, (
        "deploy/haproxy.cfg is out of date: python -m tools.serve --write-config deploy/haproxy.cfg --host 0.0.0.0 "
        "--backends " + ",".join(f"{a}:{p}" for a, p in backends))
    assert services["proxy"]["build"]["dockerfile"] == "deploy/Dockerfile.haproxy"
    assert "COPY deploy/haproxy.cfg" in (DEPLOY / "Dockerfile.haproxy").read_text()


# Kubernetes --------------------------------------------------------------------------------------------------------

def app_container() -> dict:
    deployment = manifest("deployment.yaml")
    assert deployment["kind"] == "Deployment"
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    return container


def test_the_deployment_probes_the_health_path_on_the_app_port():
    container = app_container()
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    assert ports == {"http": serve.CONTAINER_PORT}
    env = {e["name"]: e["value"] for e in container["env"]}
    assert env == {serve.ADDRESS_ENV: "0.0.0.0", serve.PORT_ENV: str(serve.CONTAINER_PORT)}
    for probe in ("readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"] == {"path": serve.HEALTH_PATH, "port": "http"}
    assert "command" not in container and "args" not in container  # the image's entrypoint runs
    deployment = manifest("deployment.yaml")
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"] == labels
    assert deployment["spec"]["template"]["spec"]["securityContext"]["runAsUser"] == 10001  # the image's user


def test_the_deployment_requests_the_memory_the_benchmark_measured():
    resources = app_container()["resources"]
    assert mebibytes(resources["requests"]["memory"]) * 2**20 / 1e6 >= BENCH_PEAK_RSS_MB
    assert mebibytes(resources["limits"]["memory"]) >= mebibytes(resources["requests"]["memory"])
    assert resources["requests"]["cpu"] == "1"


def test_the_service_and_ingress_reach_the_app_port_with_cookie_affinity():
    service, ingress = manifest("service.yaml"), manifest("ingress.yaml")
    assert service["spec"]["selector"] == manifest("deployment.yaml")["spec"]["selector"]["matchLabels"]
    (port,) = service["spec"]["ports"]
    assert port["targetPort"] == "http"
    backend = ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend == {"name": service["metadata"]["name"], "port": {"name": port["name"]}}
    notes = ingress["metadata"]["annotations"]
    assert notes["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert notes["nginx.ingress.kubernetes.io/session-cookie-name"] == serve.COOKIE
    assert int(notes["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600
    snippet = notes["nginx.ingress.kubernetes.io/configuration-snippet"]
    assert f'"Content-Security-Policy: {serve.content_security_policy()}"' in snippet, (
        "the Ingress's policy differs from the proxy's: python -m tools.serve --print-csp")
    for name, value in serve.SECURITY_HEADERS.items():
        assert f'"{name}: {value}"' in snippet


# Lock files --------------------------------------------------------------------------------------------------------

def pins(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.\[\]-]+)==([^\s;\\]+)", line)
        if match:
            found[re.sub(r"[-_.]+", "-", match.group(1).split("[")[0]).lower()] = match.group(2)
    return found


@pytest.mark.parametrize(("source", "lock"), [("requirements.txt", "requirements.lock"),
                                              ("requirements-test.txt", "requirements-test.lock")])
def test_the_lock_keeps_every_pin_and_hashes_every_package(source, lock):
    locked = pins(REPO / lock)
    wanted = pins(REPO / source)
    if source == "requirements-test.txt":
        wanted |= pins(REPO / "requirements.txt")
    for name, version in wanted.items():
        assert locked.get(name) == version, f"{lock}: {name} is {locked.get(name)}, {source} pins {version}"
    blocks = re.split(r"\n(?=[A-Za-z0-9])", (REPO / lock).read_text())
    for block in blocks:
        if "==" in block.split("\n", 1)[0]:
            assert "--hash=sha256:" in block, f"{lock}: no hash for {block.splitlines()[0]}"
    assert not re.search(r"--(find-links|extra-index-url|index-url)|file://", (REPO / lock).read_text())
    runtime = pins(REPO / "requirements.lock")
    assert all(locked[name] == version for name, version in runtime.items()), "test lock disagrees with runtime lock"
