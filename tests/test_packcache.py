"""The pack cache: a pack rebuilt from it is the pack that was checked, and nothing stale."""

from __future__ import annotations

import json
import math
import os
import shutil
import stat
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from stackpick import pack as pack_module
from stackpick import packcache
from stackpick.answers import check_answers
from stackpick.engine import score
from stackpick.errors import PackError
from stackpick.models import Pack
from stackpick.pack import default_pack_path, load_pack
from support import CLI

ROOT = Path(__file__).resolve().parent.parent
THREE = ROOT / "tests" / "data" / "three-options"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("STACKPICK_CACHE_DIR", str(folder))
    return folder


def same_models(a: Any, b: Any) -> None:
    """Equal values of the same types all the way down, with the same fields set."""
    assert type(a) is type(b)
    if isinstance(a, BaseModel):
        assert a.model_fields_set == b.model_fields_set
        for name in type(a).model_fields:
            same_models(getattr(a, name), getattr(b, name))
    elif isinstance(a, tuple | list):
        assert len(a) == len(b)
        for x, y in zip(a, b, strict=True):
            same_models(x, y)
    elif isinstance(a, dict):
        assert list(a) == list(b)
        for k in a:
            same_models(a[k], b[k])
    else:
        assert a == b


@pytest.mark.parametrize("where", [None, THREE], ids=["shipped", "three-options"])
def test_a_rebuilt_pack_is_the_checked_pack(where: Path | None) -> None:
    checked = load_pack(where)
    rebuilt = packcache.rebuild(Pack, json.loads(json.dumps(packcache.dump(checked))))
    same_models(rebuilt, checked)
    assert rebuilt == checked


