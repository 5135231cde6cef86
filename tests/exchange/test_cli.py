"""`zhenggai import-report`, `import-ledger`, `export-ledger`: output shape, exit 2, help texts."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command

from tests.exchange.helpers import counts, rows_to_sheet, workbook_bytes
from tests.exchange.test_excel_import import bad_rows, messy
from tests.exchange.test_from_report import REPORT
from zhenggai.accounts.models import Organisation
from zhenggai.ledger.models import Inspection

ZHENGGAI = Path(sys.executable).with_name("zhenggai")


def run(*args, **kw):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err, **kw)
    return out.getvalue(), err.getvalue()


def cli(*args, tmp_path):
    env = {**os.environ, "ZHENGGAI_DATA_DIR": str(tmp_path / "data")}
    env.pop("DATABASE_URL", None)
    return subprocess.run([str(ZHENGGAI), *args], capture_output=True, text=True, env=env, timeout=120)


def test_import_ledger_json_shape(db, tmp_path):
    path = tmp_path / "台账.xlsx"
    path.write_bytes(workbook_bytes(messy))
    out, err = run("import-ledger", str(path), unit="某县新医院", json=True)
    assert "提示：将新建 5 个部门：医务科、质控科、院感科、财务科、党委办公室" in err
    result = json.loads(out)
    inspection = Inspection.objects.get()
    assert result == {"inspection": inspection.pk, "problems": 5, "measures": 8}
    assert inspection.unit.name == "某县新医院" and inspection.unit.kind == Organisation.Kind.UNIT


def test_import_report_json_shape_and_text_output(db, tmp_path):
    path = tmp_path / "通报.txt"
    path.write_text(REPORT, encoding="utf-8")
    out, err = run("import-report", str(path), unit="某县示范医院", json=True)
    assert json.loads(out) == {"inspection": Inspection.objects.get().pk, "problems": 3, "measures": 5}
    assert "提示：通报写明已完成 3 个" in err
    out, _ = run("import-report", str(path), unit="某县示范医院")
    assert "3 个问题，5 条整改措施" in out and "已新建单位" not in out


def test_dry_run_writes_nothing(db, tmp_path):
    path = tmp_path / "台账.xlsx"
    path.write_bytes(workbook_bytes(messy))
    before = counts()
    out, _ = run("import-ledger", str(path), unit="某县新医院", dry_run=True)
    assert json.loads(out)["problems"] == 5
    assert counts() == before


def test_bad_ledger_exits_2_listing_every_error_and_writes_nothing(db, tmp_path):
    path = tmp_path / "有错误的台账.xlsx"
    path.write_bytes(workbook_bytes(bad_rows))
    before = counts()
    with pytest.raises(SystemExit) as exited:
        run("import-ledger", str(path), unit="某县新医院", json=True)
    assert exited.value.code == 2
    assert counts() == before


def test_export_ledger_writes_the_file(world, tmp_path):
    out_file = tmp_path / "台账.xlsx"
    out, _ = run("export-ledger", str(world.inspection1.pk), output=str(out_file))
    assert "已导出整改台账" in out
    ws = openpyxl.load_workbook(out_file).active
    assert ws["C4"].value == "医疗质量安全管理制度落实不到位"
    run("export-ledger", str(world.inspection1.pk), output=str(out_file), list="archive")
    assert openpyxl.load_workbook(out_file).active.title == "档案清单"
    with pytest.raises(SystemExit) as exited:
        run("export-ledger", "999999", output=str(out_file))
    assert exited.value.code == 2


# Subprocesses: the real console script, its exit status and what the user sees.


def test_bad_files_exit_2_with_chinese_messages_and_no_traceback(tmp_path):
    bad = tmp_path / "有错误的台账.xlsx"
    bad.write_bytes(workbook_bytes(bad_rows))
    done = cli("import-ledger", str(bad), "--unit", "某县新医院", "--json", tmp_path=tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert lines[0] == "有错误的台账.xlsx 未导入，共 3 处错误："
    assert lines[1].startswith("工作表“整改台账”第4行 E列（整改时限） “6月32日”")
    assert "第5行 F列（完成情况）" in lines[2] and "第6行 G列（公开范围）" in lines[3]
    assert "Traceback" not in done.stderr
    text = tmp_path / "台账.xlsx"
    text.write_text("序号,具体问题\n", encoding="utf-8")
    done = cli("import-ledger", str(text), "--unit", "某县新医院", tmp_path=tmp_path)
    assert done.returncode == 2 and "不是 Excel（.xlsx）文件" in done.stderr
    done = cli("import-report", str(tmp_path / "没有这个文件.txt"), "--unit", "某县新医院", tmp_path=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr and done.stderr.strip()


@pytest.mark.parametrize("command", ["import-report", "import-ledger", "export-ledger"])
def test_every_command_has_chinese_help(command, tmp_path):
    done = cli(command, "--help", tmp_path=tmp_path)
    assert done.returncode == 0
    assert "导出" in done.stdout or "导入" in done.stdout
    if command != "export-ledger":
        assert "--unit" in done.stdout and "--json" in done.stdout
    else:
        assert "--list" in done.stdout and "responsibility" in done.stdout


def test_header_only_sheet_is_an_error(db, tmp_path):
    path = tmp_path / "空台账.xlsx"
    path.write_bytes(
        workbook_bytes(lambda ws: rows_to_sheet(ws, [["序号", "具体问题", "整改措施", "责任部门"]]))
    )
    with pytest.raises(SystemExit):
        run("import-ledger", str(path), unit="某县新医院")
