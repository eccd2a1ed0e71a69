"""The typer app, made from the command table in :mod:`stackpick.commandline`.

typer reads a command's options from its function's signature, so each command gets a
function whose signature is built from its table entry (``Annotated[..., typer.Option]``
parameters) and which calls the command by keyword. Only typer is imported here; each
command imports what it needs when it runs, so ``--help`` builds no models.
:mod:`stackpick.cli` runs this app for every command line :mod:`stackpick.fastpath`
does not take.
"""

# No `from __future__ import annotations` here: typer reads the completion functions'
# annotations, and evaluating string annotations costs time on every start.
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from stackpick import __version__
from stackpick.commandline import (
    COMMANDS,
    GROUP_EXAMPLES,
    GROUPS,
    ROOT_EXAMPLES,
    ROOT_HELP,
    ROOT_OPTIONS,
    Command,
    Completion,
    Option,
    invoke,
)

_TYPES: dict[str, type] = {"text": str, "path": Path, "integer": int, "number": float}
_SETTINGS: dict[str, Any] = {"help_option_names": ["-h", "--help"]}


def _complete_files(incomplete: str) -> list[str]:
    folder, _, start = incomplete.rpartition("/")
    base = Path(folder or ".") if not incomplete.startswith("/") or folder else Path("/")
    try:
        found = sorted(p for p in base.iterdir() if p.name.startswith(start))
    except OSError:
        return []
    prefix = f"{folder}/" if folder or incomplete.startswith("/") else ""
    return [f"{prefix}{p.name}/" if p.is_dir() else f"{prefix}{p.name}" for p in found]


def _pack_path(ctx: typer.Context) -> Path | None:
    """The pack the command reads: ``--criteria`` on the line, else the config's ``criteria``."""
    given = ctx.params.get("criteria")
    if given is not None:
        return Path(given)
    from stackpick.config import find

    return find().path_of("criteria")


def _pack_ids(ctx: typer.Context, criteria: bool) -> list[str]:
    try:
        from stackpick.pack import load_pack

        pack = load_pack(_pack_path(ctx), cache=True)
    except Exception:  # a broken pack (or config) completes nothing; the command will say why
        return []
    return [f"{c.id}=" for c in pack.criteria] if criteria else list(pack.option_ids)


def _complete_options(ctx: typer.Context, incomplete: str) -> list[str]:
    return [i for i in _pack_ids(ctx, criteria=False) if i.startswith(incomplete)]


def _complete_criteria(ctx: typer.Context, incomplete: str) -> list[str]:
    return [i for i in _pack_ids(ctx, criteria=True) if i.startswith(incomplete)]


def _complete_workloads(ctx: typer.Context, incomplete: str) -> list[str]:
    try:
        from stackpick.pack import load_pack, pack_figures

        pack = load_pack(_pack_path(ctx), cache=True)
        figures = pack_figures(pack, ctx.params.get("figures_path"))
    except Exception:  # broken figures complete nothing; the command will say why
        return []
    rows = [w.id for w in figures.workloads]
    profiles = sorted({str(p) for w in figures.workloads for p in w.profiles})
    return [i for i in dict.fromkeys([*rows, *profiles]) if i.startswith(incomplete)]


_COMPLETIONS: dict[Completion, Callable[..., list[str]]] = {
    "file": _complete_files,
    "option": _complete_options,
    "criterion": _complete_criteria,
    "workload": _complete_workloads,
}


def _refusing_empty(message: str, convert: Callable[[str], Any]) -> Callable[[str], Any]:
    """A parser giving ``convert(value)``, and refusing an empty value with ``message``."""

    def parse(value: str) -> Any:
        if not value:
            raise typer.BadParameter(message)
        return convert(value)

    return parse


