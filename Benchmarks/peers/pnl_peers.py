"""One peer's answer to "trades CSV -> daily cash P&L per strategy", as a whole process.

    python pnl_peers.py ENGINE --book DIR --out FILE [--threads N]

ENGINE is `duckdb`, `polars` or `pandas` (pandas reads with pyarrow). Each reads the book's
`trades.csv` (the `tearsheet-bench` synthetic book), takes each trade's day (the date of a
date-only timestamp; for a timestamp with an offset, its date in America/New_York, the book's
time zone), and writes `date,strategy,cash`: per day and strategy, the sum of
-(signed quantity x price) - fees, where BUY and COVER are +quantity, SELL and SHORT -quantity.
`tearsheet-bench pnl --cash` writes the same table after its whole ingest, validation and
valuation; compare.py times all of them and checks the answers against each other.

No validation, no lots, no marks: this is the least a peer must do to read the file and total it.
"""
import argparse
import os
import sys


def duckdb_cash(trades, threads):
    import duckdb
    con = duckdb.connect(config={"threads": threads})
    return con.sql(f"""
        SELECT CASE WHEN length(timestamp) = 10 THEN CAST(timestamp AS DATE)
                    ELSE CAST(timezone('America/New_York', CAST(timestamp AS TIMESTAMPTZ)) AS DATE) END AS date,
               strategy,
               sum(-(CASE WHEN side IN ('BUY', 'COVER') THEN quantity ELSE -quantity END) * price - fees) AS cash
        FROM read_csv('{trades}', header = true,
                      columns = {{'trade_id': 'VARCHAR', 'timestamp': 'VARCHAR', 'account': 'VARCHAR',
                                  'strategy': 'VARCHAR', 'symbol': 'VARCHAR', 'side': 'VARCHAR',
                                  'quantity': 'DOUBLE', 'price': 'DOUBLE', 'fees': 'DOUBLE',
                                  'currency': 'VARCHAR', 'sector': 'VARCHAR'}})
        GROUP BY ALL ORDER BY date, strategy
    """).fetchall()


def polars_cash(trades):
    import polars as pl
    ts = pl.col("timestamp")
    dated = ts.str.len_bytes() == 10
    day = (pl.when(dated).then(ts.str.slice(0, 10).str.to_date("%Y-%m-%d"))
           .otherwise(ts.str.to_datetime("%Y-%m-%dT%H:%M:%S%z", strict=False, time_zone="UTC")
                      .dt.convert_time_zone("America/New_York").dt.date()))
    sign = pl.when(pl.col("side").is_in(["BUY", "COVER"])).then(1.0).otherwise(-1.0)
    out = (pl.scan_csv(trades, schema_overrides={"timestamp": pl.Utf8, "quantity": pl.Float64,
                                                 "price": pl.Float64, "fees": pl.Float64})
           .select(day.alias("date"), pl.col("strategy"),
                   (-(sign * pl.col("quantity")) * pl.col("price") - pl.col("fees")).alias("cash"))
           .group_by("date", "strategy").agg(pl.col("cash").sum())
           .sort("date", "strategy").collect())
    return list(out.iter_rows())


def pandas_cash(trades):
    import pandas as pd
    tr = pd.read_csv(trades, engine="pyarrow", usecols=["timestamp", "strategy", "side", "quantity", "price", "fees"],
                     dtype={"timestamp": "string"})
    ts = tr["timestamp"]
    dated = ts.str.len() == 10
    day = pd.Series(pd.NaT, index=tr.index, dtype="datetime64[ns]")
    day[dated] = pd.to_datetime(ts[dated], format="%Y-%m-%d")
    stamped = pd.to_datetime(ts[~dated], format="ISO8601", utc=True).dt.tz_convert("America/New_York")
    day[~dated] = stamped.dt.tz_localize(None).dt.normalize()
    sign = tr["side"].isin(["BUY", "COVER"]).map({True: 1.0, False: -1.0})
    tr = pd.DataFrame({"date": day.dt.date, "strategy": tr["strategy"],
                       "cash": -(sign * tr["quantity"]) * tr["price"] - tr["fees"]})
    out = tr.groupby(["date", "strategy"], sort=True)["cash"].sum()
    return [(d, s, v) for (d, s), v in out.items()]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("engine", choices=["duckdb", "polars", "pandas"])
    p.add_argument("--book", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    args = p.parse_args()
    trades = os.path.join(args.book, "trades.csv")
    os.environ["POLARS_MAX_THREADS"] = str(args.threads)  # read when polars is imported
    if args.engine == "duckdb":
        rows = duckdb_cash(trades, args.threads)
    elif args.engine == "polars":
        rows = polars_cash(trades)
    else:
        rows = pandas_cash(trades)
    with open(args.out, "w") as f:
        f.write("date,strategy,cash\n")
        for d, s, v in rows:
            f.write(f"{d.isoformat()},{s},{v:.6f}\n")


if __name__ == "__main__":
    sys.exit(main())
