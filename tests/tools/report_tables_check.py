"""Checks that the tables of an `xsellsim report` page show `compare --format json`'s figures.

    /usr/bin/python3 report_tables_check.py PAGE.html COMPARE.json

For every cell with a data-metric of the arms, decision and live tables, the figure and its
interval as printed must be the json's value formatted in the unit of compare's table
(tools/compare_rows.cpp): percent with 2 decimals, points signed with 2, money with 2, small
percents with 3, counts with thousands separators. This formatter is the test's own, not the report's. Prints one line per mismatch
and "checked N cells"; exits 1 on a mismatch or when no cell is found.
"""
import html.parser
import json
import sys

UNITS = {"entrants": "count", "revenue_per_entrant": "money", "net_value_per_entrant": "money",
         "incremental_margin_per_entrant": "money",
         "incremental_unsubscribes_per_entrant": "small_percent", "live_interval": "points"}


def unit_of(metric):
    if metric in UNITS:
        return UNITS[metric]
    if metric.startswith(("lift_",)):
        return "points"
    return "percent"  # conversion_D, relative_lift_D, unsubscribe_D


def formatted(x, unit, signed):
    if unit == "count":
        return f"{x:,.0f}"
    if unit == "money":
        return f"{x:+.2f}" if signed else f"{x:.2f}"
    if unit == "points":
        return f"{100 * x:+.2f}"
    if unit == "small_percent":
        return f"{100 * x:.3f}%"
    return f"{100 * x:.2f}%"


class Cells(html.parser.HTMLParser):
    """(table id, arm, metric) -> the cell's text: figure and interval."""

    def __init__(self):
        super().__init__()
        self.table, self.arm, self.metric, self.text, self.cells = None, None, None, "", {}

    def handle_starttag(self, tag, attributes):
        a = dict(attributes)
        if tag == "table" and a.get("id"):
            self.table = a["id"]
        elif tag == "tr":
            self.arm = a.get("data-arm")
        elif tag == "br" and self.metric:
            self.text += " "
        elif tag == "td" and "data-metric" in a:
            self.metric, self.text = a["data-metric"], ""

    def handle_data(self, data):
        if self.metric:
            self.text += data

    def handle_endtag(self, tag):
        if tag == "td" and self.metric:
            self.cells[(self.table, self.arm, self.metric)] = " ".join(self.text.split())
            self.metric = None
        elif tag == "table":
            self.table = None


def main(page, compare):
    parser = Cells()
    with open(page, encoding="utf-8") as f:
        parser.feed(f.read())
    with open(compare, encoding="utf-8") as f:
        point = json.load(f)["points"][0]
    metrics = {a["arm"]: a["metrics"] for a in point["arms"]}
    live = (point.get("live") or {}).get("arms", {})
    bad, checked = 0, 0
    for (table, arm, metric), text in sorted(parser.cells.items()):
        estimate = live[arm]["interval"] if metric == "live_interval" else metrics[arm][metric]
        unit, signed = unit_of(metric), table == "decision-table"
        if estimate is None:
            expected = "–"
        else:
            expected = formatted(estimate["value"], unit, signed)
            if estimate.get("low") is not None and metric != "entrants":
                expected += (f" [{formatted(estimate['low'], unit, signed)}, "
                             f"{formatted(estimate['high'], unit, signed)}]")
        checked += 1
        if text != expected:
            bad += 1
            print(f"{table} {arm} {metric}: page {text!r}, compare {expected!r}")
    print(f"checked {checked} cells")
    return 1 if bad or not checked else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
