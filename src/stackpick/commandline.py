"""The command line as data: every command, its options, help and examples, in one table.

Both readers of a command line are made from :data:`COMMANDS`: the typer app
(:mod:`stackpick.app`: help, mistakes, completion) and the fast path
(:mod:`stackpick.fastpath`: the everyday lines, read without typer). Either one ends in
:func:`invoke`, which calls the command's function by keyword. Adding an option is one
entry here, and the function taking it as a keyword argument.

This module is read on every start, so it builds plain data and imports nothing heavy.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Mapping
from enum import StrEnum
from typing import Any, Literal, NamedTuple

from stackpick.render import Format
from stackpick.render.formats import (
    PageFormat,
    PortfolioFormat,
    RecordFormat,
    ReportFormat,
)

Kind = Literal["text", "path", "integer", "number", "flag"]
# What shell completion offers for a value: files, the pack's option ids, its criteria.
Completion = Literal["file", "option", "criterion", "workload"]


class Option(NamedTuple):
    """One option (or argument) of a command, and the keyword argument it feeds."""

    keyword: str
    names: tuple[str, ...]  # spellings, long name first; for an argument, its name in help
    help: str
    metavar: str | None = None
    kind: Kind = "text"  # text stays str ('-' is stdin); path becomes a pathlib.Path
    required: bool = False
    default: Any = None
    choices: type[StrEnum] | None = None  # the only values allowed (case matters)
    repeat: bool = False  # may be given again and again; passed on as a list
    argument: bool = False  # positional, not named
    complete: Completion | None = None
    # An empty value is refused with this message (Path("") would be the current folder).
    if_empty: str | None = None
    # The key of the config file (stackpick.config) that gives the value when the line does not.
    setting: str | None = None

    @property
    def long(self) -> str:
        """The name people read in messages: '--answers'."""
        return self.names[0]

    @property
    def needed(self) -> bool:
        """Whether the line itself must give the option (no setting can stand in)."""
        return self.required and self.setting is None

    @property
    def unset(self) -> Any:
        """What the parsers pass on when the line leaves the option out.

        The default, except for an option a setting may give: None, so that
        :func:`invoke` knows it was not given, and takes the setting or the default.
        """
        if self.setting is not None and not self.repeat:
            return None
        return self.default

    @property
    def choice_values(self) -> tuple[str, ...]:
        """The allowed values as typed, or () when any value goes."""
        return tuple(c.value for c in self.choices) if self.choices is not None else ()


class Command(NamedTuple):
    """A command: where its function is, what it says in ``--help``, and its options."""

    name: str  # "score", or "criteria validate" for a command of a group
    function: str  # "module:function", called with one keyword argument per option
    summary: str  # the line in the command list
    description: str  # the paragraph under it in the command's --help
    options: tuple[Option, ...]
    examples: tuple[str, ...] = ()  # command lines shown at the end of --help
    fast: bool = False  # everyday lines of it are read by stackpick.fastpath

    @property
    def group(self) -> str:
        """The group the command is in ('' for the top level)."""
        return self.name.rpartition(" ")[0]

    @property
    def leaf(self) -> str:
        """The command's own word: 'validate' for 'criteria validate'."""
        return self.name.rpartition(" ")[2]

    def flag(self, setting: str) -> str | None:
        """The option that gives ``setting`` (``rps`` -> ``--rps``), if the command has one."""
        wanted = f"--{setting.replace('_', '-')}"
        return next((o.long for o in self.options if not o.argument and o.long == wanted), None)


def invoke(command: Command, values: Mapping[str, Any]) -> int:
    """Call ``command``'s function with ``values`` as keyword arguments; its exit code.

    A :class:`~stackpick.errors.SettingError` from the core names a setting (``rps``);
    it is raised again naming the option that gave it (``--rps``).
    """
    from stackpick.errors import SettingError

    module, _, name = command.function.partition(":")
    function = getattr(importlib.import_module(module), name)
    if any(option.setting for option in command.options):
        values = settled(command, values)
    try:
        code: int = function(**values)
    except SettingError as exc:
        from_config(exc)
        flag = command.flag(exc.setting)
        if flag is None:
            raise
        raise exc.named(flag) from None
    return code


