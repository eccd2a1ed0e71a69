"""``stackpick config``: the settings in force for the current folder, and where they come from."""

from __future__ import annotations

from stackpick.config import KEYS, Config, find


def run(*, fmt: str) -> int:
    """Print the config file found (or that there is none) and each setting; exit 0.

    Each setting is checked as the commands check it (the pack it names loads, the
    weights fit it, the files are there), so a setting every other command would refuse
    is refused here too (exit 2), rather than shown as in force.
    """
    config = find()
    _check(config)
    if fmt == "json":
        import json

        from stackpick.errors import json_safe

        print(json_safe(json.dumps(as_data(config), indent=2, ensure_ascii=False)))
        return 0
    for line in describe(config):
        print(line)
    return 0


def _check(config: Config) -> None:
    """Refuse the settings as ``stackpick score`` (which reads them all) would refuse them."""
    from stackpick.commandline import COMMANDS, check_format_setting, from_config, settled
    from stackpick.commands.common import load, parse_weights
    from stackpick.errors import SettingError

    check_format_setting(config)  # shown as in force, a typo would be taken for a setting
    if config.path is None:
        return
    score = next(c for c in COMMANDS if c.name == "score")
    unset = {o.keyword: [] if o.repeat else o.unset for o in score.options}
    given = None if config.values.get("answers") is not None else "-"  # checked when set
    values = settled(score, {**unset, "answers_path": given})
    try:
        parse_weights(load(values["criteria"]), values["weight_pairs"], values["weights_file"])
    except SettingError as exc:
        from_config(exc)
        raise


def as_data(config: Config) -> dict[str, object]:
    """The settings as JSON data: the file (or null), each setting, and each path resolved."""
    paths = {key: str(path) for key in KEYS if (path := config.path_of(key)) and key != "format"}
    return {
        "file": None if config.path is None else str(config.path),
        "settings": config.values,
        "paths": paths,
    }


def describe(config: Config) -> list[str]:
    """The lines ``stackpick config`` prints for ``config``."""
    if config.path is None:
        return [
            "no config file: neither .stackpick.toml nor [tool.stackpick] in a pyproject.toml",
            "was found in this folder or a parent; every option takes its default",
        ]
    table = "[tool.stackpick] in " if config.path.name == "pyproject.toml" else ""
    lines = [f"config file: {table}{_shown(str(config.path))}"]
    width = max(len(key) for key in KEYS)
    for key in KEYS:
        lines.append(f"  {key:<{width}}  {_value(config, key)}")
    lines.append("options given on the command line win over these settings")
    return lines


def _value(config: Config, key: str) -> str:
    value = config.values.get(key)
    if value is None:
        return "(not set)"
    if isinstance(value, dict):
        return ", ".join(f"{criterion} = {weight}" for criterion, weight in value.items())
    path = config.path_of(key)
    if key == "format" or path is None or value == "-":
        return _shown(str(value))
    return f"{_shown(str(value))}  ->  {_shown(str(path))}"


def _shown(text: str) -> str:
    from stackpick.errors import printable

    return printable(text, one_line=True)
