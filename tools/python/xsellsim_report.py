"""One self-contained HTML page about an xsellsim results file (docs/report.md).

`xsellsim report` carries this file (and xsellsim_plot.py, which it imports) inside the binary and
runs it with Debian's /usr/bin/python3; from a clone it also runs on its own:

    /usr/bin/python3 tools/python/xsellsim_report.py OUT.h5 [-o report.html] [--point K]

Self-contained means the page loads nothing: CSS is inline, figures are inline SVG, no script.
"""
import argparse
import html
import io
import math
import os
import re
import tomllib

import xsellsim_plot as xp
from xsellsim_plot import HOLDOUT, h5py, np, plt

TABLE_DAYS = (30, 60, 90, 180)
LIFT_DAY = 90  # the day the lift columns and the sweep heat map read (as `run`'s summary does)
# "m" is how results files written before "min" spelled minutes.
UNITS = {"s": 1 / 86400, "min": 1 / 1440, "m": 1 / 1440, "h": 1 / 24, "d": 1, "w": 7}
UNIT_NAMES = {"s": "second", "min": "minute", "m": "minute", "h": "hour", "d": "day", "w": "week"}


# ------------------------------------------------------------------------------------------------
# Formatting


def esc(value):
    """Scenario names and descriptions are user text: escape them before they enter the page."""
    return html.escape(str(value))


def days_of(duration):
    """A scenario duration ("36h", "1.5d") in days; None when it is not one."""
    match = re.fullmatch(r"\s*([0-9.]+)\s*(min|[smhdw])\s*", str(duration))
    return float(match[1]) * UNITS[match[2]] if match else None


def spoken(duration):
    """A duration as words: 21d -> 21 days, 1d -> 1 day, 36h -> 36 hours."""
    match = re.fullmatch(r"\s*([0-9.]+)\s*(min|[smhdw])\s*", str(duration))
    if not match:
        return str(duration)
    number = float(match[1])
    shown = f"{number:g}"
    return f"{shown} {UNIT_NAMES[match[2]]}{'' if number == 1 else 's'}"


def pct(value, digits=2):
    return "–" if value is None or not math.isfinite(value) else f"{100 * value:.{digits}f}%"


def interval(low, high, scale=100, digits=2, unit="%", sign=False):
    """A 95% interval "low – high" as the grey second line of a table cell ("" when unknown)."""
    if low is None or not (math.isfinite(low) and math.isfinite(high)):
        return ""
    return (f'<span class="ci">{number(scale * low, digits, sign)} – '
            f'{number(scale * high, digits, sign)}{unit}</span>')


def number(value, digits, sign=False):
    """A rounded number without a negative zero ("-0.0" reads as a sign that is not there)."""
    return f"{round(value, digits) + 0.0:{'+' if sign else ''}.{digits}f}"


def cell(main, second=""):
    return f"<td>{main}{'<br>' + second if second else ''}</td>"


def svg(fig, salt):
    """A figure as inline SVG: no XML prolog or DOCTYPE (they name external DTDs), no metadata,
    and ids salted per figure so that several figures on one page cannot share an id."""
    plt.rcParams["svg.hashsalt"] = salt
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    text = buffer.getvalue()
    text = text[text.index("<svg"):]
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.S)
    return re.sub(r"<svg ", f'<svg role="img" aria-label="{esc(salt)}" ', text, count=1)


# ------------------------------------------------------------------------------------------------
# The scenario in plain language


def merged(base, override):
    """The loader's deep merge of an arm's partial `sequences` table over the base."""
    out = dict(base)
    for key, value in override.items():
        out[key] = merged(out[key], value) if isinstance(value, dict) and isinstance(
            out.get(key), dict) else value
    return out


def send_order(name, steps, order):
    """A sequence's steps in send order when the file records it (`step_order`, as
    "sequence.step"); the TOML stored in the file lists them by name."""
    rank = {n: i for i, n in enumerate(order)}
    return sorted(steps.items(), key=lambda item: rank.get(f"{name}.{item[0]}", len(rank)))


