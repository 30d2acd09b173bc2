"""README and the CLI in step (as sqlite-utils' test_docs does): every command has its section in the README's
command reference, every option of a command is documented there and every option documented exists; every
`make` target the README names is in the Makefile."""

from __future__ import annotations

import regex

from extractors.cli import cli

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
SECTION = regex.compile(r"(?m)^### `vanban (\S+)([^`]*)`\n(.*?)(?=^#{2,3} |\Z)", regex.DOTALL)
sections = {m[1]: (m[2], m[3]) for m in SECTION.finditer(README)}


def _options(command) -> set[str]:
    return {o for p in command.params for o in p.opts + p.secondary_opts if o.startswith("--") and o != "--help"}


def test_the_readme_opens_with_make_run_and_make_test():
    head = "\n".join(README.splitlines()[:12])
    assert "make run" in head and "make test" in head


def test_every_command_has_its_section():
    assert set(cli.commands) <= set(sections), set(cli.commands) - set(sections)
    assert set(sections) <= set(cli.commands), set(sections) - set(cli.commands)


def test_every_option_is_documented_and_every_documented_option_exists():
    for name, command in cli.commands.items():
        heading, body = sections[name]
        documented = set(regex.findall(r"--[a-z][a-z-]*", heading + body))
        missing = {o for o in _options(command) if o not in documented}
        assert not missing, f"vanban {name}: {sorted(missing)} not in its README section"
        unknown = set(regex.findall(r"--[a-z][a-z-]*", heading)) - _options(command)
        assert not unknown, f"vanban {name}: the README names {sorted(unknown)}, which it does not take"


def test_every_make_target_named_exists():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(regex.findall(r"(?m)^([a-z][a-z-]*):", makefile))
    named = set(regex.findall(r"`make ([a-z][a-z-]*)", README))
    assert named <= targets, named - targets
