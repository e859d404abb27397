"""The peer comparison behind docs/performance.md ("Against the peers"); run it through
scripts/compare-peers, which sets up the virtual environment and builds Tearsheet.

Everything runs on this machine in one process tree, one after the other, so the ratios compare
like with like. Each step is timed `--runs` times; best and median wall-clock seconds are printed.

(a)/(b) A seeded daily return series over the last 10 and 25 years of SPY's calendar (from
        benchmarks-data/SPY.csv) is written as `date,return`. Tearsheet: `tearsheet metrics
        --returns R --benchmark SPY --json` and `tearsheet report --returns R --benchmark SPY
        --format html`, each a whole process (start-up, reading, computing, writing). QuantStats:
        `quantstats.reports.metrics(mode="full")` and `quantstats.reports.html(...)` called
        in-process after `import quantstats` (interpreter start and the import, about a second or
        two, are timed apart and not charged to QuantStats).
(d)     The same book's trades into daily cash P&L per strategy (per day and strategy, the sum of
        -(signed quantity x price) - fees; Benchmarks/peers/pnl_peers.py), each engine a whole
        process (interpreter start and imports included, as Tearsheet's start-up is): DuckDB on 1
        and 2 threads, polars, pandas with the pyarrow reader, against `tearsheet-bench pnl --cash`
        (the whole ingest, validation, FIFO lots and valuation, then the same table). The engines
        run interleaved (one run of each in turn, the order rotated every round), so the machine's
        load meets them alike; the answers are checked against Tearsheet's cell by cell.
(c)     A synthetic book of 1,000,000 trades (500 symbols, 10 years, 10 accounts, 5 strategies, from
        `tearsheet-bench`'s seeded generator) into daily P&L per strategy. Tearsheet: `tearsheet-bench
        pnl` (whole process: every validation rule, FIFO lots, valuation, CSV out). pandas: read the
        three CSVs, local trade dates from the ISO timestamps, positions by cumulative sums, marks
        forward-filled, P&L = change in market value + trade cash + income - fees. The two P&L
        tables are compared cell by cell.
"""
import argparse
import logging
import io
import contextlib
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np
import pandas as pd


