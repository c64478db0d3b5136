"""The `ejournal` subcommands, one module per subject; importing the package registers them."""

from ejournal_sheets.commands import (  # noqa: F401 — imported to register the commands
    journal,
    letters,
    mail,
    schedule,
    statements,
    workbook,
)
