"""Template context for the site header (templates/base.html)."""

from __future__ import annotations

from zhenggai.accounts.access import grants, importable_units


def navigation(request) -> dict:
    """`nav_can_import`: whether the header links to the import page. A callable, so the
    template evaluates it (at most one query) only where the header is drawn for a signed-in user."""

    def can_import() -> bool:
        user = getattr(request, "user", None)
        g = grants(user)
        if g.admin_unit_ids:
            return True
        # A supervisor may import only when some unit lies below it.
        return bool(g.supervisor_paths) and importable_units(user).exists()

    return {"nav_can_import": can_import}
