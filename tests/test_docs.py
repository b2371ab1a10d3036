"""Documentation coverage is a test: every command, front-matter field and setting is in the README."""
import re

from generator import cli
from generator.config import settings_table
from generator.schema import SOURCE_FIELDS, STORY_FIELDS
from sitekit import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_cli_command_is_documented():
    commands = cli._parser()._subparsers._group_actions[0].choices
    for name in commands:
        assert f"`newsbrief {name}" in README, name


def test_every_front_matter_field_is_documented_with_its_doc():
    for spec in STORY_FIELDS + SOURCE_FIELDS:
        row = f"| `{spec.name}` | {'yes' if spec.required else 'no'} | {spec.doc} |"
        assert row in README, row


SHOWN_AS = {"templates_dir": "theme.custom_dir"}  # read from MkDocs' own setting: documented under its name


def test_every_setting_is_documented():
    for name, default, _ in settings_table():
        name = SHOWN_AS.get(name, name)
        assert re.search(rf"\| `{name}` \| `{re.escape(default)}` \|", README), name


def test_first_screen_has_the_two_commands():
    first_screen = README[:1800]
    assert "make site" in first_screen and "make test" in first_screen
    assert re.search(r"!\[[^\]]*\]\(docs/screenshots/\w+\.png\)", first_screen)