def from_config(exc: Exception) -> None:
    """A bad weight from the config file's ``weights`` table is said to be there, not a flag."""
    from stackpick.config import ConfigError, find, weight_pairs

    template = getattr(exc, "template", "")
    config = find()
    for pair in weight_pairs(config):
        if template.startswith(f"{pair}:") or template.endswith(f"'{pair}'"):
            raise ConfigError(
                f"weights: {template}", source=str(config.path), line=config.line_of("weights")
            ) from None


def settled(command: Command, values: Mapping[str, Any]) -> dict[str, Any]:
    """``values`` with what the line left out taken from the config file, else the defaults.

    The line wins: a setting fills only an option not given. A ``weights`` table adds
    its pairs before the line's ``--weight`` pairs (the last pair for a criterion wins),
    unless the line gives a ``--weights`` file of its own.
    """
    from stackpick.config import find, weight_pairs
    from stackpick.errors import UsageError

    config = find()
    check_format_setting(config)
    out = dict(values)
    own_file = any(
        o.repeat is False and o.setting == "weights" and out.get(o.keyword) is not None
        for o in command.options
    )
    for option in command.options:
        key = option.setting
        if key is None:
            continue
        if option.repeat:
            if not own_file:
                out[option.keyword] = [*weight_pairs(config), *out[option.keyword]]
            continue
        if option.default is None and key == "format" and _named_by_extension(out):
            continue  # --output's extension picks the format before the config file does
        if out.get(option.keyword) is None:
            out[option.keyword] = _setting(option, config) or option.default
            if key in ("weights", "criteria", "answers") and out[option.keyword] is not None:
                _check_setting_path(key, out[option.keyword], config)
        if out[option.keyword] is None and option.required:
            raise UsageError(
                f"missing option '{option.long}' (or set {key} in .stackpick.toml or "
                f"[tool.stackpick] of pyproject.toml); see 'stackpick {command.name} --help'"
            )
    return out


def check_format_setting(config: Any) -> None:
    """Refuse a ``format`` setting that no command has (a typo, said at its line).

    A format that only some commands have is left to them: the others take their default.
    """
    value = config.values.get("format")
    if not isinstance(value, str) or value in _every_format():
        return
    from stackpick.config import ConfigError
    from stackpick.errors import nearest, shorten

    known = sorted(_every_format())
    hint = nearest(value, known, aside=True) or f" (the formats are {', '.join(known)})"
    raise ConfigError(
        f"unknown format '{shorten(value)}'{hint}",
        source=str(config.path),
        line=config.line_of("format"),
    )


@functools.cache
def _every_format() -> frozenset[str]:
    """Every format some command takes from the ``format`` setting."""
    return frozenset(
        value
        for command in COMMANDS
        for option in command.options
        if option.setting == "format" and option.choices is not None
        for value in option.choice_values
    )


def _check_setting_path(key: str, path: Any, config: Any) -> None:
    """A file the config names but that is not there is said to come from the config."""
    import os

    folder = key != "criteria" and os.path.isdir(path)  # noqa: PTH112 - a str or a Path
    if str(path) == "-" or (os.path.exists(path) and not folder):  # noqa: PTH110
        return
    from stackpick.config import ConfigError
    from stackpick.errors import printable

    named = printable(str(config.values.get(key)), one_line=True)
    looked = printable(str(path), one_line=True)
    what = "file or folder" if key == "criteria" else "file"
    problem = f"{named} is a folder; expected a YAML file" if folder else f"no such {what} {named}"
    raise ConfigError(
        f"{key} setting: {problem} (looked for as {looked})",
        source=str(config.path),
        line=config.line_of(key),
    )


def _named_by_extension(values: Mapping[str, Any]) -> bool:
    """Whether the line's ``--output`` file ends in an extension (which then names a format)."""
    from pathlib import PurePath

    output = values.get("output")
    return output is not None and bool(PurePath(output).suffix)


def _setting(option: Option, config: Any) -> Any:
    """The value the config file gives ``option``, as the line would give it; None if none."""
    value = config.values.get(option.setting)
    if value is None or isinstance(value, dict):
        return None
    if option.choices is not None:
        return value if value in option.choice_values else None  # another command's format
    path = config.path_of(option.setting)
    return path if option.kind == "path" else str(path)


