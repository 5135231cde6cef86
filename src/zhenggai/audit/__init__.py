"""Append-only audit trail. `record()` is the only writer; see README.md."""


def record(actor, action, obj, before=None, after=None, note="", unit=None):
    from .models import record as _record

    return _record(actor, action, obj, before=before, after=after, note=note, unit=unit)
