"""Conversion, unsubscribe and lift curves of an xsellsim results file (docs/output-format.md).

`xsellsim plot` and `xsellsim report` carry this file inside the binary and run it with Debian's
/usr/bin/python3; it also runs on its own from a clone:

    /usr/bin/python3 tools/python/xsellsim_plot.py OUT.h5 [-o FILE.png|FILE.svg] [--point K]

The program has already checked the file with output::read_results, so this code trusts the
schema. Exit status: 0 success, 2 bad arguments, 1 anything else (a missing module included).
"""
import argparse
import itertools
import json
import math
import os
import sys
import textwrap
import tomllib
from dataclasses import dataclass, field

try:
    import h5py
    import numpy as np
    import matplotlib

    matplotlib.use("Agg")  # no display on a server; the backend must be chosen before pyplot
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MultipleLocator, PercentFormatter
except ImportError as missing:
    PACKAGES = {"h5py": "python3-h5py", "numpy": "python3-numpy",
                "matplotlib": "python3-matplotlib"}
    module = (missing.name or "").split(".")[0]
    sys.exit(f"xsellsim: error: {sys.executable} cannot import {module or missing}: install it "
             f"with `apt-get install {PACKAGES.get(module, 'python3-' + module)}` "
             f"(or run ./tools/setup)")

HOLDOUT = "holdout"
Z975 = 1.959963984540054
# Student's t 0.975 quantiles for 1..9 degrees of freedom; above that a Cornish-Fisher series is
# exact to 1e-5. Tabulated so that numpy alone suffices (scipy is not a build dependency).
T975 = [12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622]


def t975(df):
    """The 0.975 quantile of Student's t with `df` degrees of freedom (df >= 1)."""
    if df < 10:
        return T975[df - 1]
    z = Z975
    return (z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)
            + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * df**3)
            + (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / (92160 * df**4))


# ------------------------------------------------------------------------------------------------
# Reading


def link_name(name):
    """A name (arm, step, swept key) as the writer spells it in HDF5, which cannot hold '/':
    '%' -> %25, '/' -> %2F, and '.' alone -> %2E."""
    if name == ".":
        return "%2E"
    return name.replace("%", "%25").replace("/", "%2F")


def text(value):
    """An HDF5 string as str: h5py gives str or bytes depending on how it was written."""
    return value.decode() if isinstance(value, bytes) else str(value)


def totals(group):
    """{dataset name: its values} for every dataset of an optional group (steps, attribution)."""
    return {name: (item[()], text(item.attrs.get("units", "")))
            for name, item in group.items() if isinstance(item, h5py.Dataset)
            and name not in ("replication", "day", "day_since_entry")}


@dataclass
class Arm:
    """One arm of one point, with replications on the first axis of every array."""
    name: str
    curves: dict  # conversion, unsubscribe: [R, D] Kaplan-Meier curves as written
    counts: dict  # conversion_events, ..._censored, unsubscribe_...: [R, D]
    entrants: np.ndarray  # [R]
    revenue: np.ndarray  # [R] entrants' cross-sell revenue
    daily: dict  # sends, opens, ...: [R, day]
    # "sequence.step" -> {dataset: (values, units)}, in send order when the file says it
    steps: dict = field(default_factory=dict)
    attribution: dict = field(default_factory=dict)  # dataset -> (values, units)
    # Net value (docs/model.md, "Money"): [R] totals over the arm's customers, and the send cost.
    customers: np.ndarray = None
    margin: np.ndarray = None
    subscriber_value: np.ndarray = None
    send_cost: float = 0.0


@dataclass
class Point:
    """What one point of a results file holds, plus the file-wide facts the captions need."""
    path: str
    index: int
    count: int  # points in the file (1 without a sweep)
    parameters: list  # [(dotted key, value as TOML text)] of this point
    arms: list
    scenario: str  # the scenario as TOML text
    currency: str
    seed: int
    version: str

    @property
    def replications(self):
        return len(self.arms[0].entrants)

    @property
    def days(self):
        return self.arms[0].curves["conversion"].shape[1]

    def arm(self, name):
        return next((a for a in self.arms if a.name == name), None)