def cpu_now():
    """CPU seconds (user + system) of this process and of its finished children."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def timed(fn, runs):
    """(best wall, median wall, result, median CPU): CPU time barely moves when other work shares
    the machine, so the CPU ratio is the steadier of the two."""
    times, cpus = [], []
    result = None
    for _ in range(runs):
        c0 = cpu_now()
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
        cpus.append(cpu_now() - c0)
    return min(times), statistics.median(times), result, statistics.median(cpus)


def run(cmd):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def fmt(s):
    return f"{s * 1000:.1f} ms" if s < 1 else f"{s:.2f} s"


def spy_returns(benchmarks):
    spy = pd.read_csv(os.path.join(benchmarks, "SPY.csv"), parse_dates=["date"], index_col="date")
    return spy.iloc[:, 0].pct_change().dropna()


def write_series(spy, years, folder):
    """A seeded portfolio: 0.9 x SPY + 1 bp a day + N(0, 0.6%) noise over the last `years` years."""
    days = spy.index[-252 * years:]
    rng = np.random.default_rng(20261124 + years)
    r = 0.0001 + 0.9 * spy.loc[days].values + rng.normal(0, 0.006, len(days))
    series = pd.Series(r, index=days, name="return")
    path = os.path.join(folder, f"returns-{years}y.csv")
    with open(path, "w") as f:
        f.write("date,return\n")
        for d, v in series.items():
            f.write(f"{d.date().isoformat()},{v!r}\n")
    return path, series


def compare_reports(args, spy, tmp):
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore")  # QuantStats' own plotting warnings, not ours to fix
    import quantstats as qs  # imported here so its import time is measured apart
    rows = []
    for years in (10, 25):
        path, series = write_series(spy, years, tmp)
        bench = spy.loc[series.index]
        out = os.path.join(tmp, f"ts-{years}y")
        ts_metrics = timed(lambda: run([args.tearsheet, "metrics", "--returns", path, "--benchmark", "SPY",
                                        "--benchmarks-dir", args.benchmarks, "--json"]), args.runs)
        ts_html = timed(lambda: run([args.tearsheet, "report", "--returns", path, "--benchmark", "SPY",
                                     "--benchmarks-dir", args.benchmarks, "--format", "html", "--out", out, "--force"]),
                        args.runs)

        def qs_metrics():
            with contextlib.redirect_stdout(io.StringIO()):
                return qs.reports.metrics(series, benchmark=bench, mode="full", display=False)

        def qs_html():
            with contextlib.redirect_stdout(io.StringIO()):
                qs.reports.html(series, benchmark=bench, output=os.path.join(tmp, f"qs-{years}y.html"),
                                title=f"{years}y")

        qs_runs = max(1, min(args.runs, 3))
        q_metrics = timed(qs_metrics, qs_runs)
        q_html = timed(qs_html, qs_runs)
        rows.append((years, len(series), ts_metrics, ts_html, q_metrics, q_html))
    return rows


def pandas_pnl(folder):
    tr = pd.read_csv(os.path.join(folder, "trades.csv"),
                     usecols=["timestamp", "strategy", "symbol", "side", "quantity", "price", "fees"])
    ts = tr["timestamp"]
    dated = ts.str.len() == 10
    day = pd.Series(pd.NaT, index=tr.index, dtype="datetime64[ns]")
    day[dated] = pd.to_datetime(ts[dated], format="%Y-%m-%d")
    stamped = pd.to_datetime(ts[~dated], format="ISO8601", utc=True).dt.tz_convert("America/New_York")
    day[~dated] = stamped.dt.tz_localize(None).dt.normalize()
    tr["date"] = day
    sign = tr["side"].map({"BUY": 1.0, "COVER": 1.0, "SELL": -1.0, "SHORT": -1.0})
    tr["signed"] = sign * tr["quantity"]
    tr["cash"] = -tr["signed"] * tr["price"] - tr["fees"]

    px = pd.read_csv(os.path.join(folder, "prices.csv"), parse_dates=["date"])
    closes = px.pivot(index="date", columns="symbol", values="close").sort_index().ffill()
    cal = pd.read_csv(os.path.join(folder, "SYNTH.csv"), parse_dates=["date"])["date"]
    cal = cal[cal >= min(tr["date"].min(), closes.index.min())]
    closes = closes.reindex(cal).ffill()

    qty = tr.pivot_table(index="date", columns=["strategy", "symbol"], values="signed", aggfunc="sum")
    qty = qty.reindex(cal).fillna(0.0).cumsum()
    marks = closes.reindex(columns=qty.columns.get_level_values("symbol")).to_numpy()
    mv = pd.DataFrame(qty.to_numpy() * np.nan_to_num(marks), index=cal, columns=qty.columns).T.groupby(level="strategy").sum().T
    cash = tr.pivot_table(index="date", columns="strategy", values="cash", aggfunc="sum").reindex(cal).fillna(0.0)

    cf = pd.read_csv(os.path.join(folder, "cashflows.csv"), parse_dates=["date"])
    income = cf[cf["type"].isin(["DIVIDEND", "INTEREST", "FEE"])]
    if len(income):
        inc = income.pivot_table(index="date", columns="strategy", values="amount", aggfunc="sum").reindex(cal).fillna(0.0)
        cash = cash.add(inc, fill_value=0.0)
    pnl = mv.diff().fillna(mv).add(cash, fill_value=0.0)
    return pnl.stack().rename("pnl")


def compare_pnl(args, tmp):
    book = os.path.join(tempfile.gettempdir(), "tearsheet-bench-cache", "synthetic-1000000")
    if not os.path.exists(os.path.join(book, "tearsheet.toml")):
        print("generating the 1,000,000-trade book ...", file=sys.stderr)
        run([args.bench, "ingest", "--trades", "1000000", "--runs", "1"])
    out = os.path.join(tmp, "tearsheet-pnl.csv")
    ts = timed(lambda: run([args.bench, "pnl", "--book", book, "--out", out]), args.runs)
    pd_runs = max(1, min(args.runs, 3))
    pdr = timed(lambda: pandas_pnl(book), pd_runs)
    mine = pd.read_csv(out, parse_dates=["date"]).set_index(["date", "strategy"])["pnl"]
    theirs = pdr[2]
    joined = pd.concat([mine.rename("tearsheet"), theirs.rename("pandas")], axis=1).fillna(0.0)
    diff = (joined["tearsheet"] - joined["pandas"]).abs().max()
    size = joined["pandas"].abs().max()
    return ts, pdr, len(joined), diff, size


def run_measured(cmd, env=None):
    """(wall seconds, CPU seconds, peak RSS in MB) of one whole process, from wait4."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def read_cash(path):
    out = {}
    with open(path) as f:
        next(f)
        for line in f:
            d, s, v = line.rstrip("\n").split(",")
            out[(d, s)] = float(v)
    return out


