"""`cppcc-review check`: what a user sees, and the exit status scripts rely on."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from tests.test_checks_support import seed_text

ROOT = Path(__file__).resolve().parent.parent


def check(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cppcc_review.tui.cli", "check", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=120, env=env,
    )


def seed_file(tmp_path: Path, name: str = "seed.txt") -> Path:
    path = tmp_path / name
    path.write_text(seed_text(), encoding="utf-8")
    return path


def test_seed_text_output(tmp_path):
    path = seed_file(tmp_path)
    out = check(str(path), "--today", "2025-08-01")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert f"{path}：建议2：警告 count_mismatch：称“三方面工作”，其后列出4项 «三方面工作»" in lines  # (Chinese by default)
    assert any(
        line.startswith(f"{path}：建议2：警告 repeated_phrase：") and line.endswith("«技术转移转化、科技金融、知识产权服务»")
        for line in lines
    )


def test_seed_yaml_is_stable_and_exact(tmp_path):
    path = seed_file(tmp_path)
    first = check(str(path), "--format", "yaml", "--today", "2025-08-01", "--lang", "en")
    second = check(str(path), "--format", "yaml", "--today", "2025-08-01", "--lang", "en")
    assert first.returncode == 0 and first.stdout == second.stdout
    doc = yaml.safe_load(first.stdout)
    (entry,) = doc["files"]
    assert entry["file"] == str(path)
    kinds = [(f["kind"], f["suggestion"], f["excerpt"]) for f in entry["findings"]]
    assert ("count_mismatch", 2, "三方面工作") in kinds
    assert ("repeated_phrase", 2, "技术转移转化、科技金融、知识产权服务") in kinds
    for f in entry["findings"]:
        assert list(f) == ["kind", "severity", "suggestion", "start", "end", "excerpt", "message"]
    mismatch = next(f for f in entry["findings"] if f["kind"] == "count_mismatch")
    assert mismatch["message"] == "says “三方面工作” but lists 4 items"


def test_unreadable_file_exits_1_and_names_it(tmp_path):
    good = seed_file(tmp_path)
    missing = tmp_path / "missing.txt"
    out = check(str(missing), str(good))
    assert out.returncode == 1
    err = out.stderr.strip().splitlines()
    assert len(err) == 1 and str(missing) in err[0]
    assert "count_mismatch" in out.stdout  # the readable file was still checked


def test_yaml_lists_the_files_that_could_not_be_checked_in_the_order_given(tmp_path):
    """A script reading the YAML used to miss them: they were only on stderr (qa106)."""
    good = seed_file(tmp_path)
    # A note that is not a reply: it does not parse.
    broken = tmp_path / "broken.txt"
    broken.write_text("关于《关于加强社区养老服务的提案》的答复))\n我们收到了。\n", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    out = check(str(broken), str(good), str(missing), "--format", "yaml", "--today", "2025-08-01")
    assert out.returncode == 1
    files = yaml.safe_load(out.stdout)["files"]
    assert [f["file"] for f in files] == [str(broken), str(good), str(missing)]
    assert files[0] == {"file": str(broken), "error": files[0]["error"]} and files[0]["error"].startswith("cannot parse:")
    assert files[2] == {"file": str(missing), "error": "no such file or folder"}
    assert "findings" in files[1] and "error" not in files[1]
    assert len(out.stderr.strip().splitlines()) == 2  # each still named on stderr, one line
    text = check(str(broken), str(good), str(missing), "--today", "2025-08-01")
    assert text.returncode == 1 and "broken.txt" not in text.stdout and "missing.txt" not in text.stdout


def test_file_that_is_not_a_reply_exits_1(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("\n\n", encoding="utf-8")
    out = check(str(path))
    assert out.returncode == 1
    assert str(path) in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_gb18030_file_and_future_date(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes(seed_text().encode("gb18030"))
    out = check(str(path), "--today", "2025-01-01", "--lang", "en")
    assert out.returncode == 0, out.stderr
    assert "future_date: dated 2025-07-10, after today (2025-01-01) «2025年7月10日»" in out.stdout


def test_sibling_proposal_is_used(tmp_path):
    path = seed_file(tmp_path, "reply.txt")
    (tmp_path / "reply.proposal.txt").write_text(
        "关于以科技创新策源引领产业高端发展的提案\n2025年1月10日\n为此建议:\n"
        "一、加快人工智能赋能产业发展。\n二、强化企业科技创新主体地位。\n三、在全市推行夜间经济街区灯光秀补贴。\n",
        encoding="utf-8",
    )
    out = check(str(path), "--format", "yaml", "--today", "2025-08-01")
    assert out.returncode == 0, out.stderr
    findings = yaml.safe_load(out.stdout)["files"][0]["findings"]
    unanswered = [f for f in findings if f["kind"] == "suggestion_not_addressed"]
    assert len(unanswered) == 1 and "灯光秀" in unanswered[0]["message"]
    # the folder form checks the reply and skips the proposal
    folder = check(str(tmp_path), "--today", "2025-08-01")
    assert "reply.proposal.txt" not in folder.stdout


def test_control_characters_are_shown_harmlessly(tmp_path):
    path = tmp_path / "esc.txt"
    text = seed_text().replace("三方面工作", "三方面\x1b[31m工作", 1)
    path.write_text(text, encoding="utf-8")
    out = check(str(path), "--today", "2025-08-01")
    assert out.returncode == 0
    assert "\x1b" not in out.stdout


def test_bad_today_is_a_usage_error(tmp_path):
    out = check(str(seed_file(tmp_path)), "--today", "yesterday")
    assert out.returncode == 2 and "YYYY-MM-DD" in out.stderr


def test_vague_response_is_shown_only_when_asked_for(tmp_path):
    # k36: a plan of slogans alone (我局将积极研究…) is flagged only with --vague or vague_check = true in the config
    letter = ROOT / "tests" / "data" / "checks" / "459_vague_plan_with_nothing_placed.txt"
    config = tmp_path / "config.toml"
    env = {**os.environ, "CPPCC_REVIEW_CONFIG": str(config)}
    env.pop("CPPCC_REVIEW_VAGUE_CHECK", None)

    def kinds(*options: str) -> list[str]:
        out = check(str(letter), "--format", "yaml", "--today", "2026-12-01", *options, env=env)
        assert out.returncode == 0, out.stderr
        return [f["kind"] for f in yaml.safe_load(out.stdout)["files"][0]["findings"]]

    assert "vague_response" not in kinds()  # no config file: off
    assert "vague_response" in kinds("--vague")
    config.write_text("vague_check = true\n", encoding="utf-8")
    assert "vague_response" in kinds()
    assert "vague_response" not in kinds("--no-vague")
    text = check(str(letter), "--today", "2026-12-01", env=env).stdout
    assert "vague_response" in text and "下一步只有" in text