def offer_text(spec):
    """A step's offer and content extras in words ("15% off for 2 days, a 14 days trial")."""
    parts = []
    if spec.get("discount", 0):
        parts.append(f"{100 * spec['discount']:g}% off")
    if spec.get("discount_amount", 0):
        parts.append(f"{spec['discount_amount']:g} off")
    if parts and "discount_expires" in spec:
        parts[-1] += f" for {spoken(spec['discount_expires'])}"
    if spec.get("recommend") == "bundle":
        parts.append(f"bundle of {spec.get('bundle_size', 2)} at "
                     f"{100 * spec.get('bundle_price', 1):g}% of the price")
    if "trial" in spec:
        parts.append(f"a {spoken(spec['trial'])} trial")
    if spec.get("demonstration"):
        parts.append("a use-case demonstration")
    if spec.get("subject") == "personalized":
        parts.append("personalized subject")
    return ", ".join(parts) or "–"


def flow_text(spec):
    """When the step is sent and where the sequence goes after it."""
    parts = []
    if "send_at" in spec:
        parts.append(f"at the next {spec['send_at']} local time")
    if "condition" in spec:
        on_fail = spec.get("on_fail", "skip")
        otherwise = {"skip": "skipped", "stop": "the sequence stops",
                     "wait": f"waits up to {spoken(spec.get('wait_timeout', '7d'))}"}.get(
                         on_fail, f"go to {on_fail}")
        parts.append(f"only if {spec['condition']}, else {otherwise}")
    if "next" in spec:
        parts.append("then the sequence ends" if spec["next"] == "end" else f"then {spec['next']}")
    return "; ".join(parts) or "–"


def days_since_entry(steps):
    """Each step's day since entry on its first pass, {step: days}, as `describe` says it: along
    `next` (else the listed order) from the first step, then through branches; `delay` counts from
    the step before, `at` from entry (never before the step before). Waits, send_at and the policy
    may send a step later; a step reached otherwise has no day."""
    names = [name for name, _ in steps]
    spec = dict(steps)
    since = {}

    def reach(name, before):
        timing = spec[name]
        if "at" in timing:
            since[name] = max(days_of(timing["at"]) or 0.0, before)
        else:
            since[name] = before + (days_of(timing.get("delay", "0d")) or 0.0)

    def walk(name):
        while True:
            following = spec[name].get("next")
            if following is None:
                index = names.index(name) + 1
                following = names[index] if index < len(names) else None
            if following is None or following not in spec or following in since:
                return
            reach(following, since[name])
            name = following

    if names:
        reach(names[0], 0.0)
        walk(names[0])
        more = True
        while more:
            more = False
            for name in names:
                branch = spec[name].get("on_fail")
                if name in since and branch in spec and branch not in since:
                    reach(branch, since[name])
                    walk(branch)
                    more = True
    return since


def timing_text(spec):
    """A step's own timing: "5 days" (after the step before) or "at 10 days" (after entry)."""
    if "at" in spec:
        return f"at {spoken(spec['at'])}"
    return spoken(spec.get("delay", "?"))


def steps_table(sequences, order):
    """The steps of every enabled sequence, as an HTML table."""
    rows = []
    for name, sequence in sequences.items():
        if not sequence.get("enabled", True):
            rows.append(f"<tr><td>{esc(name)}</td><td colspan=6>disabled</td></tr>")
            continue
        steps = send_order(name, sequence.get("steps", {}), order)
        since = days_since_entry(steps) if order else {}
        for step, spec in steps:
            day = f"{since[step]:g}" if step in since else "–"
            rows.append(f"<tr><td>{esc(name)}</td><td>{esc(step)}</td>"
                        f"<td>{esc(timing_text(spec))}</td><td>{esc(day)}</td>"
                        f"<td>{esc(spec.get('recommend', 'top_complement'))}</td>"
                        f"<td>{esc(offer_text(spec))}</td><td>{esc(flow_text(spec))}</td></tr>")
    return ("<table class=steps><tr><th>sequence</th><th>step</th><th>delay</th>"
            "<th>day since entry</th>"
            "<th>recommends</th><th>offer</th><th>when and then</th></tr>" + "".join(rows)
            + "</table>")


def triggers(sequence):
    """What enters a customer, in words: "buys camera", "leaves tripod in the cart"."""
    trigger = sequence.get("trigger", {})
    names = " or ".join(
        trigger.get("products", []) + [f"any {c}" for c in trigger.get("categories", [])]) or "?"
    event = trigger.get("event", "purchase")
    if event == "browse":
        return (f"visits {names} {trigger.get('visits', 3)} times within "
                f"{spoken(trigger.get('window', '7d'))}")
    if event == "cart":
        return f"leaves {names} in the cart for {spoken(trigger.get('wait', '1d'))}"
    return f"buys {names}"


