"""Shared fixtures: keep a developer's own config and data out of tests; a seeded database."""

from __future__ import annotations

import asyncio
import inspect
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEED_NAME = "000_c6de6327335c32eb.txt"


def seed_file() -> Path:
    """The seed reply: the bundled fixture, else tests/data, else shared/seed beside the repo."""
    for candidate in (
        REPO / "fixtures" / SEED_NAME,
        REPO / "tests" / "data" / "seed_reply.txt",
        REPO.parent / "shared" / "seed" / SEED_NAME,
    ):
        if candidate.exists():
            return candidate
    pytest.skip("the seed reply is not available")


@pytest.fixture(autouse=True)
def isolated_config(tmp_path_factory, monkeypatch):
    """Point the config file, HOME and the XDG folders at a temporary folder; no setting
    comes from the developer's environment (CPPCC_REVIEW_*)."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))  # places.json, the log file
    monkeypatch.setenv("CPPCC_REVIEW_CONFIG", str(home / "config.toml"))
    for name in ("DB", "REVIEWER", "LANG", "THEME", "AUTO_ADVANCE", "RESULT_SCHEME", "BACKUPS", "DEBUG"):
        monkeypatch.delenv(f"CPPCC_REVIEW_{name}", raising=False)
    return home / "config.toml"


# The seed database, made once per test process and copied for each test that asks for it.
_SEED_TEMPLATE: list[Path] = []


@pytest.fixture
def seed_db(tmp_path, tmp_path_factory, isolated_config) -> Path:
    """A database folder (tmp_path / "db") holding the seed reply.

    Made by importing the seed once per test process (a quarter of a second, asked for by
    about 200 tests), then copied file by file: the database holds no path of its own, so a
    copy is the same database (its backup is named by the time the first one was made)."""
    if not _SEED_TEMPLATE:
        from cppcc_review.store.db import ReviewStore
        from cppcc_review.store.importer import import_paths

        template = tmp_path_factory.mktemp("seed-template") / "db"
        with ReviewStore(template) as store:
            summary = import_paths(store, [seed_file()])
            assert summary.imported == 1, summary
        _SEED_TEMPLATE.append(template)
    db = tmp_path / "db"
    shutil.copytree(_SEED_TEMPLATE[0], db)
    return db


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """Run `async def` tests with asyncio.run when no async plugin (pytest-asyncio, anyio) is installed."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    manager = pyfuncitem.config.pluginmanager
    if manager.hasplugin("asyncio") or manager.hasplugin("anyio"):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True
