"""Output: what a person reads or hands in: terminal tables, CSV, Markdown, workbooks."""
