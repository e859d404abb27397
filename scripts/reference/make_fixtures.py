#!/usr/bin/env python3
"""Generates reference cases for the TearsheetMetrics tests, in the layout of ../shared/reference.

Each case folder gets returns.csv and benchmark.csv (`date,return`, shortest round-trip floats) and
ref.json: {metric name: {library: value}} computed by QuantStats 0.0.86 and empyrical-reloaded
0.7.1 with 252 periods and rf = `_meta.rf_annual` (0 except in f_risk_free_3pct), plus `_meta`
and `_sources`. Series metrics use the full
portfolio series; relative metrics use the portfolio and benchmark inner-joined on date (the rule
Tearsheet documents). Non-finite values are stored as "nan", "inf", "-inf"; a call that raised as
{"error": msg}. Run after ./setup:

    scripts/reference/.venv/bin/python scripts/reference/make_fixtures.py Tests/TearsheetMetricsTests/Fixtures
"""
import json, math, os, sys, warnings

import numpy as np
import pandas as pd
import quantstats as qs
import empyrical as ep

warnings.filterwarnings("ignore")
P = 252


def enc(v):
    try:
        v = float(v)
    except Exception:
        return {"error": f"not a number: {v!r}"}
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def call(f):
    try:
        return enc(f())
    except Exception as e:  # keep what the library did, never reconcile
        return {"error": f"{type(e).__name__}: {e}"}


