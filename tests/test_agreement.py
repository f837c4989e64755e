"""Agreement measures against values computed by hand (the arithmetic is in each test)."""

from __future__ import annotations

import pytest

from cppcc_review.store.ratings.agreement import (
    agreement,
    agreement_by_group,
    cohen_kappa,
    cohen_kappa_table,
    fleiss_kappa,
    fleiss_kappa_ratings,
    format_agreement,
    interpret,
    percent_agreement,
)


def test_cohen_two_by_two_textbook():
    # Rater A yes/no by rater B yes/no: [[20, 5], [10, 15]], N = 50.
    # p_o = (20 + 15) / 50 = 0.7
    # A says yes 25/50 = 0.5, B says yes 30/50 = 0.6
    # p_e = 0.5 * 0.6 + 0.5 * 0.4 = 0.5
    # kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4
    assert cohen_kappa_table([[20, 5], [10, 15]]) == pytest.approx(0.4)


def test_cohen_from_label_lists_matches_the_table():
    a = ["yes"] * 20 + ["yes"] * 5 + ["no"] * 10 + ["no"] * 15
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    assert cohen_kappa(a, b) == pytest.approx(0.4)


def test_cohen_three_categories():
    # alice: A A P E E A ; bob: A A P E E P (they differ on the last item only)
    # p_o = 5/6; alice's shares A 3/6, P 1/6, E 2/6; bob's A 2/6, P 2/6, E 2/6
    # p_e = (3*2 + 1*2 + 2*2) / 36 = 12/36 = 1/3
    # kappa = (5/6 - 1/3) / (1 - 1/3) = (1/2) / (2/3) = 3/4
    alice = ["A", "A", "P", "E", "E", "A"]
    bob = ["A", "A", "P", "E", "E", "P"]
    assert cohen_kappa(alice, bob) == pytest.approx(0.75)


def test_fleiss_wikipedia_worked_example():
    # Fleiss' kappa, Wikipedia's worked example: 10 subjects, 14 raters, 5 categories.
    counts = [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ]
    # p_j = (20, 28, 39, 21, 32) / 140 = 0.143, 0.200, 0.279, 0.150, 0.229
    # P_e = sum p_j^2 = 0.213; P_bar = mean P_i = 0.378; kappa = (0.378 - 0.213) / (1 - 0.213) = 0.210
    assert fleiss_kappa(counts) == pytest.approx(0.210, abs=0.0005)


def test_fleiss_three_reviewers_by_hand():
    # Items rated by alice, bob, carol (A adopted, P partially, E explained):
    #   1: A A A  -> counts (3,0,0), P_i = (9 - 3) / 6 = 1
    #   2: A A P  -> (2,1,0), P_i = (4 + 1 - 3) / 6 = 1/3
    #   3: P P P  -> 1
    #   4: E E P  -> (0,1,2), 1/3
    #   5: E E E  -> 1
    #   6: A P E  -> (1,1,1), (3 - 3) / 6 = 0
    # P_bar = (3 + 2/3) / 6 = 11/18; every category 6 of 18 ratings: P_e = 3 * (1/3)^2 = 1/3
    # kappa = (11/18 - 6/18) / (12/18) = 5/12
    items = [["A", "A", "A"], ["A", "A", "P"], ["P", "P", "P"], ["E", "E", "P"], ["E", "E", "E"], ["A", "P", "E"]]
    assert fleiss_kappa_ratings(items) == pytest.approx(5 / 12)
    assert percent_agreement(items) == pytest.approx(3 / 6)


def test_fleiss_with_two_raters_is_scotts_pi_not_cohen():
    # With two raters Fleiss' kappa uses pooled shares (Scott's pi): for the 2x2 table
    # above pooled yes = (25 + 30) / 100 = 0.55, P_e = 0.55^2 + 0.45^2 = 0.505,
    # kappa = (0.7 - 0.505) / 0.495 = 0.3939...
    rows = [[2, 0]] * 20 + [[1, 1]] * 15 + [[0, 2]] * 15
    assert fleiss_kappa(rows) == pytest.approx((0.7 - 0.505) / 0.495)