# --- the table ---------------------------------------------------------------------------

EXAMPLE = "examples/greenfield-ml.yaml"
NO_PACK = "names no pack; give a criteria file or folder"
ANSWERS = Option(
    "answers_path",
    ("--answers", "-a"),
    "Answers file (YAML or JSON); '-' reads standard input. Required unless the config "
    "file sets answers.",
    metavar="FILE",
    required=True,
    complete="file",
    setting="answers",
)
CRITERIA = Option(
    "criteria",
    ("--criteria", "-c"),
    "A criteria pack file or folder instead of the shipped one.",
    metavar="PATH",
    kind="path",
    if_empty=NO_PACK,
    setting="criteria",
)
FORMAT = Option(
    "fmt",
    ("--format", "-f"),
    "Output format.",
    choices=Format,
    default=Format.table.value,
    setting="format",
)
WEIGHT = Option(
    "weight_pairs",
    ("--weight", "-w"),
    "Override one weight (repeatable).",
    metavar="CRITERION=NUMBER",
    repeat=True,
    complete="criterion",
    setting="weights",
)
WEIGHTS = Option(
    "weights_file",
    ("--weights",),
    "A YAML file of criterion: weight overrides.",
    metavar="FILE",
    kind="path",
    setting="weights",
)
OUTPUT = Option(
    "output",
    ("--output", "-o"),
    "Write to FILE (atomically) instead of stdout.",
    metavar="FILE",
    kind="path",
)
REPORT_OUTPUT = Option(
    "output",
    ("--output", "-o"),
    "Write to FILE (atomically) instead of stdout; without --format, FILE's extension"
    " picks it (.txt .md .json .html ...).",
    metavar="FILE",
    kind="path",
)

REQUIRE_COMPLETE = Option(
    "require_complete",
    ("--require-complete",),
    "Exit 2 when the answers come from an unfinished interview (complete: false).",
    kind="flag",
    default=False,
)


def page_format(choices: type[StrEnum], extra: str = "") -> Option:
    """--format of a command whose --output extension can pick the format instead."""
    return Option(
        "fmt",
        ("--format", "-f"),
        f"Output format{extra} (default: table, or what --output's extension names).",
        choices=choices,
        setting="format",
    )


PAGE_FORMAT = page_format(PageFormat, "; html is a page to share")
ANALYSIS_FORMAT = page_format(ReportFormat, "; html is a page to share, svg its chart")
ANALYSIS = (ANSWERS, CRITERIA, ANALYSIS_FORMAT, WEIGHT, WEIGHTS, REPORT_OUTPUT)

ROOT_HELP = "An explained backend-framework recommendation from your team's answers."
GROUPS = {"criteria": "Inspect and lint criteria packs."}
# The end of `stackpick --help` and of each group's --help, as every command's ends.
ROOT_EXAMPLES = (
    "stackpick ask",
    f"stackpick score --answers {EXAMPLE}",
    "stackpick criteria show",
)
GROUP_EXAMPLES = {
    "criteria": (
        "stackpick criteria show",
        "stackpick criteria validate criteria/ --strict",
    ),
}
# Read by stackpick.cli before any parser sees the line; listed for --help.
ROOT_OPTIONS = (
    Option("version", ("--version",), "Show the version.", kind="flag", default=False),
    Option(
        "debug",
        ("--debug",),
        "Show a traceback on errors (anywhere on the line).",
        kind="flag",
        default=False,
    ),
)

