"""Is a text our own? Runs of words it shares with a source document."""

import re

RUN = 10

_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")


def words(text):
    return [w.replace("’", "'") for w in _WORD.findall(text.lower())]


def runs(text, length=RUN):
    w = words(text)
    return {" ".join(w[i : i + length]) for i in range(len(w) - length + 1)}


def shared_runs(text, source, length=RUN):
    """The runs of `length` consecutive words that `text` copies from `source`."""
    return runs(text, length) & runs(source, length)
