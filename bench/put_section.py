#!/usr/bin/env python3
"""Puts a hand- or script-written section into bench/RESULTS.md, replacing the one with the same
heading prefix (or inserting it before "## Reproduce"); bench/run keeps it from then on.

    python3 bench/put_section.py --mark "## Two-SC failover" --file failover-section.md [--results bench/RESULTS.md]

The section must start with a heading that begins with --mark (e.g. "## Two-SC failover (kernel
campaign)"). Target rows for the report's targets table: lines "<!-- target: NAME | MEASURED | VERDICT -->";
a verdict must follow the quietness rule of bench/quiet.py (no "met" from a run that was not quiet).
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import results_vm  # noqa: E402


def main(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--mark", required=True)
    p.add_argument("--file", required=True)
    p.add_argument("--results", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "RESULTS.md"))
    a = p.parse_args(argv)
    with open(a.file) as f:
        section = f.read()
    if not section.startswith(a.mark):
        sys.exit(f"put_section: {a.file} must start with a heading beginning '{a.mark}'")
    report = open(a.results).read() if os.path.exists(a.results) else "# pairlock benchmark results\n"
    with open(a.results, "w") as f:
        f.write(results_vm.splice_section(report, a.mark, section))


if __name__ == "__main__":
    main(sys.argv[1:])
