"""The honest evaluation of the suggested ratings (cppcc_review.store.aids.evaluate): fresh fixtures are
the headline, development fixtures are reported apart, and the split is frozen."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from cppcc_review.store.aids.evaluate import (
    DEVELOPMENT,
    FRESH,
    Case,
    SplitResult,
    evaluate,
    format_report,
    load_split,
    split_of,
)
from cppcc_review.store.model import Rating

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"

# Issue 13's third round tuned the rules on every fixture (fresh-4 included: measured once at
# 70ffc4b, 56/67 = 83.6%, then development), so the fixture figures are development figures:
# these floors only keep them from dropping (measured when the rules were frozen for the
# third round: all fixtures 388/397 = 97.7%, kappa 0.97; fresh-4's fixtures 64/67 = 95.5%).
# The unseen measure of these rules is on private real replies (evaluation-split.yaml,
# `real:`), whose texts cannot be in git; the freeze test below ties it to the rules.
# Round h70 (the combiner: the rules' reading and the bundled model combined by a small model trained on the real
# development collections real-fresh-60..-69 with the fixtures at 0.3 of a real suggestion): the in-sample fit gives
# way to the real collections again, 0.97 -> 0.962 here (all fixtures 755 -> 766 of 822; out of fold on the ten
# collections 151 -> 168 of 280). The floor follows, said here rather than moved quietly.
DEVELOPMENT_FLOOR = 0.96
# Issue 13's ninth round: every retrain of the bundled model on the eight collections (real-fresh-9 added,
# a real suggestion weighing three fixture ones) and every fixture gives 408/419 = 97.4% in-sample here,
# kappa 0.959 (the eighth round's model, trained on seven: 409, 0.963), with or without the round's
# structure features: the in-sample fit gives way to the real collections a little; the kappa floor is
# set to that (out of fold, on the eight collections, the retrained blends do better: docs/reading-aids.md).
DEVELOPMENT_KAPPA_FLOOR = 0.94  # round h70 (the combiner, above): 0.941 here, 0.955 before it
FRESH4_FLOOR = 0.95
# Fixtures written after the shipped aids were frozen (issue 13's sixth round, as on main at
# be20f80): the parser fixtures of issue 12's round on real-fresh-6 / -7 (240-259) and the explained
# patterns of real-fresh-6 written for issue 13's seventh round (260-264; that round was not
# shipped). The rules were never tuned on them and the shipped model is not trained on them
# (scripts/train_base_model.py, NOT_YET_TRAINED_ON), so the floors above leave them out. Their own
# floor is a development regression floor tied to what the SHIPPED code gets on them (measured on
# be20f80's aids: the blend 23/45 = 51.1%, kappa 0.27, always explained 40.0%; the rules alone
# 19/45): not a measure of unseen text (260-264 reproduce patterns read from real-fresh-6), only
# a guard that a change does not read them worse.
# Issue 13's eighth round trained the bundled model on them (and on 280-302): the blend's figure on them
# is in-sample since (39/45 with the eighth round's aids), its floor raised to what it gets; the rules
# were still never tuned on them (19/45).
NOT_YET_READ_BY_THE_AIDS = tuple(f"{n}_" for n in range(240, 265))
# Branch bw14 (the rules' vote 0.10 / 0.15 -> 0.30 / 0.45, chosen on the unseen real-fresh-14..-17): the blend
# 41 -> 29 of 45 here. In-sample fixtures the bundled model was trained on and the rules never tuned on (rules
# alone 19): a larger rules' vote can only move a hint to the rules' reading, so the 12 lost are the model's
# memory of these hand ratings giving way to the rules' reading (240, 241, 243, 249, 251, 260, 261 three times,
# 263, 264 twice), none gained. The floors of 300-302, 440-442 and 480-481 below lost 2, 3 and 2 the same way.
NOT_YET_READ_FLOOR = {"rules": 19, "blend": 29}  # right of the 45 suggestions of 240-264
# The parser traps written since (280-299: the leftovers of real-fresh-6 and real-fresh-8's round):
# their hand ratings were never read by the rules either; left out of the in-sample floor, and
# not part of the 240-264 floor (set before they existed).
# 320-339: real-fresh-9's round; 420-439: real-fresh-10's (helper p11); 460-479: real-fresh-11/-12's (p12);
# 512-519 and 552-559: real-fresh-14's (px14); 560-570: real-fresh-15's (p15); 571-584: real-fresh-16's and -17's (p16);
# 585-599 and 620-621: real-fresh-19's and -20's (p19); 640-659: real-fresh-21's and -22's (p21); 680-699:
# real-fresh-23's and -24's (p23).
PARSER_TRAPS_SINCE = tuple(
    f"{n}_"
    for n in [*range(280, 300), *range(320, 340), *range(420, 440), *range(460, 480), *range(512, 520), *range(552, 600), 620, 621, *range(640, 660), *range(680, 700)]
)
# Issue 13's eighth round's fixtures (300-302: real-fresh-8's explained patterns and the rubric's decisive
# questions in our own words), hand-rated before any code ran on them: the rules were never tuned on them
# (14 of their 18 suggestions right, the first run), the model is trained on them (the blend 17/18). Left
# out of the in-sample floor; a development regression floor of their own.
EIGHTH_ROUND = tuple(f"{n}_" for n in range(300, 320))
EIGHTH_ROUND_FLOOR = {"rules": 14, "blend": 15}  # right of the 18 of 300-302 (blend 17 until bw14: 300#3, 302#3)
# Issue 13's ninth round's fixtures (360-379: real-fresh-9's partially-adopted patterns in our own words),
# hand-rated before any code ran on them: the rules were never tuned on them (10 of their 12 suggestions
# right, the first run at main's aids; the blend 10 then); the model is trained on them since. Left out of
# the in-sample floor; a development regression floor of their own.
NINTH_ROUND = tuple(f"{n}_" for n in range(360, 380))
NINTH_ROUND_FLOOR = {"rules": 10, "blend": 10}  # right of the 12 suggestions of 360-361
# Issue 13's tenth round's fixtures (440-459: real-fresh-10's patterns read wrongly by the shipped hints, in our
# own words, six adopted, six partially, six explained), hand-rated before any code ran on them (f141112): main's
# rules read 11 of their 18 suggestions right, main's blend 10 (99a9f68's aids, the first run); the rules were
# never tuned on them, the model is trained on them since (the blend's figure in-sample). Left out of the
# in-sample floor; a development regression floor of their own.
TENTH_ROUND = tuple(f"{n}_" for n in range(440, 460))
TENTH_ROUND_FLOOR = {"rules": 11, "blend": 12}  # right of the 18 of 440-442 (blend 15 until bw14: 441#2, #3, #6)
# Issue 13's eleventh round's fixtures (480-489: real-fresh-11's and -12's patterns read wrongly by the shipped
# hints, in our own words: six explained, three adopted, two partially), hand-rated before any code ran on them
# (d63bfb6): main's rules read 7 of their 11 suggestions right, main's blend 8 (19b0393's aids, the first run; no hint on
# 480#2, where the rules read no cue); after the retrain the blend 10 (in-sample);
# the rules were never tuned on them, the model is trained on them since. A development regression floor of
# their own, left out of the in-sample floor.
ELEVENTH_ROUND = tuple(f"{n}_" for n in range(480, 490))
ELEVENTH_ROUND_FLOOR = {"rules": 7, "blend": 8}  # right of the 11 of 480-481 (blend 10 until bw14: 480#1, #3)
# Issue 13's fresh-5 batch (500-511, 520-531: two authors who never read the aids, hand-rated before any
# code ran on them; evaluation-split.yaml `fresh:`), measured once at 05c3f47 with the aids unchanged since
# a6b4aca: the blend 62/72 (kappa 0.79), the rules alone 60/72 (0.74). Fresh, so not in the in-sample
# floor; their own floor was that first measure (the headline while the aids stayed frozen for it).
# fresh-6 (540-551, a third author), measured once at 4c76570: the blend 28/34 (kappa 0.74), the rules 29/34 (0.78).
# Branch bw14 changed the blend's rules vote after both measures (0.10 / 0.15 -> 0.30 / 0.45, chosen on real-fresh-14
# to -17): both batches are development since (evaluation-split.yaml development_since). FRESH_FIRST_MEASURES is the
# record of the one measure each (it must match the split file); FRESH_DEV_FLOORS binds the current code.
FRESH5 = tuple(f"{n}_" for n in (*range(500, 512), *range(520, 532)))
FRESH6 = tuple(f"{n}_" for n in range(540, 552))
FRESH_FIRST_MEASURES = {"fresh-5": (FRESH5, 72, {"rules": "60/72", "blend": "62/72"}),
                        "fresh-6": (FRESH6, 34, {"rules": "29/34", "blend": "28/34"})}
# right of the suggestions and kappa (cut to 2 places) the current code must keep on each batch (no longer unseen):
# with bw14's vote the blend 64/72 (kappa 0.831) and 30/34 (0.824), the rules unchanged; the model was never
# trained on these batches (base_model_training.NOT_YET_TRAINED_ON), so this is no in-sample figure
# hd37 (the model may not turn the rules' "done" into partial) costs fresh-5's 531 (a partial answer the model read
# right, 64 -> 63, kappa 0.81) and wins 461 and 600 elsewhere: on the fixtures the model's partial over "done" was
# right 2 of 4, on the real development collections 7 of 24. The floor follows, said here rather than moved quietly.
# Round h70 (the combiner): fresh-5 64/72 (kappa 0.83), fresh-6 30 -> 29/34 (0.78); both still above the majority
# baseline in every class mix.
FRESH_DEV_FLOORS = {FRESH5: {"rules": (60, 0.74), "blend": (63, 0.81)},
                    FRESH6: {"rules": (29, 0.77), "blend": (29, 0.78)}}
FRESH4 = [f"{n}" for n in (
    "180_county_bus_npc_four", "181_school_sports_fields_paren_b", "182_old_estates_finance_huiban",
    "183_district_night_market_one_paragraph", "184_npc_village_doctors_items_a_class",
    "185_school_food_safety_three", "186_town_street_lights_colloquial", "187_homesteads_resources_huiban",
    "188_npc_return_entrepreneurs_items", "189_county_farmland_one_paragraph_mixed",
    "190_province_rural_sewage_three", "191_district_waste_sorting_arabic", "192_npc_river_dredging_follow_up",
    "193_old_estates_quality_four", "194_county_village_school_refused", "195_culture_tourism_label_a_paren",
    "196_county_town_infrastructure_two", "197_npc_taxi_service_five", "198_nursing_staff_hr_xieban",
    "199_township_drinking_water_conditional", "200_paediatrics_sector_paren_four",
    "201_npc_energy_supply_three", "202_household_registration_three", "203_npc_fitness_plain_statements",
)]


def test_evaluation_prints_fresh_first_then_development():
    out = subprocess.run(
        [sys.executable, "-m", "cppcc_review.store.aids.evaluate", "--fixtures", str(FIXTURES)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.index("== fresh:") < out.stdout.index("== development:")
    dev = out.stdout[out.stdout.index("== development:"):]
    assert "hand \\ suggested" in dev and "Cohen's kappa = " in dev and "baseline (always " in dev
    assert "confident hints right" in dev
    for row in ("adopted", "partial", "explained"):
        assert any(line.startswith(row + " ") for line in dev.splitlines())
    if "(no fresh fixtures" in out.stdout:  # the unseen measure is on real replies
        assert "== real replies" in out.stdout and "real-fresh" in out.stdout


@pytest.mark.parametrize("base", ["rules", "blend"])
def test_fixture_figures_hold_their_floor(base):
    # the rules alone, and the shipped blend (whose bundled model was trained on these very
    # fixtures: an in-sample figure, kept only so that it cannot drop)
    results = evaluate(FIXTURES, base=base)
    every = SplitResult("all", cases=[c for c in results[FRESH].cases + results[DEVELOPMENT].cases
                                      if not c.fixture.startswith(NOT_YET_READ_BY_THE_AIDS + PARSER_TRAPS_SINCE
                                                                  + EIGHTH_ROUND + NINTH_ROUND + TENTH_ROUND
                                                                  + ELEVENTH_ROUND + FRESH5 + FRESH6)])
    report = format_report(results)
    assert len(every.cases) >= 390, report
    assert every.accuracy >= DEVELOPMENT_FLOOR and every.kappa >= DEVELOPMENT_KAPPA_FLOOR, report
    _majority, baseline = every.majority
    assert every.accuracy > baseline, report
    assert all(acc > base for _mix, acc, base in every.mixes()), report
    fresh4 = SplitResult("fresh-4", cases=[c for c in every.cases if c.fixture in FRESH4])
    assert len(fresh4.cases) == 67 and fresh4.accuracy >= FRESH4_FLOOR, report
    # confident hints: none since real-fresh-3 (no branch earned it on unseen real replies);
    # any that a later calibration shows must be right on the fixtures
    right, shown = every.confident_stats()
    assert not shown or right / shown >= 0.97, report
    later = SplitResult("240-264", cases=[c for c in results[FRESH].cases + results[DEVELOPMENT].cases
                                          if c.fixture.startswith(NOT_YET_READ_BY_THE_AIDS)])
    assert len(later.cases) == 45, report
    assert later.correct >= NOT_YET_READ_FLOOR[base], report
    eighth = SplitResult("300-319", cases=[c for c in results[FRESH].cases + results[DEVELOPMENT].cases
                                           if c.fixture.startswith(EIGHTH_ROUND)])
    assert len(eighth.cases) == 18, report
    assert eighth.correct >= EIGHTH_ROUND_FLOOR[base], report
    ninth = SplitResult("360-379", cases=[c for c in results[FRESH].cases + results[DEVELOPMENT].cases
                                          if c.fixture.startswith(NINTH_ROUND)])
    assert len(ninth.cases) == 12, report
    assert ninth.correct >= NINTH_ROUND_FLOOR[base], report
    tenth = SplitResult("440-459", cases=[c for c in results[FRESH].cases + results[DEVELOPMENT].cases
                                          if c.fixture.startswith(TENTH_ROUND)])
    assert len(tenth.cases) == 18, report
    assert tenth.correct >= TENTH_ROUND_FLOOR[base], report
    eleventh = SplitResult("480-489", cases=[c for c in results[FRESH].cases + results[DEVELOPMENT].cases
                                             if c.fixture.startswith(ELEVENTH_ROUND)])
    assert len(eleventh.cases) == 11, report
    assert eleventh.correct >= ELEVENTH_ROUND_FLOOR[base], report


def test_the_fresh_batches_first_measures_stay_on_record():
    # fresh-5 and fresh-6 were measured once each and are development since the blend's vote changed (bw14):
    # their first measures stay in the split file as taken, and they no longer count as fresh
    data = yaml.safe_load((FIXTURES / "evaluation-split.yaml").read_text(encoding="utf-8"))
    batches = {b["batch"]: b for b in data["fresh"]}
    for name, (prefixes, count, measures) in FRESH_FIRST_MEASURES.items():
        batch = batches[name]
        assert batch["development_since"] and len(batch["fixtures"]) == len(prefixes)
        assert str(batch["accuracy"]).startswith(measures["blend"] + " "), batch["accuracy"]
        assert str(batch["rules_alone"]).startswith(measures["rules"] + " "), batch["rules_alone"]
        assert all(split_of(f) == DEVELOPMENT for f in batch["fixtures"])
        assert int(measures["blend"].split("/")[1]) == count


@pytest.mark.parametrize("base", ["rules", "blend"])
def test_the_former_fresh_batches_hold_their_development_floor(base):
    # no longer unseen: a regression floor on what the current code gets, above the majority baseline in every mix
    results = evaluate(FIXTURES, base=base)
    report = format_report(results)
    for prefixes, floors in FRESH_DEV_FLOORS.items():
        batch = SplitResult(prefixes[0], cases=[c for c in results[DEVELOPMENT].cases if c.fixture.startswith(prefixes)])
        assert len(batch.cases) == {FRESH5: 72, FRESH6: 34}[prefixes], report
        right, kappa = floors[base]
        assert batch.correct >= right and batch.kappa >= kappa, report
        assert all(acc > mix_base for _mix, acc, mix_base in batch.mixes()), report


def test_the_split_file_is_consistent():
    split = load_split(FIXTURES)
    names = {p.name[: -len(".expected.yaml")] for p in FIXTURES.glob("*.expected.yaml")}
    assert set(split) <= names, set(split) - names  # every listed fixture exists
    fresh = [n for n, (which, _b) in split.items() if which == FRESH]
    for name in fresh:
        data = yaml.safe_load((FIXTURES / f"{name}.expected.yaml").read_text(encoding="utf-8"))
        assert all(s.get("hand_rating") for s in data["suggestions"]), name
    assert split_of("000_c6de6327335c32eb") == DEVELOPMENT
    assert split_of("100_community_canteens_b_class") == DEVELOPMENT  # fresh-1, measured, then tuned on
    assert split_of("130_village_road_remit_county") == DEVELOPMENT  # fresh-2, measured, then tuned on
    assert split_of("045_suggestions_by_paragraphs_no_numbers") == DEVELOPMENT  # fresh-3, other authors
    assert split_of("180_county_bus_npc_four") == DEVELOPMENT  # fresh-4, measured, then tuned on
    assert split_of("500_county_rural_road_bus_npc_page_metadata") == DEVELOPMENT  # fresh-5, then the blend changed
    assert split_of("540_province_public_security_rural_roads_next_step_in_last_section") == DEVELOPMENT  # fresh-6, too
    assert split_of("not_listed_anywhere") == DEVELOPMENT  # unlisted fixtures are development


def _git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_the_freeze_holds_in_git_history():
    """The fresh fixtures were committed before the rules were run on them, and the rules
    (and, for a real batch, the checks and the bundled model) have not changed since the
    unseen measures that are still reported as such were taken (see _aids_changed_since)."""
    if shutil.which("git") is None or _git("rev-parse", "--git-dir").returncode != 0:
        pytest.skip("no git history here")
    data = yaml.safe_load((FIXTURES / "evaluation-split.yaml").read_text(encoding="utf-8"))
    frozen: list[tuple[str, str, bool]] = []  # (batch, measured_at, a measure of the hints only)
    for batch in data.get("fresh") or []:
        if "measured_at" not in batch:
            pytest.fail(f"fresh batch {batch.get('batch')}: record measured_at, the commit of its first run")
        # a fresh batch with development_since: its fixtures still predate its measure (checked below), but the
        # hints may have changed since (it counts as development in store.aids.evaluate)
        measured = str(batch["measured_at"]).split()[0]  # "a6b4aca (the merge of …)": the hash
        if _git("cat-file", "-e", measured + "^{commit}").returncode != 0:
            pytest.skip(f"commit {measured} is not in this history (squashed merge?)")
        # every fresh fixture existed, with its hand ratings, before the measuring commit
        for name in batch["fixtures"]:
            path = f"fixtures/{name}.expected.yaml"
            added = _git("log", "--diff-filter=A", "--format=%H", "--", path).stdout.split()
            assert added, path
            assert _git("merge-base", "--is-ancestor", added[-1], measured).returncode == 0, path
            assert _git("merge-base", "--is-ancestor", added[-1], measured + "^").returncode == 0, path
        if not batch.get("development_since"):
            frozen.append((str(batch.get("batch")), measured, True))
    for batch in data.get("real") or []:
        # a real collection still reported as unseen: its rules and checks are the ones measured
        if batch.get("development_since") or "measured_at" not in batch:
            continue
        measured = str(batch["measured_at"]).split()[0]  # "a6b4aca (the merge of …)": the hash
        if _git("cat-file", "-e", measured + "^{commit}").returncode != 0:
            pytest.skip(f"commit {measured} is not in this history (squashed merge?)")
        frozen.append((str(batch.get("batch")), measured, False))
    for name, measured, hints_only in frozen:
        changed = _aids_changed_since(measured)
        if hints_only:  # a fresh fixture batch measures the hints, which never read the checks' files
            changed = [f for f in changed if f not in CHECKS_ONLY and not f.startswith(CHECKS_ONLY_PREFIX)]
        assert not changed, (
            f"{', '.join(changed)} changed after {name} was measured at {measured}: record it as "
            "development (development_since) and measure on a new unseen batch"
        )


# What a measure is tied to. Since issue 13's fifth round the reading aids live in store/aids/:
# every file there is part of the frozen rules (the cues, the sentence reader, the rule, the
# checks, the bundled model and its weights) except the measures themselves and the learner,
# which the measured hints do not use (hint_learner, and learner_fit: its fit in a child
# process since issue 16). Before that they were six files of store/.
AIDS = "store/aids"
NOT_FROZEN = ("store/aids/__init__.py", "store/aids/evaluate.py", "store/aids/learning_curve.py",
              "store/aids/base_model_training.py",
              "store/aids/hint_learner.py", "store/aids/learner_fit.py")
OLD_LAYOUT = ("store/cues.py", "store/hints.py", "store/checks.py", "store/check_cues.py",
              "store/base_model.py", "store/base_model.json")
# The checks' own files: a fresh fixture batch measures the hints, and no hint module imports these
# (test_the_hints_never_read_the_checks_files), so a change of the checks leaves its measure standing;
# a real batch measures both and stays tied to them.
CHECKS_ONLY_PREFIX = "store/aids/check"
CHECKS_ONLY = ("store/aids/findings.py",)
# The branches' recorded track record (PATH_RECORD … FIRST_RUN_RECORD: the confidence they
# give) may take in a measure after it was taken; the rules may not change.
RECORDS = "store/aids/confidence.py"
# The findings' words (QA round 15 reworded missing_date's English): set aside like the records.
MESSAGES = "store/aids/findings.py"


def _code_of(text: str) -> str:
    """What a module does: its syntax tree without imports, docstrings, comments and the type
    annotations of functions (a module that moved or was renamed changes imports and docs; a
    type annotation in a function is never evaluated under `from __future__ import annotations`,
    which every aids module has). Annotations in a class body stay: a dataclass's fields are
    made from them."""
    import ast

    tree = ast.parse(text)
    functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    for function in functions:
        function.returns = None
        for arg in (*function.args.posonlyargs, *function.args.args, *function.args.kwonlyargs,
                    function.args.vararg, function.args.kwarg):
            if arg is not None:
                arg.annotation = None
        for node in ast.walk(function):
            body = getattr(node, "body", None)
            if isinstance(body, list):
                body[:] = [
                    ast.Assign(targets=[stmt.target], value=stmt.value, lineno=0) if isinstance(stmt, ast.AnnAssign)
                    else stmt
                    for stmt in body
                    if not (isinstance(stmt, ast.AnnAssign) and stmt.value is None)
                ]
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list):
            body[:] = [
                stmt for stmt in body
                if not isinstance(stmt, (ast.Import, ast.ImportFrom))
                and not (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)
                         and isinstance(stmt.value.value, str))
            ]
    return ast.dump(tree)


def _aids_changed_since(measured: str) -> list[str]:
    """The frozen files that changed since `measured`, following the move into store/aids/.

    Same layout: every file of the room compared by content (the track records aside). A
    measure taken before the move: the old files must be unchanged from `measured` to the
    last commit before the move, and the moved code must behave as they did: the hints
    (rating, branch, source, evidence; both rubrics, blend and rules) and every check's
    findings on every fixture are computed by the package of `measured` (from git, in a
    child process) and by the current one, and must be equal."""
    if _git("cat-file", "-e", f"{measured}:{AIDS}").returncode == 0:
        changed = [f for f in _git("diff", "--name-only", measured, "HEAD", "--", AIDS).stdout.split()
                   if f not in NOT_FROZEN]
        # a module that moved or was renamed changes the imports and docs of the frozen files,
        # not what they decide: Python files are compared by their code (_code_of)
        changed = [f for f in changed
                   if not f.endswith(".py") or not (ROOT / f).exists()
                   or _git("cat-file", "-e", f"{measured}:{f}").returncode != 0
                   or _code_of(_git("show", f"{measured}:{f}").stdout) != _code_of((ROOT / f).read_text(encoding="utf-8"))]
        if MESSAGES in changed and _git("cat-file", "-e", f"{measured}:{MESSAGES}").returncode == 0 and (
                _messages_aside(_git("show", f"{measured}:{MESSAGES}").stdout)
                == _messages_aside((ROOT / MESSAGES).read_text(encoding="utf-8"))):
            changed.remove(MESSAGES)  # (the findings' words changed, not what the checks find)
        if RECORDS in changed and _git("cat-file", "-e", f"{measured}:{RECORDS}").returncode == 0 and (
                _records_aside(_git("show", f"{measured}:{RECORDS}").stdout)
                == _records_aside((ROOT / RECORDS).read_text(encoding="utf-8"))):
            changed.remove(RECORDS)
        return changed
    moved = _git("log", "-1", "--format=%H", "--diff-filter=A", "--", f"{AIDS}/hints.py").stdout.strip()
    assert moved, "store/aids/hints.py has no commit that added it"
    before = [f for f in OLD_LAYOUT if _git("diff", "--quiet", measured, moved + "^", "--", f).returncode != 0]
    if "store/hints.py" in before and (_records_aside(_git("show", f"{measured}:store/hints.py").stdout)
                                       == _records_aside(_git("show", f"{moved}^:store/hints.py").stdout)):
        before.remove("store/hints.py")
    if before:
        return before
    return ["store/aids/ (behaves differently from the rules measured)"] if _behaviour(measured) != _behaviour(None) else []


# Run on a `store` folder (a commit's, from git, or this one) imported as the top-level
# package `store` (it imports itself relatively): importing cppcc_review here would load the
# installed package, this checkout's code whatever the commit, and compare it with itself.
_BEHAVIOUR = """
import datetime, json, sys
from pathlib import Path
try:
    from store.aids.checks import check_reply
    from store.aids.hints import suggest_rating