COMMANDS: tuple[Command, ...] = (
    Command(
        "score",
        "stackpick.commands.score:run",
        "Recommend an option for an answers file.",
        "Scores every option 0-100 and explains each point, with trade-offs and advice.",
        (
            ANSWERS,
            CRITERIA,
            page_format(ReportFormat, "; html is a report to share, svg its chart"),
            Option(
                "expect",
                ("--expect",),
                "Exit 1 unless this option id is recommended (a CI gate).",
                metavar="OPTION",
                complete="option",
            ),
            WEIGHT,
            WEIGHTS,
            REPORT_OUTPUT,
            Option(
                "quiet",
                ("--quiet", "-q"),
                "Print nothing on stdout; a failed gate is one line on stderr (for hooks).",
                kind="flag",
                default=False,
            ),
            REQUIRE_COMPLETE,
        ),
        examples=(
            f"stackpick score --answers {EXAMPLE}",
            "stackpick score --answers - --format json < examples/minimal.yaml",
            f"stackpick score -a {EXAMPLE} -w footprint=3 -o report.html",
        ),
        fast=True,
    ),
    Command(
        "ask",
        "stackpick.commands.ask:run",
        "Interview the team in the terminal, then recommend.",
        "The answers are always kept: in --save FILE, else in stackpick-answers.yaml here (the "
        "next free name). Ctrl-C keeps those given so far; the next ask here offers to resume.",
        (
            Option(
                "save",
                ("--save", "-s"),
                "Write the answers to FILE rather than stackpick-answers.yaml (an old FILE is "
                "kept as FILE.bak).",
                metavar="FILE",
                kind="path",
            ),
            Option(
                "answers_path",
                ("--answers", "-a"),
                "An interrupted interview to resume, or answers to revisit (as the defaults).",
                metavar="FILE",
                complete="file",
            ),
            CRITERIA,
            FORMAT,
        ),
        examples=(
            "stackpick ask",
            "stackpick ask --save answers.yaml",
            f"stackpick ask --answers {EXAMPLE} --format markdown",
        ),
        fast=True,
    ),
    Command(
        "explain",
        "stackpick.commands.explain:run",
        "Show every criterion: rule, weight, points, why.",
        "The rule that applied, its weight, the points per option and the article section.",
        ANALYSIS,
        examples=(
            f"stackpick explain --answers {EXAMPLE}",
            "stackpick explain -a examples/polyglot-close-call.yaml --format json",
        ),
        fast=True,
    ),
    Command(
        "whatif",
        "stackpick.commands.whatif:run",
        "Find what would flip the recommendation.",
        "Every single answer change that flips it, and how far each weight must move.",
        ANALYSIS,
        examples=(
            "stackpick whatif --answers examples/polyglot-close-call.yaml",
            f"stackpick whatif -a {EXAMPLE} -w platform_fit=5 -f json",
        ),
        fast=True,
    ),
    Command(
        "diff",
        "stackpick.commands.diff:run",
        "Compare two answers files and their scores.",
        "The answers that differ, and how each one moved the scores.",
        (
            Option(
                "before_path",
                ("BEFORE",),
                "The earlier answers file ('-' for stdin).",
                metavar="BEFORE",
                required=True,
                argument=True,
                complete="file",
            ),
            Option(
                "after_path",
                ("AFTER",),
                "The later answers file ('-' for stdin).",
                metavar="AFTER",
                required=True,
                argument=True,
                complete="file",
            ),
            CRITERIA,
            FORMAT,
            WEIGHT,
            WEIGHTS,
            OUTPUT,
        ),
        examples=(
            "stackpick diff examples/minimal.yaml examples/polyglot-close-call.yaml",
            "stackpick diff examples/minimal.yaml examples/serverless-api.yaml -f json",
        ),
    ),
    Command(
        "consensus",
        "stackpick.commands.consensus:run",
        "Combine several people's answers.",
        "Everyone's recommendation, where they disagree, and the room's combined result; "
        "at most 50 people (answers files).",
        (
            Option(
                "paths",
                ("FILE",),
                "One answers file per person, 2 to 50 files.",
                metavar="FILE",
                required=True,
                repeat=True,
                argument=True,
                complete="file",
            ),
            CRITERIA,
            PAGE_FORMAT,
            WEIGHT,
            WEIGHTS,
            REPORT_OUTPUT,
        ),
        examples=(
            "stackpick consensus examples/minimal.yaml examples/jvm-enterprise.yaml",
            "stackpick consensus examples/*.yaml --format json",
        ),
    ),
    Command(
        "capacity",
        "stackpick.commands.capacity:run",
        "Estimate pods, memory and cold start for a load.",
        "Per option and stack variant, from the indicative figures or your own (--figures).",
        (
            Option(
                "rps",
                ("--rps",),
                "Target load in requests per second.",
                metavar="N",
                kind="number",
                required=True,
            ),
            Option(
                "answers_path",
                ("--answers", "-a"),
                "Answers file; picks the workload and variant.",
                metavar="FILE",
                complete="file",
            ),
            Option(
                "workload",
                ("--workload",),
                "A workload of the figures (json_echo, db_bound, cpu_hashing) or a profile "
                "(io_bound, cpu_bound, mixed).",
                metavar="ID",
                complete="workload",
            ),
            Option(
                "figures_path",
                ("--figures",),
                "Your own measured figures instead of the indicative ones.",
                metavar="FILE",
                kind="path",
            ),
            CRITERIA,
            FORMAT,
        ),
        examples=(
            f"stackpick capacity --answers {EXAMPLE} --rps 20000",
            "stackpick capacity --rps 5000 --workload db_bound --format json",
        ),
    ),
    Command(
        "template",
        "stackpick.commands.template:template",
        "Print an answers file to fill in.",
        "Every question commented (prompt, help, choices, default), every default filled in.",
        (
            CRITERIA,
            Option(
                "schema",
                ("--schema",),
                "The schema path or URL named on the template's first line.",
                metavar="PATH|URL",
                default="answers.schema.json",
            ),
            OUTPUT,
        ),
        examples=(
            "stackpick template > answers.yaml",
            "stackpick template --schema https://example.org/answers.schema.json",
        ),
    ),
    Command(
        "schema",
        "stackpick.commands.template:schema",
        "Print the JSON Schema of an answers file.",
        "Draft 2020-12, generated from the pack, for editors and CI.",
        (CRITERIA, OUTPUT),
        examples=(
            "stackpick schema > answers.schema.json",
            "stackpick schema --output answers.schema.json",
        ),
    ),
    Command(
        "checklist",
        "stackpick.commands.checklist:run",
        "Production-readiness checklist for the winner.",
        "Items for the recommended stack that fit the answers, with review progress (--status).",
        (
            ANSWERS,
            CRITERIA,
            PAGE_FORMAT,
            Option(
                "status_path",
                ("--status",),
                "A review's status file: item id -> done, etc.",
                metavar="FILE",
                complete="file",
            ),
            Option(
                "require_complete",
                ("--require-complete",),
                "Exit 1 while any required item is still open (a CI gate).",
                kind="flag",
                default=False,
            ),
            Option(
                "stack",
                ("--stack",),
                "Check this option id instead of the recommended one.",
                metavar="OPTION",
                complete="option",
            ),
            WEIGHT,
            WEIGHTS,
            REPORT_OUTPUT,
        ),
        examples=(
            "stackpick checklist --answers examples/serverless-api.yaml",
            "stackpick checklist -a examples/jvm-enterprise.yaml --format markdown",
            "stackpick checklist -a examples/minimal.yaml --format json",
        ),
        fast=True,
    ),
    Command(
        "adr",
        "stackpick.commands.adr:run",
        "Write an architecture decision record (MADR).",
        "Context, drivers, options, outcome, consequences and what would change it.",
        (
            ANSWERS,
            CRITERIA,
            Option(
                "fmt",
                ("--format", "-f"),
                "Output format.",
                choices=RecordFormat,
                default=RecordFormat.markdown.value,
                setting="format",
            ),
            Option(
                "number",
                ("--number",),
                "Record number (default: the next free one in --output).",
                metavar="N",
                kind="integer",
            ),
            Option(
                "output",
                ("--output", "-o"),
                "Write the record into this folder (a folder, not a file name); with"
                " --format html, its HTML page beside it.",
                metavar="DIR",
                kind="path",
            ),
            Option(
                "date",
                ("--date",),
                "Record date (default: the answers' meta.date, else today).",
                metavar="YYYY-MM-DD",
            ),
            Option(
                "status",
                ("--status",),
                "proposed, accepted, rejected or deprecated (a record becomes superseded"
                " when a later one gives --supersedes).",
                metavar="STATUS",
                default="proposed",
            ),
            Option(
                "supersedes",
                ("--supersedes",),
                "This record replaces record N in --output; N is marked superseded, both linked.",
                metavar="N",
                kind="integer",
            ),
            WEIGHT,
            WEIGHTS,
            REQUIRE_COMPLETE,
        ),
        examples=(
            "stackpick adr --answers examples/jvm-enterprise.yaml",
            "stackpick adr -a examples/jvm-enterprise.yaml --number 7 -o docs/adr -f html",
            f"stackpick adr -a {EXAMPLE} --status accepted -f json",
        ),
    ),
    Command(
        "portfolio",
        "stackpick.commands.portfolio:run",
        "Score many answers files at once.",
        "One row per file; a bad file is reported and the rest still scored (exit 2 then).",
        (
            Option(
                "paths",
                ("PATH",),
                "Answers files and folders (searched recursively).",
                metavar="PATH",
                required=True,
                repeat=True,
                argument=True,
                complete="file",
            ),
            CRITERIA,
            page_format(PortfolioFormat),
            WEIGHT,
            WEIGHTS,
            REPORT_OUTPUT,
            Option(
                "exclude",
                ("--exclude", "-x"),
                "Leave out files and folders whose name or path matches GLOB (repeatable).",
                metavar="GLOB",
                repeat=True,
            ),
        ),
        examples=(
            "stackpick portfolio examples/",
            "stackpick portfolio examples/ --format csv",
            "stackpick portfolio examples/ --exclude minimal.yaml --format markdown",
        ),
    ),
    Command(
        "config",
        "stackpick.commands.config:run",
        "Show the settings in force and the file they come from.",
        "Settings are read from .stackpick.toml, or [tool.stackpick] in pyproject.toml, in the "
        "current folder or the nearest parent: criteria, weights, answers and format. Paths are "
        "relative to that file; options on the command line win.",
        (
            Option(
                "fmt",
                ("--format", "-f"),
                "Output format (markdown is the same as table here).",
                choices=Format,
                default=Format.table.value,
            ),
        ),
        examples=(
            "stackpick config",
            "stackpick config --format json",
        ),
    ),
    Command(
        "criteria validate",
        "stackpick.commands.criteria:validate",
        "Check a criteria pack.",
        "Every problem is listed with its file and line.",
        (
            Option(
                "path",
                ("PATH",),
                "Pack file or folder (default: the criteria setting, else the shipped pack).",
                metavar="PATH",
                kind="path",
                argument=True,
                if_empty=NO_PACK,
                setting="criteria",
            ),
            Option(
                "strict",
                ("--strict",),
                "Exit 1 when the lint warns (a rule that never fires, a question nothing reads).",
                kind="flag",
                default=False,
            ),
        ),
        examples=(
            "stackpick criteria validate",
            "stackpick criteria validate criteria/ --strict",
        ),
    ),
    Command(
        "criteria test",
        "stackpick.commands.criteria:test",
        "Run a pack's own test cases.",
        "Each case is a team's answers and what the pack must make of them (the recommendation,"
        " how confident, what it mentions); a failing case exits 1 with its file and line.",
        (
            Option(
                "path",
                ("PATH",),
                "Pack file or folder (default: the criteria setting, else the shipped pack);"
                " cases come from its tests/.",
                metavar="PATH",
                kind="path",
                argument=True,
                if_empty=NO_PACK,
                setting="criteria",
            ),
            Option(
                "cases",
                ("--cases",),
                "A case file or folder instead of the pack's tests/.",
                metavar="PATH",
                kind="path",
                complete="file",
            ),
            Option(
                "coverage",
                ("--coverage",),
                "Also list the rules, constraints, trade-offs and advice no case reaches.",
                kind="flag",
                default=False,
            ),
            FORMAT,
        ),
        examples=(
            "stackpick criteria test",
            "stackpick criteria test criteria/ --coverage",
        ),
    ),
    Command(
        "criteria show",
        "stackpick.commands.criteria:show",
        "List the questions and the criteria.",
        "Questions with their choices, defaults and conditions; criteria with their weights.",
        (CRITERIA, FORMAT),
        examples=(
            "stackpick criteria show",
            "stackpick criteria show --format json",
        ),
    ),
)

BY_NAME = {command.name: command for command in COMMANDS}