SOURCES = {
    "total_return": {"quantstats": "quantstats.stats.comp(r)", "empyrical": "empyrical.cum_returns_final(r)"},
    "cagr": {"quantstats": "quantstats.stats.cagr(r, periods=252)", "empyrical": "empyrical.cagr(r, annualization=252)"},
    "annual_volatility": {"quantstats": "quantstats.stats.volatility(r, periods=252)", "empyrical": "empyrical.annual_volatility(r, annualization=252)"},
    "sharpe": {"quantstats": "quantstats.stats.sharpe(r, rf=rf_annual, periods=252)", "empyrical": "empyrical.sharpe_ratio(r, risk_free=rf_per_period, annualization=252)"},
    "smart_sharpe": {"quantstats": "quantstats.stats.smart_sharpe(r, rf=rf_annual, periods=252)"},
    "sortino": {"quantstats": "quantstats.stats.sortino(r, rf=rf_annual, periods=252)", "empyrical": "empyrical.sortino_ratio(r, required_return=rf_per_period, annualization=252)"},
    "smart_sortino": {"quantstats": "quantstats.stats.smart_sortino(r, rf=rf_annual, periods=252)"},
    "downside_deviation_annual": {"empyrical": "empyrical.downside_risk(r, required_return=rf_per_period, annualization=252)"},
    "calmar": {"quantstats": "quantstats.stats.calmar(r, periods=252)", "empyrical": "empyrical.calmar_ratio(r, annualization=252)"},
    "max_drawdown": {"quantstats": "quantstats.stats.max_drawdown(r)", "empyrical": "empyrical.max_drawdown(r)"},
    "max_drawdown_duration_days": {"quantstats": "drawdown_details(to_drawdown_series(r)) 'days' of the row with min 'max drawdown'"},
    "longest_drawdown_days": {"quantstats": "drawdown_details(to_drawdown_series(r))['days'].max()"},
    "avg_drawdown": {"quantstats": "drawdown_details(...)['max drawdown'].mean()/100"},
    "avg_drawdown_days": {"quantstats": "drawdown_details(...)['days'].mean()"},
    "ulcer_index": {"quantstats": "quantstats.stats.ulcer_index(r)"},
    "ulcer_performance_index": {"quantstats": "quantstats.stats.ulcer_performance_index(r, rf=rf_annual)"},
    "recovery_factor": {"quantstats": "quantstats.stats.recovery_factor(r, rf=rf_annual)"},
    "omega": {"quantstats": "quantstats.stats.omega(r, rf=rf_annual, required_return=0.0, periods=252)", "empyrical": "empyrical.omega_ratio(r, risk_free=rf_per_period, required_return=0.0, annualization=252)"},
    "tail_ratio": {"quantstats": "quantstats.stats.tail_ratio(r, cutoff=0.95)", "empyrical": "empyrical.tail_ratio(r)"},
    "stability_of_timeseries": {"empyrical": "empyrical.stability_of_timeseries(r)"},
    "skew": {"quantstats": "quantstats.stats.skew(r)"},
    "kurtosis": {"quantstats": "quantstats.stats.kurtosis(r)"},
    "var_95_historical": {"empyrical": "empyrical.value_at_risk(r, cutoff=0.05)"},
    "cvar_95_historical": {"empyrical": "empyrical.conditional_value_at_risk(r, cutoff=0.05)"},
    "var_95_parametric": {"quantstats": "quantstats.stats.value_at_risk(r, sigma=1, confidence=0.95)"},
    "beta": {"quantstats": "quantstats.stats.greeks(rj, bj, periods=252)['beta']", "empyrical": "empyrical.beta(rj, bj)"},
    "alpha": {"quantstats": "quantstats.stats.greeks(rj, bj, periods=252)['alpha']", "empyrical": "empyrical.alpha(rj, bj, risk_free=rf_per_period, annualization=252)"},
    "r_squared": {"quantstats": "quantstats.stats.r_squared(rj, bj)"},
    "treynor_ratio": {"quantstats": "quantstats.stats.treynor_ratio(rj, bj, periods=252, rf=rf_annual)"},
    "information_ratio": {"quantstats": "quantstats.stats.information_ratio(rj, bj)", "empyrical": "empyrical.excess_sharpe(rj, bj)"},
    "up_capture": {"empyrical": "empyrical.up_capture(rj, bj)"},
    "down_capture": {"empyrical": "empyrical.down_capture(rj, bj)"},
    "capture_ratio": {"empyrical": "empyrical.up_down_capture(rj, bj)"},
    "win_rate": {"quantstats": "quantstats.stats.win_rate(r)"},
    "win_rate_months": {"quantstats": "quantstats.stats.win_rate(r, aggregate='ME')"},
    "avg_win": {"quantstats": "quantstats.stats.avg_win(r)"},
    "avg_loss": {"quantstats": "quantstats.stats.avg_loss(r)"},
    "payoff_ratio": {"quantstats": "quantstats.stats.payoff_ratio(r)"},
    "profit_factor": {"quantstats": "quantstats.stats.profit_factor(r)"},
    "gain_to_pain": {"quantstats": "quantstats.stats.gain_to_pain_ratio(r, resolution='D')"},
    "common_sense_ratio": {"quantstats": "quantstats.stats.common_sense_ratio(r)"},
    "kelly_criterion": {"quantstats": "quantstats.stats.kelly_criterion(r)"},
    "best_day": {"quantstats": "quantstats.stats.best(r, aggregate=None)"},
    "worst_day": {"quantstats": "quantstats.stats.worst(r, aggregate=None)"},
    "best_month": {"quantstats": "quantstats.stats.best(r, aggregate='ME')", "empyrical": "empyrical.aggregate_returns(r, 'monthly').max()"},
    "worst_month": {"quantstats": "quantstats.stats.worst(r, aggregate='ME')", "empyrical": "empyrical.aggregate_returns(r, 'monthly').min()"},
    "best_year": {"quantstats": "quantstats.stats.best(r, aggregate='YE')", "empyrical": "empyrical.aggregate_returns(r, 'yearly').max()"},
    "worst_year": {"quantstats": "quantstats.stats.worst(r, aggregate='YE')", "empyrical": "empyrical.aggregate_returns(r, 'yearly').min()"},
    "probabilistic_sharpe_ratio": {"quantstats": "quantstats.stats.probabilistic_sharpe_ratio(r, rf=rf_annual, periods=252)"},
    "rolling_sharpe_126_last": {"quantstats": "quantstats.stats.rolling_sharpe(r, rf=rf_annual, rolling_period=126, periods_per_year=252).iloc[-1]"},
    "monthly_returns_table": {"quantstats": "quantstats.stats.monthly_returns(r, eoy=True, compounded=True)"},
}


