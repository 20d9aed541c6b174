"""One self-contained HTML page about an xsellsim results file (docs/report.md), laid out from the
json that `xsellsim report` computes.

`xsellsim report` carries this file (and xsellsim_plot.py, which it imports) inside the binary and
runs it with Debian's /usr/bin/python3 on that json: every figure, interval, recommendation and
sentence about the scenario comes from xsellsim (the same computation as `compare --format json`
and the same words as `describe`); this code only lays them out and draws. By hand:

    xsellsim report OUT.h5 --data DATA.json
    /usr/bin/python3 tools/python/xsellsim_report.py DATA.json -o report.html

Self-contained means the page loads nothing: CSS is inline, figures are inline SVG, no script.
"""
import argparse
import html
import io
import math
import os
import re

import xsellsim_plot as xp
from xsellsim_plot import np, plt

CONVERSION_DAYS = (30, 60, 90, 180)
DURATION = re.compile(r"\s*([0-9.]+)\s*(min|[smhdw])\s*")
DAYS_PER_UNIT = {"s": 1 / 86400, "min": 1 / 1440, "m": 1 / 1440, "h": 1 / 24, "d": 1, "w": 7}


# ------------------------------------------------------------------------------------------------
# Formatting: the units of `compare`'s table (tools/compare_rows.cpp), so that the page reads as
# `compare` prints


def esc(value):
    """Scenario names, descriptions and arm names are user text: escape them."""
    return html.escape(str(value))


def number(x, unit):
    if x is None or not math.isfinite(x):
        return "–"
    return {"percent": f"{100 * x:.2f}%", "points": f"{100 * x:+.2f}", "count": f"{x:,.0f}",
            "money": f"{x:.2f}", "signed_money": f"{x:+.2f}", "small_percent": f"{100 * x:.3f}%",
            "decimal": f"{x:.1f}"}[unit]


def interval_text(estimate, unit):
    """'[low, high]' as compare prints it, '' without an interval."""
    if not estimate or estimate.get("low") is None or estimate.get("high") is None:
        return ""
    return f"[{number(estimate['low'], unit)}, {number(estimate['high'], unit)}]"


def cell(estimate, unit, metric=""):
    """A table cell: the figure, and its 95% interval as a grey second line."""
    attribute = f' data-metric="{esc(metric)}"' if metric else ""
    if estimate is None:
        return f"<td{attribute}>–</td>"
    second = interval_text(estimate, unit)
    return (f"<td{attribute}>{number(estimate['value'], unit)}"
            + (f'<br><span class="ci">{second}</span>' if second else "") + "</td>")


def plain(text, attribute=""):
    return f"<td{attribute}>{text}</td>"


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
# The first screen: the decision


def recommendation_box(d):
    choice = d.figures["choice"]
    if choice is None:
        return ("<p class=decision>No recommendation: the file has no baseline arm to compare "
                "the others with.</p>")
    kind = "launch" if choice["separated"] else "undecided"
    return f'<p class="decision {kind}">{esc(choice["recommendation"])}</p>'


def decision_table(d):
    """Per arm: net value and incremental margin per entrant with their intervals, the lift, the
    extra unsubscribes and P(best), against the baseline."""
    choice = d.figures["choice"]
    day = d.lift_day
    head = (f"<tr><th class=left>arm</th><th>net value per entrant<br>({esc(d.currency)})</th>"
            f"<th>incremental margin<br>per entrant ({esc(d.currency)})</th>"
            f"<th>lift at day {day}<br>(points)</th><th>extra unsubscribes<br>per entrant</th>"
            "<th>P(best)</th></tr>")
    rows = []
    for arm in d.arms:
        best = choice["arms"][arm]["probability_best"] if choice else None
        best_cell = plain("–" if best is None else f"{100 * best:.1f}%")
        if arm == d.baseline:
            rows.append(f'<tr data-arm="{esc(arm)}"><th class=left>{esc(arm)}</th>'
                        + plain("0 <span class=ci>(baseline)</span>") * 4 + best_cell + "</tr>")
            continue
        rows.append(f'<tr data-arm="{esc(arm)}"><th class=left>{esc(arm)}</th>'
                    + cell(d.metric(arm, "net_value_per_entrant"), "signed_money",
                           "net_value_per_entrant")
                    + cell(d.metric(arm, "incremental_margin_per_entrant"), "signed_money",
                           "incremental_margin_per_entrant")
                    + cell(d.metric(arm, f"lift_{day}"), "points", f"lift_{day}")
                    + cell(d.metric(arm, "incremental_unsubscribes_per_entrant"), "small_percent",
                           "incremental_unsubscribes_per_entrant")
                    + best_cell + "</tr>")
    return f'<table id="decision-table" class=numbers>{head}{"".join(rows)}</table>'