def compare_cash(args, tmp):
    """Interleaved whole-process runs of every engine on the same trades file; rows of
    (name, walls, cpus, peak RSS, max |difference| from Tearsheet's answer)."""
    book = os.path.join(tempfile.gettempdir(), "tearsheet-bench-cache", f"synthetic-{args.trades}")
    if not os.path.exists(os.path.join(book, "tearsheet.toml")):
        print(f"generating the {args.trades:,}-trade book ...", file=sys.stderr)
        run([args.bench, "ingest", "--trades", str(args.trades), "--runs", "1"])
    peers = os.path.join(os.path.dirname(os.path.abspath(__file__)), "pnl_peers.py")
    out = lambda name: os.path.join(tmp, f"cash-{name}.csv")
    cases = [("tearsheet", f"Tearsheet (`tearsheet-bench pnl --cash`: validate, FIFO lots, value)",
              [args.bench, "pnl", "--cash", "--book", book, "--out", out("tearsheet")]),
             ("tearsheet1", f"Tearsheet, files read on one thread (`--threads 1`)",
              [args.bench, "pnl", "--cash", "--threads", "1", "--book", book, "--out", out("tearsheet1")])]
    for name, label, extra in [("duckdb1", "DuckDB, 1 thread", ["duckdb", "--threads", "1"]),
                               ("duckdb2", "DuckDB, 2 threads", ["duckdb", "--threads", "2"]),
                               ("polars", "polars", ["polars"]),
                               ("pandas", "pandas + pyarrow", ["pandas"])]:
        cases.append((name, label, [sys.executable, peers] + extra + ["--book", book, "--out", out(name)]))
    times = {name: [] for name, _, _ in cases}
    for r in range(args.runs):
        order = cases[r % len(cases):] + cases[:r % len(cases)]
        for name, _, cmd in order:
            times[name].append(run_measured(cmd))
    mine = read_cash(out("tearsheet"))
    rows = []
    for name, label, _ in cases:
        theirs = read_cash(out(name))
        if set(theirs) != set(mine):
            raise SystemExit(f"{label}: {len(set(theirs) ^ set(mine))} (date, strategy) cells differ from Tearsheet's")
        diff = max(abs(theirs[k] - mine[k]) for k in mine)
        walls, cpus, rss = zip(*times[name])
        rows.append((name, label, walls, cpus, max(rss), diff))
    return rows, len(mine), max(abs(v) for v in mine.values())