def drawdown_stats(r):
    details = qs.stats.drawdown_details(qs.stats.to_drawdown_series(r))
    if len(details) == 0:
        return {k: "nan" for k in ("dur", "longest", "avg", "avg_days")}
    worst = details.loc[details["max drawdown"].idxmin()]
    return {"dur": enc(worst["days"]), "longest": enc(details["days"].max()),
            "avg": enc(details["max drawdown"].mean() / 100), "avg_days": enc(details["days"].mean())}


def reference(r, b, rf=0.0):
    rj, bj = r.align(b, join="inner")
    rfp = (1 + rf) ** (1 / P) - 1  # empyrical takes a per-period rate; QuantStats converts its annual rf so
    dd = drawdown_stats(r)
    f = {
        "total_return": {"quantstats": call(lambda: qs.stats.comp(r)), "empyrical": call(lambda: ep.cum_returns_final(r))},
        "cagr": {"quantstats": call(lambda: qs.stats.cagr(r, periods=P)), "empyrical": call(lambda: ep.cagr(r, annualization=P))},
        "annual_volatility": {"quantstats": call(lambda: qs.stats.volatility(r, periods=P)), "empyrical": call(lambda: ep.annual_volatility(r, annualization=P))},
        "sharpe": {"quantstats": call(lambda: qs.stats.sharpe(r, rf=rf, periods=P)), "empyrical": call(lambda: ep.sharpe_ratio(r, risk_free=rfp, annualization=P))},
        "smart_sharpe": {"quantstats": call(lambda: qs.stats.smart_sharpe(r, rf=rf, periods=P))},
        "sortino": {"quantstats": call(lambda: qs.stats.sortino(r, rf=rf, periods=P)), "empyrical": call(lambda: ep.sortino_ratio(r, required_return=rfp, annualization=P))},
        "smart_sortino": {"quantstats": call(lambda: qs.stats.smart_sortino(r, rf=rf, periods=P))},
        "downside_deviation_annual": {"empyrical": call(lambda: ep.downside_risk(r, required_return=rfp, annualization=P))},
        "calmar": {"quantstats": call(lambda: qs.stats.calmar(r, periods=P)), "empyrical": call(lambda: ep.calmar_ratio(r, annualization=P))},
        "max_drawdown": {"quantstats": call(lambda: qs.stats.max_drawdown(r)), "empyrical": call(lambda: ep.max_drawdown(r))},
        "max_drawdown_duration_days": {"quantstats": dd["dur"]},
        "longest_drawdown_days": {"quantstats": dd["longest"]},
        "avg_drawdown": {"quantstats": dd["avg"]},
        "avg_drawdown_days": {"quantstats": dd["avg_days"]},
        "ulcer_index": {"quantstats": call(lambda: qs.stats.ulcer_index(r))},
        "ulcer_performance_index": {"quantstats": call(lambda: qs.stats.ulcer_performance_index(r, rf=rf))},
        "recovery_factor": {"quantstats": call(lambda: qs.stats.recovery_factor(r, rf=rf))},
        "omega": {"quantstats": call(lambda: qs.stats.omega(r, rf=rf, required_return=0.0, periods=P)), "empyrical": call(lambda: ep.omega_ratio(r, risk_free=rfp, required_return=0.0, annualization=P))},
        "tail_ratio": {"quantstats": call(lambda: qs.stats.tail_ratio(r, cutoff=0.95)), "empyrical": call(lambda: ep.tail_ratio(r))},
        "stability_of_timeseries": {"empyrical": call(lambda: ep.stability_of_timeseries(r))},
        "skew": {"quantstats": call(lambda: qs.stats.skew(r))},
        "kurtosis": {"quantstats": call(lambda: qs.stats.kurtosis(r))},
        "var_95_historical": {"empyrical": call(lambda: ep.value_at_risk(r, cutoff=0.05))},
        "cvar_95_historical": {"empyrical": call(lambda: ep.conditional_value_at_risk(r, cutoff=0.05))},
        "var_95_parametric": {"quantstats": call(lambda: qs.stats.value_at_risk(r, sigma=1, confidence=0.95))},
        "beta": {"quantstats": call(lambda: qs.stats.greeks(rj, bj, periods=P)["beta"]), "empyrical": call(lambda: ep.beta(rj, bj))},
        "alpha": {"quantstats": call(lambda: qs.stats.greeks(rj, bj, periods=P)["alpha"]), "empyrical": call(lambda: ep.alpha(rj, bj, risk_free=rfp, annualization=P))},
        "r_squared": {"quantstats": call(lambda: qs.stats.r_squared(rj, bj))},
        "treynor_ratio": {"quantstats": call(lambda: qs.stats.treynor_ratio(rj, bj, periods=P, rf=rf))},
        "information_ratio": {"quantstats": call(lambda: qs.stats.information_ratio(rj, bj)), "empyrical": call(lambda: ep.excess_sharpe(rj, bj))},
        "up_capture": {"empyrical": call(lambda: ep.up_capture(rj, bj))},
        "down_capture": {"empyrical": call(lambda: ep.down_capture(rj, bj))},
        "capture_ratio": {"empyrical": call(lambda: ep.up_down_capture(rj, bj))},
        "win_rate": {"quantstats": call(lambda: qs.stats.win_rate(r))},
        "win_rate_months": {"quantstats": call(lambda: qs.stats.win_rate(r, aggregate="ME"))},
        "avg_win": {"quantstats": call(lambda: qs.stats.avg_win(r))},
        "avg_loss": {"quantstats": call(lambda: qs.stats.avg_loss(r))},
        "payoff_ratio": {"quantstats": call(lambda: qs.stats.payoff_ratio(r))},
        "profit_factor": {"quantstats": call(lambda: qs.stats.profit_factor(r))},
        "gain_to_pain": {"quantstats": call(lambda: qs.stats.gain_to_pain_ratio(r, resolution="D"))},
        "common_sense_ratio": {"quantstats": call(lambda: qs.stats.common_sense_ratio(r))},
        "kelly_criterion": {"quantstats": call(lambda: qs.stats.kelly_criterion(r))},
        "best_day": {"quantstats": call(lambda: qs.stats.best(r, aggregate=None))},
        "worst_day": {"quantstats": call(lambda: qs.stats.worst(r, aggregate=None))},
        "best_month": {"quantstats": call(lambda: qs.stats.best(r, aggregate="ME")), "empyrical": call(lambda: ep.aggregate_returns(r, "monthly").max())},
        "worst_month": {"quantstats": call(lambda: qs.stats.worst(r, aggregate="ME")), "empyrical": call(lambda: ep.aggregate_returns(r, "monthly").min())},
        "best_year": {"quantstats": call(lambda: qs.stats.best(r, aggregate="YE")), "empyrical": call(lambda: ep.aggregate_returns(r, "yearly").max())},
        "worst_year": {"quantstats": call(lambda: qs.stats.worst(r, aggregate="YE")), "empyrical": call(lambda: ep.aggregate_returns(r, "yearly").min())},
        "probabilistic_sharpe_ratio": {"quantstats": call(lambda: qs.stats.probabilistic_sharpe_ratio(r, rf=rf, periods=P))},
        "rolling_sharpe_126_last": {"quantstats": call(lambda: qs.stats.rolling_sharpe(r, rf=rf, rolling_period=126, periods_per_year=P).iloc[-1])},
    }
    try:
        table = qs.stats.monthly_returns(r, eoy=True, compounded=True)
        f["monthly_returns_table"] = {"quantstats": {str(y): {str(k).replace("EOY", "EOY"): enc(v) for k, v in zip(range(1, 13), row.iloc[:12])} | {"EOY": enc(row["EOY"])} for y, row in table.iterrows()}}
    except Exception as e:
        f["monthly_returns_table"] = {"quantstats": {"error": f"{type(e).__name__}: {e}"}}
    return f, len(rj)