def trade_off_figure(d):
    """Incremental margin per entrant against extra unsubscribes per entrant, each arm with its
    two intervals; the baseline at the origin."""
    colors = xp.arm_colors(d)
    fig, ax = plt.subplots(figsize=(5.6, 3.5), layout="constrained")
    ax.axhline(0, color="0.6", lw=0.8)
    ax.axvline(0, color="0.6", lw=0.8)
    for arm in d.arms:
        if arm == d.baseline:
            ax.plot([0], [0], "o", color=colors[arm], ms=6)
            ax.annotate(f"{arm} (baseline)", (0, 0), textcoords="offset points", xytext=(6, -12),
                        fontsize=9, color="0.3")
            continue
        margin = d.metric(arm, "incremental_margin_per_entrant")
        unsubscribes = d.metric(arm, "incremental_unsubscribes_per_entrant")
        if margin is None or unsubscribes is None:
            continue
        x, y = 100 * unsubscribes["value"], margin["value"]
        xerr = [[x - 100 * (unsubscribes["low"] if unsubscribes["low"] is not None else
                            unsubscribes["value"])],
                [100 * (unsubscribes["high"] if unsubscribes["high"] is not None else
                        unsubscribes["value"]) - x]]
        yerr = [[y - (margin["low"] if margin["low"] is not None else y)],
                [(margin["high"] if margin["high"] is not None else y) - y]]
        # A legend rather than labels beside the points: close arms would overprint them.
        ax.errorbar([x], [y], xerr=xerr, yerr=yerr, fmt="o", color=colors[arm], ms=6,
                    capsize=3, lw=1.4, label=arm)
    ax.set_xlabel("extra unsubscribes per entrant (%)")
    ax.set_ylabel(f"incremental margin per entrant ({d.currency})", fontsize=9)
    ax.set_title("What each arm earns against what it costs in subscribers", loc="left",
                 fontsize=10)
    ax.margins(x=0.25, y=0.25)
    ax.legend(loc="best", fontsize=9, frameon=False)
    ax.grid(True, color="0.92")
    ax.set_axisbelow(True)
    return fig


def live_table(d):
    live = d.figures["live"]
    if live is None or not live["arms"]:
        return "<p class=note>No live-test plan: the file has no baseline to test against.</p>"
    head = ("<tr><th class=left>arm</th><th>lift a test<br>would show</th><th>power</th>"
            "<th>smallest lift<br>it detects</th><th>entrants needed</th></tr>")
    rows = []
    for arm, plan in live["arms"].items():
        needed = plan["customers_needed"]
        rows.append(f'<tr data-arm="{esc(arm)}"><th class=left>{esc(arm)}</th>'
                    + cell(plan["interval"], "points", "live_interval")
                    + plain(f"{100 * plan['power']:.1f}%") + plain(number(plan["mde"], "points"))
                    + plain("never (no lift)" if needed is None else f"{needed:,.0f}") + "</tr>")
    size = (f"{live['customers']:,.0f} entrants: as many as entered {esc(d.baseline)} in this run "
            "(<code>report --live N</code> plans another size)" if d.data["live_default"] else
            f"{live['customers']:,.0f} entrants (<code>--live</code>)")
    return (f"<p>A live test of {size}, {100 * live['holdout_share']:g}% held out, two-sided "
            f"alpha {live['alpha']:g}, power {live['power']:g}, on the conversion lift at day "
            f"{d.lift_day} in points:</p>"
            f'<table id="live-table" class=numbers>{head}{"".join(rows)}</table>'
            f"<p class=note>These intervals are {esc(live['covers'])}: what a real test of that "
            "size would read, taking the simulated rates as the truth.</p>")