def point_scenario(point):
    """The scenario as this point ran it: the file's scenario with the point's swept values set
    over it (None when the text does not parse)."""
    try:
        scenario = tomllib.loads(point.scenario)
        for key, value in point.parameters:
            scenario = merged(scenario, tomllib.loads(f"{key} = {value}"))
        return scenario
    except tomllib.TOMLDecodeError:
        return None


def scenario_section(point):
    """Who is simulated, for how long, what they may want, and what each arm sends."""
    s = point_scenario(point)
    if s is None:
        return "<p>The scenario text in this file could not be parsed.</p>"
    population = s.get("population", {})
    parts = [] if not point.parameters else [
        f"<p>As run at point {point.index} of the sweep, with "
        + ", ".join(f"<code>{esc(k)} = {esc(v)}</code>" for k, v in point.parameters) + ".</p>"]
    parts += [f"<p>{population.get('size', 0):,} simulated customers over "
             f"{esc(spoken(population.get('horizon', '?')))}; their first purchases are spread "
             f"over the first {esc(spoken(population.get('acquisition', '0d')))}. "
             f"{point.replications} replication{'s' if point.replications != 1 else ''}, "
             f"seed {point.seed}. Money is in {esc(point.currency)}.</p>"]
    segments = s.get("segments", {})
    if segments:
        described = ", ".join(
            f"<b>{esc(n)}</b> ({100 * g.get('share', 0):g}% of customers, "
            f"{100 * g.get('subscribed', 1):g}% subscribed to email)" for n, g in segments.items())
        parts.append(f"<p>Segments: {described}.</p>")
    edges = [(p, other, edge) for p, spec in s.get("products", {}).items()
             for other, edge in spec.get("complements", {}).items()]
    edges.sort(key=lambda e: days_of(e[2].get("lag", "0d")) or 0)  # in the order needs form
    needs = [f"<li>buying a <b>{esc(product)}</b> creates a need for a <b>{esc(other)}</b> "
             f"with probability {edge.get('probability', 0):g}, formed after about "
             f"{esc(spoken(edge.get('lag', '0d')))} and lasting about "
             f"{esc(spoken(edge.get('duration', '?')))}</li>" for product, other, edge in edges]
    if needs:
        parts.append("<p>Cross-sell needs (an email converts only a need that exists):</p>"
                     f"<ul>{''.join(needs)}</ul>")
    if "fatigue" in s:
        parts.append(f"<p>Email fatigue halves every "
                     f"{esc(spoken(s['fatigue'].get('half_life', '?')))}.</p>")
    base = s.get("sequences", {})
    arms = s.get("arms", {})
    for arm in point.arms:
        spec = arms.get(arm.name, {})
        description = esc(spec.get("description", ""))
        if arm.name == HOLDOUT:
            share = f" ({100 * spec['share']:g}% of customers)" if "share" in spec else ""
            parts.append(f"<h3>{esc(arm.name)}{esc(share)}</h3><p>"
                         f"{(description or 'receives no email').capitalize()}: it measures what "
                         "entrants buy anyway.</p>")
            continue
        sequences = merged(base, spec.get("sequences", {}))
        entry = " ".join(f"Sequence <b>{esc(n)}</b> starts when a customer "
                         f"{esc(triggers(q))}." for n, q in sequences.items())
        share = f" ({100 * spec['share']:g}% of customers)" if "share" in spec else ""
        parts.append(f"<h3>{esc(arm.name)}{esc(share)}</h3>"
                     f"<p>{description[:1].upper() + description[1:]}"
                     f"{'. ' if description else ''}{entry}</p>"
                     + steps_table(sequences, list(arm.steps)))
    in_order = any(arm.steps for arm in point.arms)
    order_note = ('Steps are listed in the order they are sent.' if in_order else
                  'This file does not record the send order (its scenario text lists steps by '
                  'name), so neither does this list.')
    parts.append('<p class=note>Each delay counts from entry (first step) or from the previous '
                 'step; "at" counts from entry. The day since entry is each step\'s first pass, '
                 'before quiet hours, a cap or a wait move it. ' + order_note + '</p>')
    return "".join(parts)


# ------------------------------------------------------------------------------------------------
# The arms table


def at(band, day):
    """(mean, low, high) of a band at `day`, or Nones past the horizon."""
    if day >= len(band.mean):
        return None, None, None
    return band.mean[day], band.low[day], band.high[day]


