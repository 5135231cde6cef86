"""`zhenggai report INSPECTION_ID --format txt|html|docx -o FILE [--scope] [--as-of]`."""

from __future__ import annotations

import datetime
import io
import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from django.core.management import call_command

from zhenggai.reports.read import parse_file

ZHENGGAI = Path(sys.executable).with_name("zhenggai")


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("report", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize("fmt", ["txt", "html", "docx"])
def test_each_format_parses_back(world, tmp_path, fmt):
    world.problem_b.is_public = False
    world.problem_b.save()
    path = tmp_path / f"通报.{fmt}"
    out, _ = run(str(world.inspection1.pk), "--format", fmt, "-o", str(path), "--scope", "party")
    assert "已生成党内通报" in out and "2 个问题" in out
    report = parse_file(path)
    assert [p.title for p in report.problems] == [world.problem_a.title, world.problem_b.title]
    assert report.unit == "某市第一人民医院"


def test_public_scope_is_the_default_and_format_follows_the_suffix(world, tmp_path):
    world.problem_b.is_public = False
    world.problem_b.save()
    path = tmp_path / "通报.docx"
    run(str(world.inspection1.pk), "-o", str(path))
    document = docx.Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "需要向社会公开的1个" in text and world.problem_b.title not in text


def test_as_of_date_goes_into_counts_and_signature(world, tmp_path):
    path = tmp_path / "通报.txt"
    run(str(world.inspection1.pk), "-o", str(path), "--as-of", "2025-01-01")
    text = path.read_text(encoding="utf-8")
    # The world's problems were created today: none existed on 2025-01-01.
    assert "截至2025年1月1日，巡察反馈问题需要向社会公开的0个" in text
    assert text.rstrip().endswith("2025年1月1日")


def test_stdout_for_text(world):
    out, _ = run(str(world.inspection1.pk), "-o", "-", "--format", "txt")
    assert out.startswith("某市第一人民医院关于巡察整改进展情况的通报")


@pytest.mark.parametrize(
    "args, message",
    [
        (["999999", "-o", "{tmp}/a.txt"], "巡察编号 999999 不存在"),
        (["abc", "-o", "{tmp}/a.txt"], "巡察编号 abc 不存在"),
        (["{id}", "-o", "{tmp}/a.pdf"], "不支持的输出格式“pdf”"),
        (["{id}", "-o", "{tmp}/a.txt", "--scope", "secret"], "未知的通报范围“secret”"),
        (["{id}", "-o", "{tmp}/a.txt", "--as-of", "2025-13-01"], "截至日期“2025-13-01”无法识别"),
        (["{id}", "-o", "{tmp}/a.txt", "--as-of", "2999-01-01"], "截至日期 2999-01-01 晚于今天"),
        (["{id}", "-o", "{tmp}/missing/a.txt"], "目录不存在"),
        (["{id}", "-o", "-", "--format", "docx"], "Word 文件不能输出到屏幕"),
    ],
)
def test_bad_input_exits_2_with_a_chinese_message(world, tmp_path, capsys, args, message):
    args = [a.format(tmp=tmp_path, id=world.inspection1.pk) for a in args]
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("report", *args, stdout=io.StringIO(), stderr=err)
    assert exit_info.value.code == 2
    assert message in err.getvalue()
    assert not list(tmp_path.glob("*.txt"))


def test_usage_errors_from_the_command_line_are_chinese(tmp_path):
    env = {**os.environ, "ZHENGGAI_DATA_DIR": str(tmp_path / "data")}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [str(ZHENGGAI), "report", "1"], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 2
    assert "缺少参数：-o/--output" in result.stderr
    assert "Traceback" not in result.stderr
    help_text = subprocess.run(
        [str(ZHENGGAI), "report", "--help"], capture_output=True, text=True, env=env, timeout=120
    )
    assert help_text.returncode == 0 and "社会通报" in help_text.stdout


def test_as_of_before_feedback_still_renders(world, tmp_path):
    path = tmp_path / "a.html"
    day = (world.inspection1.feedback_date - datetime.timedelta(days=1)).isoformat()
    run(str(world.inspection1.pk), "-o", str(path), "--as-of", day)
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