def _annotation(option: Option) -> Any:
    """The parameter's type as typer reads it, with its typer.Option or typer.Argument."""
    base: Any = bool if option.kind == "flag" else option.choices or _TYPES[option.kind]
    if option.repeat:
        base = list[base]
    if not option.needed and option.default is None:
        base = base | None
    text: dict[str, Any] = {"help": option.help, "metavar": option.metavar}
    if option.complete is not None:
        text["autocompletion"] = _COMPLETIONS[option.complete]
    if option.if_empty is not None:
        text["parser"] = _refusing_empty(option.if_empty, _TYPES[option.kind])
    if option.argument:
        return Annotated[base, typer.Argument(**text)]
    return Annotated[base, typer.Option(*option.names, **text)]


def _parameter(option: Option) -> inspect.Parameter:
    default: Any = inspect.Parameter.empty
    if not option.needed:
        default = option.default
        if option.choices is not None and default is not None:
            default = option.choices(default)
    return inspect.Parameter(
        option.keyword,
        inspect.Parameter.KEYWORD_ONLY,
        annotation=_annotation(option),
        default=default,
    )


def _received(option: Option, value: Any, source: Any) -> Any:
    """A value as typer gives it, as the command function takes it.

    A value typer filled in from the default, for an option a setting may give, is
    passed on as the fast path passes it (:attr:`Option.unset`), for :func:`invoke`.
    """
    # click's ParameterSource, read by name: typer keeps its copy of click private
    defaulted = getattr(source, "name", None) == "DEFAULT"
    if defaulted and option.setting is not None and not option.repeat:
        return None
    if option.choices is not None and value is not None:
        return option.choices(value).value
    if option.repeat and value is None:
        return []
    return value


def epilog(command: Command) -> str | None:
    """The end of the command's --help: its examples, each on a line of its own."""
    return examples_text(command.examples)


def examples_text(examples: tuple[str, ...]) -> str | None:
    """Command lines as the end of a --help, each on a line of its own."""
    if not examples:
        return None
    lines = "\n".join(f"  {example}" for example in examples)
    return f"Examples:\n\n\b\n{lines}"  # \b: click keeps the paragraph's lines as written


def callback(command: Command) -> Callable[..., None]:
    """A function typer can read ``command``'s options from; it runs the command."""
    options = {option.keyword: option for option in command.options}

    def run(ctx: typer.Context, **values: Any) -> None:
        given = {
            k: _received(options[k], v, ctx.get_parameter_source(k)) for k, v in values.items()
        }
        raise typer.Exit(invoke(command, given))

    context = inspect.Parameter(
        "ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context
    )
    run.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [context, *(_parameter(option) for option in command.options)]
    )
    return run


def _version(value: bool) -> None:
    if value:
        print(f"stackpick {__version__}")
        raise typer.Exit()


def _root(**values: Any) -> None:
    """An explained backend-framework recommendation from your team's answers."""


def _root_parameter(option: Option) -> inspect.Parameter:
    eager: dict[str, Any] = {"callback": _version, "is_eager": True}
    extra = eager if option.long == "--version" else {}
    info = typer.Option(*option.names, help=option.help, **extra)
    return inspect.Parameter(
        option.keyword,
        inspect.Parameter.KEYWORD_ONLY,
        annotation=Annotated[bool, info],
        default=False,
    )


def build() -> typer.Typer:
    """The typer app of every command in the table."""
    root = typer.Typer(
        name="stackpick",
        help=ROOT_HELP,
        epilog=examples_text(ROOT_EXAMPLES),
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        no_args_is_help=True,
        context_settings=_SETTINGS,
    )
    _root.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [_root_parameter(option) for option in ROOT_OPTIONS]
    )
    root.callback()(_root)
    groups = {"": root}
    for name, help_text in GROUPS.items():
        groups[name] = typer.Typer(
            help=help_text,
            epilog=examples_text(GROUP_EXAMPLES.get(name, ())),
            rich_markup_mode=None,
            no_args_is_help=True,
        )
        root.add_typer(groups[name], name=name)
    for command in COMMANDS:
        groups[command.group].command(
            command.leaf,
            help=f"{command.summary}\n\n{command.description}",
            epilog=epilog(command),
        )(callback(command))
    return root


app = build()
