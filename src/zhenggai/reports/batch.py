"""``zhenggai parse DIR -o OUT``: every report below DIR to OUT/…/NAME.json, failures listed at the end."""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import TextIO

from .model import ReportError
from .read import parse_file

SUPPORTED_SUFFIXES = frozenset({".txt", ".docx", ".html", ".htm", ".pdf"})
SUPPORTED_LIST = " ".join(sorted(SUPPORTED_SUFFIXES))


def find_reports(root: Path, *, exclude: Path | None = None) -> tuple[list[Path], list[tuple[str, str]]]:
    """Supported files below ``root`` (sorted), and the subfolders that could not be listed.

    Hidden files and folders and Word's "~$" lock files are skipped, and so is ``exclude``
    (the output folder when it lies inside ``root``)."""
    found: list[Path] = []
    unreadable: list[tuple[str, str]] = []
    excluded = exclude.resolve() if exclude is not None else None

    def on_error(exc: OSError) -> None:
        where = Path(exc.filename).relative_to(root) if exc.filename else root
        unreadable.append((str(where), "无法读取该文件夹（没有权限或已被删除）"))

    for folder, dirs, files in os.walk(root, onerror=on_error):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (here / d).resolve() != excluded)
        for name in sorted(files):
            if name.startswith((".", "~$")):
                continue
            if Path(name).suffix.lower() in SUPPORTED_SUFFIXES:
                found.append(here / name)
    return found, unreadable


def output_paths(root: Path, files: list[Path], out: Path) -> dict[Path, Path]:
    """OUT/<relative folder>/<stem>.json; files sharing a stem in one folder keep their suffix
    (a.txt.json, a.docx.json) so that nothing is overwritten."""
    stems = Counter((f.parent, f.stem.lower()) for f in files)
    targets: dict[Path, Path] = {}
    for f in files:
        rel = f.relative_to(root)
        name = f"{f.stem}.json" if stems[(f.parent, f.stem.lower())] == 1 else f"{f.name}.json"
        targets[f] = out / rel.parent / name
    return targets


def parse_directory(
    root: Path, out: Path | None, *, as_json: bool = False, stderr: TextIO | None = None
) -> int:
    """Parse every supported file below ``root`` into JSON under ``out``.

    Returns the exit status: 0 when every file parsed, 1 when some failed, 2 when ``root`` or
    ``out`` is unusable. With ``as_json`` a JSON summary is also printed on stdout."""
    from tqdm import tqdm

    err = stderr or sys.stderr
    if out is None:
        print(
            f"错误：解析目录 {root} 时请用 -o 指定输出目录，例如 zhenggai parse {root} -o 输出目录", file=err
        )
        return 2
    try:
        if not root.is_dir():
            print(f"错误：{root} 不是目录", file=err)
            return 2
        with os.scandir(root):
            pass
    except OSError:
        print(f"错误：无法读取目录 {root}（没有权限或已被删除）", file=err)
        return 2
    if out.exists() and not out.is_dir():
        print(f"错误：输出位置 {out} 已存在且不是目录", file=err)
        return 2
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError:
        print(f"错误：无法创建输出目录 {out}（没有权限或路径无效）", file=err)
        return 2

    files, failures = find_reports(root, exclude=out)
    targets = output_paths(root, files, out)
    written = 0
    for f in tqdm(files, desc="解析", unit="个", file=err, disable=not files, dynamic_ncols=True):
        rel = str(f.relative_to(root))
        try:
            report = parse_file(f)
            _write_json(targets[f], report.to_dict())
            written += 1
        except ReportError as exc:
            failures.append((rel, str(exc)))
        except OSError as exc:
            failures.append((rel, f"无法写入 {targets[f]}（系统错误 {exc.errno}）"))
        except Exception as exc:  # a parser bug must not stop the batch; it is reported per file
            failures.append((rel, f"解析时发生内部错误（{type(exc).__name__}），请把该文件报告给开发者"))

    if not files:
        print(f"目录 {root} 中没有可解析的文件（{SUPPORTED_LIST}）", file=err)
    else:
        print(f"已解析 {written} 个文件，输出到 {out}", file=err)
    if failures:
        print(f"失败 {len(failures)} 个：", file=err)
        for rel, reason in failures:
            print(f"  {rel}：{reason}", file=err)
    if as_json:
        summary = {
            "parsed": written,
            "failed": [{"file": rel, "error": reason} for rel, reason in failures],
            "output": str(out),
        }
        json.dump(summary, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    return 1 if failures else 0


def _write_json(target: Path, data: dict[str, object]) -> None:
    """Write via a temporary file and rename, so a crash never leaves half a JSON behind."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=2)
        f.write("\n")
    os.replace(tmp, target)
