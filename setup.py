"""The one thing pyproject.toml cannot say: the package list, made from the folders.

The design card's folders (store/, tui/, fixtures/) are installed under one name of our own
(package-dir in pyproject.toml). setuptools' `find` names packages after the folders they
sit in, so it cannot list them under cppcc_review; a hand-written list in pyproject.toml
left a new folder out of `pip install .` until someone remembered it. Here every folder
with an __init__.py is a package, under the name pyproject.toml maps it to.
"""

from pathlib import Path

from setuptools import setup

ROOT = Path(__file__).resolve().parent
INSTALLED_AS = {"store": "cppcc_review.store", "tui": "cppcc_review.tui", "fixtures": "cppcc_review.samples"}


def packages() -> list[str]:
    found = []
    for folder, name in INSTALLED_AS.items():
        for init in sorted((ROOT / folder).rglob("__init__.py")):
            found.append(".".join((name, *init.parent.relative_to(ROOT / folder).parts)))
    return sorted(found)


setup(packages=packages())
