"""Is a text our own? Runs of words it shares with a source document.

The seed documents live beside the repository, in the team's shared folder, not in it, and a
fresh clone has no such folder: the tests read a fingerprint of them instead
(`seed_fingerprint.json`, a short hash of every run of `RUN` words). When the seeds change,
make it again from their folder: `.venv/bin/python -m tests.knowledge.originality SEEDS_DIR`.
"""

import hashlib
import json
import re
import sys
from pathlib import Path

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


FINGERPRINT = Path(__file__).with_name("seed_fingerprint.json")


def run_hash(run):
    return hashlib.blake2b(run.encode(), digest_size=6).hexdigest()


def fingerprint(text, length=RUN):
    """The hashes of every run of `length` words in `text`: enough to find a copied run,
    not enough to read the text back."""
    return {run_hash(run) for run in runs(text, length)}


def fingerprints_of(folder):
    return {
        path.name: sorted(fingerprint(path.read_text(encoding="utf-8")))
        for path in sorted(Path(folder).glob("*.txt"))
    }


def stored_fingerprints():
    return {name: set(hashes) for name, hashes in json.loads(FINGERPRINT.read_text()).items()}


def copied_runs(text, hashes, length=RUN):
    """The runs of `text` whose hash is among a source's `hashes`."""
    return {run for run in runs(text, length) if run_hash(run) in hashes}


if __name__ == "__main__":
    FINGERPRINT.write_text(json.dumps(fingerprints_of(sys.argv[1]), indent=0) + "\n")
