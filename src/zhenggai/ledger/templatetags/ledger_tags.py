"""Small presentation helpers for the ledger pages: badges for status, light and closure state."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def user_units(user):
    """Names of the organisations the user belongs to, for the page header (one query)."""
    if not getattr(user, "is_authenticated", False):
        return []
    from zhenggai.accounts.models import Membership

    names = (
        Membership.objects.filter(user=user)
        .order_by("organisation__path")
        .values_list("organisation__name", flat=True)
        .distinct()
    )
    return list(dict.fromkeys(names))


@register.simple_tag
def status_badge(value, label=None):
    if not value:
        return ""
    if label is None:
        from zhenggai.ledger.models import Status

        label = Status(value).label
    return format_html('<span class="badge status-{}">{}</span>', value, label)


@register.simple_tag
def light_badge(light):
    """A coloured dot with its name for screen readers and print (light is a Light value)."""
    if not light:
        return ""
    from zhenggai.ledger.models import Light

    light = Light(light)
    if light == Light.NONE:
        return mark_safe(
            '<span class="light light-none" title="无"></span><span class="small muted">—</span>'
        )
    return format_html(
        '<span class="light light-{}"></span><span class="small">{}</span>', light.value, light.label
    )


@register.simple_tag
def closure_badge(problem):
    return format_html(
        '<span class="badge closure-{}">{}</span>', problem.closure_state, problem.get_closure_state_display()
    )


@register.filter
def percent(part, whole):
    try:
        return f"{round(100 * part / whole)}%" if whole else "—"
    except (TypeError, ValueError, ZeroDivisionError):
        return "—"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def person(user, fallback=""):
    """A user's display name (full name, else username); `fallback` when there is nobody."""
    if user is None:
        return fallback
    return user.get_full_name() or user.username


def _problem_url() -> str:
    """The problem page's URL with "{}" for the id: reverse() once per list, not once per row."""
    from django.urls import reverse

    marker = 987654321
    return reverse("ledger:problem", args=[marker]).replace(str(marker), "{}")


# light_badge's markup by Light value, built once: the dashboard lists draw one per row.
_LIGHT_HTML: dict = {}


def _light_html(light) -> str:
    html = _LIGHT_HTML.get(light)
    if html is None:
        html = _LIGHT_HTML[light] = str(light_badge(light))
    return html


@register.simple_tag
def measure_list(rows, empty):
    """The dashboard's lists (overdue, due this week, stale) of views.dashboard.Row.

    Built in Python rather than by a template include per list: a page has three lists per
    inspection card and an include with per-row tags cost more than the rest of the page."""
    if not rows:
        return format_html('<p class="muted small">{}</p>', empty)
    from django.utils.text import Truncator

    url = _problem_url()
    items = []
    for row in rows:
        caption = [f"时限 {row.deadline:%Y-%m-%d}" if row.deadline else "时限 未定"]
        if row.department:
            caption.append(row.department)
        if row.owner:
            caption.append(row.owner)
        items.append(
            format_html(
                '<li data-measure="{}">{} <a href="{}#measure-{}">{}{}</a>\n'
                '    <span class="small muted">{}</span></li>',
                row.pk,
                mark_safe(_light_html(row.light)),
                url.format(row.problem_id),
                row.pk,
                f"{row.label}. " if row.label else "",
                Truncator(row.text).chars(50),
                " · ".join(caption),
            )
        )
    return mark_safe('<ul class="measure-list">\n  ' + "\n  ".join(items) + "\n</ul>")


