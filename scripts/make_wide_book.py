#!/usr/bin/env python3
"""Writes a synthetic one-year book that is wide in sleeves or in symbols (docs/scale.md).

    scripts/make_wide_book.py --sleeves N OUT      N sleeves S00000..., each a deposit of 100,000 on
                                                   the first day, a buy of SPY or QQQ on a random day
                                                   of the first half, a sell of half on a later day
    scripts/make_wide_book.py --symbols N OUT      N symbols Y0000000..., each bought on one day and
                                                   sold on the next (2N trades), marked by a close on
                                                   both days (2N price rows), in 10 sleeves

Days are the 2025 trading days of benchmarks-data/SPY.csv (252); SPY and QQQ marks come from
benchmarks-data. Deterministic (seeded). Writes OUT/{tearsheet.toml,trades.csv,cashflows.csv,prices.csv}.
"""
import argparse
import csv
import os
import random

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def closes(symbol):
    with open(os.path.join(ROOT, "benchmarks-data", f"{symbol}.csv")) as f:
        rows = [r for r in csv.reader(f) if r and not r[0].startswith("#")]
    return {d: float(c) for d, c in rows[1:] if d.startswith("2025-")}


def main():
    ap = argparse.ArgumentParser()
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--sleeves", type=int)
    g.add_argument("--symbols", type=int)
    ap.add_argument("out")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(18)
    spy, qqq = closes("SPY"), closes("QQQ")
    days = sorted(spy)
    out = args.out
    with open(os.path.join(out, "trades.csv"), "w") as t, open(os.path.join(out, "cashflows.csv"), "w") as c, \
            open(os.path.join(out, "prices.csv"), "w") as p:
        t.write("trade_id,timestamp,account,strategy,symbol,side,quantity,price\n")
        c.write("date,account,amount,type,strategy\n")
        p.write("date,symbol,close\n")
        for d in days:
            p.write(f"{d},SPY,{spy[d]:.4f}\n{d},QQQ,{qqq[d]:.4f}\n")
        if args.sleeves:
            half = len(days) // 2
            for i in range(args.sleeves):
                s, sym = f"S{i:05d}", ("SPY" if i % 2 == 0 else "QQQ")
                px = spy if sym == "SPY" else qqq
                a = rng.randrange(half)
                b = rng.randrange(a + 1, len(days))
                q = 100 + rng.randrange(100)
                c.write(f"{days[0]},A,100000,DEPOSIT,{s}\n")
                t.write(f"B{i},{days[a]},A,{s},{sym},BUY,{q},{px[days[a]]:.4f}\n")
                t.write(f"X{i},{days[b]},A,{s},{sym},SELL,{q // 2},{px[days[b]]:.4f}\n")
        else:
            for k in range(10):
                c.write(f"{days[0]},A,1000000000,DEPOSIT,G{k}\n")
            for i in range(args.symbols):
                sym, s = f"Y{i:07d}", f"G{i % 10}"
                a = rng.randrange(len(days) - 1)
                px = round(10 + rng.random() * 90, 2)
                close = round(px * (1 + rng.uniform(-0.02, 0.02)), 2)
                sell = round(close * (1 + rng.uniform(-0.02, 0.02)), 2)
                p.write(f"{days[a]},{sym},{close}\n{days[a + 1]},{sym},{sell}\n")
                t.write(f"B{i},{days[a]}T10:00:00-05:00,A,{s},{sym},BUY,10,{px}\n")
                t.write(f"X{i},{days[a + 1]}T10:00:00-05:00,A,{s},{sym},SELL,10,{sell}\n")
    bench = os.path.join(ROOT, "benchmarks-data")
    with open(os.path.join(out, "tearsheet.toml"), "w") as f:
        f.write(f'name = "wide"\nbenchmarks = ["SPY", "QQQ"]\nbenchmarks_dir = "{bench}"\n'
                '[inputs]\ntrades = "trades.csv"\ncashflows = "cashflows.csv"\nprices = "prices.csv"\n')


if __name__ == "__main__":
    main()
