"""Conversion, unsubscribe and lift curves of an xsellsim results file, drawn from the json that
`xsellsim plot` computes (docs/report.md, "How they run").

`xsellsim plot` and `xsellsim report` carry this file inside the binary and run it with Debian's
/usr/bin/python3 on that json. Every figure, interval and baseline comes from the json (the same
computation as `xsellsim compare`); this code only draws. By hand, from a clone:

    xsellsim plot OUT.h5 --data DATA.json
    /usr/bin/python3 tools/python/xsellsim_plot.py DATA.json -o FILE.png|FILE.svg

Exit status: 0 success, 2 bad arguments, 1 anything else (a missing module included).
"""
import argparse
import itertools
import json
import os
import sys
import textwrap

try:
    import numpy as np
    import matplotlib

    matplotlib.use("Agg")  # no display on a server; the backend must be chosen before pyplot
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MultipleLocator, PercentFormatter
except ImportError as missing:
    PACKAGES = {"numpy": "python3-numpy", "matplotlib": "python3-matplotlib"}
    module = (missing.name or "").split(".")[0]
    sys.exit(f"xsellsim: error: {sys.executable} cannot import {module or missing}: install it "
             f"with `apt-get install {PACKAGES.get(module, 'python3-' + module)}` "
             f"(or run ./tools/setup)")


# ------------------------------------------------------------------------------------------------
# Reading the json (tools/drawing_data.hpp)


class Drawing:
    """The json of one point, with the lookups the pictures and the page need."""

    def __init__(self, data):
        self.data = data
        self.point = data["point"]
        self.compare = data["compare"]
        # compare holds every point of the file, in order
        self.figures = self.compare["points"][self.point]
        self.baseline = self.figures["baseline"]  # the arm the differences are against
        self.arms = [a["arm"] for a in self.figures["arms"]]
        self.curves = {c["arm"]: c for c in data["curves"]}
        self.daily = {d["arm"]: d for d in data["daily"]}
        self.currency = self.compare["currency"]
        self.replications = self.compare["replications"]
        self.lift_day = self.compare["lift_day"]
        self.days = data["days"]
        self.scenario = data["scenario"]

    def metric(self, arm, name):
        """{"value", "low", "high"} of an arm's figure, or None."""
        figures = next(a for a in self.figures["arms"] if a["arm"] == arm)
        return figures["metrics"].get(name)

    def arm_baseline(self, arm):
        """What an arm's differences are against: the baseline or its no-send twin."""
        return next(a for a in self.figures["arms"] if a["arm"] == arm)["baseline"]

    def label(self):
        """'point 2 of 6: key = value, ...' for a sweep file, '' otherwise."""
        parameters = self.figures["parameters"]
        if not parameters:
            return ""
        values = ", ".join(f"{k} = {json.dumps(v)}" for k, v in parameters.items())
        return f"point {self.point} of {self.data['points']}: {values}"

    def name(self):
        return self.scenario.get("name") or self.data["file"]


def load(path):
    with open(path, encoding="utf-8") as data:
        return Drawing(json.load(data))


def series(values):
    """A list from the json as floats, None (no interval) as NaN."""
    return np.array([np.nan if v is None else v for v in values], dtype=float)


# ------------------------------------------------------------------------------------------------
# Drawing


def arm_colors(drawing):
    """A fixed colour per arm: grey for the baseline, the tab10 cycle for the others."""
    others = itertools.cycle(plt.get_cmap("tab10").colors)
    return {a: "0.35" if a == drawing.baseline else next(others) for a in drawing.arms}


def style_days_axis(ax, days):
    """Days on x with a tick every 30 (the report's table reads at days 30, 60, 90 and 180)."""
    ax.set_xlim(0, days - 1)
    ax.xaxis.set_major_locator(MultipleLocator(30 if days > 60 else 7))
    ax.grid(True, color="0.9", linewidth=0.8)
    ax.set_axisbelow(True)


def band_caption(drawing):
    """How the bands were computed, in compare's words, one line each."""
    notes = drawing.figures["intervals"]
    return [f"Shaded: 95% intervals of {notes['covers']}.", f"Levels: {notes['levels']}.",
            f"Lift: {notes['differences']}."]