def scenario_arms(group, text):
    """The arms in run order, without the no-send twins the runner adds (format_version 4's
    `twin_of`: the twin of an arm that changes who enters, its baseline inside `compare`)."""
    names = [text(n) for n in group.attrs["arm_order"]]
    twins = [text(t) for t in group.attrs["twin_of"]] if "twin_of" in group.attrs else []
    return [n for n, t in zip(names, twins + [""] * len(names)) if not t]


def read_arm(group, name):
    """Reads /.../arms/<arm> (docs/output-format.md) into an Arm."""
    g = group[link_name(name)]
    arm = Arm(name=name,
              curves={k: g[k][()] for k in ("conversion", "unsubscribe")},
              counts={k: g[k][()] for k in ("conversion_events", "conversion_censored",
                                            "unsubscribe_events", "unsubscribe_censored")},
              entrants=g["entrants"][()].astype(float),
              revenue=g["entrant_cross_sell_revenue"][()],
              daily={k: v for k, (v, _) in totals(g["daily"]).items()})
    if "margin" in g:  # format_version 2
        arm.customers = g["customers"][()].astype(float)
        arm.margin = g["margin"][()]
        arm.subscriber_value = g["subscriber_value"][()]
        arm.send_cost = float(group.attrs.get("send_cost", 0.0))
    if "steps" in g:
        steps = g["steps"]
        if "step_order" in steps:  # format_version 2 and later: a dataset
            order = [text(n) for n in steps["step_order"][()]]
        else:  # format_version 1: an attribute
            order = [text(n) for n in steps.attrs.get("step_order", [])] or list(steps)
        arm.steps = {n: totals(steps[link_name(n)]) for n in order if link_name(n) in steps}
    if "attribution" in g:
        arm.attribution = totals(g["attribution"])
    return arm


def toml_value_text(value, column):
    """A /points/table value as TOML text: format_version 4 stores numbers as numbers and plain
    strings as strings (units "1"), anything else as TOML text (units "toml", as every column of
    earlier versions)."""
    if isinstance(value, (bytes, str)):
        value = text(value)
        return value if text(column.attrs.get("units", "toml")) == "toml" else json.dumps(value)
    if np.issubdtype(type(value), np.integer):
        return str(int(value))
    return repr(float(value))


def sweep_table(f):
    """[(dotted key, [value as TOML text per point])] of a sweep file; [] without a sweep."""
    if "points" not in f:
        return []
    table = f["points/table"]
    keys = [text(k) for k in table.attrs["parameter_order"]]
    return [(k, [toml_value_text(v, table[link_name(k)]) for v in table[link_name(k)][()]])
            for k in keys]


def read_point(path, index=0):
    """Reads point `index` of a results file (the only one without a sweep)."""
    with h5py.File(path, "r") as f:
        table = sweep_table(f)
        count = len(f["points"]) - 1 if "points" in f else 1
        if not 0 <= index < count:
            print(f"{path}: error: --point {index} is out of range: the file has {count} "
                  f"point(s), 0..{count - 1}", file=sys.stderr)
            sys.exit(2)
        group = f[f"points/{index}/arms"] if "points" in f else f["arms"]
        names = scenario_arms(group, text)
        return Point(path=path, index=index, count=count,
                     parameters=[(k, values[index]) for k, values in table],
                     arms=[read_arm(group, n) for n in names],
                     scenario=text(f.attrs["scenario"]), currency=text(f.attrs["currency"]),
                     seed=int(f.attrs["seed"]), version=text(f.attrs["xsellsim_version"]))


# ------------------------------------------------------------------------------------------------
# Intervals (docs/report.md, "Intervals")


@dataclass
class Band:
    """An estimate with its 95% interval, elementwise."""
    mean: np.ndarray
    low: np.ndarray
    high: np.ndarray


def replication_band(values):
    """Mean +- t(0.975, R-1) * sd / sqrt(R) over axis 0: replications are independent runs, so
    their spread is the Monte Carlo error of the mean."""
    r = len(values)
    mean = values.mean(axis=0)
    half = t975(r - 1) * values.std(axis=0, ddof=1) / math.sqrt(r)
    return Band(mean, mean - half, mean + half)