except ImportError:  # the layout before store/aids/
    from store.checks import check_reply
    from store.hints import suggest_rating
from store.errors import StoreError
try:
    from store.reading.parser import parse_reply
except ImportError:  # the layout before store/reading/
    from store.parser import parse_reply
assert "cppcc_review" not in sys.modules
out = {}
for path in sorted(Path(sys.argv[1]).glob("[0-9]*.txt")):
    try:
        reply = parse_reply(path.read_text(encoding="utf-8", errors="replace"))
    except StoreError:
        continue  # (a fixture that is no reply)
    rows = [[f.to_dict() for f in check_reply(reply, today=datetime.date(2026, 12, 1))]]
    for s in reply.suggestions:
        for base in ("blend", "rules"):
            for strict in (False, True):
                h = suggest_rating(reply, s, strict=strict, base=base)
                d = h.to_dict() if h else {}
                rows.append([d.get(k) for k in ("rating", "path", "source", "rules_rating", "evidence")])
    out[path.name] = rows
json.dump(out, sys.stdout, ensure_ascii=False, sort_keys=True)
"""


def _behaviour(commit: str | None) -> dict:
    """What the reading aids say on every fixture: of `commit`'s store package, or of this one."""
    import json
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        where = str(ROOT)
        if commit is not None:
            archive = subprocess.run(["git", "archive", "--format=tar", commit, "store"], cwd=ROOT,
                                     capture_output=True, check=True, timeout=60).stdout
            subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True, timeout=60)
            where = tmp
        done = subprocess.run([sys.executable, "-c", _BEHAVIOUR, str(FIXTURES)], cwd=where, capture_output=True,
                              text=True, timeout=300, env={"PYTHONPATH": where, "PATH": ""})
        assert done.returncode == 0, done.stderr[-2000:]
        return json.loads(done.stdout)


