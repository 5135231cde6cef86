"""Builders for made-up 台账 workbooks and a comparable snapshot of a ledger."""

from __future__ import annotations

import io

import openpyxl

from zhenggai.accounts.models import Organisation
from zhenggai.exchange.excel_export import person
from zhenggai.exchange.models import MeasureNames
from zhenggai.ledger.models import Category, Inspection, Measure, Problem


def workbook_bytes(build) -> bytes:
    """build(ws) fills the active sheet; returns the .xlsx bytes."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "整改台账"
    build(ws)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def rows_to_sheet(ws, rows: list[list], start: int = 1) -> None:
    for offset, row in enumerate(rows):
        for col, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(start + offset, col, value)


def snapshot(inspection: Inspection) -> list:
    """Everything an Excel round trip must keep, in order, without database ids."""
    result = []
    for problem in inspection.problems.order_by("position", "pk"):
        categories = [(c.label, c.title) for c in problem.category.path()] if problem.category else []
        measures = []
        for m in problem.measures.order_by("position", "pk"):
            names = MeasureNames.objects.filter(measure=m).first() or MeasureNames()
            department = names.department_name or (m.department.name if m.department else "")
            measures.append(
                (
                    m.text,
                    m.status,
                    m.deadline,
                    m.long_term,
                    person(m.leader, names.leader_name),
                    department,
                    person(m.owner, names.owner_name),
                )
            )
        result.append(
            (
                categories,
                problem.label,
                problem.title,
                problem.description,
                problem.is_public,
                problem.immediate,
                measures,
            )
        )
    return result


def counts() -> dict[str, int]:
    """Rows in every table an import writes to."""
    from zhenggai.audit.models import AuditEvent
    from zhenggai.ledger.models import ProgressUpdate

    return {
        model.__name__: model.objects.count()
        for model in (
            Inspection,
            Category,
            Problem,
            Measure,
            Organisation,
            MeasureNames,
            ProgressUpdate,
            AuditEvent,
        )
    }