def relative_lift(arm, holdout, day):
    """(arm - holdout) / holdout at `day` with its 95% interval: over replications from paired
    ratios, else by the delta method on the two Greenwood variances."""
    a, h = arm.curves["conversion"][:, day], holdout.curves["conversion"][:, day]
    if h.min() <= 0:
        return None, None, None
    if len(a) >= 2:
        band = xp.replication_band(a / h - 1)
        return float(band.mean), float(band.low), float(band.high)
    va = xp.counts_variance(arm, "conversion")[day]
    vh = xp.counts_variance(holdout, "conversion")[day]
    value = a[0] / h[0] - 1
    half = xp.Z975 * math.sqrt(va / h[0] ** 2 + a[0] ** 2 * vh / h[0] ** 4)
    return value, value - half, value + half


def revenue_per_entrant(arm):
    per = arm.revenue / np.maximum(arm.entrants, 1)
    if len(per) >= 2:
        band = xp.replication_band(per)
        return float(band.mean), float(band.low), float(band.high)
    return float(per[0]), None, None


def arms_table(point):
    holdout = point.arm(HOLDOUT)
    lift_day = min(LIFT_DAY, point.days - 1)
    head = ("<tr><th rowspan=2 class=left>arm</th><th rowspan=2>entrants</th>"
            f"<th colspan={len(TABLE_DAYS)} class=group>converted by day since entry</th>"
            f"<th colspan=2 class=group>lift over the holdout at day {lift_day}</th>"
            f"<th rowspan=2>unsubscribed<br>by day {lift_day}</th>"
            f"<th rowspan=2>revenue per<br>entrant ({esc(point.currency)})</th>"
            f"<th rowspan=2>net value per<br>entrant ({esc(point.currency)})</th></tr><tr>"
            + "".join(f"<th>day {d}</th>" for d in TABLE_DAYS)
            + "<th>points</th><th>relative</th></tr>")
    rows = []
    for arm in point.arms:
        conversion = xp.curve_band(arm, "conversion")
        unsubscribe = at(xp.curve_band(arm, "unsubscribe"), lift_day)
        cells = [f"<th class=left>{esc(arm.name)}</th>", cell(f"{arm.entrants.mean():,.0f}")]
        for day in TABLE_DAYS:
            mean, low, high = at(conversion, day)
            cells.append(cell(pct(mean), interval(low, high)))
        if holdout is None or arm is holdout:
            cells += [cell("–"), cell("–")]
        else:
            mean, low, high = at(xp.lift_band(arm, holdout), lift_day)
            cells.append(cell(f"{number(100 * mean, 2, True)} pp",
                              interval(low, high, unit=" pp", sign=True)))
            rel, rlow, rhigh = relative_lift(arm, holdout, lift_day)
            cells.append(cell("–" if rel is None else f"{number(100 * rel, 1, True)}%",
                              interval(rlow, rhigh, digits=1, sign=True)))
        if arm is holdout:
            cells.append(cell("0 <span class=ci>(no email)</span>"))
        else:
            cells.append(cell(pct(unsubscribe[0], 3), interval(*unsubscribe[1:], digits=3)))
        mean, low, high = revenue_per_entrant(arm)
        cells.append(cell(f"{mean:,.2f}", interval(low, high, scale=1, unit="")))
        net = xp.net_value(arm, holdout)
        cells.append(cell("–") if net is None else
                     cell(f"{net[0]:+,.2f}", interval(net[1], net[2], scale=1, unit="", sign=True)))
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table id="arms-table" class=numbers>{head}{"".join(rows)}</table>'


# ------------------------------------------------------------------------------------------------
# Funnel, fatigue, sweep, attribution


ARM_STAGES = [("sends", "emails sent"), ("opens", "opened"), ("clicks", "clicked"),
              ("email_purchases", "orders from an email"),
              ("cross_sell_purchases", "cross-sell orders<br>(any source)")]
STEP_STAGES = [("sends", "emails sent"), ("opens", "opened"), ("clicks", "clicked"),
               ("conversions", "orders from the email")]


def funnel_columns(available, stages):
    """The funnel stages this file has, in order, with their headings."""
    present = [(k, title) for k, title in stages if k in available]
    return [(k, title + (f"<br><span class=ci>% of {present[i - 1][1].split('<')[0]}</span>"
                         if 0 < i and k != "cross_sell_purchases" else ""))
            for i, (k, title) in enumerate(present)]