ORIGIN_WORDS = {"data": "estimated from data", "scenario": "set in the scenario",
                "default": "the model's default"}


def assumed_section(d):
    """Each parameter and where it came from: calibrate, the scenario file (or --set), default."""
    assumed = d.scenario.get("assumptions", [])
    if not assumed:
        return "<p class=note>What was assumed is not known: the scenario did not load.</p>"
    counts = {o: sum(a["origin"] == o for a in assumed) for o in ORIGIN_WORDS}
    summary = ", ".join(f"<b>{counts[o]}</b> {ORIGIN_WORDS[o]}" for o in ORIGIN_WORDS)
    rows = "".join(
        f'<tr class="{a["origin"]}"><td class=left><code>{esc(a["key"])}</code></td>'
        f"<td>{esc(a['value'])}</td><td class=left>{esc(ORIGIN_WORDS[a['origin']])}"
        f"{' (' + esc(a['note']) + ')' if a['note'] else ''}</td></tr>" for a in assumed)
    # The email response first: a store's order log cannot pin it down, and it moves the lift.
    defaults = sorted((a["key"] for a in assumed if a["origin"] == "default"),
                      key=lambda k: not k.startswith(("engagement.", "fatigue.")))
    shown = ", ".join(f"<code>{esc(k)}</code>" for k in defaults[:8])
    more = f" and {len(defaults) - 8} more" if len(defaults) > 8 else ""
    warning = (f"<p class=note>Defaults, not measured for this shop: {shown}{more}.</p>"
               if defaults else "")
    return (f"<p>Of {len(assumed)} model parameters: {summary}.</p>{warning}"
            "<details><summary>Every parameter</summary><table id=assumed-table "
            "class=numbers><tr><th class=left>parameter</th><th>value</th><th class=left>from"
            f"</th></tr>{rows}</table></details>")


def first_screen(d):
    return ("<section class=first>" + recommendation_box(d) + "<div class=columns><div>"
            + decision_table(d) + f"<figure>{svg(trade_off_figure(d), 'trade-off')}</figure>"
            "</div><div><h3>The live test to confirm it</h3>" + live_table(d)
            + "<h3>What was assumed</h3>" + assumed_section(d) + "</div></div></section>")


# ------------------------------------------------------------------------------------------------
# The arms table