@register.simple_tag
def problem_tree(tree, loose):
    """The inspection page's problem tree: nested categories (views.inspection._tree) and the
    problem rows (dicts from views.inspection._filtered_problems), built in Python for the same
    reason as measure_list: an include per problem and per category dominated the page."""
    from zhenggai.ledger.models import Problem, Status

    url = _problem_url()
    status_labels = dict(Status.choices)
    closure_labels = dict(Problem.ClosureState.choices)

    def problem(p) -> str:
        badges = []
        if not p["is_public"]:
            badges.append('<span class="badge">仅党内</span>')
        if p["immediate"]:
            badges.append('<span class="badge">立行立改</span>')
        if p["rebound_count"]:
            badges.append(
                format_html('<span class="badge closure-reopened">反弹 {} 次</span>', p["rebound_count"])
            )
        return format_html(
            '<li class="problem" data-problem="{}">\n'
            '  <span class="title"><a href="{}">{}{}</a>\n    {}\n  </span>\n'
            "  {}\n  {}\n  {}\n  {}\n"
            '  <span class="small muted">{} 项措施</span>\n</li>\n',
            p["pk"],
            url.format(p["pk"]),
            f"{p['label']}. " if p["label"] else "",
            p["title"],
            mark_safe("\n    ".join(badges)),
            status_badge(p["status"], status_labels.get(p["status"], p["status"])),
            mark_safe(_light_html(p["worst_light"])),
            format_html(
                '<span class="badge closure-{}">{}</span>',
                p["closure_state"],
                closure_labels.get(p["closure_state"], p["closure_state"]),
            ),
            mark_safe('<span class="stale">久未更新</span>' if p["stale"] else ""),
            p["measure_count"],
        )

    def node(n) -> str:
        inner = "".join(problem(p) for p in n["problems"]) + "".join(node(c) for c in n["children"])
        return format_html(
            '<li class="cat">\n  <div class="cat-title">{}{}</div>\n  <ul>\n    {}\n  </ul>\n</li>\n',
            n["category"].label,
            n["category"].title,
            mark_safe(inner),
        )

    parts = [node(n) for n in tree]
    if loose:
        title = '<div class="cat-title">未分类</div>' if tree else ""
        parts.append(
            format_html(
                '<li class="cat">{}\n  <ul>{}</ul>\n</li>\n',
                mark_safe(title),
                mark_safe("".join(problem(p) for p in loose)),
            )
        )
    return mark_safe('<ul class="tree">\n    ' + "".join(parts) + "\n  </ul>")


@register.simple_tag
def filter_fields(form):
    """The inspection page's filter form (forms.FilterForm) as `<label>名称<widget></label>`.

    Django renders every <option> through a template; for the ~20 options of this form that cost
    about a sixth of the page. Text inputs and selects are built here with the markup Django's
    widgets produce; a form with errors (the widgets then carry aria-invalid) uses Django's."""
    from django import forms

    if form.is_bound and form.errors:
        return format_html_join("", "<label>{}{}</label>", ((bf.label, bf) for bf in form))
    parts = []
    for bf in form:
        widget = bf.field.widget
        attrs = widget.build_attrs(widget.attrs, {"id": bf.auto_id} if bf.auto_id else {})
        if bf.field.required or not isinstance(widget, (forms.Select, forms.TextInput)):
            parts.append(format_html("<label>{}{}</label>", bf.label, bf))
            continue
        value = bf.value()
        attr_html = format_html_join("", ' {}="{}"', attrs.items())
        if isinstance(widget, forms.Select):
            selected = "" if value is None else str(value)
            options = []
            found = False
            for option_value, option_label in bf.field.choices:
                option_value = "" if option_value is None else str(option_value)
                is_selected = not found and option_value == selected
                found = found or is_selected
                options.append(
                    format_html(
                        '  <option value="{}"{}>{}</option>\n',
                        option_value,
                        mark_safe(" selected") if is_selected else "",
                        option_label,
                    )
                )
            control = format_html(
                '<select name="{}"{}>\n{}\n</select>', bf.html_name, attr_html, mark_safe("".join(options))
            )
        else:
            value = widget.format_value(value)
            control = format_html(
                '<input type="{}" name="{}"{}{}>',
                widget.input_type,
                bf.html_name,
                format_html(' value="{}"', value) if value is not None else "",
                attr_html,
            )
        parts.append(format_html("<label>{}{}</label>", bf.label, control))
    return mark_safe("".join(parts))
