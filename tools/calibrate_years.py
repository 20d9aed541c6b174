#!/usr/bin/python3
"""Compares the complement pairs learned from two periods (docs/calibration.md, "Across years").

Usage: tools/calibrate_years.py LEARNED.csv LATER.csv [LEARNED_EDGES.csv LATER_EDGES.csv]
Each CSV is what `xsellsim calibrate orders ... --pairs FILE` writes. The edges of a period are
the top 30 pairs with z >= 4 of its *_EDGES.csv (default: LEARNED.csv and LATER.csv), as
`calibrate orders` picks them: give the runs with the scenario's own --candidates there, and
runs with more candidates as LEARNED and LATER, so that the edges of one period are compared in
the other. Prints the correlation of the excess over the pairs both
periods compared, and how the learned edges fare in the later period.
"""
import csv
import sys

import numpy as np


def read_pairs(path):
    with open(path, newline="") as f:
        return {(r["from"], r["to"]): r for r in csv.DictReader(f)}


def number(row, key):
    return float(row[key])


def edges(pairs, count=30, min_z=4):
    strong = [k for k, r in pairs.items()
              if number(r, "excess_se") > 0 and number(r, "excess") / number(r, "excess_se") >= min_z]
    strong.sort(key=lambda k: -number(pairs[k], "excess"))
    return strong[:count]


def main(argv):
    learned, later = read_pairs(argv[1]), read_pairs(argv[2])
    chosen = edges(read_pairs(argv[3]) if len(argv) > 3 else learned)
    later_edges = edges(read_pairs(argv[4]) if len(argv) > 4 else later)
    common = sorted(set(learned) & set(later))
    first = np.array([number(learned[k], "excess") for k in common])
    second = np.array([number(later[k], "excess") for k in common])
    print(f"pairs compared in both periods: {len(common)}; correlation of the excess "
          f"{np.corrcoef(first, second)[0, 1]:.3f}; median excess {100 * np.median(first):+.2f} "
          f"and {100 * np.median(second):+.2f} points")
    followed = [k for k in chosen if k in later]
    z = [number(later[k], "excess") / max(1e-12, number(later[k], "excess_se")) for k in followed]
    print(f"learned edges: {len(chosen)}, compared in the later period: {len(followed)}; mean "
          f"excess {100 * np.mean([number(learned[k], 'excess') for k in followed]):.1f} points, "
          f"later {100 * np.mean([number(later[k], 'excess') for k in followed]):.1f}; later "
          f"z >= 4: {sum(v >= 4 for v in z)}, z >= 2: {sum(v >= 2 for v in z)}, "
          f"in the later top 30: {len(set(chosen) & set(later_edges))}")
    for k in followed[:10]:
        a, b = learned[k], later[k]
        print(f"  {k[0]} -> {k[1]}: {100 * number(a, 'excess'):+.1f} points ({a['buyers']} buyers), "
              f"later {100 * number(b, 'excess'):+.1f} ({b['buyers']} buyers)")


if __name__ == "__main__":
    main(sys.argv)
