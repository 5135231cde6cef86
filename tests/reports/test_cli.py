"""The ``zhenggai parse`` command end to end: output, exit statuses and one-line Chinese errors.

Most tests run the real command in a subprocess, as a user would: the virtualenv's ``zhenggai``
console script when it is installed, else the same entry point through ``python -c``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from zhenggai import cli

GOLD_KEYS = {
    "doc",
    "source_url",
    "title",
    "unit",
    "inspector",
    "inspection_start",
    "inspection_end",
    "feedback_date",
    "report_date",
    "declared",
    "problems",
}

REPORT = """中共青禾县示范医院委员会关于巡察整改进展情况的通报
根据县委统一部署，2024年3月1日至5月30日，县委第三巡察组对中共青禾县示范医院委员会进行了巡察。2024年7月2日，县委第三巡察组向中共青禾县示范医院委员会反馈了巡察意见。
一、组织整改情况
成立整改领导小组，制定整改方案。
二、巡察反馈问题整改情况
（一）党建工作不扎实
1.学习制度落实不到位。（已完成整改）
整改情况：一是修订学习制度；二是开展专题学习。
2.会议记录不规范。（正在整改）
整改情况：一是统一会议记录本；二是每季度抽查。
三、下一步工作打算
持续巩固整改成果。
中共青禾县示范医院委员会
2024年12月20日
"""


SCRIPT = Path(sys.executable).with_name("zhenggai")
COMMAND = (
    [str(SCRIPT)]
    if SCRIPT.exists()
    else [sys.executable, "-c", "import sys; from zhenggai.cli import main; sys.exit(main())"]
)


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [*COMMAND, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=cwd,
        timeout=120,
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().split("\n")
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("错误：")
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.fixture
def report_file(tmp_path: Path) -> Path:
    path = tmp_path / "qinghe.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


def test_parse_prints_a_readable_tree(report_file):
    result = run("parse", str(report_file))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "标题：中共青禾县示范医院委员会关于巡察整改进展情况的通报" in out
    assert "整改问题：2 个" in out
    lines = out.split("\n")
    heading = next(i for i, line in enumerate(lines) if line.strip().endswith("党建工作不扎实"))
    problem = next(i for i, line in enumerate(lines) if "学习制度落实不到位" in line)
    assert heading < problem
    # the problem is indented deeper than its heading, its measures deeper still
    indent = [len(lines[i]) - len(lines[i].lstrip()) for i in (heading, problem, problem + 1)]
    assert indent[0] < indent[1] < indent[2]
    assert "〔已完成整改〕" in lines[problem]
    assert lines[problem + 1].strip().startswith("措施1：")


def test_parse_json_prints_the_gold_schema(report_file):
    result = run("parse", str(report_file), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert GOLD_KEYS <= set(data)
    assert data["doc"] == "qinghe.txt"
    assert [p["title"] for p in data["problems"]] == ["学习制度落实不到位", "会议记录不规范"]
    assert [p["status"] for p in data["problems"]] == ["completed", "in_progress"]
    assert [len(p["measures"]) for p in data["problems"]] == [2, 2]


def test_parse_output_option_writes_the_result_to_a_file(report_file, tmp_path):
    target = tmp_path / "out.json"
    result = run("parse", str(report_file), "--json", "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["doc"] == "qinghe.txt"


def test_empty_file_gives_an_empty_report_and_exit_0(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    result = run("parse", str(path), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["problems"] == []
    assert data["declared"] is None


def test_text_that_is_not_a_report_gives_an_empty_report(tmp_path):
    path = tmp_path / "menu.txt"
    path.write_text("今日菜单：米饭、青菜、豆腐汤。\n营业时间：早八点至晚八点。\n", encoding="utf-8")
    result = run("parse", str(path), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["problems"] == []


def test_missing_file_is_one_line_exit_2(tmp_path):
    assert_one_line_error(run("parse", str(tmp_path / "nowhere.txt")), "nowhere.txt", "不存在")


def test_legacy_doc_is_one_line_exit_2(tmp_path):
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500 + "WordDocument".encode("utf-16-le"))
    assert_one_line_error(run("parse", str(path)), "old.doc", "旧版 Word", ".docx")


def test_image_is_one_line_exit_2(tmp_path):
    path = tmp_path / "scan.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    assert_one_line_error(run("parse", str(path), "--json"), "scan.png", "图片")


def test_binary_is_one_line_exit_2(tmp_path):
    path = tmp_path / "program.txt"
    path.write_bytes(bytes(range(256)) * 8)
    assert_one_line_error(run("parse", str(path)), "program.txt", "二进制")


def test_corrupt_docx_is_one_line_exit_2(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04" + b"\x14\x00" * 40)
    assert_one_line_error(run("parse", str(path)), "broken.docx", "损坏")


def test_unexpected_error_is_reported_as_one_line_naming_the_file(report_file, monkeypatch, capsys):
    import zhenggai.reports.read

    def explode(path):
        raise RuntimeError("internal detail")

    monkeypatch.setattr(zhenggai.reports.read, "parse_file", explode)
    status = cli.main(["parse", str(report_file)])
    captured = capsys.readouterr()
    assert status == 2
    assert (
        captured.err.strip()
        == "错误：解析文件 qinghe.txt 时发生内部错误（RuntimeError），请把该文件报告给开发者"
    )


# --- directory mode ------------------------------------------------------------------------------


@pytest.fixture
def report_dir(tmp_path: Path) -> Path:
    root = tmp_path / "reports"
    (root / "2024").mkdir(parents=True)
    (root / "2025" / "nested").mkdir(parents=True)
    (root / "2024" / "qinghe.txt").write_text(REPORT, encoding="utf-8")
    (root / "2025" / "qinghe.txt").write_text(REPORT, encoding="gb18030")  # same name, other folder
    (root / "2025" / "nested" / "page.html").write_text(
        "<html><body><p>首页 > 通知</p><p>" + REPORT.replace("\n", "</p><p>") + "</p></body></html>",
        encoding="utf-8",
    )
    (root / "2025" / "old.doc").write_bytes(b"ignored: not a supported suffix")
    (root / "2025" / "broken.docx").write_bytes(b"PK\x03\x04 truncated")
    (root / "2025" / "~$qinghe.docx").write_bytes(b"Word lock file")
    (root / "notes.md").write_text("# not a report", encoding="utf-8")
    return root


def test_directory_without_output_asks_for_o(report_dir):
    result = run("parse", str(report_dir))
    assert result.returncode == 2
    assert result.stderr.strip().startswith("错误：")
    assert "-o" in result.stderr
    assert "Traceback" not in result.stderr


def test_directory_parses_every_supported_file_and_lists_failures(report_dir, tmp_path):
    out = tmp_path / "out"
    result = run("parse", str(report_dir), "-o", str(out))
    assert result.returncode == 1, result.stderr
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*.json"))
    assert written == ["2024/qinghe.json", "2025/nested/page.json", "2025/qinghe.json"]
    for path in out.rglob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert [p["title"] for p in data["problems"]] == ["学习制度落实不到位", "会议记录不规范"], path
    assert "Traceback" not in result.stderr
    assert "已解析 3 个文件" in result.stderr
    assert "失败 1 个" in result.stderr
    failure = [line for line in result.stderr.split("\n") if "broken.docx" in line]
    assert len(failure) == 1 and "损坏" in failure[0]
    assert "old.doc" not in result.stderr and "~$" not in result.stderr


def test_directory_json_summary_on_stdout(report_dir, tmp_path):
    result = run("parse", str(report_dir), "-o", str(tmp_path / "out"), "--json")
    summary = json.loads(result.stdout)
    assert summary["parsed"] == 3
    assert [f["file"] for f in summary["failed"]] == [os.path.join("2025", "broken.docx")]


def test_directory_where_everything_parses_exits_0(report_dir, tmp_path):
    (report_dir / "2025" / "broken.docx").unlink()
    result = run("parse", str(report_dir), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "失败" not in result.stderr


def test_same_stem_in_one_folder_keeps_both_outputs(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    (root / "a.txt").write_text(REPORT, encoding="utf-8")
    (root / "a.html").write_text("<p>" + REPORT.replace("\n", "</p><p>") + "</p>", encoding="utf-8")
    result = run("parse", str(root), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.html.json", "a.txt.json"]


def test_output_folder_inside_the_input_folder_is_not_parsed(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    (root / "a.txt").write_text(REPORT, encoding="utf-8")
    (root / "out").mkdir()
    (root / "out" / "old.txt").write_text(REPORT, encoding="utf-8")
    result = run("parse", str(root), "-o", str(root / "out"))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (root / "out").iterdir()) == ["a.json", "old.txt"]


def test_output_that_is_a_file_is_exit_2(report_dir, tmp_path):
    target = tmp_path / "taken"
    target.write_text("x", encoding="utf-8")
    result = run("parse", str(report_dir), "-o", str(target))
    assert result.returncode == 2
    assert result.stderr.strip() == f"错误：输出位置 {target} 已存在且不是目录"


def test_unreadable_directory_is_exit_2(tmp_path, monkeypatch, capsys):
    from zhenggai.reports import batch

    root = tmp_path / "locked"
    root.mkdir()

    def refuse(path):
        raise PermissionError(13, "Permission denied", str(path))

    # Tests may run as root, for whom chmod 000 does not stop reading.
    monkeypatch.setattr(batch.os, "scandir", refuse)
    assert batch.parse_directory(root, tmp_path / "out") == 2
    assert capsys.readouterr().err.strip() == f"错误：无法读取目录 {root}（没有权限或已被删除）"


def test_directory_without_reports_exits_0_with_a_notice(tmp_path):
    (tmp_path / "in").mkdir()
    result = run("parse", str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    assert result.returncode == 0
    assert "没有可解析的文件" in result.stderr


# --- help ----------------------------------------------------------------------------------------


def test_every_zhenggai_subcommand_has_help_text():
    from zhenggai import commands  # noqa: F401  (registers the library commands)

    assert cli.COMMANDS, "no subcommands registered"
    for name, (help_text, _arguments, _handler) in cli.COMMANDS.items():
        assert help_text.strip(), name
        result = run(name, "--help")
        assert result.returncode == 0, (name, result.stderr)
        assert help_text in result.stdout, name


def test_every_project_management_command_has_help_text():
    from django.core.management import get_commands, load_command_class

    ours = {name: app for name, app in get_commands().items() if app.startswith("zhenggai")}
    for name, app in ours.items():
        assert load_command_class(app, name).help.strip(), f"zhenggai {name} has no help text"


def test_top_level_help_lists_the_commands():
    result = run("--help")
    assert result.returncode == 0
    for name in cli.COMMANDS:
        assert name in result.stdout


# --- the tree itself -----------------------------------------------------------------------------


def test_format_tree_shows_metadata_counts_headings_problems_and_measures():
    from zhenggai.reports.model import Declared, Measure, Problem, Report, Section, Status
    from zhenggai.reports.show import format_tree

    report = Report(
        doc="a.txt",
        title="中共青禾县示范医院委员会关于巡察整改进展情况的通报",
        unit="中共青禾县示范医院委员会",
        inspector="县委第三巡察组",
        inspection_start="2024-03-01",
        inspection_end="2024-05-30",
        feedback_date="2024-07",
        declared=Declared(total=3, completed=2, in_progress=1),
        problems=[
            Problem(["二", "（一）", "1"], ["问题整改情况", "党建工作不扎实"], "学习制度落实不到位", Status.COMPLETED, "已完成整改",
                    [Measure("修订学习制度", Status.COMPLETED, "已完成"), Measure("开展专题学习" * 20)]),
            Problem(["二", "（一）", "2"], ["问题整改情况", "党建工作不扎实"], "会议记录不规范", Status.IN_PROGRESS),
            Problem(["二", "（二）"], ["问题整改情况", "采购管理不规范"], "未严格执行采购制度"),
            Problem(["三", "（一）"], ["下步整改情况"], "台账管理不规范", None, None, [Measure("统一台账", Status.LONG_TERM)]),
        ],
        sections=[Section("", "", "中共青禾县……"), Section("一", "组织整改情况", "……")],
        contact="联系方式：0000-1234567\n电子邮箱：zhenggai@example.cn",
        signature="中共青禾县示范医院委员会\n2024年12月20日",
    )  # fmt: skip
    assert format_tree(report) == "\n".join(
        [
            "文件：a.txt",
            "标题：中共青禾县示范医院委员会关于巡察整改进展情况的通报",
            "被巡察单位：中共青禾县示范医院委员会",
            "巡察组：县委第三巡察组",
            "巡察时间：2024-03-01 至 2024-05-30",
            "反馈日期：2024-07",
            "报告日期：（无）",
            "通报中声明的数量：问题总数 3 个，已完成 2 个，正在整改 1 个",
            "",
            "整改问题：4 个，整改措施：3 条",
            "  二 问题整改情况",
            "    （一） 党建工作不扎实",
            "      1 学习制度落实不到位〔已完成整改〕",
            "        措施1：修订学习制度〔已完成〕",
            "        措施2：" + ("开展专题学习" * 10) + "…",
            "      2 会议记录不规范〔正在整改〕",
            "    （二） 采购管理不规范",
            "      未严格执行采购制度",
            "  三 下步整改情况",
            "    （一） 台账管理不规范",
            "      措施1：统一台账〔长期坚持〕",
            "",
            "其他部分：",
            "  （开头）",
            "  一 组织整改情况",
            "联系方式：0000-1234567",
            "  电子邮箱：zhenggai@example.cn",
            "落款：中共青禾县示范医院委员会",
            "  2024年12月20日",
            "",
        ]
    )


def test_format_tree_of_an_empty_report_says_so():
    from zhenggai.reports.model import Report
    from zhenggai.reports.show import format_tree

    tree = format_tree(Report())
    assert "未识别出整改问题。" in tree
    assert "标题：（无）" in tree
    assert "通报中声明的数量：（无）" in tree


def test_usage_errors_of_parse_are_one_chinese_line():
    result = run("parse")
    assert result.returncode == 2
    assert result.stderr.startswith("错误：缺少参数 FILE|DIR")
    assert len(result.stderr.strip().split("\n")) == 1
    result = run("parse", "-o")
    assert result.returncode == 2
    assert result.stderr.startswith("错误：参数 -o/--output 后面需要一个值")


def test_a_crash_on_one_file_is_listed_and_the_batch_goes_on(report_dir, tmp_path, monkeypatch, capsys):
    from zhenggai.reports import batch

    real_parse_file = batch.parse_file

    def crash_on_html(path):
        if path.suffix == ".html":
            raise RuntimeError("parser bug")
        return real_parse_file(path)

    monkeypatch.setattr(batch, "parse_file", crash_on_html)
    out = tmp_path / "out"
    assert batch.parse_directory(report_dir, out) == 1
    err = capsys.readouterr().err
    assert (
        f"{os.path.join('2025', 'nested', 'page.html')}：解析时发生内部错误（RuntimeError），请把该文件报告给开发者"
        in err
    )
    assert sorted(p.name for p in out.rglob("*") if p.is_file()) == [
        "qinghe.json",
        "qinghe.json",
    ]  # no *.tmp left


def test_python_m_zhenggai_cli_runs_the_library_commands(report_file):
    # Regression: run as a module, the commands registered into a second copy of cli.
    for module in ("zhenggai.cli", "zhenggai"):
        result = subprocess.run(
            [sys.executable, "-m", module, "parse", str(report_file), "--json"],
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["problems"]


def test_unknown_option_is_a_chinese_usage_error(report_file):
    assert_one_line_error(run("parse", str(report_file), "--foo"), "无法识别的参数 --foo")


def test_help_headings_are_chinese():
    result = run("--help")
    assert result.returncode == 0
    assert result.stdout.startswith("用法：zhenggai")
    assert "选项：" in result.stdout and "options:" not in result.stdout
