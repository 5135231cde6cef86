"""Benchmark of the report parser: docs/s, MB/s and peak memory over ≥ 1,000 reports in one process.

The documents are the dev corpus (../shared/corpus/*.txt, when it is beside the checkout) plus
fictional reports generated here with varied numbering styles, status forms, hard wrapping and
page numbers, 5–30 KB each. ``--mix real`` (the default) gives their problems and measures the
lengths and counts of the real reports; ``--mix dense`` packs about twice as many, shorter
problems and measures into each KB (the only mix before), a harder load per byte. Timing is the median of several rounds of ``parse_text`` over all
documents; one more round reads and parses them from files (``parse_file``); memory is the
process's peak RSS and the tracemalloc peak of one parse round.

    python bench/parse.py [--docs 1000] [--rounds 5] [--seed 7] [--mix real|dense] [--profile] [--json]

Target (issue 2): ≥ 1,000 docs/s on one core, peak memory < 150 MB.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import pstats
import random
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"

CN_DIGITS = "一二三四五六七八九十"
PLACES = ["青禾", "云溪", "石岭", "松江口", "北川", "梅岗", "临河", "望山"]
UNITS = ["县人民医院", "市中医医院", "县卫生健康局", "市第二人民医院", "县妇幼保健院", "市疾病预防控制中心"]
AREAS = [
    "学习贯彻党的创新理论不够深入",
    "落实全面从严治党责任有差距",
    "推动医院高质量发展不够有力",
    "基层党组织建设不够规范",
    "财务和采购管理不严格",
    "选人用人工作不够规范",
    "服务群众用心用力不够",
    "落实上轮巡察整改不到位",
]
SUBJECTS = [
    "学习制度",
    "绩效方案",
    "采购流程",
    "医德医风考评",
    "党费收缴",
    "会议记录",
    "合同台账",
    "药品遴选",
    "人才引进",
    "投诉处理",
    "预算编制",
    "资产清查",
]
DEFECTS = [
    "执行不到位",
    "落实不够有力",
    "存在薄弱环节",
    "流于形式",
    "不够规范",
    "推进缓慢",
    "有差距",
    "监督缺位",
]
ACTIONS = [
    "修订完善《{s}管理办法》，明确职责分工和办理时限",
    "召开专题会议研究{s}工作，逐项制定整改措施",
    "组织相关科室开展{s}专项培训，累计培训{n}人次",
    "对{s}开展全面自查，建立问题清单并逐项销号",
    "将{s}纳入科室绩效考核，按月通报进展情况",
    "聘请第三方机构对{s}进行评估，形成评估报告{n}份",
    "建立{s}长效机制，实行月调度、季通报",
    "对涉及{s}的{n}名责任人进行提醒谈话",
]
STATUSES = [
    "已完成",
    "已完成整改",
    "已整改完成",
    "阶段性完成",
    "基本完成",
    "正在整改",
    "长期坚持",
    "持续推进",
]
FILLER = "整改工作领导小组定期听取进展汇报，对推进缓慢的事项及时督促，确保整改取得实效。"


@dataclass
class Doc:
    name: str
    text: str
    problems: int | None  # known for synthetic reports


def cn_number(n: int) -> str:
    if n <= 10:
        return CN_DIGITS[n - 1]
    if n < 20:
        return "十" + CN_DIGITS[n - 11]
    tens, ones = divmod(n, 10)
    return CN_DIGITS[tens - 1] + "十" + (CN_DIGITS[ones - 1] if ones else "")


# Details that follow a problem's title in the real-like mix: "……，部分科室台账缺失……".
DETAILS = [
    "部分科室{s}台账缺失，{n}项工作未按时限办结",
    "抽查发现{n}份{s}相关记录填写不规范、签字不全",
    "{s}责任分工不明确，牵头科室与配合科室衔接不畅",
    "对{s}中发现的问题跟踪问效不够，整改措施针对性不强",
    "{s}制度修订滞后，与上级最新要求不相适应",
    "个别干部对{s}重视不够，存在以会议落实会议的现象",
]


def measure_text(rng: random.Random, subject: str, dense: bool = True) -> str:
    text = rng.choice(ACTIONS).format(s=subject, n=rng.randint(2, 400))
    if dense:
        return text
    # a real measure says what was done and what came of it, about twice as long
    return text + "，" + rng.choice(ACTIONS).format(s=subject, n=rng.randint(2, 400))


def synthetic_report(rng: random.Random, target_bytes: int, dense: bool = True) -> tuple[str, int]:
    """A fictional 通报 of about ``target_bytes`` UTF-8 bytes, and the number of problems in it.

    ``dense`` gives short problems (a title only) with 1–6 short measures each; otherwise problems
    and measures have about the lengths and counts of the real reports in ../shared/corpus
    (a title with a detail, 1–4 measures of two clauses)."""
    place, unit = rng.choice(PLACES), rng.choice(UNITS)
    org = f"中共{place}{unit}委员会"
    year = rng.randint(2019, 2025)
    group = f"{rng.choice(['县委', '市委'])}第{cn_number(rng.randint(1, 9))}巡察组"
    style = rng.choice(["marker", "measure_markers", "inline", "sections", "circled"])
    sub_label = rng.choice(["（{}）", "({})"])
    lines = [
        f"{org}关于巡察整改进展情况的通报",
        "",
        f"根据{group[:2]}统一部署，{year}年{rng.randint(1, 6)}月{rng.randint(1, 28)}日至{rng.randint(7, 12)}月"
        f"{rng.randint(1, 28)}日，{group}对{org}进行了巡察。{year + 1}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日，"
        f"{group}向{org}反馈了巡察意见。按照巡察工作有关要求，现将巡察整改进展情况予以公布。",
        "一、组织整改落实情况",
        "（一）提高政治站位。院党委把巡察整改作为重大政治任务，主要负责人亲自部署、亲自督促。",
        "（二）细化工作方案。对照反馈问题建立问题清单、任务清单、责任清单，明确整改时限。",
        "二、巡察反馈问题整改进展情况",
    ]
    body: list[str] = []
    problems = 0
    area = 0
    size = sum(len(line.encode()) for line in lines)
    while size < target_bytes - 900:
        area += 1
        heading = f"{sub_label.format(cn_number(area))}{rng.choice(AREAS)}"
        if style == "inline":
            heading = f"{sub_label.format(cn_number(area))}关于“{rng.choice(AREAS)}”的整改情况。"
        if style == "sections" and area == 1:
            body.append("截至目前，上述问题中已完成整改的问题如下。")
        body.append(heading)
        for number in range(1, rng.randint(2, 5) + 1):
            problems += 1
            subject = rng.choice(SUBJECTS)
            title = f"{subject}{rng.choice(DEFECTS)}"
            if not dense:
                details = rng.sample(DETAILS, 2)
                title += "".join("，" + d.format(s=subject, n=rng.randint(2, 60)) for d in details)
            count = rng.randint(1, 6) if dense else rng.randint(1, 4)
            if style == "marker":
                body.append(f"{number}.{title}。（{rng.choice(STATUSES)}）")
                parts = [f"{cn_number(i)}是{measure_text(rng, subject, dense)}" for i in range(1, count + 1)]
                body.append("整改情况：" + "；".join(parts) + "。")
            elif style == "measure_markers":
                body.append(f"{number}.{title}。")
                body.append("整改情况：")
                body.extend(
                    f"{cn_number(i)}是{measure_text(rng, subject, dense)}。（{rng.choice(STATUSES)}）"
                    for i in range(1, count + 1)
                )
            elif style == "inline":
                parts = [
                    f"{cn_number(i)}是{measure_text(rng, subject, dense)}。" for i in range(1, count + 1)
                ]
                body.append(f"{number}.{title}。" + "".join(parts))
            elif style == "sections":
                body.append(f"{number}.关于“{title}”问题的整改。")
                body.append(
                    "整改结果及成效："
                    + "".join(f"{i}.{measure_text(rng, subject, dense)}。" for i in range(1, count + 1))
                )
            else:
                circled = "①②③④⑤⑥⑦⑧⑨⑩"
                body.append(f"{number}、{title}。整改状态：{rng.choice(STATUSES)}")
                body.append(
                    "整改措施："
                    + "".join(f"{circled[i]}{measure_text(rng, subject, dense)}；" for i in range(count))
                )
            if rng.random() < 0.3:
                body.append(FILLER)
        size = sum(len(line.encode()) for line in lines + body)
    lines += body
    lines += [
        "三、下一步工作打算",
        "（一）持续巩固整改成果，对已完成的问题适时开展“回头看”，防止反弹回潮。",
        "（二）健全长效机制，对需要长期坚持的事项紧盯不放、一抓到底。",
        "欢迎广大干部群众对巡察整改落实情况进行监督。如有意见建议，请及时向我们反映。",
        f"联系电话：0000-{rng.randint(1000000, 9999999)}；电子邮箱：zhenggai{rng.randint(1, 99)}@example.cn",
        org,
        f"{year + 1}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
    ]
    text = "\n".join(lines) + "\n"
    if rng.random() < 0.3:
        text = hard_wrap(rng, text)
    return text, problems


def hard_wrap(rng: random.Random, text: str) -> str:
    """Break lines at a fixed width and insert page numbers, as text copied out of a PDF looks."""
    width = rng.choice([30, 36, 42])
    out: list[str] = []
    for line in text.split("\n"):
        while len(line) > width:
            out.append(line[:width])
            line = line[width:]
        out.append(line)
        if len(out) % 40 == 0:
            out.append(f"- {len(out) // 40} -")
    return "\n".join(out)


def corpus_docs() -> list[Doc]:
    from zhenggai.reports.read import read_text

    if not CORPUS.is_dir():
        return []
    return [Doc(p.name, read_text(p), None) for p in sorted(CORPUS.glob("*.txt"))]


def synthetic_docs(count: int, seed: int, dense: bool = True) -> list[Doc]:
    rng = random.Random(seed)
    docs = []
    for i in range(count):
        text, problems = synthetic_report(rng, rng.randint(5_000, 30_000), dense)
        docs.append(Doc(f"synthetic-{i:04d}.txt", text, problems))
    return docs


def parse_round(docs: list[Doc]) -> tuple[float, float]:
    from zhenggai.reports.parse import parse_text

    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    for doc in docs:
        parse_text(doc.text, doc=doc.name)
    return time.perf_counter() - wall, time.process_time() - cpu


def file_round(docs: list[Doc]) -> float:
    from zhenggai.reports.read import parse_file

    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for doc in docs:
            path = Path(tmp) / doc.name
            path.write_text(doc.text, encoding="utf-8")
            paths.append(path)
        start = time.perf_counter()
        for path in paths:
            parse_file(path)
        return time.perf_counter() - start


def build() -> str:
    """Which build of the parser this process runs: compiled with mypyc, or pure Python."""
    import zhenggai.reports.parse as module

    where = module.__file__ or ""
    return "pure Python" if where.endswith(".py") else f"compiled (mypyc): {Path(where).parent}"


def density(docs: list[Doc]) -> tuple[float, float]:
    """Problems and measures per 10 KB of text, as the parser finds them."""
    from zhenggai.reports.parse import parse_text

    size = problems = measures = 0
    for doc in docs:
        report = parse_text(doc.text)
        size += len(doc.text.encode())
        problems += len(report.problems)
        measures += sum(len(p.measures) for p in report.problems)
    return problems / size * 1e4, measures / size * 1e4


def recall(docs: list[Doc]) -> tuple[int, int]:
    """Problems the parser found in the synthetic reports against the number generated."""
    from zhenggai.reports.parse import parse_text

    found = generated = 0
    for doc in docs:
        if doc.problems is not None:
            found += len(parse_text(doc.text).problems)
            generated += doc.problems
    return found, generated


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000, help="synthetic reports to generate (default 1000)")
    ap.add_argument("--rounds", type=int, default=5, help="timed rounds; the median is reported (default 5)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument(
        "--mix",
        choices=["real", "dense"],
        default="real",
        help="synthetic reports with the problem and measure lengths and counts of the real reports "
        "(default), or dense: short problems with up to six short measures (about twice the "
        "problems and measures per KB)",
    )
    ap.add_argument("--profile", action="store_true", help="print the parser's hot spots (cProfile)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)

    docs = corpus_docs() + synthetic_docs(args.docs, args.seed, dense=args.mix == "dense")
    total_bytes = sum(len(d.text.encode()) for d in docs)
    parse_round(docs[:50])  # warm-up: imports, regex compilation

    walls, cpus = [], []
    for _ in range(args.rounds):
        wall, cpu = parse_round(docs)
        walls.append(wall)
        cpus.append(cpu)
    wall = statistics.median(walls)
    cpu = statistics.median(cpus)
    files_wall = file_round(docs)
    corpus = [d for d in docs if d.problems is None]
    corpus_cpu: float | None = None
    if corpus:
        # the real reports alone, repeated to about 200 documents per round
        repeated = corpus * max(1, 200 // len(corpus))
        corpus_cpu = statistics.median(parse_round(repeated)[1] for _ in range(args.rounds)) / len(repeated)

    tracemalloc.start()
    parse_round(docs)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB
    found, generated = recall(docs)
    synthetic_density = density([d for d in docs if d.problems is not None])
    corpus_density = density(corpus) if corpus else None

    figures = {
        "build": build(),
        "mix": args.mix,
        "docs": len(docs),
        "corpus_docs": sum(d.problems is None for d in docs),
        "megabytes": round(total_bytes / 1e6, 2),
        "rounds": args.rounds,
        "median_seconds": round(wall, 3),
        "docs_per_s": round(len(docs) / wall, 1),
        "mb_per_s": round(total_bytes / 1e6 / wall, 2),
        "cpu_docs_per_s": round(len(docs) / cpu, 1) if cpu else None,
        "read_and_parse_docs_per_s": round(len(docs) / files_wall, 1),
        "peak_rss_mb": round(rss_peak / 1e6, 1),
        "tracemalloc_peak_mb": round(traced_peak / 1e6, 1),
        "corpus_only_cpu_docs_per_s": round(1 / corpus_cpu, 1) if corpus_cpu else None,
        "synthetic_problems_per_10kb": round(synthetic_density[0], 1),
        "synthetic_measures_per_10kb": round(synthetic_density[1], 1),
        "corpus_problems_per_10kb": round(corpus_density[0], 1) if corpus_density else None,
        "corpus_measures_per_10kb": round(corpus_density[1], 1) if corpus_density else None,
        "synthetic_problems_found": found,
        "synthetic_problems_generated": generated,
    }
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(f"parser build       {figures['build']}")
        print(f"synthetic mix      {args.mix}")
        print(
            f"documents          {figures['docs']} ({figures['corpus_docs']} from the corpus), {figures['megabytes']} MB"
        )
        print(
            f"parse_text         {figures['docs_per_s']} docs/s, {figures['mb_per_s']} MB/s (median of {args.rounds} rounds, {wall:.3f} s)"
        )
        print(f"  on CPU time      {figures['cpu_docs_per_s']} docs/s")
        if corpus_cpu:
            print(f"  corpus alone     {figures['corpus_only_cpu_docs_per_s']} docs/s on CPU time")
        print(
            f"parse_file (.txt)  {figures['read_and_parse_docs_per_s']} docs/s (one round, reading included)"
        )
        print(
            f"peak memory        RSS {figures['peak_rss_mb']} MB, tracemalloc {figures['tracemalloc_peak_mb']} MB (one round)"
        )
        print(
            f"density            problems / measures per 10 KB: synthetic {figures['synthetic_problems_per_10kb']}"
            f" / {figures['synthetic_measures_per_10kb']}"
            + (
                f", corpus {figures['corpus_problems_per_10kb']} / {figures['corpus_measures_per_10kb']}"
                if corpus_density
                else ""
            )
        )
        print(f"synthetic problems {found} found / {generated} generated")
        target_ok = figures["docs_per_s"] >= 1000 and figures["peak_rss_mb"] < 150
        print(f"target (≥ 1000 docs/s, < 150 MB): {'met' if target_ok else 'NOT met'}")
    if args.profile:
        from zhenggai.reports.parse import parse_text

        profiler = cProfile.Profile()
        profiler.enable()
        for doc in docs:
            parse_text(doc.text)
        profiler.disable()
        stats = pstats.Stats(profiler, stream=sys.stdout)
        stats.sort_stats("tottime").print_stats(20)
    return 0


if __name__ == "__main__":
    sys.exit(main())