def arms_table(d):
    day = d.lift_day
    columns = ([("entrants", "count")]
               + [(f"conversion_{c}", "percent") for c in CONVERSION_DAYS]
               + [(f"lift_{day}", "points"), (f"relative_lift_{day}", "percent"),
                  (f"unsubscribe_{day}", "percent"), ("revenue_per_entrant", "money"),
                  ("net_value_per_entrant", "money")])
    head = ("<tr><th rowspan=2 class=left>arm</th><th rowspan=2>entrants</th>"
            f"<th colspan={len(CONVERSION_DAYS)} class=group>converted by day since entry</th>"
            f"<th colspan=2 class=group>lift over {esc(d.baseline or 'the baseline')} at day "
            f"{day}</th><th rowspan=2>unsubscribed<br>by day {day}</th>"
            f"<th rowspan=2>revenue per<br>entrant ({esc(d.currency)})</th>"
            f"<th rowspan=2>net value per<br>entrant ({esc(d.currency)})</th></tr><tr>"
            + "".join(f"<th>day {c}</th>" for c in CONVERSION_DAYS)
            + "<th>points</th><th>relative</th></tr>")
    rows = []
    for arm in d.arms:
        cells = "".join(cell(d.metric(arm, metric), unit, metric) for metric, unit in columns)
        rows.append(f'<tr data-arm="{esc(arm)}"><th class=left>{esc(arm)}</th>{cells}</tr>')
    twins = [a for a in d.arms if d.arm_baseline(a) not in (None, d.baseline)]
    note = (f" {', '.join(esc(a) for a in twins)}: against a no-send twin with the same entry "
            "rules, since the arm changes who enters." if twins else "")
    return (f'<table id="arms-table" class=numbers>{head}{"".join(rows)}</table>'
            "<p class=note>The figures of <code>compare --format json</code>. Conversion: share "
            "of entrants with a cross-sell purchase by that day since entry (Kaplan-Meier). Lift: "
            "arm minus baseline conversion, in percentage points and relative to the baseline. "
            f"Grey second lines: 95% intervals (Methods).{note}</p>")


# ------------------------------------------------------------------------------------------------
# Funnel, fatigue, sweep, attribution


ARM_STAGES = [("sends", "emails sent"), ("opens", "opened"), ("clicks", "clicked"),
              ("email_purchases", "orders from an email")]
STEP_STAGES = [("sends", "emails sent"), ("opens", "opened"), ("clicks", "clicked"),
               ("orders", "orders from the email")]


def funnel_head(stages, label):
    return (f"<tr><th class=left>{label}</th>" + "".join(
        f"<th>{title}" + (f"<br><span class=ci>% of {stages[i - 1][1]}</span>" if i else "")
        + "</th>" for i, (_, title) in enumerate(stages)))


def funnel_cells(values, stages):
    cells, previous = [], None
    for key, _ in stages:
        total = values[key]
        share = (f'<br><span class="ci">{100 * total / previous:.1f}%</span>'
                 if previous else "")
        cells.append(f"<td>{total:,.0f}{share}</td>")
        previous = total
    return "".join(cells)


def funnel_section(d):
    rows = []
    for arm in d.arms:
        totals = d.daily[arm]["totals"]
        versus = totals["cross_sell_purchases_vs_baseline"]
        extra = ("" if versus is None or arm == d.baseline else
                 f'<br><span class="ci">{versus:+,.0f} vs {esc(d.baseline)}</span>')
        rows.append(f"<tr><th class=left>{esc(arm)}</th>" + funnel_cells(totals, ARM_STAGES)
                    + f"<td>{totals['cross_sell_purchases']:,.0f}{extra}</td></tr>")
    text = [f"<table class=numbers>{funnel_head(ARM_STAGES, 'arm')}<th>cross-sell orders<br>"
            f"(any source)</th></tr>{''.join(rows)}</table>",
            "<p class=note>Totals over the whole run, mean per replication. Cross-sell orders "
            "count organic ones too: the baseline shows them.</p>"]
    steps = [s for s in d.figures["steps"] if s["sends"] > 0]
    if steps:
        body = "".join(f"<tr><th class=left>{esc(s['arm'])} / {esc(s['step'])}</th>"
                       + funnel_cells(s, STEP_STAGES) + "</tr>" for s in steps)
        text.append(f"<h3>By step</h3><table class=numbers>{funnel_head(STEP_STAGES, 'arm / step')}"
                    f"</tr>{body}</table>")
    text.append(policy_table(steps))
    return "".join(text)


POLICY_COUNTS = [("capped_delayed", "held by the cap"), ("capped_skipped", "dropped by the cap"),
                 ("quiet_delayed", "held by quiet hours")]