def write_case(root, name, what, dates, r, bdates, b, rf=0.0):
    d = os.path.join(root, name)
    os.makedirs(d, exist_ok=True)
    for fname, ds, vs in (("returns.csv", dates, r), ("benchmark.csv", bdates, b)):
        with open(os.path.join(d, fname), "w") as fh:
            fh.write("date,return\n")
            for day, v in zip(ds, vs):
                fh.write(f"{day.strftime('%Y-%m-%d')},{repr(float(v))}\n")
    rs = pd.Series(r, index=pd.DatetimeIndex(dates))
    bs = pd.Series(b, index=pd.DatetimeIndex(bdates))
    ref, n_aligned = reference(rs, bs, rf)
    ref["_meta"] = {
        "case": name, "what": what, "rf_annual": rf, "rf_per_period_for_empyrical": (1 + rf) ** (1 / P) - 1, "periods": P,
        "n_returns_input": len(rs), "n_benchmark_input": len(bs), "n_aligned": n_aligned,
        "first_date": str(dates[0].date()), "last_date": str(dates[-1].date()),
        "alignment": "series metrics on the full portfolio series; relative metrics (beta, alpha, r_squared, treynor, information ratio, captures) on the inner join on date",
        "non_finite_encoding": "strings 'nan','inf','-inf'",
        "versions": {"quantstats": qs.__version__, "empyrical-reloaded": "0.7.1", "pandas": pd.__version__, "numpy": np.__version__},
        "generator": "scripts/reference/make_fixtures.py",
    }
    ref["_sources"] = SOURCES
    with open(os.path.join(d, "ref.json"), "w") as fh:
        json.dump(ref, fh, indent=1, sort_keys=True)
    print(f"{name}: {len(rs)} returns, {len(bs)} benchmark, {n_aligned} aligned")