def funnel_rows(label, series, columns, replications, baseline=None):
    """One funnel row of per-replication means: each email stage also as a share of the stage
    before it, and cross-sell orders against the holdout's (the email's effect)."""
    cells, previous = [f"<th class=left>{label}</th>"], None
    for key, _ in columns:
        total = float(np.asarray(series[key]).sum()) / replications
        if key == "cross_sell_purchases":
            extra = "" if baseline is None else (
                f'<span class="ci">{total - baseline:+,.0f} vs holdout</span>')
        else:
            extra = "" if not previous else f'<span class="ci">{100 * total / previous:.1f}%</span>'
        cells.append(cell(f"{total:,.0f}", extra))
        previous = total
    return "<tr>" + "".join(cells) + "</tr>"


def funnel_section(point):
    columns = funnel_columns(point.arms[0].daily, ARM_STAGES)
    head = "<tr><th class=left>arm</th>" + "".join(f"<th>{t}</th>" for _, t in columns) + "</tr>"
    holdout = point.arm(HOLDOUT)
    baseline = None if holdout is None or "cross_sell_purchases" not in holdout.daily else (
        float(holdout.daily["cross_sell_purchases"].sum()) / point.replications)
    rows = [funnel_rows(esc(a.name), a.daily, columns, point.replications,
                        None if a is holdout else baseline) for a in point.arms]
    text = [f"<table class=numbers>{head}{''.join(rows)}</table>",
            "<p class=note>Totals over the whole run, mean per replication. Cross-sell orders "
            "count organic ones too: the holdout shows the baseline.</p>"]
    steps = [(arm, step, {k: v for k, (v, _) in series.items()})
             for arm in point.arms for step, series in arm.steps.items()]
    steps = [row for row in steps if any(np.asarray(v).any() for v in row[2].values())]
    if steps:
        columns = funnel_columns(steps[0][2], STEP_STAGES)
        rows = [funnel_rows(f"{esc(arm.name)} / {esc(step)}", values, columns,
                            point.replications) for arm, step, values in steps]
        text.append("<h3>By step</h3><table class=numbers><tr><th class=left>arm / step</th>"
                    + "".join(f"<th>{t}</th>" for _, t in columns) + "</tr>" + "".join(rows)
                    + "</table>")
    else:
        text.append("<p class=note>Per-step counts are not in this file (an early "
                    "format_version 1 recorded the funnel per arm).</p>")
    text.append(policy_table(point))
    return "".join(text)


POLICY_COUNTS = [("capped_delayed", "held by the cap"), ("capped_skipped", "dropped by the cap"),
                 ("quiet_delayed", "held by quiet hours")]


def policy_table(point):
    """What the frequency cap and quiet hours did to each step's emails (format_version 3): a cap
    that never binds shows as one that held nothing."""
    steps = [(arm, step, series) for arm in point.arms for step, series in arm.steps.items()]
    if not any("capped_delayed" in series for _, _, series in steps):
        return ""
    rows = []
    for arm, step, series in steps:
        totals = [float(np.asarray(series[k][0]).sum()) / point.replications
                  if k in series else 0.0 for k, _ in POLICY_COUNTS]
        if any(totals):
            sends = float(np.asarray(series["sends"][0]).sum()) / point.replications
            rows.append(f"<tr><th class=left>{esc(arm.name)} / {esc(step)}</th>"
                        + cell(f"{sends:,.0f}") + "".join(cell(f"{t:,.0f}") for t in totals)
                        + "</tr>")
    if not rows:
        return ("<p class=note>The frequency cap and quiet hours held or dropped no email "
                "(or the scenario has neither).</p>")
    return ("<h3>Held or dropped by the policy</h3><table class=numbers><tr><th class=left>arm / "
            "step</th><th>emails sent</th>" + "".join(f"<th>{t}</th>" for _, t in POLICY_COUNTS)
            + "</tr>" + "".join(rows) + "</table><p class=note>Emails per replication, each "
            "counted once however often it was held; a held email may have gone past the "
            "horizon.</p>")