def curves_figure(drawing, title=True):
    """Three panels by day since entry: conversion and unsubscribes per arm, and each arm's lift
    over its baseline, every curve with its 95% band, as computed by xsellsim."""
    days = np.arange(drawing.days)
    colors = arm_colors(drawing)
    fig, axes = plt.subplots(1, 3, figsize=(14, 4.6), layout="constrained")
    panels = [("conversion", "Converted (cross-sell purchase)"), ("unsubscribe", "Unsubscribed")]
    for ax, (kind, heading) in zip(axes, panels):
        for arm in drawing.arms:
            band = drawing.curves[arm][kind]
            ax.fill_between(days, series(band["low"]), series(band["high"]),
                            color=colors[arm], alpha=0.2, lw=0)
            baseline = arm == drawing.baseline  # dashed and on top: the others hide it otherwise
            ax.plot(days, series(band["value"]), color=colors[arm], lw=1.4 if baseline else 1.6,
                    ls="--" if baseline else "-", zorder=3 if baseline else 2, label=arm)
        ax.set_title(heading, loc="left", fontsize=11)
        ax.set_ylabel("share of entrants")
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=None))
        ax.set_ylim(bottom=0)
    lift_ax = axes[2]
    lift_ax.axhline(0, color="0.35", lw=1, ls="--")
    lifted = [a for a in drawing.arms if drawing.curves[a]["lift"] is not None]
    if not lifted:
        lift_ax.text(0.5, 0.5, "no baseline arm in this file", ha="center",
                     transform=lift_ax.transAxes)
    for arm in lifted:
        band = drawing.curves[arm]["lift"]
        lift_ax.fill_between(days, 100 * series(band["low"]), 100 * series(band["high"]),
                             color=colors[arm], alpha=0.2, lw=0)
        net = drawing.metric(arm, "net_value_per_entrant")
        against = drawing.arm_baseline(arm)
        label = arm if against == drawing.baseline else f"{arm} (vs its no-send twin)"
        if net is not None:
            label += f": net {net['value']:+.2f} {drawing.currency}/entrant"
        lift_ax.plot(days, 100 * series(band["value"]), color=colors[arm], lw=1.6, label=label)
    lift_ax.set_title(f"Lift over {drawing.baseline or 'the baseline'} (arm − baseline "
                      "conversion)", loc="left", fontsize=11)
    lift_ax.set_ylabel("percentage points (pp)")
    if lifted:
        lift_ax.legend(loc="best", title="arm", frameon=False)
    for ax in axes:
        style_days_axis(ax, drawing.days)
        ax.set_xlabel("days since entry")
    axes[0].legend(loc="lower right", title="arm", frameon=False)
    if title:  # the figure is ~190 characters wide at these sizes: long lines are wrapped
        r = drawing.replications
        entrants = drawing.metric(drawing.arms[0], "entrants")["value"]
        heading = (f"{drawing.name()}  ·  {entrants:,.0f} entrants per arm, {r} "
                   f"replication{'s' if r != 1 else ''}")
        fig.suptitle("\n".join([heading] + textwrap.wrap(drawing.label(), 150)), x=0.01,
                     ha="left", fontsize=12, fontweight="bold")
    caption = band_caption(drawing)
    caption[-1] += " An arm that sends nothing has an unsubscribe curve of 0."
    lines = [line for part in caption
             for line in textwrap.wrap(part, 190, break_on_hyphens=False)]
    fig.text(0.01, -0.03, "\n".join(lines), fontsize=9, color="0.3", ha="left", va="top")
    return fig


def save(fig, path):
    """Writes PNG or SVG by extension, atomically (a temporary beside it, then a rename) and with
    no date in it, so the same results give the same picture."""
    matplotlib.rcParams["svg.hashsalt"] = "xsellsim"
    kind = os.path.splitext(path)[1].lower().lstrip(".")
    temporary = f"{path}.tmp-{os.getpid()}"
    metadata = {"Date": None} if kind == "svg" else {"Software": None}
    try:
        fig.savefig(temporary, format=kind, dpi=110, bbox_inches="tight", metadata=metadata)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
        plt.close(fig)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", help="the json of `xsellsim plot --data`")
    parser.add_argument("-o", "--output", required=True, help="FILE.png or FILE.svg")
    args = parser.parse_args(argv)
    if os.path.splitext(args.output)[1].lower() not in (".png", ".svg"):
        parser.error(f"{args.output}: the picture must be .png or .svg")
    save(curves_figure(load(args.data)), args.output)


if __name__ == "__main__":
    main()
