"""Letters: templates compiled once, one docx per recipient, one combined print file, PDF.

    template = load_template(path)              # FileRejected / TemplateError
    problems = check_template(template, sample) # before the batch: nothing is written on errors
    letters, combined = render_batch(template, contexts, folder, names, folder / "все.docx")
    (or render_letters / render_combined alone; render_batch renders each letter once for both)
    pdfs, problems = to_pdf([combined], folder)
"""

from ejournal_sheets.letters.fastpath import render_batch, render_combined, render_letters
from ejournal_sheets.letters.pdf import find_soffice, to_pdf
from ejournal_sheets.letters.render import (
    LetterTemplate,
    TemplateError,
    check_file,
    check_template,
    load_template,
)

__all__ = [
    "LetterTemplate",
    "TemplateError",
    "check_file",
    "check_template",
    "find_soffice",
    "load_template",
    "render_batch",
    "render_combined",
    "render_letters",
    "to_pdf",
]