def test_the_second_load_comes_from_the_cache(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = load_pack(cache=True)
    assert len(list(cache.glob("pack-*.json"))) == 1
    monkeypatch.setattr(pack_module, "_validate", lambda *a: pytest.fail("checked again"))
    same_models(load_pack(cache=True), first)


def test_without_cache_nothing_is_written(cache: Path) -> None:
    load_pack()
    assert not cache.exists()


def test_an_empty_setting_turns_the_cache_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKPICK_CACHE_DIR", "")
    assert packcache.folder() is None
    load_pack(cache=True)  # neither reads nor writes, and still works


def test_the_default_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("STACKPICK_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert packcache.folder() == tmp_path / "stackpick"
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")  # the XDG spec: ignored
    assert packcache.folder() == tmp_path / "home" / ".cache" / "stackpick"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert packcache.folder() == tmp_path / "home" / ".cache" / "stackpick"
    monkeypatch.setenv("HOME", "relative/home")  # no cache in whatever folder this is run from
    assert packcache.folder() is None


def test_without_a_home_folder_there_is_no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STACKPICK_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def homeless(self: Path) -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "expanduser", homeless)
    assert packcache.folder() is None
    assert packcache.key([("pack.yaml", "x: 1\n")]) is None
    load_pack(cache=True)


def copy_of_shipped(tmp_path: Path) -> Path:
    folder = tmp_path / "pack"
    shutil.copytree(default_pack_path(), folder)
    return folder


def test_an_edited_pack_is_checked_again(cache: Path, tmp_path: Path) -> None:
    folder = copy_of_shipped(tmp_path)
    load_pack(folder, cache=True)
    criteria = folder / "criteria.yaml"
    criteria.write_text(criteria.read_text().replace("weight: 3\n", "weight: 4.5\n", 1))
    edited = load_pack(folder, cache=True)
    assert 4.5 in edited.weights.values()
    assert len(list(cache.glob("pack-*.json"))) == 2


def test_a_pack_broken_since_it_was_cached_is_reported(cache: Path, tmp_path: Path) -> None:
    folder = copy_of_shipped(tmp_path)
    load_pack(folder, cache=True)
    criteria = folder / "criteria.yaml"
    criteria.write_text(criteria.read_text().replace("weight: 3\n", "weight: -1\n", 1))
    with pytest.raises(PackError, match="weight"):
        load_pack(folder, cache=True)


def test_the_key_covers_file_names_and_contents() -> None:
    before = packcache.key([("a/pack.yaml", "x: 1\n")])
    assert before != packcache.key([("a/other.yaml", "x: 1\n")])
    assert before == packcache.key([("b/pack.yaml", "x: 1\n")])  # the folder does not matter
    assert packcache.key([("p.yaml", "ab"), ("q.yaml", "c")]) != packcache.key(
        [("p.yaml", "a"), ("q.yaml", "bc")]
    )


def entry_parts(cache: Path) -> tuple[Path, str, dict[str, Any]]:
    """The one entry in ``cache``: its path, key and stored pack."""
    (entry,) = cache.glob("pack-*.json")
    _, _, body = entry.read_text().partition("\n")
    return entry, entry.stem.removeprefix("pack-"), json.loads(body)


def sealed(key: str, body: str, folder: Path | None = None) -> str:
    """An entry with a header that matches ``body``, signed with the user's key as put() does."""
    secret = packcache._secret(folder or packcache.folder())  # type: ignore[arg-type]
    assert secret is not None
    return json.dumps(packcache._header(key, body, secret)) + "\n" + body


def edit(pack: dict[str, Any], change: Any) -> dict[str, Any]:
    change(pack)
    return pack


BROKEN: dict[str, Any] = {
    "empty": lambda key, pack: "",
    "not json": lambda key, pack: "not json",
    "header only": lambda key, pack: sealed(key, "")[:-1],
    "older format": lambda key, pack: sealed(key, json.dumps(pack)).replace(
        f'"format": {packcache.FORMAT}', '"format": 1'
    ),
    "another key": lambda key, pack: sealed("0" * 64, json.dumps(pack)),
    "edited after sealing": lambda key, pack: sealed(key, json.dumps(pack)).replace(
        "FastAPI", "FastAPI!"
    ),
    "a string for a weight": lambda key, pack: sealed(
        key, json.dumps(edit(pack, lambda p: p["criteria"][0].update(weight="heavy")))
    ),
    "a number for a prompt": lambda key, pack: sealed(
        key, json.dumps(edit(pack, lambda p: p["questions"][0].update(prompt=3)))
    ),
    "a required field missing": lambda key, pack: sealed(
        key, json.dumps(edit(pack, lambda p: p.pop("options")))
    ),
    "an unknown field": lambda key, pack: sealed(
        key, json.dumps(edit(pack, lambda p: p.update(surprise=1)))
    ),
    "a list for a model": lambda key, pack: sealed(
        key, json.dumps(edit(pack, lambda p: p.update(pack=[1, 2])))
    ),
    "a tuple of the wrong length": lambda key, pack: sealed(
        key, json.dumps(edit(pack, lambda p: p["figures"]["variants"][0].update(memory_mb=[1])))
    ),
    "nested 5,000 deep": lambda key, pack: sealed(key, "[" * 5000 + "]" * 5000),
    "NaN for a weight": lambda key, pack: sealed(
        key, json.dumps(edit(pack, lambda p: p["criteria"][0].update(weight=math.nan)))
    ),
    "Infinity for a weight": lambda key, pack: sealed(
        key, json.dumps(edit(pack, lambda p: p["criteria"][0].update(weight=math.inf)))
    ),
}


@pytest.mark.parametrize("damage", BROKEN.values(), ids=BROKEN.keys())
def test_an_entry_that_cannot_be_used_is_a_miss(cache: Path, damage: Any) -> None:
    pack = load_pack(cache=True)
    entry, key, stored = entry_parts(cache)
    entry.write_text(damage(key, stored))
    assert packcache.get(key) is None
    same_models(load_pack(cache=True), pack)  # checked again, and the entry mended
    assert packcache.get(key) == pack


def test_an_entry_that_is_not_utf8_is_a_miss(cache: Path) -> None:
    load_pack(cache=True)
    entry, key, _ = entry_parts(cache)
    entry.write_bytes(b"\xff\xfe")
    assert packcache.get(key) is None


def test_a_pack_too_large_to_read_back_is_not_written(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(packcache, "MAX_BYTES", 1000)
    load_pack(cache=True)
    assert not list(cache.glob("pack-*.json"))


def test_a_folder_that_cannot_be_written_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("STACKPICK_CACHE_DIR", str(blocker / "cache"))
    load_pack(cache=True)
    load_pack(cache=True)


def test_the_least_recently_used_entries_are_pruned(cache: Path) -> None:
    pack = load_pack(THREE)
    for n in range(packcache.MAX_ENTRIES):
        packcache.put(f"{n:064x}", pack)
        os.utime(cache / f"pack-{n:064x}.json", (n, n))  # older first
    assert packcache.get(f"{0:064x}") == pack  # used now: the last to go
    packcache.put(f"{99:064x}", pack)
    kept = set(cache.glob("pack-*.json"))
    assert len(kept) == packcache.MAX_ENTRIES
    assert cache / f"pack-{0:064x}.json" in kept
    assert cache / f"pack-{1:064x}.json" not in kept


def test_pruning_leaves_other_files_alone(cache: Path) -> None:
    cache.mkdir()
    theirs = [cache / f"pack-report-{n}.json" for n in range(packcache.MAX_ENTRIES + 5)]
    for path in theirs:
        path.write_text("{}")
    stale = cache / f".pack-{1:064x}.json.abc123.tmp"
    fresh = cache / f".pack-{2:064x}.json.def456.tmp"
    for path in (stale, fresh):
        path.write_text("half")
    os.utime(stale, (0, 0))
    packcache.put(f"{3:064x}", load_pack(THREE))
    assert all(path.exists() for path in theirs)
    assert fresh.exists() and not stale.exists()


@pytest.fixture(scope="module")
def both() -> tuple[Pack, Pack]:
    checked = load_pack()
    return checked, packcache.rebuild(Pack, json.loads(json.dumps(packcache.dump(checked))))


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_a_rebuilt_pack_scores_every_answer_set_alike(
    both: tuple[Pack, Pack], data: st.DataObject
) -> None:
    checked, rebuilt = both
    values: dict[str, Any] = {}
    for question in checked.questions:
        if question.type == "integer":
            strategy: st.SearchStrategy[Any] = st.integers(question.min or 0, question.max or 500)
        elif question.type == "boolean":
            strategy = st.booleans()
        elif question.type == "choice":
            strategy = st.sampled_from(question.choice_values)
        else:
            strategy = st.lists(st.sampled_from(question.choice_values), unique=True)
        values[question.id] = data.draw(strategy)
    expected = score(checked, check_answers(checked, values))
    assert score(rebuilt, check_answers(rebuilt, values)) == expected


def test_commands_use_the_cache_and_criteria_validate_does_not(cli: CLI, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    env = {"STACKPICK_CACHE_DIR": str(folder)}
    answers = str(ROOT / "examples" / "greenfield-ml.yaml")
    first = cli("score", "--answers", answers, "--format", "json", env=env)
    assert first.code == 0
    entry, key, stored = entry_parts(folder)
    # Change what the entry says, as nobody would: the next run must show the change
    # (it came from the cache), while `criteria validate` reads the pack itself.
    stored["pack"]["name"] = "from-the-cache"
    stored["criteria"][0]["title"] = "Cached title"
    entry.write_text(sealed(key, json.dumps(stored), folder))
    again = cli("score", "--answers", answers, "--format", "json", env=env)
    assert "Cached title" in again.out
    validated = cli("criteria", "validate", env=env)
    assert validated.code == 0
    assert "from-the-cache" not in validated.out and "stackpick-default" in validated.out


def test_without_its_own_sources_stackpick_does_not_cache(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_sources() -> list[tuple[str, bytes]]:
        raise OSError("stackpick's sources are not installed")

    monkeypatch.setattr(packcache, "_code_stamps", no_sources)
    assert packcache.key([("pack.yaml", "x: 1\n")]) is None
    load_pack(cache=True)
    assert not cache.exists()


posix_owners = pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX owners and modes")
EXAMPLE = str(ROOT / "examples" / "greenfield-ml.yaml")


def flipped(stored: dict[str, Any]) -> dict[str, Any]:
    """The stored pack with every rule giving Spring Boot the best value, FastAPI the worst."""
    for criterion in stored["criteria"]:
        for rule in criterion["rules"]:
            rule["values"] = {"fastapi": 0.0, "spring_boot": 1.0}
    return stored


def recommendation(run: Any) -> str:
    assert run.code == 0, run.err
    return str(json.loads(run.out)["recommendation"])


def test_a_relative_cache_folder_is_refused_and_nothing_is_made_here(
    cli: CLI, tmp_path: Path
) -> None:
    env = {"STACKPICK_CACHE_DIR": "cache"}
    run = cli("score", "--answers", EXAMPLE, "--format", "json", env=env)
    assert recommendation(run) == "fastapi" and run.err == ""
    assert not (tmp_path / "cache").exists()
    noted = cli("--debug", "score", "--answers", EXAMPLE, "--format", "json", env=env)
    assert "debug: pack cache: STACKPICK_CACHE_DIR=cache is not an absolute path" in noted.err


@posix_owners
def test_a_folder_others_can_write_is_not_used(cli: CLI, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    env = {"STACKPICK_CACHE_DIR": str(folder)}
    assert recommendation(cli("score", "--answers", EXAMPLE, "--format", "json", env=env))
    entry, key, stored = entry_parts(folder)
    # Someone who can write the folder plants an entry that flips every gate...
    entry.write_text(sealed(key, json.dumps(flipped(stored)), folder))
    folder.chmod(0o777)
    run = cli("--debug", "score", "--answers", EXAMPLE, "--format", "json", env=env)
    assert recommendation(run) == "fastapi"  # ...and it is never read
    assert "is not a folder only you can write; the pack cache is not used" in run.err
    folder.chmod(0o700)
    assert recommendation(cli("score", "--answers", EXAMPLE, "--format", "json", env=env)) == (
        "spring_boot"  # the same entry, in a private folder, is taken (it is signed)
    )


@posix_owners
def test_a_folder_of_another_user_is_not_used(cache: Path) -> None:
    if os.getuid() != 0:
        pytest.skip("only root can give a folder to another user")
    load_pack(cache=True)
    entry, key, _ = entry_parts(cache)
    os.chown(cache, 65534, 65534)
    assert packcache.get(key) is None
    os.chown(cache, 0, 0)
    assert packcache.get(key) is not None
    os.chown(entry, 65534, 65534)  # an entry of someone else's in our folder
    assert packcache.get(key) is None


@posix_owners
def test_an_entry_others_can_write_is_a_miss(cache: Path) -> None:
    load_pack(cache=True)
    entry, key, _ = entry_parts(cache)
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    entry.chmod(0o666)
    assert packcache.get(key) is None


@posix_owners
def test_a_key_others_can_read_turns_the_cache_off(cache: Path) -> None:
    load_pack(cache=True)
    _, key, _ = entry_parts(cache)
    secret = cache / packcache.SECRET
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    secret.chmod(0o644)
    assert packcache.get(key) is None


def test_an_entry_signed_with_another_key_is_a_miss(cli: CLI, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    env = {"STACKPICK_CACHE_DIR": str(folder)}
    assert recommendation(cli("score", "--answers", EXAMPLE, "--format", "json", env=env))
    entry, key, stored = entry_parts(folder)
    forged = json.dumps(flipped(stored))
    header = packcache._header(key, forged, b"a key the planter made up".ljust(32))
    entry.write_text(json.dumps(header) + "\n" + forged)
    assert recommendation(cli("score", "--answers", EXAMPLE, "--format", "json", env=env)) == (
        "fastapi"
    )


def test_a_symbolic_link_for_an_entry_is_a_miss(cache: Path, tmp_path: Path) -> None:
    load_pack(cache=True)
    entry, key, _ = entry_parts(cache)
    elsewhere = tmp_path / "elsewhere.json"
    entry.rename(elsewhere)
    entry.symlink_to(elsewhere)
    assert packcache.get(key) is None


SIGNED_BUT_UNSOUND: dict[str, Any] = {
    "a number too large for a float": lambda body: body.replace(
        '"weight":2.0', '"weight":1e999', 1
    ),
    "a rule for an unknown option": lambda body: body.replace(
        '"values":{"fastapi"', '"values":{"nobody"', 1
    ),
    "a condition on an unknown question": lambda body: body.replace(
        '"question":"', '"question":"no_such_', 1
    ),
    "a condition of no form": lambda body: body.replace(
        '"when":{"question":"cold_start_critical","equals":true}', '"when":{}', 1
    ),
}


@pytest.mark.parametrize("damage", SIGNED_BUT_UNSOUND.values(), ids=SIGNED_BUT_UNSOUND.keys())
def test_a_signed_entry_that_fails_the_checks_is_a_miss(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: Any
) -> None:
    folder = tmp_path / "cache"
    env = {"STACKPICK_CACHE_DIR": str(folder)}
    assert recommendation(cli("score", "--answers", EXAMPLE, "--format", "json", env=env))
    entry, key, _ = entry_parts(folder)
    body = entry.read_text().partition("\n")[2]
    changed = damage(body)
    assert changed != body
    entry.write_text(sealed(key, changed, folder))
    monkeypatch.setenv("STACKPICK_CACHE_DIR", str(folder))
    assert packcache.get(key) is None
    run = cli("score", "--answers", EXAMPLE, "--format", "json", env=env)
    assert recommendation(run) == "fastapi" and run.err == ""  # never exit 70


def test_the_key_covers_every_module_of_the_package() -> None:
    here = Path(packcache.__file__).parent
    modules = sorted(
        str(p.relative_to(here)) for p in here.rglob("*.py") if "__pycache__" not in p.parts
    )
    assert sorted(name for name, _ in packcache._code_stamps()) == modules
    assert "analysis/whatif.py" in modules and "engine.py" in modules


def test_a_model_with_post_init_is_not_rebuilt_without_it() -> None:
    """The direct rebuild skips model_post_init, so a model with one is refused, not half built."""

    class Hooked(BaseModel):
        name: str

        def model_post_init(self, context: Any, /) -> None:
            pass

    with pytest.raises(TypeError, match="post-init"):
        packcache.rebuild(Hooked, {"name": "x"})


def test_a_new_pyyaml_makes_every_entry_stale(monkeypatch: pytest.MonkeyPatch) -> None:
    """PyYAML read the pack: its stamp (the file ``import yaml`` loads) is in the key."""
    import yaml

    found = Path(yaml.__file__).stat()
    assert packcache._yaml_stamp() == f"{found.st_size} {found.st_mtime_ns}".encode()
    texts = [("pack.yaml", "options: []\n")]
    before = packcache.key(texts)
    monkeypatch.setattr(packcache, "_yaml_stamp", lambda: b"another release")
    assert before is not None and packcache.key(texts) not in (None, before)
