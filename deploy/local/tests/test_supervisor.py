"""`carecoord-run` (what `make run` calls) brings up the whole system and Ctrl-C takes it all down again.

It runs on its own state folder and free ports, so it never collides with a `make run` on the same machine.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil
from carecoord_local._proc import is_gone
from carecoord_local.ports import free_port
from carecoord_local.services import DEFAULT_PORTS

REFERRAL = {
    "patient": {"mrn": "MRN-0001", "given_name": "Dana", "family_name": "Reyes"},
    "referring_physician": {"name": "Dr. Ada Osei", "npi": "1234567893"},
    "diagnosis_codes": ["M54.50"],
    "conditions": ["low back pain"],
    "requested_disciplines": [{"discipline": "medical_massage", "visits_per_week": 2, "weeks": 6}],
}
STARTUP_TIMEOUT = 180.0


def _command(script: str, module: str) -> list[str]:
    """The installed console script beside this interpreter, else the module."""
    installed = Path(sys.executable).parent / script
    return [str(installed)] if installed.exists() else [sys.executable, "-m", module]


def _processes_using(var_dir: Path) -> list[str]:
    """Live processes that mention `var_dir` in their command line (JVM, postgres) or environment (services)."""
    marker = str(var_dir)
    found = []
    for proc in psutil.process_iter(["pid", "cmdline"]):
        try:
            if is_gone(proc):
                continue
            cmdline = proc.info["cmdline"] or []
            if any(marker in arg for arg in cmdline) or any(
                marker in value for value in proc.environ().values()
            ):
                found.append(f"{proc.pid}: {' '.join(cmdline)[:200]}")
        except psutil.Error:
            continue
    return found


def _wait_ready(process: subprocess.Popen[bytes], urls: list[str], output: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    pending = list(urls)
    while pending:
        if process.poll() is not None:
            raise AssertionError(f"carecoord-run exited with {process.returncode}:\n{output.read_text()}")
        if time.monotonic() > deadline:
            raise AssertionError(f"not ready after {STARTUP_TIMEOUT}s: {pending}\n{output.read_text()}")
        try:
            if httpx.get(f"{pending[0]}/readyz", timeout=2).status_code == 200:
                pending.pop(0)
                continue
        except httpx.HTTPError:
            pass
        time.sleep(0.2)


def _banner_when_printed(output: Path, within: float = 30.0) -> str:
    """The services answer /readyz a moment before the supervisor has seen them all and printed."""
    deadline = time.monotonic() + within
    while "Press Ctrl-C" not in output.read_text():
        assert time.monotonic() < deadline, f"no banner after {within}s:\n{output.read_text()}"
        time.sleep(0.2)
    return output.read_text()


def test_carecoord_run_serves_a_referral_and_ctrl_c_leaves_nothing_running(tmp_path: Path) -> None:
    var_dir = tmp_path / "var"
    service_ports = {name: free_port() for name in DEFAULT_PORTS}
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "KAFKA_BOOTSTRAP_SERVERS")},
        "CARECOORD_VAR_DIR": str(var_dir),
        "CARECOORD_PG_PORT": str(free_port()),
        "CARECOORD_KAFKA_PORT": str(free_port()),
        "CARECOORD_KAFKA_CONTROLLER_PORT": str(free_port()),
        **{f"CARECOORD_{name.upper()}_PORT": str(port) for name, port in service_ports.items()},
        "CARECOORD_CONSOLE_PORT": str(console_port := free_port()),
        "CARECOORD_FHIR_PORT": str(fhir_port := free_port()),
    }
    urls = [f"http://127.0.0.1:{port}" for port in [*service_ports.values(), console_port, fhir_port]]
    output = tmp_path / "carecoord-run.out"
    with open(output, "wb") as out:
        process = subprocess.Popen(
            _command("carecoord-run", "carecoord_local.supervisor"),
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a Ctrl-C meant for pytest must not reach it; the test sends its own
        )
    try:
        _wait_ready(process, urls, output)
        banner = _banner_when_printed(output)
        assert f"http://127.0.0.1:{service_ports['referrals']}/docs" in banner
        assert "carecoord-token --role physician --clinic clinic-1 --subject dr-1" in banner
        assert f"Web console  http://127.0.0.1:{console_port}" in banner
        assert f"FHIR R4      http://127.0.0.1:{fhir_port}" in banner

        minted = subprocess.run(
            [
                *_command("carecoord-token", "carecoord_local.tokens"),
                *("--role", "physician", "--clinic", "clinic-1", "--subject", "dr-osei"),
            ],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        token = minted.stdout.strip()
        assert token.count(".") == 2 and "\n" not in token, minted.stdout
        created = httpx.post(
            f"http://127.0.0.1:{service_ports['referrals']}/referrals",
            json=REFERRAL,
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )
        assert created.status_code == 201, created.text
        assert created.json()["referring_physician_id"] == "dr-osei"

        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=90) == 0, output.read_text()
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=90)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    assert "Stopped in" in output.read_text()
    leftovers = _processes_using(var_dir)
    assert not leftovers, "still running after carecoord-run exited:\n" + "\n".join(leftovers)
