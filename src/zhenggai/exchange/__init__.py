"""Import and export: published reports and Excel 台账 into the ledger, the ledger out to Excel (see README.md)."""
