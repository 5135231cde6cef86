"""What the import/export commands share: the progress bar, the exit on bad input, the import's end."""

from __future__ import annotations

import json
import sys

from tqdm import tqdm

from zhenggai.accounts.models import Organisation
from zhenggai.exchange.plan import find_or_create_unit, unit_doubts, write_plan


class Bar:
    """A tqdm bar on stderr, shown only on a terminal; usable as a plan/export progress callback."""

    def __init__(self, description: str):
        self.bar = tqdm(desc=description, unit="项", file=sys.stderr, disable=None, leave=False)

    def __call__(self, done: int, total: int) -> None:
        if self.bar.total != total:
            self.bar.total = total
        self.bar.n = done
        self.bar.refresh()

    def close(self) -> None:
        self.bar.close()


def fail(command, messages: list[str]) -> None:
    """Print every message on stderr and exit with status 2 (bad input; nothing written)."""
    for message in messages:
        command.stderr.write(message)
    raise SystemExit(2)


def finish_import(command, options, plan) -> None:
    """Show the plan's doubts; then print the preview (--dry-run) or write the plan into --unit."""
    units = Organisation.objects.filter(name=options["unit"].strip(), kind=Organisation.Kind.UNIT)
    plan.doubts += unit_doubts(plan, units.first() if units.count() == 1 else None)
    for doubt in plan.doubts:
        command.stderr.write(f"提示：{doubt}")
    if options["dry_run"]:
        command.stdout.write(json.dumps(plan.preview(), ensure_ascii=False, indent=2))
        return
    try:
        unit, created = find_or_create_unit(options["unit"])
    except ValueError as exc:
        fail(command, [str(exc)])
    bar = Bar("导入")
    try:
        inspection = write_plan(plan, unit, progress=bar)
    finally:
        bar.close()
    print_result(command, options, inspection, plan, created)


def print_result(command, options, inspection, plan, created) -> None:
    result = {"inspection": inspection.pk, "problems": len(plan.problems), "measures": plan.measure_count}
    if options["json"]:
        command.stdout.write(json.dumps(result, ensure_ascii=False))
        return
    if created:
        command.stdout.write(f"已新建单位“{inspection.unit.name}”")
    command.stdout.write(
        f"已导入巡察“{inspection.title}”（编号 {inspection.pk}）：{result['problems']} 个问题，"
        f"{result['measures']} 条整改措施"
    )