def policy_table(steps):
    """What the frequency cap and quiet hours did to each step's emails."""
    held = [s for s in steps if any(s[k] for k, _ in POLICY_COUNTS)]
    if not held:
        return ("<p class=note>The frequency cap and quiet hours held or dropped no email "
                "(or the scenario has neither).</p>")
    rows = "".join(f"<tr><th class=left>{esc(s['arm'])} / {esc(s['step'])}</th>"
                   f"<td>{s['sends']:,.0f}</td>"
                   + "".join(f"<td>{s[k]:,.0f}</td>" for k, _ in POLICY_COUNTS) + "</tr>"
                   for s in held)
    return ("<h3>Held or dropped by the policy</h3><table class=numbers><tr><th class=left>arm / "
            "step</th><th>emails sent</th>" + "".join(f"<th>{t}</th>" for _, t in POLICY_COUNTS)
            + "</tr>" + rows + "</table><p class=note>Emails per replication, each counted once "
            "however often it was held; a held email may have gone past the horizon.</p>")


def over_time_figure(d):
    """Calendar-day pressure and its cost: emails sent, unsubscribes (7-day mean) and the
    subscriber list against the baseline's."""
    colors = xp.arm_colors(d)
    fig, axes = plt.subplots(1, 3, figsize=(14, 4.2), layout="constrained")
    for arm in d.arms:
        daily = d.daily[arm]
        days = np.arange(len(daily["sends"]))
        axes[0].plot(days, daily["sends"], color=colors[arm], lw=1.3, label=arm)
        axes[1].plot(days, daily["unsubscribes_week_mean"], color=colors[arm], lw=1.3, label=arm)
        if daily["subscribers_vs_baseline"] is not None:
            axes[2].plot(days, daily["subscribers_vs_baseline"], color=colors[arm], lw=1.3,
                         label=arm)
    titles = [("Emails sent per day", "emails per day"),
              ("Unsubscribes per day (7-day mean)", "customers per day"),
              (f"Subscribers, difference from {d.baseline or 'the baseline'}", "customers")]
    for ax, (title, ylabel) in zip(axes, titles):
        ax.set_title(title, loc="left", fontsize=11)
        ax.set_ylabel(ylabel)
        ax.set_xlabel("day of the run")
        xp.style_days_axis(ax, d.days)
    axes[0].legend(title="arm", frameon=False)
    fig.text(0.01, -0.04, "Means over replications, by calendar day since the start of the run "
             "(not since entry). The fatigue stock itself is not in the file: sends drive it.",
             fontsize=9, color="0.3", ha="left")
    return fig


def level_key(value):
    """Swept values in increasing order: durations by their length, numbers as numbers."""
    if isinstance(value, str):
        match = DURATION.fullmatch(value)
        return (0, float(match[1]) * DAYS_PER_UNIT[match[2]]) if match else (1, value)
    return (0, value)


def heat_map_figure(d):
    """Each arm's lift over the first two swept parameters (one row when only one was swept;
    points that differ only in further parameters are averaged), the point drawn outlined."""
    points = d.compare["points"]
    keys = list(points[0]["parameters"])
    xkey, ykey = keys[0], keys[1] if len(keys) > 1 else None
    xs = sorted({json_key(p["parameters"][xkey]) for p in points}, key=level_key)
    ys = sorted({json_key(p["parameters"][ykey]) for p in points}, key=level_key) if ykey else [""]
    cells = [(ys.index(json_key(p["parameters"][ykey])) if ykey else 0,
              xs.index(json_key(p["parameters"][xkey]))) for p in points]
    metric = f"lift_{d.lift_day}"
    arms = [a["arm"] for a in points[0]["arms"] if a["metrics"].get(metric)]
    grids = {}
    for arm in arms:
        grid = np.full((len(ys), len(xs)), np.nan)
        for i, j in set(cells):
            lifts = [next(a for a in p["arms"] if a["arm"] == arm)["metrics"][metric]["value"]
                     for p, c in zip(points, cells) if c == (i, j)]
            grid[i, j] = 100 * np.mean(lifts)
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
        i, j = cells[d.point]
        ax.add_patch(plt.Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, lw=2.5, color="black"))
        ax.set_xticks(range(len(xs)), [str(x) for x in xs])
        ax.set_yticks(range(len(ys)), [str(y) for y in ys])
        ax.set_xlabel(xkey, fontsize=9)
        ax.set_ylabel(ykey or "", fontsize=9)
        ax.set_title(f"{arm}: lift at day {d.lift_day}", loc="left", fontsize=11)
    fig.colorbar(image, ax=axes[0].tolist(), label="lift, percentage points", shrink=0.9)
    return fig, keys