def over_time_figure(point):
    """Calendar-day pressure and its cost: emails sent, unsubscribes (7-day mean) and the
    subscriber list compared with the holdout's."""
    colors = xp.arm_colors(point)
    holdout = point.arm(HOLDOUT)
    fig, axes = plt.subplots(1, 3, figsize=(14, 4.2), layout="constrained")
    week = np.ones(7) / 7
    for arm in point.arms:
        daily = {k: np.asarray(v, float).mean(axis=0) for k, v in arm.daily.items()}
        days = np.arange(len(daily["sends"]))
        axes[0].plot(days, daily["sends"], color=colors[arm.name], lw=1.3, label=arm.name)
        smooth = np.convolve(daily["unsubscribes"], week, mode="same")
        axes[1].plot(days, smooth, color=colors[arm.name], lw=1.3, label=arm.name)
        if holdout is not None:
            base = np.asarray(holdout.daily["subscribers"], float).mean(axis=0)
            axes[2].plot(days, daily["subscribers"] - base, color=colors[arm.name], lw=1.3,
                         label=arm.name)
    titles = [("Emails sent per day", "emails per day"),
              ("Unsubscribes per day (7-day mean)", "customers per day"),
              ("Subscribers, difference from the holdout", "customers")]
    for ax, (title, ylabel) in zip(axes, titles):
        ax.set_title(title, loc="left", fontsize=11)
        ax.set_ylabel(ylabel)
        ax.set_xlabel("day of the run")
        xp.style_days_axis(ax, len(days))
    axes[0].legend(title="arm", frameon=False)
    fig.text(0.01, -0.04, "Means over replications, by calendar day since the start of the run "
             "(not since entry). The fatigue stock itself is not in the file: sends drive it.",
             fontsize=9, color="0.3", ha="left")
    return fig


def toml_literal(text):
    """A swept value as written in /points/table (TOML text: 3, "2d") as Python: 3, "2d"."""
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def level_label(text):
    """A swept value for an axis: strings without their TOML quotes."""
    value = toml_literal(text)
    return value if isinstance(value, str) else text


def sorted_levels(values):
    """The distinct swept values in increasing order (durations by length), else as they come."""
    def key(text):
        value = toml_literal(text)
        return days_of(value) if isinstance(value, str) and days_of(value) is not None else value
    levels = list(dict.fromkeys(values))
    try:
        return sorted(levels, key=key)
    except TypeError:
        return levels


def sweep_lifts(path, day):
    """[point] -> {arm: lift over the holdout at `day`, mean over replications}."""
    lifts = []
    with h5py.File(path, "r") as f:
        for k in range(len(f["points"]) - 1):
            group = f[f"points/{k}/arms"]
            names = xp.scenario_arms(group, xp.text)
            conversion = {n: group[xp.link_name(n)]["conversion"][:, day].mean() for n in names}
            lifts.append({n: conversion[n] - conversion[HOLDOUT] for n in names
                          if n != HOLDOUT and HOLDOUT in conversion})
    return lifts


def heat_map_figure(point, day):
    """Each arm's lift at `day` over the first two swept parameters (one row when only one was
    swept; points that differ only in further parameters are averaged), the point the report
    describes outlined."""
    with h5py.File(point.path, "r") as f:
        table = xp.sweep_table(f)
    lifts = sweep_lifts(point.path, day)
    (xkey, xvalues), (ykey, yvalues) = table[0], table[1] if len(table) > 1 else ("", [""] * len(
        table[0][1]))
    xs, ys = sorted_levels(xvalues), sorted_levels(yvalues)
    cells = [(ys.index(y), xs.index(x)) for x, y in zip(xvalues, yvalues)]
    arms = list(lifts[0])
    grids = {}
    for arm in arms:
        grid = np.full((len(ys), len(xs)), np.nan)
        for i, j in set(cells):
            grid[i, j] = 100 * np.mean([lift[arm] for lift, c in zip(lifts, cells) if c == (i, j)])
        grids[arm] = grid
    limit = max(np.nanmax(np.abs(g)) for g in grids.values()) or 1
    fig, axes = plt.subplots(1, len(arms), squeeze=False, layout="constrained",
                             figsize=(min(5 * len(arms) + 1.5, 14), 1.6 + 0.5 * len(ys)))
    for ax, arm in zip(axes[0], arms):
        image = ax.imshow(grids[arm], cmap="RdBu", vmin=-limit, vmax=limit, aspect="auto",
                          origin="lower")
        for (i, j), value in np.ndenumerate(grids[arm]):
            if math.isfinite(value):
                ax.text(j, i, f"{value:+.2f}", ha="center", va="center", fontsize=9,
                        color="white" if abs(value) > 0.6 * limit else "black")
        i, j = cells[point.index]
        ax.add_patch(plt.Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, lw=2.5, color="black"))
        ax.set_xticks(range(len(xs)), [level_label(x) for x in xs])
        ax.set_yticks(range(len(ys)), [level_label(y) for y in ys])
        ax.set_xlabel(xkey, fontsize=9)
        ax.set_ylabel(ykey, fontsize=9)
        ax.set_title(f"{arm}: lift at day {day}", loc="left", fontsize=11)
    fig.colorbar(image, ax=axes[0].tolist(), label="lift, percentage points", shrink=0.9)
    return fig, table


