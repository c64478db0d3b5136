"""The `ejournal` command: parse arguments, call one flow, print problems, set the exit code."""

from __future__ import annotations

import json
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ejournal_sheets import __version__
from ejournal_sheets.errors import EjournalError
from ejournal_sheets.problems import Report, Severity

if TYPE_CHECKING:
    from ejournal_sheets.workspace import Workspace

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_FAILURE = 0, 1, 2, 3


class RussianHelp:
    """Russian headings for click's help pages."""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix="Использование: ")

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [r for p in self.get_params(ctx)  # type: ignore[attr-defined]
                if (r := p.get_help_record(ctx)) is not None]
        if rows:
            with formatter.section("Параметры"):
                formatter.write_dl(rows)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)


class Command(RussianHelp, click.Command):
    pass


class Group(RussianHelp, click.Group):
    command_class = Command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, cmd.get_short_help_str(60)) for name in self.list_commands(ctx)
                if (cmd := self.get_command(ctx, name)) is not None and not cmd.hidden]
        if rows:
            with formatter.section("Команды"):
                formatter.write_dl(rows)


@dataclass(frozen=True)
class Options:
    """Global options shared by every command."""

    workspace: Path
    config: Path | None
    verbosity: int
    today: date

    def open(self) -> Workspace:
        from ejournal_sheets.workspace import open_workspace

        return open_workspace(self.workspace, self.config)


HELP = dict(help_option_names=["-h", "--help"], max_content_width=100)


@click.group(cls=Group, context_settings=HELP)
@click.option("-w", "--workspace", type=click.Path(path_type=Path), default=Path("."),
              show_default="текущая папка", help="Рабочая папка класса.")
@click.option("--config", type=click.Path(path_type=Path), default=None,
              help="Файл настроек (по умолчанию ejournal.toml в рабочей папке).")
@click.option("-v", "--verbose", count=True, help="Подробнее: показывать технические детали.")
@click.option("-q", "--quiet", count=True, help="Тише: только ошибки и итог.")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None, hidden=True,
              help="Считать сегодняшней эту дату (ГГГГ-ММ-ДД).")
@click.version_option(__version__, "--version", message="ejournal-sheets %(version)s",
                      help="Показать версию и выйти.")
@click.help_option("-h", "--help", help="Показать эту справку и выйти.")
@click.pass_context
def cli(ctx: click.Context, workspace: Path, config: Path | None, verbose: int, quiet: int,
        today: Any) -> None:
    """Помощник классного руководителя для электронного журнала.

    Ведёт рабочую книгу класса, проверяет её и готовит документы.

    \b
    Пример:
      ejournal init 7Б --class 7Б --school "МБОУ СОШ № 1"
      ejournal -w 7Б check
    """
    ctx.obj = Options(workspace, config, verbose - quiet, today.date() if today else date.today())


def echo(options: Options, text: str, level: int = 0, err: bool = False) -> None:
    """Print unless -q silenced this level."""
    if options.verbosity >= level:
        click.echo(text, err=err)


# -q hides warnings and notes, -qq everything but the exit code.
PRINT_LEVEL = {Severity.ERROR: -1, Severity.WARNING: 0, Severity.INFO: 0}


def print_report(options: Options, report: Report, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps([p.as_dict() for p in report.problems], ensure_ascii=False,
                              indent=2))
        return
    for problem in report.problems:
        echo(options, str(problem), level=PRINT_LEVEL[problem.severity])
    counts = report.counts()
    echo(options, f"Ошибок: {counts[Severity.ERROR]}, предупреждений: "
                  f"{counts[Severity.WARNING]}, сведений: {counts[Severity.INFO]}.", level=-1)


def main(argv: list[str] | None = None) -> None:
    """Entry point: one place turns failures into Russian messages and exit codes."""
    verbose = any(a in ("-v", "--verbose") or a.startswith("-vv") for a in (argv or sys.argv[1:]))
    sys.exit(run(argv, verbose))


def run(argv: list[str] | None, verbose: bool = False) -> int:
    try:
        result = cli.main(args=argv, prog_name="ejournal", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.Abort:
        click.echo("Прервано.", err=True)
        return EXIT_FAILURE
    except click.UsageError as exc:
        return _usage_error(exc)
    except EjournalError as exc:
        _show_cause(exc, verbose)
        click.echo(f"Ошибка: {exc}", err=True)
        return exc.exit_code
    except Exception as exc:  # the last guard: a teacher never sees a bare traceback
        _show_cause(exc, verbose)
        click.echo(f"Внутренняя ошибка программы: {type(exc).__name__}: {exc}. Запустите "
                   "команду с -v и сообщите разработчикам текст ошибки.", err=True)
        return EXIT_FAILURE
    return int(result or EXIT_OK)


def _usage_error(exc: click.UsageError) -> int:
    command = exc.ctx.command_path if exc.ctx else "ejournal"
    click.echo(f"Ошибка в команде: {exc.format_message()}", err=True)
    click.echo(f"Справка: {command} --help", err=True)
    return EXIT_USAGE


def _show_cause(exc: BaseException, verbose: bool) -> None:
    """With -v, the technical details (the chained library error) for the developers."""
    if verbose:
        traceback.print_exception(exc, file=sys.stderr)


def command(**kwargs: Any) -> Callable[[Callable[..., Any]], click.Command]:
    """A subcommand with Russian help and -h."""
    def decorate(function: Callable[..., Any]) -> click.Command:
        function = click.help_option("-h", "--help", help="Показать эту справку и выйти.")(
            function)
        return cli.command(cls=Command, **kwargs)(function)
    return decorate


# Commands live in their own modules to keep this one about plumbing. They import click and
# this module only; each command imports its flow when it runs, so that `ejournal --help` and a
# command that needs few libraries start quickly.
from ejournal_sheets import commands  # noqa: E402, F401
