"""The portal's forms: search, the public feedback form and the 整改办's moderation form."""

from __future__ import annotations

from django import forms

from zhenggai.accounts.models import Organisation

from .models import PublicFeedback, PublicReport
from .models_feedback import ANSWER_MAX, CONTACT_MAX, NAME_MAX, TEXT_MAX, snapshot_problems


def _too_long(label: str, limit: int) -> dict:
    # Django's own message does not name the field; the public must see which box is too long.
    return {"max_length": f"{label}不能超过 {limit} 字（现为 %(show_value)d 字）"}


def problem_choices(report: PublicReport) -> list[tuple[str, str]]:
    choices = [("", "（不针对具体问题）")]
    for problem in snapshot_problems(report):
        choices.append((str(problem["index"]), f"{problem['label']}{problem['title']}"[:120]))
    return choices


class SearchForm(forms.Form):
    q = forms.CharField(label="关键词", required=False, max_length=100)
    unit = forms.ModelChoiceField(
        label="单位", required=False, queryset=Organisation.objects.none(), empty_label="全部单位"
    )
    year = forms.TypedChoiceField(label="年份", required=False, coerce=int, empty_value=None)
    history = forms.BooleanField(label="含历史版本", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        published = PublicReport.objects.filter(scope=PublicReport.Scope.PUBLIC)
        self.fields["unit"].queryset = Organisation.objects.filter(
            pk__in=published.values("inspection__unit")
        ).order_by("name")
        years = sorted({d.year for d in published.dates("as_of", "year")}, reverse=True)
        self.fields["year"].choices = [("", "全部年份")] + [(y, f"{y}年") for y in years]


class FeedbackForm(forms.Form):
    problem = forms.ChoiceField(label="针对的问题", required=False)
    text = forms.CharField(
        label="意见建议内容",
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "请填写意见建议内容", **_too_long("意见建议内容", TEXT_MAX)},
        help_text=f"必填，不超过 {TEXT_MAX} 字。审核后公开。",
    )
    name = forms.CharField(
        label="姓名",
        required=False,
        max_length=NAME_MAX,
        error_messages=_too_long("姓名", NAME_MAX),
        help_text="选填，不会公开。",
    )
    contact = forms.CharField(
        label="联系方式",
        required=False,
        max_length=CONTACT_MAX,
        error_messages=_too_long("联系方式", CONTACT_MAX),
        help_text="选填，仅供单位联系您，不会公开。",
    )

    def __init__(self, *args, report: PublicReport, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problem"].choices = problem_choices(report)

    def clean_problem(self):
        value = self.cleaned_data["problem"]
        return int(value) if value not in ("", None) else None


class ModerateForm(forms.Form):
    problem = forms.ChoiceField(label="关联问题", required=False)
    answer = forms.CharField(
        label="答复",
        required=False,
        max_length=ANSWER_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages=_too_long("答复", ANSWER_MAX),
    )
    state = forms.ChoiceField(
        label="审核结果", choices=PublicFeedback.State.choices, widget=forms.RadioSelect
    )
    show_message = forms.BooleanField(label="公开留言内容", required=False)
    show_answer = forms.BooleanField(label="公开答复", required=False)

    def __init__(self, *args, feedback: PublicFeedback, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "problem": "" if feedback.problem_index is None else str(feedback.problem_index),
                "answer": feedback.answer,
                "state": feedback.state,
                "show_message": feedback.show_message,
                "show_answer": feedback.show_answer,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["problem"].choices = problem_choices(feedback.report)

    def clean_problem(self):
        value = self.cleaned_data["problem"]
        return int(value) if value not in ("", None) else None

    def clean_answer(self):
        return self.cleaned_data["answer"].strip()