def sweep_section(point):
    """The heat map of lift over the sweep (sweep files only)."""
    if point.count <= 1 or not point.parameters:
        return ""
    day = min(LIFT_DAY, point.days - 1)
    fig, table = heat_map_figure(point, day)
    keys = ", ".join(f"<code>{esc(k)}</code>" for k, _ in table)
    averaged = (f" Points that differ only in {', '.join(esc(k) for k, _ in table[2:])} are "
                "averaged." if len(table) > 2 else "")
    values = ", ".join(f"{esc(k)} = {esc(v)}" for k, v in point.parameters)
    return (f"<h2>Sweep</h2><p>This file holds {point.count} points over {keys}. Everything "
            f"above is point {point.index} ({values}), outlined below. The heat map shows each "
            f"arm's lift over the holdout at day {day} in percentage points (mean over "
            f"replications).{averaged}</p><figure>{svg(fig, 'sweep heat map')}</figure>")


def attribution_section(point):
    """What the file credits to the emails: an `attribution` group per arm, and the revenue
    each step's group credits to it under each rule (`revenue_*`). The page says when there is
    neither, so that a reader does not look for it."""
    r = point.replications
    parts = []
    rows = [f"<tr><th class=left>{esc(arm.name)}</th><td class=left>{esc(name)}</td>"
            f"<td>{float(np.asarray(values).sum()) / r:,.2f}</td>"
            f"<td class=left>{esc(units)}</td></tr>"
            for arm in point.arms for name, (values, units) in arm.attribution.items()]
    if rows:
        parts.append("<table class=numbers><tr><th class=left>arm</th><th class=left>dataset"
                     "</th><th>total (mean per replication)</th><th class=left>units</th></tr>"
                     + "".join(rows) + "</table>")
    credit = [(arm, step, {k: np.asarray(v, float) for k, (v, _) in series.items()
                           if k.startswith("revenue_")})
              for arm in point.arms for step, series in arm.steps.items()]
    credit = [c for c in credit if any(v.any() for v in c[2].values())]  # not the holdout
    if credit:
        rules = [k for k in dict.fromkeys(k for _, _, cols in credit for k in cols)
                 if k != "revenue_without_step"]
        counterfactual = any(cols.get("revenue_without_step", np.zeros(1)).any()
                             for _, _, cols in credit)
        head = "".join(f"<th>{esc(k.removeprefix('revenue_').replace('_', ' '))}</th>"
                       for k in rules) + ("<th>incremental<br><span class=ci>arm − without "
                                          "the step</span></th>" if counterfactual else "")
        body = []
        for arm, step, cols in credit:
            cells = [cell(f"{cols[k].sum() / r:,.2f}") if k in cols else cell("–") for k in rules]
            if counterfactual:
                cells.append(cell(f"{(arm.revenue - cols['revenue_without_step']).mean():,.2f}"))
            body.append(f"<tr><th class=left>{esc(arm.name)} / {esc(step)}</th>"
                        + "".join(cells) + "</tr>")
        parts.append(f"<p>Revenue credited to each step ({esc(point.currency)}, mean per "
                     "replication) by each attribution rule. The rules share out the same "
                     "revenue differently; none of them is the effect of the email, which the "
                     "lift over the holdout measures.</p><table class=numbers><tr><th "
                     f"class=left>arm / step</th>{head}</tr>{''.join(body)}</table>")
    if not parts:
        parts.append("<p>Attribution is not in this file: it has no <code>/arms/&lt;arm&gt;/"
                     "attribution</code> groups and no per-step revenue credit. The lift columns "
                     "above are the causal effect of each arm (a comparison with the holdout on "
                     "the same customers).</p>")
    return "".join(parts)


