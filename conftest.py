"""Every test session of the repository: the shared fixtures, and a temporary folder of its own."""

import shutil
import tempfile

import pytest

pytest_plugins = ["carecoord_local.testing"]


def pytest_configure(config: pytest.Config) -> None:
    # pytest's default numbered folders under /tmp/pytest-of-<user> are shared by every run of
    # that user; concurrent runs on one machine lost their database's data folder there. A folder
    # per session, removed when the session passes, cannot be touched by another run.
    if config.option.basetemp is None:
        config.option.basetemp = tempfile.mkdtemp(prefix="carecoord-tests-")
        config.stash[_OWN_BASETEMP] = config.option.basetemp


def pytest_unconfigure(config: pytest.Config) -> None:
    folder = config.stash.get(_OWN_BASETEMP, None)
    if folder is not None and config.stash.get(_PASSED, False):
        shutil.rmtree(folder, ignore_errors=True)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    session.config.stash[_PASSED] = exitstatus == 0


_OWN_BASETEMP = pytest.StashKey[str]()
_PASSED = pytest.StashKey[bool]()
