"""Published 通报 reports: model, parser, renderer and consistency check. Never imports Django."""

from .model import Declared, Measure, Problem, Report, ReportError, Section, Status

__all__ = ["Declared", "Measure", "Problem", "Report", "ReportError", "Section", "Status"]
