"""体检 (zhenggai.reports.check): each rule on made-up snippets, on both sides of its line, the
command end to end, and the acceptance findings on the dev corpus."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from zhenggai import cli
from zhenggai.reports import Declared, Measure, Problem, Report, Status
from zhenggai.reports.check import (
    Finding,
    Severity,
    check_dates,
    check_declared,
    check_duplicates,
    check_no_measures,
    check_numbering,
    check_ongoing,
    check_report,
    label_value,
    numbering_findings,
)
from zhenggai.reports.checktext import (
    CONTAINMENT_MIN,
    JACCARD_MIN,
    MIN_CHARS,
    find_ongoing,
    grams,
    normalise,
    similarity,
)
from zhenggai.reports.parse import parse_text

C, P, IP, L = Status.COMPLETED, Status.PARTIAL, Status.IN_PROGRESS, Status.LONG_TERM


def problem(
    path: str, status=None, measures=(), rect=None, title="某项工作落实不到位", line=0, **kw
) -> Problem:
    ms = [m if isinstance(m, Measure) else Measure(text=m) for m in measures]
    rectification = rect if rect is not None else "".join(m.text for m in ms)
    return Problem(
        path=path.split("/"), categories=[], title=title, status=status, measures=ms,
        rectification=rectification, line=line, **kw,
    )  # fmt: skip


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


# --- declared-mismatch -------------------------------------------------------------------------


def report_with(declared: Declared, statuses: list) -> Report:
    problems = [
        problem(f"二/{i + 1}", s, ["建立健全相关工作制度并抓好落实见到实效"]) for i, s in enumerate(statuses)
    ]
    return Report(declared=declared, problems=problems)


def test_declared_counts_that_agree_with_the_items_give_no_finding():
    declared = Declared(total=5, completed=3, partial=1, in_progress=1, quote="共5个，已完成3个")
    assert check_declared(report_with(declared, [C, C, C, P, IP])) == []


def test_declared_completed_count_above_the_items_is_an_error_that_quotes_the_sentence():
    declared = Declared(
        total=4, completed=3, in_progress=1, line=7, quote="共4个问题，已完成整改3个，未完成1个"
    )
    [finding] = check_declared(report_with(declared, [C, C, IP, P]))
    assert finding.code == "declared-mismatch" and finding.severity == Severity.ERROR
    assert "已完成整改 3 个" in finding.message and "有 2 个" in finding.message
    assert finding.quote == declared.quote and finding.line == 7


def test_items_without_status_widen_the_range_instead_of_claiming_a_mismatch():
    declared = Declared(completed=3, in_progress=1)
    # Two problems are unmarked: 3 completed is possible (1 + 2), so nothing is claimed…
    assert check_declared(report_with(declared, [C, IP, None, None])) == []
    # …but 3 completed is impossible when only one can still be completed.
    assert codes(check_declared(report_with(declared, [C, IP, P, None]))) == ["declared-mismatch"]


def test_a_report_without_any_status_cannot_contradict_its_counts_unless_they_exceed_the_items():
    assert check_declared(report_with(Declared(completed=2), [None, None, None])) == []
    [finding] = check_declared(report_with(Declared(completed=4), [None, None, None]))
    assert "最多 3 个" in finding.message


def test_a_problem_without_status_counts_by_its_measures_when_they_all_agree():
    p = problem(
        "一/1",
        None,
        [Measure("修订完善会议制度并严格执行落实到位", C), Measure("开展专项培训提升能力水平全覆盖", C)],
    )
    q = problem(
        "一/2",
        None,
        [Measure("修订完善会议制度并严格执行落实到位", C), Measure("持续抓好后续整改各项工作", L)],
    )
    report = Report(declared=Declared(completed=2), problems=[p, q])
    # p is completed; q's measures disagree, so q is unknown and 2 completed stays possible.
    assert check_declared(report) == []
    report.declared = Declared(completed=2, long_term=1)
    assert check_declared(report) == []  # q may be long-term
    report.declared = Declared(completed=0)
    assert codes(check_declared(report)) == ["declared-mismatch"]


def test_immediate_items_inside_the_completed_count_are_counted_as_completed():
    # "已完成整改3个（含立行立改1个）": the 立行立改 problem is one of the 3.
    declared = Declared(completed=3, in_progress=1, quote="已完成整改3个（含立行立改1个），未完成1个")
    statuses = [C, C, C, IP]
    report = report_with(declared, statuses)
    report.problems[2].status_text = "立行立改已办结"
    assert check_declared(report) == []


def test_a_separately_stated_immediate_count_may_be_outside_the_completed_count():
    # "已完成整改2个，立行立改1个": practice may leave the 立行立改 item out of "已完成".
    declared = Declared(completed=2, in_progress=1, quote="已完成整改2个，立行立改1个，未完成1个")
    report = report_with(declared, [C, C, C, IP])
    report.problems[2].status_text = "立行立改已办结"
    assert check_declared(report) == []
    # Without a separate 立行立改 count, 2 completed against 3 marked is a mismatch.
    report.declared = Declared(completed=2, in_progress=1, quote="已完成整改2个，未完成1个")
    assert codes(check_declared(report)) == ["declared-mismatch"]


def test_declared_total_different_from_the_listed_problems_is_a_warning():
    [finding] = check_declared(report_with(Declared(total=5), [C, C, C]))
    assert finding.severity == Severity.WARNING and "5" in finding.message and "3" in finding.message


def test_status_counts_adding_up_to_more_than_the_total_is_an_error():
    declared = Declared(total=3, completed=2, in_progress=2)
    found = check_declared(report_with(declared, [None, None, None]))
    assert [f.title for f in found] == ["声明的各状态数量之和超过问题总数"]


# --- duplicate-measure -------------------------------------------------------------------------

COPIED = "严格落实药品临时采购审批制度，对不在临购范围内的药品一律不再采购，按审批数量执行。"


def test_the_same_measure_under_two_problems_is_found_once_per_pair_of_problems():
    a = problem(
        "二/（一）/1", measures=["一是" + COPIED, "二是组织药剂科开展专题培训，提升合理用药水平。"], line=3
    )
    b = problem("二/（三）/2", measures=["1." + COPIED], line=9)
    [finding] = check_duplicates(Report(problems=[a, b]))
    assert finding.code == "duplicate-measure" and finding.path == "二（三）2"
    assert "二（一）1" in finding.title and "完全相同" in finding.title
    assert finding.problems == (0, 1) and finding.line == 9


def test_the_same_text_twice_under_one_problem_is_not_a_cross_problem_copy():
    a = problem("一/1", measures=["一是" + COPIED, "二是" + COPIED])
    assert check_duplicates(Report(problems=[a])) == []


def test_a_copy_with_a_word_changed_is_still_the_same_measure():
    changed = COPIED.replace("一律", "均")
    sim = similarity(grams(normalise(COPIED)), grams(normalise(changed)))
    assert sim.jaccard >= JACCARD_MIN
    report = Report(problems=[problem("一/1", measures=[COPIED]), problem("一/2", measures=[changed])])
    assert check_duplicates(report)[0].title == "与一1的整改措施几乎相同"


def test_a_measure_pasted_into_a_longer_one_is_found_by_containment():
    longer = COPIED + "同时建立药品采购月度通报制度，每月公布各科室临购药品使用情况。"
    sim = similarity(grams(normalise(COPIED)), grams(normalise(longer)))
    assert sim.jaccard < JACCARD_MIN <= sim.containment
    report = Report(problems=[problem("一/1", measures=[COPIED]), problem("一/2", measures=[longer])])
    [finding] = check_duplicates(report)
    assert finding.title == "与一1的整改措施大段重复" and "整段出现在另一条中" in finding.message


def test_a_reworded_measure_on_the_same_subject_is_below_the_thresholds():
    reworded = "对临购药品实行逐笔审批，超出临购范围的不予采购，并对采购数量严格把关。"
    sim = similarity(grams(normalise(COPIED)), grams(normalise(reworded)))
    assert sim.jaccard < JACCARD_MIN and sim.containment < CONTAINMENT_MIN
    report = Report(problems=[problem("一/1", measures=[COPIED]), problem("一/2", measures=[reworded])])
    assert check_duplicates(report) == []


def test_short_stock_phrases_are_never_compared():
    assert len(normalise("一是加强学习教育。")) < MIN_CHARS
    report = Report(
        problems=[
            problem("一/1", measures=["一是加强学习教育。"]),
            problem("一/2", measures=["加强学习教育"]),
        ]
    )
    assert check_duplicates(report) == []


def test_one_shared_document_title_does_not_make_two_measures_the_same():
    title = "《青禾县人民医院关于进一步加强药品和医用耗材采购全流程监督管理的实施办法（试行）》"
    a = f"印发{title}，明确药剂科、设备科和审计科的职责分工。"
    b = f"组织全院中层干部集中学习{title}，逐条解读并考试。"
    assert (
        check_duplicates(Report(problems=[problem("一/1", measures=[a]), problem("一/2", measures=[b])]))
        == []
    )


def test_enumeration_words_and_status_markers_do_not_count():
    assert normalise("一是" + COPIED + "（已完成）") == normalise("（3）" + COPIED)


# --- completed-but-ongoing ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "新的信息系统正在调试，尚未正式上线。",
        "已完成市级初审，待省专家组进行实地审核。",
        "主体工程已完工，预计于2026年年底前投入使用。",
        "所有模块最终计划在9月30日前完成上线。",
        "拟于下月召开专题会议研究落实。",
        "已开展一轮培训，下一步将组织全员考核。",
        "培训结束后，还将对全体学员进行考核。",
        "该项工作仍在推进，力争年内完成。",
        "相关人员的处理意见正在审批中。",
        "党支部标准化建设有待加强。",
        "办法已定稿，等待院办正式下发。",
        "制度修订尚需进一步完善。",
        "相关手续审批中。",
    ],
)
def test_wording_that_says_the_work_goes_on_is_found(text):
    assert find_ongoing(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "已完成系统升级，正在运行的系统全部通过等保测评。",  # attributive: "the running system"
        "对全院待报废医疗设备进行了全面清查并处置完毕。",  # 待报废 qualifies the equipment
        "对我院拟报废的医疗设备进行了现场查看。",
        "县接待中心会同财政局完成了资产处置。",  # 接待 is not 待
        "提高引进人才待遇，留住骨干。",
        "科教科拟定了本年度培训计划并印发执行。",  # 拟定了: drafted, done
        "经专项检查，尚未发现违规收费问题。",  # good news
        "使用前制定分配方案，待党组会议通过后列支使用。",  # a rule, not pending work
        "下发《关于对仍未答复的投诉件进行回访的通知》，逐件回访。",  # words inside a title
        "为下一步工作打下了坚实基础。",
        "将巡察整改纳入党委重要议事日程。",  # 将 + object, not a plan
        "已建立长效机制，下一步将持续巩固整改成果。",  # consolidation of done work
        "力争把打包付费机制落实到医共体建设中。",  # a place, not a state
        "所有支出由院长签字，五万元以上还需经党委会批准。",  # a rule
    ],
)
def test_wording_that_only_looks_ongoing_is_not_found(text):
    assert find_ongoing(text) is None


def test_a_completed_problem_whose_rectification_is_still_planned_is_found_with_a_quote():
    p = problem(
        "二/3",
        C,
        rect="已完成需求调研。所有系统最终计划在7月31日完成上线。",
        line=12,
        status_text="已整改完成",
    )
    [finding] = check_ongoing(Report(problems=[p]))
    assert finding.code == "completed-but-ongoing" and finding.path == "二3" and finding.line == 12
    assert "计划在" in finding.message and finding.quote == "所有系统最终计划在7月31日完成上线。"


def test_the_problem_statement_itself_is_not_read():
    # The statement describes the problem ("尚未公布"); the rectification says it was done.
    p = problem("二/1", C, rect="2025年5月起试行新方案。", text="绩效考核方案尚未公布，正在请第三方制定。")
    assert check_ongoing(Report(problems=[p])) == []


def test_only_items_marked_completed_are_read():
    ongoing = "新院区正在进行室内装修。"
    for status in (P, IP, L, None):
        assert check_ongoing(Report(problems=[problem("二/1", status, rect=ongoing)])) == []


def test_a_completed_measure_is_read_even_under_an_unmarked_problem():
    p = problem("一/（二）/3", None, [Measure("已建成数据中心。", C), Measure("远程会诊系统正在调试。", C)])
    [finding] = check_ongoing(Report(problems=[p]))
    assert "第2条措施" in finding.message


def test_a_completed_problem_ignores_its_measures_marked_with_another_status():
    p = problem("一/1", C, [Measure("制度已修订印发。", C), Measure("借调人员正在分批清退。", L)])
    assert check_ongoing(Report(problems=[p])) == []


# --- no-measures -------------------------------------------------------------------------------


def test_a_problem_without_rectification_text_is_found():
    empty = problem("三/（三）/1", C, rect="", title="干部任用程序不规范", line=30)
    full = problem("三/（三）/2", C, rect="修订干部选拔任用工作规程并严格执行。")
    [finding] = check_no_measures(Report(problems=[empty, full]))
    assert finding.code == "no-measures" and finding.path == "三（三）1" and finding.line == 30


# --- date-order --------------------------------------------------------------------------------


def dated(**kw) -> Report:
    return Report(problems=kw.pop("problems", []), **kw)


def test_dates_in_order_give_no_finding():
    report = dated(
        inspection_start="2024-03-01",
        inspection_end="2024-05-30",
        feedback_date="2024-07-02",
        report_date="2024-10-08",
    )
    assert check_dates(report) == []


@pytest.mark.parametrize(
    ("fields", "title"),
    [
        ({"inspection_start": "2024-05-01", "inspection_end": "2024-03-01"}, "巡察结束日期早于开始日期"),
        ({"inspection_end": "2024-05-30", "feedback_date": "2024-05-02"}, "反馈日期早于巡察结束"),
        ({"feedback_date": "2024-07-02", "report_date": "2024-06-30"}, "通报日期早于反馈日期"),
        ({"inspection_end": "2024-05", "report_date": "2024-04-30"}, "通报日期早于巡察结束"),
    ],
)
def test_impossible_report_dates_are_errors(fields, title):
    [finding] = check_dates(dated(**fields))
    assert finding.code == "date-order" and finding.severity == Severity.ERROR and finding.title == title


def test_dates_of_different_precision_compare_at_the_coarser_one():
    # The inspection "ran to November"; feedback on 7 November is not before its end.
    assert check_dates(dated(inspection_end="2024-11", feedback_date="2024-11-07")) == []


def test_a_measure_dated_before_the_inspection_began_is_found():
    p = problem("二/4", rect="2023年12月，召开专题会议研究部署整改工作。", line=20)
    [finding] = check_dates(dated(inspection_start="2024-03-01", feedback_date="2024-07-02", problems=[p]))
    assert finding.severity == Severity.WARNING and "2023年12月" in finding.message
    assert finding.quote.startswith("2023年12月")


def test_measures_taken_during_the_inspection_are_not_found():
    # 边巡边改: acting while the group is still on site is what practice asks for.
    p = problem("二/4", rect="2024年4月起，立即整改，每月开展自查。")
    assert check_dates(dated(inspection_start="2024-03-01", feedback_date="2024-07-02", problems=[p])) == []


def test_without_an_inspection_start_the_feedback_date_is_the_reference():
    p = problem("二/4", rect="2024年6月，修订了采购制度。")
    [finding] = check_dates(dated(feedback_date="2024-07-02", problems=[p]))
    assert "巡察反馈" in finding.title


@pytest.mark.parametrize(
    "text",
    [
        "对2018年以来违规用药的典型案例进行了通报。",  # a period reaching back
        "平均住院日由2023年的8.28天降到7.87天。",  # a bare year
        "清查2019年7月至2022年6月的全部合同。",  # a range
        "学习《2023年5月印发的药品管理办法》。",  # inside a title
    ],
)
def test_dates_that_are_not_the_date_of_a_measure_are_ignored(text):
    p = problem("二/4", rect=text)
    assert check_dates(dated(inspection_start="2024-03-01", problems=[p])) == []


# --- numbering ---------------------------------------------------------------------------------


def tree(*paths: str) -> Report:
    return Report(
        problems=[problem(p, rect="修订制度并严格执行落实到位", line=i) for i, p in enumerate(paths, 1)]
    )


def test_sequences_restarting_under_each_heading_or_running_on_are_both_fine():
    assert check_numbering(tree("一/（一）/1", "一/（一）/2", "一/（二）/1", "二/（一）/1")) == []
    # Problems numbered straight through their categories (1–2 under （一）, 3 under （二）).
    assert check_numbering(tree("一/（一）/1", "一/（一）/2", "一/（二）/3", "一/（三）/4")) == []


def test_a_gap_is_found_where_it_happens():
    [finding] = check_numbering(tree("一/（一）/1", "一/（一）/2", "一/（一）/4"))
    assert finding.code == "numbering" and finding.title == "编号跳号" and finding.path == "一（一）4"
    assert "缺少 3" in finding.message and finding.line == 3


def test_a_repeated_label_is_found():
    [finding] = check_numbering(tree("一/（一）/1", "一/（二）/1", "一/（二）/1"))
    assert finding.title == "编号重复" and finding.path == "一（二）1"


def test_a_sequence_going_backwards_is_found():
    found = check_numbering(tree("一/（一）", "一/（三）", "一/（二）"))
    assert [(f.title, f.path) for f in found] == [("编号跳号", "一（三）"), ("编号倒退", "一（二）")]


def test_a_sequence_that_neither_starts_at_one_nor_runs_on_is_found():
    [finding] = check_numbering(tree("一/（二）/1", "一/（二）/2"))
    assert finding.title == "编号未从头开始" and finding.path == "一（二）"


def test_a_mixed_numbering_style_is_an_info():
    [finding] = check_numbering(tree("一/（一）/1", "一/（2）/1", "一/（三）/1"))
    assert finding.severity == Severity.INFO and finding.path == "一（2）"


def test_labelled_sections_take_part_in_the_top_level_sequence():
    report = tree("二/（一）/1")
    from zhenggai.reports.model import Section

    report.sections = [Section("一", "组织整改情况", "", 0), Section("四", "下一步打算", "", 5)]
    [finding] = check_numbering(report)
    assert finding.title == "编号跳号" and "缺少 3" in finding.message


@pytest.mark.parametrize(
    ("label", "value"),
    [("三", (3, "cn")), ("十二、", (12, "cn")), ("（2）", (2, "ar_paren")), ("(一)", (1, "cn_paren")),
     ("1.", (1, "ar")), ("2）", (2, "ar_half")), ("③", (3, "circled")), ("甲", None), ("", None)],
)  # fmt: skip
def test_label_values(label, value):
    assert label_value(label) == value


def test_unparseable_labels_are_skipped_not_reported():
    assert numbering_findings([(("附件",), 1), (("附件", "甲"), 2)]) == []


# --- the whole check on a parsed snippet -------------------------------------------------------

SNIPPET = """青禾县示范医院党委关于巡察整改进展情况的通报
根据县委统一部署，2024年3月1日至5月30日，县委第三巡察组对青禾县示范医院党委进行了巡察。2024年7月2日，县委第三巡察组向青禾县示范医院党委反馈了巡察意见。
截至2024年10月8日，反馈的4个问题已完成整改2个，未完成整改2个。
一、巡察反馈问题整改情况
（一）医疗服务管理不规范
1.药品临时采购把关不严。（已完成整改）
整改情况：严格落实药品临时采购审批制度，对不在临购范围内的药品一律不再采购，按审批数量执行。
2.耗材采购管理不规范。（已完成整改）
整改情况：严格落实药品临时采购审批制度，对不在临购范围内的药品一律不再采购，按审批数量执行。
（二）信息化建设滞后
4.电子病历系统应用水平低。（已完成整改）
整改情况：新系统已完成部署，正在开展全员培训，计划于2024年12月正式上线。
5.互联网医院建设迟缓。（未完成整改）
整改情况：已完成方案论证。
"""


def test_a_parsed_report_gets_every_kind_of_finding_it_deserves():
    found = check_report(parse_text(SNIPPET, doc="snippet.txt"))
    by_code = {f.code: f for f in found}
    assert set(by_code) == {"declared-mismatch", "duplicate-measure", "completed-but-ongoing", "numbering"}
    assert by_code["duplicate-measure"].path == "一（一）2"
    assert by_code["completed-but-ongoing"].path == "一（二）4"
    assert by_code["numbering"].path == "一（二）4"  # 1, 2, then 4: 3 is missing
    # errors first
    assert found[0].severity == Severity.ERROR and found[0].code == "declared-mismatch"


# --- the command -------------------------------------------------------------------------------


def run(*args: str) -> subprocess.CompletedProcess[str]:
    code = "import sys; from zhenggai.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120)


def test_check_command_prints_json_with_the_issue_keys(tmp_path: Path):
    source = tmp_path / "snippet.txt"
    source.write_text(SNIPPET, encoding="utf-8")
    proc = run("check", str(source), "--json")
    assert proc.returncode == 0, proc.stderr
    findings = json.loads(proc.stdout)["findings"]
    assert {"code", "severity", "path", "title", "message", "quote"} <= set(findings[0])
    assert {f["code"] for f in findings} >= {"declared-mismatch", "duplicate-measure"}


def test_check_command_groups_human_output_by_severity(tmp_path: Path):
    source = tmp_path / "snippet.txt"
    source.write_text(SNIPPET, encoding="utf-8")
    proc = run("check", str(source))
    assert proc.returncode == 0
    out = proc.stdout
    assert (
        out.index("【错误】")
        < out.index("[declared-mismatch]")
        < out.index("【警告】")
        < out.index("[duplicate-measure]")
    )


def test_check_command_refuses_a_bad_file_with_one_chinese_line(tmp_path: Path):
    proc = run("check", str(tmp_path / "missing.txt"))
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("错误：") and "missing.txt" in proc.stderr
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    proc = run("check", str(binary))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


def test_check_command_without_arguments_says_what_to_give(capsys):
    assert cli.main(["check"]) == 2
    err = capsys.readouterr().err
    assert "zhenggai check FILE" in err and "--inspection" in err


def test_check_command_help_mentions_django_check_is_shadowed(capsys):
    with pytest.raises(SystemExit):
        cli.main(["check", "--help"])
    assert "python -m django check" in capsys.readouterr().out


# --- the dev corpus (acceptance of issue 5) -----------------------------------------------------


@pytest.fixture(scope="module")
def corpus_findings(corpus_dir):
    from zhenggai.reports.read import parse_file

    return {n: check_report(parse_file(corpus_dir / f"s00{n}.txt")) for n in range(5)}


@pytest.mark.corpus
def test_corpus_s001_identical_measures_of_3_and_4_under_three_three_are_found(corpus_findings):
    dups = [f for f in corpus_findings[1] if f.code == "duplicate-measure"]
    assert any(f.path == "三（三）4" and "三（三）3" in f.title and "完全相同" in f.title for f in dups)


@pytest.mark.corpus
def test_corpus_s004_repeated_drug_procurement_measures_are_found(corpus_findings):
    dups = {(f.path, f.title) for f in corpus_findings[4] if f.code == "duplicate-measure"}
    assert ("二（八）2", "与二（六）3的整改措施大段重复") in dups  # 药品遴选及采购 …
    assert ("二（八）4", "与二（六）4的整改措施完全相同") in dups  # 处方点评, 合理用药培训


@pytest.mark.corpus
@pytest.mark.parametrize("doc", [0, 2])
def test_corpus_counts_that_agree_raise_no_declared_mismatch(corpus_findings, doc):
    assert "declared-mismatch" not in codes(corpus_findings[doc])


@pytest.mark.corpus
def test_corpus_findings_are_exactly_the_reviewed_ones(corpus_findings):
    # Every finding below was read against the text and agreed with (see the commit message of
    # the 体检); a new finding on the corpus must be reviewed before it is added here.
    got = {n: sorted((f.code, f.path) for f in fs) for n, fs in corpus_findings.items()}
    assert got == {
        0: [],
        1: sorted(
            [
                ("completed-but-ongoing", "二（一）3"),
                ("completed-but-ongoing", "二（二）3"),
                ("duplicate-measure", "三（二）3"),
                ("duplicate-measure", "三（三）4"),
            ]
        ),
        2: sorted(
            [
                ("completed-but-ongoing", "二2"),
                ("completed-but-ongoing", "二6"),
                ("completed-but-ongoing", "二7"),
            ]
        ),
        3: [],
        4: sorted(
            [("duplicate-measure", "二（八）2"), ("duplicate-measure", "二（八）4"), ("numbering", "二（2）")]
        ),
    }