def json_key(value):
    """A swept value as a hashable level (lists become tuples)."""
    return tuple(value) if isinstance(value, list) else value


def sweep_section(d):
    """The heat map of lift over the sweep (sweep files only)."""
    if d.data["points"] <= 1 or not d.figures["parameters"]:
        return ""
    fig, keys = heat_map_figure(d)
    names = ", ".join(f"<code>{esc(k)}</code>" for k in keys)
    averaged = (f" Points that differ only in {', '.join(esc(k) for k in keys[2:])} are "
                "averaged." if len(keys) > 2 else "")
    values = ", ".join(f"{esc(k)} = {esc(v)}" for k, v in d.figures["parameters"].items())
    return (f"<h2>Sweep</h2><p>This file holds {d.data['points']} points over {names}. "
            f"Everything above is point {d.point} ({values}), outlined below. The heat map shows "
            f"each arm's lift at day {d.lift_day} in percentage points.{averaged}</p>"
            f"<figure>{svg(fig, 'sweep heat map')}</figure>")


RULES = [("last_touch", "last touch"), ("first_touch", "first touch"), ("linear", "linear"),
         ("time_decay", "time decay")]


def attribution_section(d):
    """What each rule credits to each step, beside its true incremental revenue when the file
    has the counterfactual runs; the page says when it has neither."""
    steps = [s for s in d.figures["steps"] if s["sends"] > 0 and any(s["revenue"].values())]
    if not steps:
        return ("<p>Attribution is not in this file: no step has revenue credited to it. The "
                "lift columns above are the causal effect of each arm (a comparison with the "
                "baseline on the same customers).</p>")
    counterfactual = any(s["incremental_revenue"] for s in steps)
    head = ("".join(f"<th>{t}</th>" for _, t in RULES)
            + ("<th>incremental<br><span class=ci>arm − without the step</span></th>"
               if counterfactual else ""))
    body = "".join(
        f"<tr><th class=left>{esc(s['arm'])} / {esc(s['step'])}</th>"
        + "".join(f"<td>{s['revenue'][k]:,.2f}</td>" for k, _ in RULES)
        + (cell(s["incremental_revenue"], "money") if counterfactual else "") + "</tr>"
        for s in steps)
    return (f"<p>Revenue credited to each step ({esc(d.currency)}, mean per replication) by each "
            "attribution rule. The rules share out the same revenue differently; none of them "
            "is the effect of the email, which the incremental column (with "
            "<code>attribution = true</code>) and the lift measure.</p><table class=numbers><tr>"
            f"<th class=left>arm / step</th>{head}</tr>{body}</table>")


def methods_section(d):
    notes = d.figures["intervals"]
    choice = d.figures["choice"]
    parts = [f"<p>All intervals are 95% intervals of {esc(notes['covers'])}.</p><ul>"
             f"<li>Levels (one arm's figures): {esc(notes['levels'])}.</li>"
             f"<li>Differences (net value, incremental figures, lift): "
             f"{esc(notes['differences'])}.</li>"]
    if choice:
        parts.append(f"<li>Choosing: {esc(choice['method'])}.</li>")
    live = d.figures["live"]
    if live:
        parts.append(f"<li>Live test: {esc(live['covers'])}.</li>")
    parts.append("</ul><p>Every figure on this page is computed by xsellsim in C++ (the same "
                 "code as <code>xsellsim compare</code>); see docs/compare.md and docs/report.md "
                 "in the xsellsim sources.</p>")
    return "".join(parts)


