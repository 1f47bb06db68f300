"""Write rag/derivations.txt: stems of words that WordNet derives from one another ("deter" and
"deterrence", "invade" and "invasion"), so that a question's word counts as found in a sentence that
writes its derived form.

    apt-get install wordnet-base          # WordNet 3.0's database, in /usr/share/wordnet
    .venv/bin/python bench/make_derivations.py [--wordnet /usr/share/wordnet] [--prefix 4]

Reads the derivationally related forms (pointer "+") between single words of the noun, verb and
adjective files, stems both with the index's stemmer, and keeps the pairs whose stems differ but share
their first --prefix letters: relatives in form as well as meaning ("decide"/"decision"), not in meaning
only ("kill"/"murder"). One line per stem: the stem, then the stems related to it.
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NOTICE = """# Derived from WordNet 3.0 (https://wordnet.princeton.edu), under its license:
#
# This software and database is being provided to you, the LICENSEE, by Princeton University under the
# following license. By obtaining, using and/or copying this software and database, you agree that you have
# read, understood, and will comply with these terms and conditions.:
#
# Permission to use, copy, modify and distribute this software and database and its documentation for any
# purpose and without fee or royalty is hereby granted, provided that you agree to comply with the following
# copyright notice and statements, including the disclaimer, and that the same appear on ALL copies of the
# software, database and documentation, including modifications that you make for internal use or for
# distribution.
#
# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.
#
# THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR
# WARRANTIES, EXPRESS OR IMPLIED. BY WAY OF EXAMPLE, BUT NOT LIMITATION, PRINCETON UNIVERSITY MAKES NO
# REPRESENTATIONS OR WARRANTIES OF MERCHANTABILITY OR FITNESS FOR ANY PARTICULAR PURPOSE OR THAT THE USE OF
# THE LICENSED SOFTWARE, DATABASE OR DOCUMENTATION WILL NOT INFRINGE ANY THIRD PARTY PATENTS, COPYRIGHTS,
# TRADEMARKS OR OTHER RIGHTS.
#
# The name of Princeton University or Princeton may not be used in advertising or publicity pertaining to
# distribution of the software and/or database. Title to copyright in this software, database and any
# associated documentation shall at all times remain with Princeton University and LICENSEE agrees to
# preserve same.
#
# Written by bench/make_derivations.py: a stem, then the stems of the words derived from it or it from them.
"""


def synsets(folder: Path) -> dict[tuple[str, str], tuple[list[str], list[tuple[str, str, str, str]]]]:
    """(part of speech, offset) -> (its words, its pointers), from WordNet's data files."""
    out = {}
    for name, pos in (("noun", "n"), ("verb", "v"), ("adj", "a")):
        for line in (folder / f"data.{name}").read_text(encoding="latin-1").splitlines():
            if line.startswith("  "):  # the license header
                continue
            f = line.split(" | ")[0].split()
            n = int(f[3], 16)
            words = [f[4 + 2 * i].lower() for i in range(n)]
            at = 4 + 2 * n
            pointers = [tuple(f[at + 1 + 4 * j: at + 5 + 4 * j]) for j in range(int(f[at]))]
            out[(pos, f[0])] = (words, pointers)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    parser.add_argument("--prefix", type=int, default=4)
    parser.add_argument("--out", type=Path, default=ROOT / "rag" / "derivations.txt")
    args = parser.parse_args()
    if not (args.wordnet / "data.noun").is_file():
        sys.exit(f"no WordNet database in {args.wordnet}: apt-get install wordnet-base, or pass --wordnet DIR")
    from rag.lexical import stem

    data = synsets(args.wordnet)
    related: dict[str, set[str]] = collections.defaultdict(set)
    for (pos, offset), (words, pointers) in data.items():
        for symbol, target, target_pos, source_target in pointers:
            other = data.get(({"s": "a"}.get(target_pos, target_pos), target))
            src, dst = int(source_target[:2], 16), int(source_target[2:], 16)
            if symbol != "+" or other is None or not src or not dst:
                continue
            a, b = words[src - 1], other[0][dst - 1]
            if not (a.isalpha() and b.isalpha()):  # single words only
                continue
            sa, sb = stem(a), stem(b)
            if sa != sb and sa[:args.prefix] == sb[:args.prefix]:
                related[sa].add(sb)
                related[sb].add(sa)
    lines = [" ".join([s, *sorted(related[s])]) for s in sorted(related)]
    args.out.write_text(NOTICE + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} stems with related forms -> {args.out} ({args.out.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