def main(root):
    rng = np.random.default_rng(20261124)

    # b: many zero days (a strategy flat 45% of the time).
    dates = pd.bdate_range("2019-01-02", periods=756)
    b = rng.normal(0.0004, 0.011, len(dates))
    r = 0.6 * b + rng.normal(0.0002, 0.006, len(dates))
    r[rng.random(len(dates)) < 0.45] = 0.0
    write_case(root, "b_many_zero_days", "45% of days flat (zero return)", dates, r, dates, b)

    # d: a -60% crash, never recovered.
    dates = pd.bdate_range("2020-01-02", periods=520)
    b = rng.normal(0.0003, 0.012, len(dates))
    r = rng.normal(0.0008, 0.008, len(dates))
    r[200:260] = -0.0118 + rng.normal(0, 0.003, 60)  # about -60% over 60 days
    r[260:] = rng.normal(0.0006, 0.006, len(dates) - 260)
    write_case(root, "d_crash_60_unrecovered", "a crash of about -60% that is never recovered", dates, r, dates, b)

    # e: the benchmark misses 8% of the portfolio's days (holidays of another exchange, gaps).
    dates = pd.bdate_range("2018-03-01", periods=1000)
    b_full = rng.standard_t(4, len(dates)) * 0.008 + 0.0003
    r = 0.9 * b_full + rng.normal(0.0001, 0.005, len(dates))
    keep = rng.random(len(dates)) >= 0.08
    write_case(root, "e_benchmark_missing_days", "benchmark missing 8% of the days; inner join on date", dates, r, dates[keep], b_full[keep])

    # f: a 3% annual risk-free rate (QuantStats converts it geometrically; empyrical gets the per-period rate).
    dates = pd.bdate_range("2016-01-04", periods=1260)
    b = rng.normal(0.0004, 0.01, len(dates))
    r = 1.1 * b + rng.normal(0.0001, 0.004, len(dates))
    write_case(root, "f_risk_free_3pct", "annual risk-free rate 3%", dates, r, dates, b, rf=0.03)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "Tests/TearsheetMetricsTests/Fixtures")