def methods_section(point):
    r = point.replications
    if r >= 2:
        how = (f"With {r} replications each figure is the mean over replications and its 95% "
               f"interval is mean ± t<sub>0.975, {r - 1}</sub> · sd / √{r} "
               f"(t = {xp.t975(r - 1):.3f}). Lift intervals use the paired per-replication "
               f"differences arm − holdout: the arms run on the same simulated customers.")
    else:
        how = ("With one replication, conversion and unsubscribe intervals come from Greenwood's "
               "formula on the Kaplan-Meier counts (±1.96 standard errors, clipped to [0, 1]); "
               "a lift interval adds the two arms' variances as if they were independent, which "
               "overstates it since the arms share random numbers. Revenue per entrant has no "
               "interval with one replication; run with <code>--replications 3</code> or more.")
    return f"<p>{how} See docs/report.md in the xsellsim sources.</p>"


# ------------------------------------------------------------------------------------------------
# The page

CSS = """
body { font: 15px/1.45 system-ui, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #222;
       max-width: 1200px; margin: 2em auto; padding: 0 1.5em; }
h1 { margin-bottom: .1em; }
h2 { margin-top: 2em; border-bottom: 1px solid #ddd; padding-bottom: .2em; }
h3 { margin: 1.2em 0 .3em; }
.sub { color: #555; margin-top: 0; }
.note { color: #666; font-size: 13px; }
table { border-collapse: collapse; margin: .6em 0; }
th, td { padding: .35em .7em; border-bottom: 1px solid #e4e4e4; vertical-align: top; }
th { text-align: left; background: #f6f6f6; font-weight: 600; }
table.numbers th { text-align: right; }
table.numbers th.left { text-align: left; }
table.numbers th.group { text-align: center; border-bottom: 1px solid #ccc; }
table.numbers td { text-align: right; font-variant-numeric: tabular-nums; }
table.numbers td.left { text-align: left; }
table.steps { font-size: 14px; }
.ci { color: #777; font-size: 12px; font-weight: normal; white-space: nowrap; }
figure { margin: 1em 0; }
figure svg { max-width: 100%; height: auto; }
code { font-size: 13px; }
"""


def page(point):
    """The whole report as one HTML string."""
    scenario = point_scenario(point) or {}
    name = scenario.get("name") or os.path.basename(point.path)
    curves = xp.curves_figure(point, title=False)
    sections = [
        f"<h1>{esc(name)}</h1><p class=sub>{esc(scenario.get('description', ''))}</p>",
        f"<p class=note>{esc(os.path.basename(point.path))}, written by xsellsim "
        f"{esc(point.version)}{' · ' + esc(xp.point_label(point)) if point.parameters else ''}"
        "</p>",
        "<h2>The scenario</h2>", scenario_section(point),
        "<h2>Arms</h2>", arms_table(point),
        "<p class=note>Conversion: share of entrants with a cross-sell purchase by that day since "
        "their entry (Kaplan-Meier). Lift: arm minus holdout conversion, in percentage points "
        "and relative to the holdout. Grey second lines: 95% intervals (Methods).</p>",
        "<h2>Curves by day since entry</h2>", f"<figure>{svg(curves, 'curves')}</figure>",
        "<h2>Funnel</h2>", funnel_section(point),
        "<h2>Fatigue and unsubscribes over time</h2>",
        f"<figure>{svg(over_time_figure(point), 'over time')}</figure>",
        sweep_section(point),
        "<h2>Attribution</h2>", attribution_section(point),
        "<h2>Methods</h2>", methods_section(point),
    ]
    return ("<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>"
            '<meta name=viewport content="width=device-width,initial-scale=1">'
            f"<title>{esc(name)}: xsellsim report</title><style>{CSS}</style></head><body>\n"
            + "\n".join(sections) + "\n</body></html>\n")


def write_atomically(path, content):
    """A temporary beside the target, then a rename: a failed report leaves nothing behind."""
    temporary = f"{path}.tmp-{os.getpid()}"
    try:
        with open(temporary, "w", encoding="utf-8") as out:
            out.write(content)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results")
    parser.add_argument("-o", "--output", help="the HTML page (default: RESULTS.html)")
    parser.add_argument("--point", type=int, default=0, help="point of a sweep (default 0)")
    args = parser.parse_args(argv)
    output = args.output or os.path.splitext(args.results)[0] + ".html"
    write_atomically(output, page(xp.read_point(args.results, args.point)))


if __name__ == "__main__":
    main()
