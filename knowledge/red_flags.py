"""The warning signs ("red flags"), read once from `content/red-flags.toml`.

One list in one file, for every drug, shown in the same words by the "Get help now" card on
Today and the log form and by the warning-signs page: a sign changed there changes on all
three, so two pages can never give one sign two urgencies.
"""

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FILE = Path(__file__).resolve().parent / "content" / "red-flags.toml"
# The article that shows the whole list under its own introduction.
ARTICLE_SLUG = "warning-signs"


@dataclass(frozen=True)
class Sign:
    words: str
    more: str  # the slug of the article that says more
    sources: tuple[str, ...]  # keys of references.toml


@dataclass(frozen=True)
class Group:
    key: str
    heading: str
    signs: tuple[Sign, ...]


@cache
def groups():
    """The groups of signs, most urgent first."""
    data = tomllib.loads(FILE.read_text(encoding="utf-8"))
    return tuple(
        Group(
            key=group["key"],
            heading=group["heading"],
            signs=tuple(
                Sign(words=sign["words"], more=sign["more"], sources=tuple(sign["sources"]))
                for sign in group["signs"]
            ),
        )
        for group in data["groups"]
    )


def signs():
    return [sign for group in groups() for sign in group.signs]