def print_cash(args, tmp):
    rows, cells, size = compare_cash(args, tmp)
    load = os.getloadavg()
    print()
    print(f"| {args.trades:,} trades -> daily cash P&L per strategy, whole processes | wall min | wall median | CPU median | peak RSS | "
          f"Tearsheet faster by (median wall) | max abs difference |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    ts_median = statistics.median(rows[0][2])
    for name, label, walls, cpus, rss, diff in rows:
        ratio = "" if name.startswith("tearsheet") else f"{statistics.median(walls) / ts_median:.2f}x"
        print(f"| {label} | {fmt(min(walls))} | {fmt(statistics.median(walls))} | {fmt(statistics.median(cpus))} | "
              f"{rss:.0f} MB | {ratio} | {'' if name == 'tearsheet' else f'{diff:.2g}'} |")
    walls = {name: statistics.median(w) for name, _, w, *_ in rows}
    print("ratios of median wall times (peer / Tearsheet; above 1: Tearsheet is faster): "
          + ", ".join(f"{label} {walls[name] / walls['tearsheet']:.2f}x" for name, label, *_ in rows if not name.startswith("tearsheet"))
          + f"; Tearsheet on one thread / on every core: {walls['tearsheet1'] / walls['tearsheet']:.2f}x")
    print(f"({args.runs} interleaved runs of each; {cells} (day, strategy) cells, largest |cash| {size:.3g}; "
          f"load average at the end {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} on {os.cpu_count()} cores)")
    if any(diff > 1e-6 * max(size, 1.0) for *_, diff in rows):
        print("ERROR: the engines disagree on the daily cash P&L", file=sys.stderr)
        sys.exit(1)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--tearsheet", required=True)
    p.add_argument("--bench", required=True)
    p.add_argument("--benchmarks", required=True)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--skip-pnl", action="store_true")
    p.add_argument("--only-cash", action="store_true", help="run only (d), the DuckDB / polars / pandas comparison")
    p.add_argument("--trades", type=int, default=1_000_000, help="size of the synthetic book of (d)")
    args = p.parse_args()
    if args.only_cash:
        with tempfile.TemporaryDirectory() as tmp:
            print_cash(args, tmp)
        return

    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import quantstats"], check=True)
    startup = time.perf_counter() - t0
    import quantstats as qs
    print(f"Python {sys.version.split()[0]}, quantstats {qs.__version__}, pandas {pd.__version__}, numpy {np.__version__}; "
          f"python start + import quantstats: {fmt(startup)} (not charged below); runs: {args.runs} (QuantStats/pandas: {max(1, min(args.runs, 3))})")
    spy = spy_returns(args.benchmarks)
    with tempfile.TemporaryDirectory() as tmp:
        print()
        print("| series | days | Tearsheet metrics | QuantStats metrics(full) | ratio | Tearsheet HTML report | QuantStats reports.html | ratio |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        for years, n, tm, th, qm, qh in compare_reports(args, spy, tmp):
            print(f"| {years} years vs SPY, wall | {n} | {fmt(tm[1])} | {fmt(qm[1])} | {qm[1] / tm[1]:.0f}x | "
                  f"{fmt(th[1])} | {fmt(qh[1])} | {qh[1] / th[1]:.0f}x |")
            print(f"| {years} years vs SPY, CPU | {n} | {fmt(tm[3])} | {fmt(qm[3])} | {qm[3] / tm[3]:.0f}x | "
                  f"{fmt(th[3])} | {fmt(qh[3])} | {qh[3] / th[3]:.0f}x |")
        print("(medians; Tearsheet times are whole processes, QuantStats times in-process calls; CPU = user + system)")
        if not args.skip_pnl:
            ts, pdr, cells, diff, size = compare_pnl(args, tmp)
            print()
            print("| 1,000,000 trades -> daily P&L per strategy | best | median | CPU (median) |")
            print("|---|---:|---:|---:|")
            print(f"| Tearsheet (`tearsheet-bench pnl`, whole process, validated, FIFO) | {fmt(ts[0])} | {fmt(ts[1])} | {fmt(ts[3])} |")
            print(f"| pandas {pd.__version__} (read_csv + pivot + cumsum, in-process) | {fmt(pdr[0])} | {fmt(pdr[1])} | {fmt(pdr[3])} |")
            print(f"ratio (median): wall {pdr[1] / ts[1]:.1f}x, CPU {pdr[3] / ts[3]:.1f}x; {cells} strategy-days compared, "
                  f"max |difference| {diff:.3g} (largest |P&L| {size:.3g})")
            if diff > 1e-6 * max(size, 1.0):
                print("ERROR: Tearsheet and pandas disagree on the daily P&L", file=sys.stderr)
                sys.exit(1)
            print_cash(args, tmp)


if __name__ == "__main__":
    main()
