"""The typer app: every command's options and help; the work is in ``stackpick.commands``.

Only typer is imported here. Each command imports what it needs inside its body, so
``--help`` builds no models. :mod:`stackpick.cli` runs this app for every command line
that :mod:`stackpick.fastpath` does not take.
"""

# No `from __future__ import annotations` here: typer reads every command's signature
# on each run, and evaluating string annotations then costs ~6 ms a start.
import importlib
from pathlib import Path
from typing import Annotated

import typer

from stackpick import __version__
from stackpick.render import Format
from stackpick.render.formats import PortfolioFormat, RecordFormat, ReportFormat

app = typer.Typer(
    name="stackpick",
    help="An explained backend-framework recommendation from your team's answers.",
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
criteria_app = typer.Typer(
    help="Inspect and lint criteria packs.", rich_markup_mode=None, no_args_is_help=True
)
app.add_typer(criteria_app, name="criteria")

AnswersOpt = Annotated[
    str,
    typer.Option(
        "--answers",
        "-a",
        metavar="FILE",
        help="Answers file (YAML or JSON); '-' reads standard input.",
    ),
]


def _criteria_path(value: str) -> Path:
    # Path("") is the current folder: an empty --criteria would read whatever is here.
    if not value:
        raise typer.BadParameter("names no pack; give a criteria file or folder")
    return Path(value)


CriteriaOpt = Annotated[
    Path | None,
    typer.Option(
        "--criteria",
        "-c",
        metavar="PATH",
        help="A criteria pack file or folder instead of the shipped one.",
        parser=_criteria_path,
    ),
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
WeightOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--weight",
        "-w",
        metavar="CRITERION=NUMBER",
        help="Override one weight (repeatable).",
    ),
]
WeightsFileOpt = Annotated[
    Path | None,
    typer.Option("--weights", metavar="FILE", help="A YAML file of criterion: weight overrides."),
]

OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", metavar="FILE", help="Write to FILE (atomically) instead of stdout."
    ),
]


def _version(value: bool) -> None:
    if value:
        print(f"stackpick {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show a traceback on errors (anywhere on the line).")
    ] = False,
) -> None:
    """An explained backend-framework recommendation from your team's answers."""


@app.command()
def score(
    answers: AnswersOpt,
    criteria: CriteriaOpt = None,
    fmt: Annotated[
        ReportFormat,
        typer.Option("--format", "-f", help="Output format; svg and html are reports to share."),
    ] = ReportFormat.table,
    expect: Annotated[
        str | None,
        typer.Option(
            metavar="OPTION", help="Exit 1 unless this option id is recommended (a CI gate)."
        ),
    ] = None,
    weight: WeightOpt = None,
    weights: WeightsFileOpt = None,
    output: OutputOpt = None,
) -> None:
    """Recommend an option for an answers file.

    Scores every option 0-100 and explains each point, with trade-offs and advice.
    """
    from stackpick.commands.score import run

    raise typer.Exit(run(answers, criteria, fmt.value, expect, weight or [], weights, output))