def test_the_freeze_guard_notices_the_sixth_rounds_changes_since_real_fresh_5():
    """real-fresh-5 was measured at cfc8142 and is development since issue 13's sixth round
    changed the bundled model, its cue features and the confident band: the guard sees those
    files (so a batch measured at cfc8142 and still reported as unseen would fail the test),
    and not the measures or the learner."""
    if shutil.which("git") is None or _git("cat-file", "-e", "cfc8142^{commit}").returncode != 0:
        pytest.skip("no git history here")
    changed = _aids_changed_since("cfc8142")
    assert {"store/aids/base_model.json", "store/aids/model_cues.py"} <= set(changed), changed
    assert not set(changed) & set(NOT_FROZEN), changed
    data = yaml.safe_load((FIXTURES / "evaluation-split.yaml").read_text(encoding="utf-8"))
    fresh5 = next(b for b in data["real"] if b["batch"] == "real-fresh-5")
    assert fresh5["development_since"] and str(fresh5["measured_at"]) == "cfc8142"


def test_the_freeze_guard_follows_the_move_into_store_aids():
    """The guard compares behaviour across the move: the rules of 8d5d0ca (before the move)
    behave on the fixtures as they did at the merge that followed (ecf1019, the same rules);
    a rule changed since (issue 13's fifth round) is noticed."""
    if shutil.which("git") is None or _git("cat-file", "-e", "8d5d0ca^{commit}").returncode != 0:
        pytest.skip("no git history here")
    at_freeze = _behaviour("8d5d0ca")
    assert at_freeze == _behaviour("ecf1019")
    assert at_freeze != _behaviour(None)  # the rules changed since, and the parser with them


