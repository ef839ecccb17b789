#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Prints the cell counts of a `make timing-depth` summary (its --summary-json)
in the layout of yosys `stat`, so that rtl/synth/table.sh reads them:

    rtl/synth/summary_stat.py build/timing/lanes_64x32.summary.json > build/synth/lanes_64x32.stat
    rtl/synth/table.sh build/synth/lanes_64x32.stat

timing-depth synthesises exactly what `make synth` does (mk/timing.mk), so
one long synthesis gives both the depth report and the resource row."""
import json
import sys


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: summary_stat.py SUMMARY_JSON", file=sys.stderr)
        return 1
    try:
        with open(sys.argv[1], encoding="utf-8") as f:
            cells = json.load(f)["cells"]
    except (OSError, ValueError, KeyError) as e:
        print(f"summary_stat.py: {sys.argv[1]}: {e}", file=sys.stderr)
        return 2
    print("=== trinity_core ===")
    print(f"   Number of cells: {sum(cells.values())}")
    for name in sorted(cells):
        print(f"     {name} {cells[name]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