@app.command()
def ask(
    save: Annotated[
        Path | None,
        typer.Option(
            "--save",
            "-s",
            metavar="FILE",
            help="Also write the answers to FILE (an old FILE is kept as FILE.bak).",
        ),
    ] = None,
    answers: Annotated[
        str | None,
        typer.Option(
            "--answers",
            "-a",
            metavar="FILE",
            help="An interrupted interview to resume, or answers to revisit (as the defaults).",
        ),
    ] = None,
    criteria: CriteriaOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Interview the team in the terminal, then recommend.

    Ctrl-C keeps the answers given so far; resume with --answers.
    """
    from stackpick.commands.ask import run

    raise typer.Exit(run(save, answers, criteria, fmt.value))


def _analysis(name: str, help_text: str) -> None:
    """Register ``name``: answers in, a report of ``stackpick.commands.<name>`` out."""

    def command(
        answers: AnswersOpt,
        criteria: CriteriaOpt = None,
        fmt: FormatOpt = Format.table,
        weight: WeightOpt = None,
        weights: WeightsFileOpt = None,
    ) -> None:
        run = importlib.import_module(f"stackpick.commands.{name}").run
        raise typer.Exit(run(answers, criteria, fmt.value, weight or [], weights))

    command.__doc__ = help_text
    app.command(name)(command)


_analysis(
    "explain",
    """Show every criterion: rule, weight, points, why.

    The rule that applied, its weight, the points per option and the article section.
    """,
)
_analysis(
    "whatif",
    """Find what would flip the recommendation.

    Every single answer change that flips it, and how far each weight must move.
    """,
)


@app.command()
def diff(
    before: Annotated[
        str, typer.Argument(metavar="BEFORE", help="The earlier answers file ('-' for stdin).")
    ],
    after: Annotated[
        str, typer.Argument(metavar="AFTER", help="The later answers file ('-' for stdin).")
    ],
    criteria: CriteriaOpt = None,
    fmt: FormatOpt = Format.table,
    weight: WeightOpt = None,
    weights: WeightsFileOpt = None,
) -> None:
    """Compare two answers files and their scores.

    The answers that differ, and how each one moved the scores.
    """
    from stackpick.commands.diff import run

    raise typer.Exit(run(before, after, criteria, fmt.value, weight or [], weights))


@app.command()
def consensus(
    files: Annotated[
        list[str],
        typer.Argument(metavar="FILE", help="One answers file per person, 2 to 50 files."),
    ],
    criteria: CriteriaOpt = None,
    fmt: FormatOpt = Format.table,
    weight: WeightOpt = None,
    weights: WeightsFileOpt = None,
) -> None:
    """Combine several people's answers.

    Everyone's recommendation, where they disagree, and the room's combined result;
    at most 50 people (answers files).
    """
    from stackpick.commands.consensus import run

    raise typer.Exit(run(files, criteria, fmt.value, weight or [], weights))


@app.command()
def capacity(
    rps: Annotated[
        float, typer.Option("--rps", metavar="N", help="Target load in requests per second.")
    ],
    answers: Annotated[
        str | None,
        typer.Option(
            "--answers", "-a", metavar="FILE", help="Answers file; picks the workload and variant."
        ),
    ] = None,
    workload: Annotated[
        str | None,
        typer.Option(
            metavar="ID",
            help="A workload of the figures (json_echo, db_bound, cpu_hashing) or a profile "
            "(io_bound, cpu_bound, mixed).",
        ),
    ] = None,
    figures: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE", help="Your own measured figures instead of the indicative ones."
        ),
    ] = None,
    criteria: CriteriaOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Estimate pods, memory and cold start for a load.

    Per option and stack variant, from the indicative figures or your own (--figures).
    """
    from stackpick.commands.capacity import run

    raise typer.Exit(run(answers, rps, workload, figures, criteria, fmt.value))


@app.command()
def template(
    criteria: CriteriaOpt = None,
    schema: Annotated[
        str,
        typer.Option(
            metavar="PATH|URL", help="The schema path or URL named on the template's first line."
        ),
    ] = "answers.schema.json",
    output: OutputOpt = None,
) -> None:
    """Print an answers file to fill in.

    Every question commented (prompt, help, choices, default), every default filled in.
    """
    from stackpick.commands.template import template as run

    raise typer.Exit(run(criteria, schema, output))


@app.command()
def schema(criteria: CriteriaOpt = None, output: OutputOpt = None) -> None:
    """Print the JSON Schema of an answers file.

    Draft 2020-12, generated from the pack, for editors and CI.
    """
    from stackpick.commands.template import schema as run

    raise typer.Exit(run(criteria, output))


@app.command()
def checklist(
    answers: AnswersOpt,
    criteria: CriteriaOpt = None,
    fmt: FormatOpt = Format.table,
    status: Annotated[
        str | None,
        typer.Option(metavar="FILE", help="A review's status file: item id -> done, etc."),
    ] = None,
    require_complete: Annotated[
        bool,
        typer.Option(
            "--require-complete", help="Exit 1 while any required item is still open (a CI gate)."
        ),
    ] = False,
    stack: Annotated[
        str | None,
        typer.Option(metavar="OPTION", help="Check this option id instead of the recommended one."),
    ] = None,
) -> None:
    """Production-readiness checklist for the winner.

    Items for the recommended stack that fit the answers, with review progress (--status).
    """
    from stackpick.commands.checklist import run

    raise typer.Exit(run(answers, criteria, fmt.value, status, require_complete, stack))


@app.command()
def adr(
    answers: AnswersOpt,
    criteria: CriteriaOpt = None,
    fmt: Annotated[
        RecordFormat, typer.Option("--format", "-f", help="Output format.")
    ] = RecordFormat.markdown,
    number: Annotated[
        int | None,
        typer.Option(metavar="N", help="Record number (default: the next free one in --output)."),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="DIR", help="Write the record into this folder."),
    ] = None,
    date: Annotated[
        str | None, typer.Option(metavar="YYYY-MM-DD", help="Record date (default: today).")
    ] = None,
    status: Annotated[
        str,
        typer.Option(
            metavar="STATUS", help="proposed, accepted, rejected, deprecated or superseded."
        ),
    ] = "proposed",
    weight: WeightOpt = None,
    weights: WeightsFileOpt = None,
) -> None:
    """Write an architecture decision record (MADR).

    Context, drivers, options, outcome, consequences and what would change it.
    """
    from stackpick.commands.adr import run

    raise typer.Exit(
        run(answers, criteria, fmt.value, number, output, date, status, weight or [], weights)
    )


@app.command()
def portfolio(
    paths: Annotated[
        list[str],
        typer.Argument(metavar="PATH", help="Answers files and folders (searched recursively)."),
    ],
    criteria: CriteriaOpt = None,
    fmt: Annotated[
        PortfolioFormat, typer.Option("--format", "-f", help="Output format.")
    ] = PortfolioFormat.table,
    weight: WeightOpt = None,
    weights: WeightsFileOpt = None,
) -> None:
    """Score many answers files at once.

    One row per file; a bad file is reported and the rest still scored (exit 2 then).
    """
    from stackpick.commands.portfolio import run

    raise typer.Exit(run(paths, criteria, fmt.value, weight or [], weights))


@criteria_app.command("validate")
def criteria_validate(
    path: Annotated[
        Path | None,
        typer.Argument(
            help="Pack file or folder (default: the shipped pack).", parser=_criteria_path
        ),
    ] = None,
) -> None:
    """Check a criteria pack.

    Every problem is listed with its file and line.
    """
    from stackpick.commands.criteria import validate

    raise typer.Exit(validate(path))


@criteria_app.command("show")
def criteria_show(criteria: CriteriaOpt = None, fmt: FormatOpt = Format.table) -> None:
    """List the questions and the criteria.

    Questions with their choices, defaults and conditions; criteria with their weights.
    """
    from stackpick.commands.criteria import show

    raise typer.Exit(show(criteria, fmt.value))