# ------------------------------------------------------------------------------------------------
# The page

CSS = """
body { font: 15px/1.45 system-ui, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #222;
       max-width: 1240px; margin: 1.2em auto; padding: 0 1.2em; }
h1 { margin: 0 0 .1em; font-size: 26px; }
h2 { margin-top: 2em; border-bottom: 1px solid #ddd; padding-bottom: .2em; }
h3 { margin: .9em 0 .3em; font-size: 16px; }
.sub { color: #555; margin: 0; }
.note { color: #666; font-size: 13px; margin: .3em 0; }
.decision { font-size: 18px; font-weight: 600; padding: .55em .8em; margin: .6em 0;
            border-left: 5px solid #888; background: #f4f4f4; }
.decision.launch { border-color: #2a7d2a; background: #eef7ee; }
.decision.undecided { border-color: #c08a00; background: #fbf5e6; }
.columns { display: grid; grid-template-columns: minmax(0, 1.05fr) minmax(0, 1fr); gap: 1.6em; }
.columns h3:first-child { margin-top: 0; }
table { border-collapse: collapse; margin: .4em 0; }
th, td { padding: .3em .6em; border-bottom: 1px solid #e4e4e4; vertical-align: top; }
th { text-align: left; background: #f6f6f6; font-weight: 600; }
table.numbers th { text-align: right; }
table.numbers th.left { text-align: left; }
table.numbers th.group { text-align: center; border-bottom: 1px solid #ccc; }
table.numbers td { text-align: right; font-variant-numeric: tabular-nums; }
table.numbers td.left { text-align: left; }
tr.default td { color: #8a5a00; }
.ci { color: #777; font-size: 12px; font-weight: normal; white-space: nowrap; }
figure { margin: .6em 0; }
figure svg { max-width: 100%; height: auto; }
pre.words { white-space: pre-wrap; font: 13px/1.45 ui-monospace, "DejaVu Sans Mono", monospace;
            background: #fafafa; border: 1px solid #eee; padding: .8em; }
details summary { cursor: pointer; color: #444; font-size: 13px; }
code { font-size: 13px; white-space: nowrap; }
.first table { font-size: 14px; }
.first th, .first td { padding: .25em .45em; }
"""


def page(d):
    """The whole report as one HTML string."""
    name = d.name()
    point = f" · {esc(d.label())}" if d.figures["parameters"] else ""
    sections = [
        f"<h1>{esc(name)}</h1><p class=sub>{esc(d.scenario.get('description', ''))}</p>",
        f"<p class=note>{esc(d.data['file'])}, written by xsellsim {esc(d.data['version'])}, "
        f"{d.replications} replication{'s' if d.replications != 1 else ''}, seed "
        f"{d.data['seed']}; money in {esc(d.currency)}{point}</p>",
        first_screen(d),
        "<h2>The scenario</h2><p class=note>As <code>xsellsim describe</code> says it:</p>",
        f"<pre class=words>{esc(d.scenario['words'])}</pre>",
        "<h2>Arms</h2>", arms_table(d),
        "<h2>Curves by day since entry</h2>",
        f"<figure>{svg(xp.curves_figure(d, title=False), 'curves')}</figure>",
        "<h2>Funnel</h2>", funnel_section(d),
        "<h2>Fatigue and unsubscribes over time</h2>",
        f"<figure>{svg(over_time_figure(d), 'over time')}</figure>",
        sweep_section(d),
        "<h2>Attribution</h2>", attribution_section(d),
        "<h2>Methods</h2>", methods_section(d),
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
    parser.add_argument("data", help="the json of `xsellsim report --data`")
    parser.add_argument("-o", "--output", required=True, help="the HTML page")
    args = parser.parse_args(argv)
    write_atomically(args.output, page(xp.load(args.data)))


if __name__ == "__main__":
    main()
