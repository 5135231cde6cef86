"""The heading tree of a report, built from its numbering labels.

Which label style sits at which level is inferred from the order in which styles appear: a style
already open on the path is a sibling (or an ancestor's sibling); a new style opens a child level.
A new style that continues a bracketed level's count ("（2）" after "（一）") is taken as that level,
and a list restarting at 1 inside an item that has a rectification paragraph is nested in it.
Flattened tables (a header row, then a row per line) become leaf items of the node they sit in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Final

from .labels import FAMILY, Label, match_label, number_value
from .measures import enumerate_measures
from .model import Status
from .status import heading_status, sentence_status
from .text import Line, cells, first_sentence, is_table_row, rect_label

# Top-level sections that are not problems: organising the rectification (组织整改情况,
# 主要负责人履责情况, 党委落实主体责任情况) and the closing plans (下一步工作打算, 巩固深化…).
PREAMBLE_HEADING: Final = re.compile(r"(?:组织|领导|责任|职责|履责|部署)[^，,。]{0,20}(?:情况|落实)$")
CLOSING_HEADING: Final = re.compile(r"下一步|下步|打算|今后|工作安排|工作计划|长效机制|巩固")
# Deepest heading tree kept: real reports use four or five levels; a list restarting inside an
# item adds one. Deeper nesting would only come from noise.
MAX_DEPTH: Final = 8
# A section heading that speaks of the problems fed back: "巡察反馈问题整改落实情况", "反馈意见整改情况".
PROBLEM_HEADING: Final = re.compile(r"问题|反馈|意见|整改(?:落实|进展|推进)?情况|整改清单|整改台账")
# An unnumbered category heading: "关于党的建设方面", "党风廉政建设方面的问题".
UNNUMBERED_HEADING: Final = re.compile(r"(?:关于)?[^。；;，,：:（）()]{2,28}方面(?:的问题|问题|存在的问题)?")
# A problem stated as "关于“X”问题的整改" / "关于“X”的问题".
ABOUT_QUOTED: Final = re.compile(r"关于\s?[“\"「『]")

# Table header cells by role.
HEAD_SEQ: Final = re.compile(r"序号|编号|^序$")
HEAD_CATEGORY: Final = re.compile(r"类别|类型|方面|领域")
HEAD_PROBLEM: Final = re.compile(r"问题|意见|表现")
HEAD_MEASURES: Final = re.compile(r"措施|举措")
HEAD_STATUS: Final = re.compile(r"完成情况|整改情况|进展情况|整改进展|完成进度|整改进度|整改状态|状态|进展")


@dataclass
class Node:
    """A numbered heading or item with the lines under it (before its first child).

    The __init__ is written out: the generated one stays interpreted in the mypyc build."""

    label: Label | None
    text: str
    line: int
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    body: list[Line] = field(default_factory=list)
    status: tuple[Status, str] | None = None  # given by the heading or the opening sentence
    context: tuple[Status, str] | None = None  # given by an unnumbered status heading above it
    rect_at: int | None = None  # index in body of the first rectification label line
    rect_end: int = 0  # offset in that line where its label ("整改情况：") ends
    cell_status: str | None = None  # table rows: the status column
    category: str | None = None  # table rows: the category column

    def __init__(
        self,
        label: Label | None,
        text: str,
        line: int,
        parent: Node | None = None,
        children: list[Node] | None = None,
        body: list[Line] | None = None,
        status: tuple[Status, str] | None = None,
        context: tuple[Status, str] | None = None,
    ) -> None:
        self.label = label
        self.text = text
        self.line = line
        self.parent = parent
        self.children = [] if children is None else children
        self.body = [] if body is None else body
        self.status = status
        self.context = context
        self.rect_at = None
        self.rect_end = 0
        self.cell_status = None
        self.category = None

    def walk(self) -> Iterator[Node]:
        """This node and every node below it, in reading order."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            if node.children:
                _push_children(stack, node)

    def lines(self) -> Iterator[Line]:
        """Every line of the subtree in reading order (item lines with their labels)."""
        if self.label is not None:
            yield Line(self.line, f"{self.label.printed}{self.text}")
        elif self.text:
            yield Line(self.line, self.text)  # an unnumbered group heading
        yield from self.body
        for c in self.children:
            yield from c.lines()


def _push_children(stack: list[Node], node: Node) -> None:
    """Push ``node``'s children for a walk with an explicit stack in reading order: last first.
    (Node.walk and the walks below use a stack: a generator is costly in the compiled build.)"""
    ch = node.children
    for i in range(len(ch) - 1, -1, -1):
        stack.append(ch[i])


def has_rect(node: Node) -> bool:
    """Whether the node's own lines hold a rectification paragraph label ("整改情况：")."""
    return node.rect_at is not None