_RECORDS_FROM = "# How often each branch was right on the development data"
_RECORDS_TO = "def wilson_lower("


def _messages_aside(source: str) -> str:
    """The findings module's code without its table of messages (`_MESSAGES`: what a finding says, in
    Chinese and English; a finding's kind, severity, place and excerpt are what a measure judges)."""
    import ast

    tree = ast.parse(source)
    tree.body = [node for node in tree.body if not (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
                                                   and node.target.id == "_MESSAGES")]
    return _code_of(ast.unparse(tree))


def _records_aside(source: str) -> str:
    """A module without its module docstring and its track-record section (the recorded
    right/cases of each branch and the comments that explain them)."""
    code = source.find("from __future__ import annotations")
    start, end = source.find(_RECORDS_FROM), source.find(_RECORDS_TO)
    assert 0 <= code < start < end, "the track-record section moved; update the freeze test"
    return source[code:start] + source[end:]


def write_fixture(folder: Path, name: str, bodies_and_ratings: list[tuple[str, str]]) -> None:
    data = {
        "doc_no": None,
        "declared_result": None,
        "suggestions": [
            {"index": i, "heading": f"关于{i}", "text": body, "hand_rating": rating}
            for i, (body, rating) in enumerate(bodies_and_ratings, start=1)
        ],
    }
    (folder / f"{name}.expected.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_confusion_matrix_and_split_from_the_file(tmp_path):
    write_fixture(tmp_path, "dev_one", [
        ("已于2024年建成停车场3个,新增车位500个。", "adopted"),
        ("下一步,我局将积极研究。", "adopted"),  # a miss: vague plans only
    ])
    write_fixture(tmp_path, "fresh_one", [("该事项不属于我局职责,暂不具备实施条件,留作参考。", "explained")])
    (tmp_path / "evaluation-split.yaml").write_text(
        "development: [dev_one]\nfresh:\n  - batch: f1\n    fixtures: [fresh_one]\n", encoding="utf-8")
    results = evaluate(tmp_path)
    assert results[DEVELOPMENT].correct == 1 and len(results[DEVELOPMENT].cases) == 2
    assert results[FRESH].accuracy == 1.0
    table = format_report(results)
    dev_part = table[table.index("== development"):]
    adopted_row = next(line for line in dev_part.splitlines() if line.startswith("adopted "))
    assert adopted_row.split()[1:] == ["1", "1", "0", "0"]
    assert evaluate(tmp_path, only=FRESH)[DEVELOPMENT].cases == []


def test_strict_mode_uses_the_strict_ratings(tmp_path):
    write_fixture(tmp_path, "dev_one", [("下一步,我局将积极研究,适时推动。", "partially_adopted")])
    (tmp_path / "strict-ratings.yaml").write_text("dev_one: {1: explained}\n", encoding="utf-8")
    assert evaluate(tmp_path)[DEVELOPMENT].accuracy == 1.0
    strict = evaluate(tmp_path, strict=True)[DEVELOPMENT]
    assert strict.cases[0].hand == Rating.EXPLAINED and strict.accuracy == 1.0


def test_kappa_and_class_mixes():
    A, P, E = Rating.ADOPTED, Rating.PARTIALLY_ADOPTED, Rating.EXPLAINED
    pairs = [(A, A)] * 4 + [(A, P)] + [(P, P)] * 3 + [(E, E)] * 2
    result = SplitResult("x", cases=[Case("f", i, h, s, 0.5, False, "") for i, (h, s) in enumerate(pairs)])
    # po = 0.9; pe = (5*4 + 3*4 + 2*2) / 100 = 0.36
    assert result.kappa == pytest.approx((0.9 - 0.36) / 0.64)
    mixes = dict((m, (acc, base)) for m, acc, base in result.mixes())
    assert mixes["balanced"][0] == pytest.approx((0.8 + 1 + 1) / 3)
    assert mixes["adopted 60%"][0] == pytest.approx(0.6 * 0.8 + 0.4)


def test_a_listed_twice_fixture_is_an_error(tmp_path):
    write_fixture(tmp_path, "one", [("已建成。", "adopted")])
    (tmp_path / "evaluation-split.yaml").write_text(
        "development: [one]\nfresh:\n  - fixtures: [one]\n", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "cppcc_review.store.aids.evaluate", "--fixtures", str(tmp_path)],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 1 and "both development and fresh" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_missing_folder_is_a_one_line_error(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "cppcc_review.store.aids.evaluate", "--fixtures", str(tmp_path / "nope")],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert out.returncode == 1 and "not a folder" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_the_hints_never_read_the_checks_files():
    """What lets a change of the checks leave a fresh fixture batch's hint measure standing (the freeze
    test): no module the hints load is one of the checks' files."""
    code = (
        "import sys; import cppcc_review.store.aids.hints as h; import cppcc_review.store.aids.base_model;"
        "print('\\n'.join(m for m in sys.modules if m.startswith('cppcc_review.store.aids.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    loaded = {m.rsplit(".", 1)[-1] for m in out.stdout.split()}
    assert "hints" in loaded and "cues" in loaded, loaded
    assert not {m for m in loaded if m.startswith("check") or m == "findings"}, loaded
