#!/usr/bin/env python3
"""Writes layout variants of the seed reports to Fixtures/variants (run from the repo root).

Each variant keeps the seed's text and numbers and changes only how the tables are laid out, so it
must extract to the same cells as its seed (Fixtures/seeds-expected.json):
  *.markdown.txt      tab-separated table rows turned into Markdown rows (| a | b |, with a |---| rule)
  *.spaces.txt        tabs replaced by runs of spaces (a plain-text export)
  *.plain-cells.txt   one cell per line without the leading tab (an HTML table copied as text)
  *.single-space.txt  a table row per line, its non-empty cells separated by one space
"""
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
SEEDS = ROOT / "Fixtures" / "seeds"
OUT = ROOT / "Fixtures" / "variants"


def markdown(text):
    out, in_table = [], False
    for line in text.split("\n"):
        if "\t" in line.rstrip("\t") or (line.endswith("\t") and line.strip()):
            cells = [c.strip() for c in line.split("\t")]
            out.append("| " + " | ".join(cells) + " |")
            if not in_table:
                out.append("|" + "|".join("---" for _ in cells) + "|")
            in_table = True
        else:
            in_table = False
            out.append(line)
    return "\n".join(out)


def spaces(text):
    return "\n".join(line.replace("\t", "    ").rstrip() for line in text.split("\n"))


def plain_cells(text):
    return "\n".join(line[1:] if line.startswith("\t") else line for line in text.split("\n"))


def single_space(text):
    out = []
    for line in text.split("\n"):
        if "\t" in line:
            out.append(" ".join(c.strip() for c in line.split("\t") if c.strip()))
        else:
            out.append(line)
    return "\n".join(out)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    jobs = [("003_f6478d7b7b0e6afc", markdown, "markdown"), ("002_f90b525eb7280150", markdown, "markdown"),
            ("002_f90b525eb7280150", spaces, "spaces"), ("000_e8ec6a5d6c0a1c89", spaces, "spaces"),
            ("001_1705811733659c39", plain_cells, "plain-cells"), ("004_b35dc0beff817749", plain_cells, "plain-cells"),
            ("003_f6478d7b7b0e6afc", single_space, "single-space"), ("000_e8ec6a5d6c0a1c89", single_space, "single-space")]
    for seed, transform, name in jobs:
        text = (SEEDS / f"{seed}.txt").read_text(encoding="utf-8")
        (OUT / f"{seed}.{name}.txt").write_text(transform(text), encoding="utf-8")
        print(f"wrote Fixtures/variants/{seed}.{name}.txt")


if __name__ == "__main__":
    main()