def _append(node: Node, line: Line) -> None:
    if node.rect_at is None:
        m = rect_label(line.text)
        if m is not None:
            node.rect_at = len(node.body)
            node.rect_end = m.end()
    node.body.append(line)


def _subtree_has_rect(node: Node) -> bool:
    # Node.walk's order with an explicit stack: a generator is costly in the compiled build
    stack = [node]
    while stack:
        n = stack.pop()
        if n.rect_at is not None:
            return True
        if n.children:
            _push_children(stack, n)
    return False


@dataclass
class _Table:
    parent: Node
    roles: dict[str, int]
    width: int
    count: int = 0
    category: str | None = None


def _table_header(s: str) -> dict[str, int] | None:
    """Column roles of a flattened table's header row, or None when ``s`` is not one."""
    if not is_table_row(s):
        return None
    roles: dict[str, int] = {}
    for i, c in enumerate(cells(s)):
        if len(c) > 12:
            return None
        for role, pat in (
            ("seq", HEAD_SEQ),
            ("status", HEAD_STATUS),
            ("measures", HEAD_MEASURES),
            ("category", HEAD_CATEGORY),
            ("problem", HEAD_PROBLEM),
        ):
            if role not in roles and pat.search(c):
                roles[role] = i
                break
    if "problem" not in roles or len(roles) < 2:
        return None
    return roles


def _table_row(table: _Table, line: Line) -> Node | None:
    row = cells(line.text)
    if sum(1 for c in row if c) < 2:
        return None
    roles = dict(table.roles)
    if len(row) == table.width - 1 and "category" in roles:
        # a merged category cell printed only on the first row of its group
        ci = roles.pop("category")
        roles = {r: (i - 1 if i > ci else i) for r, i in roles.items()}
    elif "category" in roles and roles["category"] < len(row) and row[roles["category"]]:
        table.category = row[roles["category"]]

    def cell(role: str) -> str:
        i = roles.get(role)
        return row[i] if i is not None and i < len(row) else ""

    problem = cell("problem")
    if not problem:
        return None
    table.count += 1
    seq = cell("seq").rstrip(".．、")
    value = number_value(seq) if seq else None
    if value is None:
        value = table.count
        seq = str(value)
    label = Label("table", value, seq, seq, 0)
    node = Node(label, problem, line.no, parent=table.parent)
    measures = cell("measures")
    if measures:
        _append(node, Line(line.no, "整改措施：" + measures))
    node.cell_status = cell("status") or None
    node.category = table.category
    return node


class TreeBuilder:
    """Builds the heading tree line by line."""

    def __init__(self) -> None:
        self.root = Node(None, "", 0)
        self.stack: list[Node] = []
        self.pending: tuple[Status, str] | None = None
        self.running: dict[int, tuple[Status, str]] = {}
        self.table: _Table | None = None

    def _place(self, lab: Label) -> int:
        """Index in the open path where a node with label ``lab`` goes."""
        stack = self.stack
        style, prev = lab.style, lab.value - 1
        same = -1  # the deepest open node of the same style
        for k in range(len(stack) - 1, -1, -1):
            other = stack[k].label
            if other is not None and other.style == style:
                if other.value == prev:
                    return k  # the deepest one with the number before: a sibling
                if same < 0:
                    same = k
        if same >= 0:
            if prev == 0 and stack[-1].rect_at is not None and len(stack) < MAX_DEPTH:
                return len(stack)  # a list restarting inside an item: nested
            return same
        if prev != 0:
            fam = FAMILY.get(style)
            for k in range(len(stack) - 1, -1, -1):
                other = stack[k].label
                if other is not None and other.value == prev and FAMILY.get(other.style) == fam:
                    return k
        return len(stack)

    def add(self, line: Line) -> None:
        s = line.text
        table = self.table
        if table is not None:
            if is_table_row(s):
                row = _table_row(table, line)
                if row is not None:
                    table.parent.children.append(row)
                    return
            self.table = None
        if "\t" in s or (" " in s and "  " in s):  # a table row has cell gaps (see is_table_row)
            roles = _table_header(s)
            if roles is not None:
                parent = self.stack[-1] if self.stack else self.root
                self.table = _Table(parent, roles, len(cells(s)))
                return
        if not s:
            self._add_short(line)
            return
        lab = match_label(s)
        if lab is None:
            if len(s) <= 32:
                self._add_short(line)
                return
            _append(self.stack[-1] if self.stack else self.root, line)  # a line of prose
            return
        k = self._place(lab)
        stack = self.stack
        while len(stack) > k:  # del stack[k:] without a slice object (k is often len(stack))
            stack.pop()
        parent = stack[-1] if stack else self.root
        text = s[lab.end :].strip()
        pending = self.pending
        if pending is not None:
            self.running[id(parent)] = pending
            self.pending = None
        # positional: cheaper than keywords and the default factories (a node per label)
        node = Node(lab, text, line.no, parent, [], [], heading_status(text), self.running.get(id(parent)))
        parent.children.append(node)
        stack.append(node)

    def _add_short(self, line: Line) -> None:
        """An unlabelled line of at most 32 characters: a status heading, an unnumbered group
        heading, or a line of the open node."""
        s = line.text
        hs = heading_status(s) if len(s) <= 30 and "。" not in s else None
        if hs is not None:
            self.pending = hs
            return
        # "方面" in s: what UNNUMBERED_HEADING needs, found without the regex call
        if self.stack and "方面" in s and UNNUMBERED_HEADING.fullmatch(s) and self._opens_group():
            # an unnumbered category heading ("关于党的建设方面") groups the items below it
            del self.stack[1:]
            group = Node(None, s, line.no, parent=self.stack[0])
            self.stack[0].children.append(group)
            self.stack.append(group)
            return
        _append(self.stack[-1] if self.stack else self.root, line)

    def _opens_group(self) -> bool:
        """An unnumbered heading groups items only in a section that has no numbered headings
        between it and its items (its children so far are such groups)."""
        return all(c.label is None for c in self.stack[0].children)

    def finish(self) -> Node:
        # Node.walk with an explicit stack (a generator is costly in the compiled build); as
        # there, a node's children are taken after it is handled, so collapsed ones are skipped
        stack = [self.root]
        while stack:
            node = stack.pop()
            if not node.children:
                continue  # a leaf: nothing to collapse, no opening sentence to read
            _collapse(node)
            if node.status is None and node.children:
                node.status = _opening_status(node)
            if node.children:
                _push_children(stack, node)
        return self.root