def test_kappa_undefined_when_everything_falls_in_one_category():
    assert cohen_kappa(["A", "A"], ["A", "A"]) is None
    assert fleiss_kappa([[3, 0], [3, 0]]) is None
    assert cohen_kappa_table([[0, 0], [0, 0]]) is None
    assert percent_agreement([]) is None


def test_bad_shapes_are_refused():
    with pytest.raises(ValueError):
        cohen_kappa_table([[1, 2], [3]])
    with pytest.raises(ValueError):
        fleiss_kappa([[3, 0], [2, 0]])
    with pytest.raises(ValueError):
        cohen_kappa(["A"], ["A", "B"])


def test_agreement_over_items_uses_complete_cases_and_pairs():
    ratings = {
        1: {"alice": "A", "bob": "A", "carol": "A"},
        2: {"alice": "A", "bob": "A", "carol": "P"},
        3: {"alice": "P", "bob": "P", "carol": "P"},
        4: {"alice": "E", "bob": "E", "carol": "P"},
        5: {"alice": "E", "bob": "E", "carol": "E"},
        6: {"alice": "A", "bob": "P", "carol": "E"},
        7: {"alice": "A", "bob": "A"},  # carol did not rate it: not a complete case
    }
    result = agreement(ratings)
    assert result.method == "fleiss" and result.items == 6
    assert result.kappa == pytest.approx(5 / 12)
    pair = next(p for p in result.pairs if (p.a, p.b) == ("alice", "bob"))
    # alice/bob over 7 items: agree on 6; alice A4 P1 E2, bob A3 P2 E2:
    # p_e = (4*3 + 1*2 + 2*2) / 49 = 18/49; kappa = (6/7 - 18/49) / (31/49) = (42 - 18) / 31 = 24/31
    assert pair.items == 7
    assert pair.kappa == pytest.approx(24 / 31)
    two = agreement({k: {r: v for r, v in by.items() if r != "carol"} for k, by in ratings.items()})
    assert two.method == "cohen" and two.kappa == pytest.approx(24 / 31)
    assert agreement({1: {"alice": "A"}}).method is None


def test_agreement_by_group_and_text():
    ratings = {1: {"a": "A", "b": "A"}, 2: {"a": "P", "b": "E"}, 3: {"a": "E", "b": "E"}}
    groups = agreement_by_group(ratings, {1: "市科委", 2: "市科委", 3: "市教委"})
    assert set(groups) == {"市科委", "市教委"}
    assert groups["市科委"].items == 2 and groups["市科委"].percent == pytest.approx(0.5)
    line = format_agreement(agreement(ratings))
    assert "2 reviewers" in line and "Cohen's kappa" in line and "66.7% agree" in line
    assert interpret(0.41) == "moderate" and interpret(-0.1) == "poor" and interpret(None) == "n/a"
    assert interpret(0.9, "zh") == "几乎完全一致"


@pytest.mark.parametrize(
    ("kappa", "en", "zh"),
    [
        (-0.01, "poor", "差"),
        (0.0, "slight", "轻微"),
        (0.20, "slight", "轻微"),
        (0.2001, "fair", "一般"),
        (0.40, "fair", "一般"),
        (0.4001, "moderate", "中等"),
        (0.60, "moderate", "中等"),
        (0.6001, "substantial", "较高"),
        (0.80, "substantial", "较高"),
        (0.8001, "almost perfect", "几乎完全一致"),
        (1.0, "almost perfect", "几乎完全一致"),
        (None, "n/a", "无法计算"),
    ],
)
def test_kappa_bands_at_their_boundaries(kappa, en, zh):
    """Landis & Koch: each band includes its upper bound (0.20 is still slight, 0.40 fair ...);
    below zero is poor, zero itself slight."""
    assert interpret(kappa) == en
    assert interpret(kappa, "zh") == zh