def greenwood(events, censored):
    """Cumulative incidence 1 - S(d) and Greenwood's variance of S(d) from Kaplan-Meier counts
    pooled over replications: with one replication there is no spread to measure."""
    events = events.astype(float)
    at_risk = np.cumsum((events + censored)[::-1])[::-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        hazard = np.where(at_risk > 0, events / at_risk, 0.0)
        term = np.where(at_risk > events, events / (at_risk * (at_risk - events)), 0.0)
    survival = np.cumprod(1.0 - hazard)
    return 1.0 - survival, survival**2 * np.cumsum(term)


def counts_variance(arm, kind):
    """Greenwood's variance of an arm's `kind` curve ("conversion" or "unsubscribe")."""
    return greenwood(arm.counts[kind + "_events"].sum(axis=0),
                     arm.counts[kind + "_censored"].sum(axis=0))[1]


def curve_band(arm, kind):
    """The arm's `kind` curve by day since entry with its 95% band."""
    curves = arm.curves[kind]
    if len(curves) >= 2:
        return replication_band(curves)
    mean = curves.mean(axis=0)
    half = Z975 * np.sqrt(counts_variance(arm, kind))
    return Band(mean, np.clip(mean - half, 0, 1), np.clip(mean + half, 0, 1))


def lift_band(arm, holdout):
    """Arm minus holdout conversion by day since entry. With R >= 2 from paired per-replication
    differences (the arms share random numbers, so pairing removes the common noise); with one
    replication the two Greenwood variances are added, as if the arms were independent."""
    if len(arm.entrants) >= 2:
        return replication_band(arm.curves["conversion"] - holdout.curves["conversion"])
    mean = arm.curves["conversion"][0] - holdout.curves["conversion"][0]
    half = Z975 * np.sqrt(counts_variance(arm, "conversion") +
                          counts_variance(holdout, "conversion"))
    return Band(mean, mean - half, mean + half)


def net_value(arm, holdout):
    """Net value per entrant against the holdout, per replication (paired): incremental margin,
    less send costs, less the value of subscribers lost; a split holdout is scaled to the arm's
    customers. The same formula as `xsellsim compare` (models/comparison.cpp). None when the file
    does not hold the figures."""
    if arm.margin is None or holdout is None or arm is holdout:
        return None
    scale = arm.customers / np.maximum(holdout.customers, 1)
    costs = arm.send_cost * arm.daily["sends"].sum(axis=1)
    net = (arm.margin - scale * holdout.margin - costs + arm.subscriber_value -
           scale * holdout.subscriber_value) / np.maximum(arm.entrants, 1)
    if len(net) >= 2:
        band = replication_band(net)
        return float(band.mean), float(band.low), float(band.high)
    return float(net[0]), None, None


def band_method(replications):
    """One sentence on how the bands were computed, for captions."""
    if replications >= 2:
        return (f"Shaded: 95% intervals over {replications} replications, mean ± "
                f"t(0.975, {replications - 1})·SE; lift from paired per-replication differences.")
    return ("Shaded: 95% Greenwood intervals from the Kaplan-Meier counts (one replication). The "
            "lift band adds both arms' variances as if independent, which overstates it (the arms "
            "share customers): run --replications 3 or more for paired bands.")


# ------------------------------------------------------------------------------------------------
# Drawing


def arm_colors(point):
    """A fixed colour per arm: grey for the holdout, the tab10 cycle for the others."""
    others = itertools.cycle(plt.get_cmap("tab10").colors)
    return {a.name: "0.35" if a.name == HOLDOUT else next(others) for a in point.arms}


def style_days_axis(ax, days):
    """Days on x with a tick every 30 (the report's table reads at days 30, 60, 90 and 180)."""
    ax.set_xlim(0, days - 1)
    ax.xaxis.set_major_locator(MultipleLocator(30 if days > 60 else 7))
    ax.grid(True, color="0.9", linewidth=0.8)
    ax.set_axisbelow(True)


def point_label(point):
    """'point 2 of 6: key = value, ...' for a sweep file, '' otherwise."""
    if not point.parameters:
        return ""
    values = ", ".join(f"{k} = {v}" for k, v in point.parameters)
    return f"point {point.index} of {point.count}: {values}"


def curves_figure(point, title=True):
    """Three panels by day since entry: conversion and unsubscribes per arm, and each arm's lift
    over the holdout, every curve with its 95% band."""
    days = np.arange(point.days)
    colors = arm_colors(point)
    fig, axes = plt.subplots(1, 3, figsize=(14, 4.6), layout="constrained")
    panels = [("conversion", "Converted (cross-sell purchase)", "share of entrants"),
              ("unsubscribe", "Unsubscribed", "share of entrants")]
    for ax, (kind, heading, ylabel) in zip(axes, panels):
        for arm in point.arms:
            band = curve_band(arm, kind)
            ax.fill_between(days, band.low, band.high, color=colors[arm.name], alpha=0.2, lw=0)
            baseline = arm.name == HOLDOUT  # dashed and on top: the other arms hide it otherwise
            ax.plot(days, band.mean, color=colors[arm.name], lw=1.4 if baseline else 1.6,
                    ls="--" if baseline else "-", zorder=3 if baseline else 2, label=arm.name)
        ax.set_title(heading, loc="left", fontsize=11)
        ax.set_ylabel(ylabel)
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=None))
        ax.set_ylim(bottom=0)
    holdout = point.arm(HOLDOUT)
    lift_ax = axes[2]
    lift_ax.axhline(0, color="0.35", lw=1, ls="--")
    if holdout is None:
        lift_ax.text(0.5, 0.5, "no holdout arm in this file", ha="center",
                     transform=lift_ax.transAxes)
    for arm in point.arms:
        if holdout is None or arm is holdout:
            continue
        band = lift_band(arm, holdout)
        lift_ax.fill_between(days, 100 * band.low, 100 * band.high, color=colors[arm.name],
                             alpha=0.2, lw=0)
        net = net_value(arm, holdout)
        label = arm.name if net is None else f"{arm.name}: net {net[0]:+.2f} {point.currency}/entrant"
        lift_ax.plot(days, 100 * band.mean, color=colors[arm.name], lw=1.6, label=label)
    lift_ax.set_title("Lift over the holdout (arm − holdout conversion)", loc="left", fontsize=11)
    lift_ax.set_ylabel("percentage points (pp)")
    if holdout is not None and len(point.arms) > 1:
        lift_ax.legend(loc="best", title="arm", frameon=False)
    for ax in axes:
        style_days_axis(ax, point.days)
        ax.set_xlabel("days since entry")
    axes[0].legend(loc="lower right", title="arm", frameon=False)
    if title:  # the figure is ~190 characters wide at these sizes: long lines are wrapped
        r = point.replications
        heading = (f"{scenario_name(point)}  ·  {point.arms[0].entrants.mean():,.0f} entrants "
                   f"per arm, {r} replication{'s' if r != 1 else ''}")
        fig.suptitle("\n".join([heading] + textwrap.wrap(point_label(point), 150)), x=0.01,
                     ha="left", fontsize=12, fontweight="bold")
    caption = band_method(point.replications) + " The holdout gets no email: its unsubscribe " \
        "curve is 0."
    fig.text(0.01, -0.03, textwrap.fill(caption, 190), fontsize=9, color="0.3", ha="left",
             va="top")
    return fig


def scenario_name(point):
    """The scenario's `name`, or the file's name when the scenario has none."""
    try:
        return tomllib.loads(point.scenario).get("name") or os.path.basename(point.path)
    except tomllib.TOMLDecodeError:
        return os.path.basename(point.path)


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
    parser.add_argument("results")
    parser.add_argument("-o", "--output", help="FILE.png or FILE.svg (default: RESULTS.png)")
    parser.add_argument("--point", type=int, default=0, help="point of a sweep (default 0)")
    args = parser.parse_args(argv)
    output = args.output or os.path.splitext(args.results)[0] + ".png"
    if os.path.splitext(output)[1].lower() not in (".png", ".svg"):
        parser.error(f"{output}: the picture must be .png or .svg")
    save(curves_figure(read_point(args.results, args.point)), output)


if __name__ == "__main__":
    main()
