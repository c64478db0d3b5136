.PHONY: test lint bench template catalogue

test:
	.venv/bin/python -m pytest

lint:
	.venv/bin/ruff check .
	.venv/bin/mypy

bench:
	.venv/bin/python bench/bench_check.py

template:
	.venv/bin/python workbook_templates/make_class_workbook.py

catalogue:
	.venv/bin/python -m ejournal_sheets.catalogue > docs/problems.md