def _collapse(node: Node) -> None:
    """Children listed inside an item's rectification paragraph are its measures, not items."""
    if not node.children or node.label is None or not has_rect(node):
        return
    if any(_subtree_has_rect(c) or c.children or _states_and_enumerates(c.text) for c in node.children):
        return  # the children are items of their own (with their own measures)
    for c in node.children:
        for ln in c.lines():
            _append(node, ln)
    node.children = []


def _states_and_enumerates(text: str) -> bool:
    """Whether an item's line is a statement followed by enumerated measures ("问题。一是……二是……")."""
    _, rest = first_sentence(text)
    return bool(rest) and bool(enumerate_measures(rest))


def _opening_status(node: Node) -> tuple[Status, str] | None:
    """Status stated by a section's opening sentence ("共计14个问题已整改完成")."""
    for ln in node.body:
        st = sentence_status(ln.text)
        if st is not None:
            return st
    return None


def build_tree(lines: list[Line]) -> Node:
    """The heading tree of ``lines`` (the root holds the lines before the first heading)."""
    builder = TreeBuilder()
    for line in lines:
        builder.add(line)
    return builder.finish()


def _has_evidence(node: Node) -> bool:
    """Whether a section holds problems: rectification paragraphs, "关于“X”问题" items, status
    headings, or items whose text goes on with enumerated measures."""
    stack = [node]  # Node.walk's order with an explicit stack (see _subtree_has_rect)
    while stack:
        n = stack.pop()
        if n.rect_at is not None or n.status is not None or n.cell_status is not None:
            return True
        if n is not node and n.text.startswith("关于") and ABOUT_QUOTED.match(n.text):
            return True
        if n.children:
            _push_children(stack, n)
    return False


def is_problem_section(node: Node) -> bool | None:
    """Whether a top-level section lists problems (rather than organisation or plans).

    True on evidence (rectification paragraphs, status markers or headings, "关于“X”问题"
    items, table rows) or a heading that speaks of the problems fed back; False for the
    organisation and closing sections without evidence; None when nothing tells."""
    heading = node.text.rstrip("。：: ")
    if _has_evidence(node):
        return True
    if PREAMBLE_HEADING.search(heading) or CLOSING_HEADING.search(heading):
        return False
    if not node.children:
        # an item stating a problem and its enumerated measures, or prose under a heading
        return None if _states_and_enumerates(node.text) else False
    if PROBLEM_HEADING.search(heading):
        return True
    return None


def problem_sections(root: Node) -> list[bool]:
    """For each top-level section of ``root``, whether it lists problems.

    Undecided sections count as problem sections only when no section is decided to be one
    (a report whose problems carry no markers and whose headings do not name them)."""
    verdicts = [is_problem_section(top) for top in root.children]
    any_true = any(v is True for v in verdicts)
    return [v is True or (v is None and not any_true) for v in verdicts]
