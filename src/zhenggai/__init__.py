"""Zhenggai (整改台账): inspection-rectification ledger."""

__version__ = "0.1.0"
