"""What the import/export commands share: the progress bar and the exit on bad input."""

from __future__ import annotations

import json
import sys

from tqdm import tqdm


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
