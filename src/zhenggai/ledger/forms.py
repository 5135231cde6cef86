"""Forms for every ledger action. Labels and messages in Chinese; the model methods do the work.

Choice fields are limited to the inspection's own unit, so a form can never point at another
unit's people or departments.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from zhenggai.accounts.models import Membership, Organisation

from .models import Category, Inspection, Measure, Problem, Status, SupervisionAction

User = get_user_model()

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


def unit_people(unit: Organisation):
    """Everyone holding a role in the unit or one of its departments."""
    return (
        User.objects.filter(memberships__organisation__path__startswith=unit.path)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def unit_departments(unit: Organisation):
    return Organisation.objects.filter(
        path__startswith=unit.path, kind=Organisation.Kind.DEPARTMENT
    ).order_by("path")


def administered_units(user):
    """Units where the user is 整改办 — where they may open an inspection."""
    return Organisation.objects.filter(
        kind=Organisation.Kind.UNIT,
        memberships__user=user,
        memberships__role=Membership.Role.UNIT_ADMIN,
    ).distinct()


class PositionMixin:
    """An empty 排序 field puts the new row after its siblings instead of failing."""

    def siblings(self):
        raise NotImplementedError

    def clean_position(self):
        position = self.cleaned_data.get("position")
        if position is not None:
            return position
        last = (
            self.siblings()
            .exclude(pk=self.instance.pk)
            .order_by("-position")
            .values_list("position", flat=True)
        )
        return (last.first() or 0) + 1


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Zero or more files in one input; returns a list."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class InspectionForm(forms.ModelForm):
    class Meta:
        model = Inspection
        fields = [
            "unit",
            "title",
            "group_name",
            "kind",
            "period_start",
            "period_end",
            "feedback_date",
            "concentrated_deadline",
            "report_due",
            "green_days",
            "yellow_days",
            "stale_days",
            "review_months",
            "require_supervisor_signoff",
            "contact",
        ]
        widgets = {
            "period_start": DATE,
            "period_end": DATE,
            "feedback_date": DATE,
            "concentrated_deadline": DATE,
            "report_due": DATE,
        }
        help_texts = {
            "concentrated_deadline": "留空则为反馈日期后两个月。",
            "report_due": "留空则与集中整改截止日期相同。",
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("concentrated_deadline", "report_due"):
            self.fields[name].required = False
        if self.instance.pk:
            # The unit of an existing inspection never changes.
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = administered_units(user)
            self.fields["unit"].label = "被巡察单位"
            self.fields["unit"].empty_label = None

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "巡察结束日期不能早于开始日期。")
        feedback, deadline = data.get("feedback_date"), data.get("concentrated_deadline")
        if feedback and deadline and deadline < feedback:
            self.add_error("concentrated_deadline", "集中整改截止日期不能早于反馈日期。")
        green, yellow = data.get("green_days"), data.get("yellow_days")
        if green is not None and yellow is not None and yellow > green:
            self.add_error("yellow_days", "黄灯天数不能大于绿灯天数。")
        return data


class CategoryForm(PositionMixin, forms.ModelForm):
    class Meta:
        model = Category
        fields = ["parent", "label", "title", "position"]

    def __init__(self, *args, inspection: Inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.inspection = inspection
        parents = Category.objects.filter(inspection=inspection)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].required = False
        self.fields["position"].required = False

    def siblings(self):
        return Category.objects.filter(inspection=self.inspection)


class ProblemForm(PositionMixin, forms.ModelForm):
    class Meta:
        model = Problem
        fields = [
            "category",
            "label",
            "title",
            "description",
            "position",
            "is_public",
            "immediate",
            "status_override",
        ]

    def __init__(self, *args, inspection: Inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.inspection = inspection
        self.fields["category"].queryset = Category.objects.filter(inspection=inspection)
        self.fields["category"].required = False
        self.fields["position"].required = False
        self.fields["status_override"].required = False
        self.fields["status_override"].help_text = "一般留空，由各项措施的完成情况自动得出。"

    def siblings(self):
        return Problem.objects.filter(inspection=self.inspection)


class MeasureForm(PositionMixin, forms.ModelForm):
    class Meta:
        model = Measure
        fields = ["text", "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False

    def siblings(self):
        return Measure.objects.filter(problem_id=self.instance.problem_id)


class AssignForm(forms.Form):
    leader = UserChoiceField(label="责任领导", queryset=User.objects.none(), required=False)
    department = forms.ModelChoiceField(
        label="责任部门", queryset=Organisation.objects.none(), required=False
    )
    owner = UserChoiceField(label="责任人", queryset=User.objects.none(), required=False)
    deadline = forms.DateField(label="整改时限", required=False, widget=DATE)
    long_term = forms.BooleanField(label="长期坚持", required=False)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, unit: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        people = unit_people(unit)
        self.fields["leader"].queryset = people
        self.fields["owner"].queryset = people
        self.fields["department"].queryset = unit_departments(unit)

    def clean(self):
        data = super().clean()
        if not data.get("deadline") and not data.get("long_term"):
            self.add_error("deadline", "请填写整改时限，或勾选“长期坚持”。")
        if not data.get("department") and not data.get("owner"):
            self.add_error("department", "请至少指定责任部门或责任人。")
        return data


class MeasureCreateForm(MeasureForm):
    """A new measure with its text and, optionally, its responsibility in one go."""

    leader = UserChoiceField(label="责任领导", queryset=User.objects.none(), required=False)
    department = forms.ModelChoiceField(
        label="责任部门", queryset=Organisation.objects.none(), required=False
    )
    owner = UserChoiceField(label="责任人", queryset=User.objects.none(), required=False)
    deadline = forms.DateField(label="整改时限", required=False, widget=DATE)
    long_term = forms.BooleanField(label="长期坚持", required=False)

    def __init__(self, *args, unit: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        people = unit_people(unit)
        self.fields["leader"].queryset = people
        self.fields["owner"].queryset = people
        self.fields["department"].queryset = unit_departments(unit)

    def assignment(self) -> dict:
        names = ("leader", "department", "owner", "deadline", "long_term")
        return {name: self.cleaned_data.get(name) for name in names}


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label="完成情况", choices=Status.choices)
    note = forms.CharField(label="进展说明", widget=forms.Textarea(attrs={"rows": 3}))
    files = MultipleFileField(label="佐证材料", help_text="可多选；支持 PDF、图片、Word/Excel/PPT、文本。")
    description = forms.CharField(label="材料说明", required=False, max_length=200)

    def __init__(self, *args, measure: Measure | None = None, comment_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if comment_only:
            # A leader comments on the items under them but does not change their status.
            del self.fields["status"]
            self.fields["note"].label = "批注意见"
        elif measure is not None:
            self.fields["status"].initial = measure.status
        if measure is not None:
            # Several progress forms on one page: keep their ids apart.
            self.auto_id = f"id_m{measure.pk}_%s"


class EvidenceForm(forms.Form):
    measure = forms.ModelChoiceField(
        label="对应措施", queryset=Measure.objects.none(), required=False, empty_label="（整个问题）"
    )
    files = MultipleFileField(label="佐证材料", required=True)
    description = forms.CharField(label="材料说明", required=False, max_length=200)

    def __init__(self, *args, measures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = measures
        self.fields["files"].required = True
        self.fields["files"].error_messages["required"] = "请选择要上传的文件。"


class ClosureRequestForm(forms.Form):
    note = forms.CharField(label="销号说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


DECISIONS = [("approve", "同意"), ("reject", "退回")]


class ClosureDecisionForm(forms.Form):
    decision = forms.ChoiceField(label="审批意见", choices=DECISIONS, widget=forms.RadioSelect)
    note = forms.CharField(label="审批说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not data.get("note"):
            self.add_error("note", "退回时请写明理由。")
        return data


REVIEW_RESULTS = [("held", "巩固（未反弹）"), ("rebounded", "反弹（重新打开问题）")]


class ReviewForm(forms.Form):
    result = forms.ChoiceField(label="复查结论", choices=REVIEW_RESULTS, widget=forms.RadioSelect)
    note = forms.CharField(label="复查情况", widget=forms.Textarea(attrs={"rows": 3}))


class SampleForm(forms.Form):
    size = forms.IntegerField(label="抽查数量", min_value=1, max_value=200, initial=3)
    seed = forms.IntegerField(
        label="随机种子", required=False, help_text="留空则随机；填写后可复现抽查结果。"
    )


class SuperviseForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=SupervisionAction.Kind.choices)
    text = forms.CharField(label="督办内容/约谈情况", widget=forms.Textarea(attrs={"rows": 3}))
    due_date = forms.DateField(label="办理时限", required=False, widget=DATE)


class HandoverForm(forms.Form):
    from_user = UserChoiceField(label="原责任人/责任领导", queryset=User.objects.none(), required=False)
    to_user = UserChoiceField(label="接任人", queryset=User.objects.none(), required=False)
    from_department = forms.ModelChoiceField(
        label="原责任部门", queryset=Organisation.objects.none(), required=False
    )
    to_department = forms.ModelChoiceField(
        label="接任部门", queryset=Organisation.objects.none(), required=False
    )
    effective_date = forms.DateField(label="交接日期", widget=DATE)
    note = forms.CharField(label="交接说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, unit: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        people = unit_people(unit)
        departments = unit_departments(unit)
        self.fields["from_user"].queryset = people
        self.fields["to_user"].queryset = people
        self.fields["from_department"].queryset = departments
        self.fields["to_department"].queryset = departments

    def clean(self):
        data = super().clean()
        users = (data.get("from_user"), data.get("to_user"))
        departments = (data.get("from_department"), data.get("to_department"))
        if not any(users) and not any(departments):
            raise forms.ValidationError("请选择要交接的人员或部门。")
        if any(users) and not all(users):
            raise forms.ValidationError("人员交接需要同时选择原责任人和接任人。")
        if any(departments) and not all(departments):
            raise forms.ValidationError("部门交接需要同时选择原责任部门和接任部门。")
        if all(users) and users[0] == users[1]:
            raise forms.ValidationError("原责任人和接任人不能是同一人。")
        if all(departments) and departments[0] == departments[1]:
            raise forms.ValidationError("原责任部门和接任部门不能相同。")
        return data


class FilterForm(forms.Form):
    """GET filters of the inspection page; invalid values are ignored, not errors."""

    LIGHTS = [("", "全部"), ("red", "红灯"), ("yellow", "黄灯"), ("green", "绿灯"), ("none", "无")]
    SCOPES = [("", "全部"), ("public", "社会公开"), ("party", "仅党内")]

    q = forms.CharField(
        label="搜索",
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "问题或措施关键词"}),
    )
    status = forms.ChoiceField(label="完成情况", required=False, choices=[("", "全部"), *Status.choices])
    light = forms.ChoiceField(label="亮灯", required=False, choices=LIGHTS)
    department = forms.ModelChoiceField(
        label="责任部门", queryset=Organisation.objects.none(), required=False, empty_label="全部"
    )
    scope = forms.ChoiceField(label="公开范围", required=False, choices=SCOPES)

    def __init__(self, *args, unit: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = unit_departments(unit)

    def values(self) -> dict:
        if not self.is_valid():
            # Keep the valid part of a bad query string.
            return {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return self.cleaned_data
