#!/usr/bin/env python3
"""Writes Tests/EndToEndTests/Fixtures/hostile2: the second hostile corpus (issue 18, docs/reliability.md).

base/            a small valid book (8 trading days of January 2024, SPY marks, one sleeve)
cases/NAME/      files laid over a copy of base/ (a file named `-NAME` removes base's NAME), and
                 `expect.txt`: `exit N` (the CLI's exit code), `stderr TEXT` (each must appear in
                 stderr; `$BOOK` is the copied book's folder), optionally `args ...` (the CLI
                 arguments; default `report --config $BOOK/tearsheet.toml --out $OUT
                 --format md,html,csv,xlsx --benchmarks-dir $BENCH`) and `setup NAME` (a step the
                 test does that a committed file cannot: a FIFO, a symbolic link, a 1 MB field).

Every case must end in a located error and exit 1 (2 for usage), without a signal or a hang, and
no byte of `outside/secret.csv` (the canary beside the book) may reach stdout, stderr or an output
file (HostileCorpusTests). Run once; the output is committed (byte-exact: see .gitattributes there).
"""
import os
import shutil

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
out = os.path.join(root, "Tests/EndToEndTests/Fixtures/hostile2")
shutil.rmtree(out, ignore_errors=True)
os.makedirs(out)

DAYS = ["2024-01-02", "2024-01-03", "2024-01-04", "2024-01-05", "2024-01-08", "2024-01-09", "2024-01-10", "2024-01-11"]
SPY = [472.65, 468.79, 467.28, 467.92, 474.60, 473.88, 476.56, 476.35]
CONFIG = ('name = "hostile two"\nbenchmarks = ["SPY"]\n\n[inputs]\ntrades = "trades.csv"\n'
          'cashflows = "cashflows.csv"\nprices = "prices.csv"\n')
TRADES_HEADER = "trade_id,timestamp,account,strategy,symbol,side,quantity,price\n"


def write(rel, data):
    path = os.path.join(out, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data.encode("utf-8") if isinstance(data, str) else data)


write(".gitattributes", "* -text\n")
write("base/tearsheet.toml", CONFIG)
write("base/trades.csv", TRADES_HEADER + f"T1,{DAYS[0]},A,core,SPY,BUY,10,{SPY[0]}\nT2,{DAYS[4]},A,core,SPY,SELL,5,{SPY[4]}\n")
write("base/cashflows.csv", f"date,account,amount,type\n{DAYS[0]},A,100000,DEPOSIT\n")
write("base/prices.csv", "date,symbol,close\n" + "".join(f"{d},SPY,{c}\n" for d, c in zip(DAYS, SPY)))


def case(name, expect, files=None):
    for rel, data in (files or {}).items():
        write(f"cases/{name}/{rel}", data)
    write(f"cases/{name}/expect.txt", expect.strip() + "\n")


def trades(*rows):
    return TRADES_HEADER + "".join(r + "\n" for r in rows)


ok1 = f"T1,{DAYS[0]},A,core,SPY,BUY,10,{SPY[0]}"
prices_dir_config = CONFIG.replace('prices = "prices.csv"', 'prices = "prices"')

# 1. A byte-order mark and a mix of CRLF and LF line ends: the bad quantity is on line 4.
case("bom-crlf-mix", "exit 1\nstderr trades.csv:4:", {"trades.csv": "\ufeff" + TRADES_HEADER.replace("\n", "\r\n")
     + ok1 + "\r\n" + f"T2,{DAYS[1]},A,core,SPY,BUY,1,{SPY[1]}\n" + f"T3,{DAYS[2]},A,core,SPY,BUY,x1,{SPY[2]}\r\n"})
# 2. One field of 1 MB (a quantity): a located error with a short excerpt, not the megabyte.
case("one-megabyte-field", "exit 1\nstderr trades.csv:3:\nsetup one-megabyte-field")
# 3. 10,000 unknown columns in the header: 10,000 warnings (200 printed), an error with --strict that counts all of them.
case("ten-thousand-columns", "exit 1\nstderr trades.csv:1:\nstderr refuses 10000 warnings (the first 200 listed above)\nsetup ten-thousand-columns\n"
     "args report --config $BOOK/tearsheet.toml --out $OUT --format md,html,csv,xlsx --benchmarks-dir $BENCH --strict")
# 4. Arrays nested 10,000 deep in the config.
case("deeply-nested-toml", "exit 1\nstderr tearsheet.toml:\nsetup deeply-nested-toml")
# 5. Inline tables nested 5,000 deep.
case("deeply-nested-inline-tables", "exit 1\nstderr tearsheet.toml:\nsetup deeply-nested-inline-tables")
# 6. The [inputs] table twice.
case("duplicate-tables", "exit 1\nstderr tearsheet.toml:9:", {"tearsheet.toml": CONFIG + '\n[inputs]\ntrades = "trades.csv"\n'})
# 7. Two price files linking to each other in a prices folder.
case("prices-symlink-loop", "exit 1\nstderr prices/\nsetup prices-symlink-loop", {"tearsheet.toml": prices_dir_config, "-prices.csv": ""})
# 8. A price file in the folder linking to a file outside the book (the canary).
case("prices-symlink-outside", "exit 1\nstderr prices/\nsetup prices-symlink-outside", {"tearsheet.toml": prices_dir_config, "-prices.csv": ""})
# 9. The trades input is a FIFO nobody writes to: no blocking open.
case("fifo-input", "exit 1\nstderr trades.csv\nsetup fifo-input", {"-trades.csv": ""})
# 10. /dev/zero named as an input (outside the book, and a device).
case("dev-zero-input", "exit 1\nstderr /dev/zero", {"tearsheet.toml": CONFIG.replace('"trades.csv"', '"/dev/zero"')})
# 11. The config names itself as the trades file.
case("config-as-trades", "exit 1\nstderr tearsheet.toml:1:", {"tearsheet.toml": CONFIG.replace('"trades.csv"', '"tearsheet.toml"')})
# 12. A right-to-left override inside a strategy name (it reverses what a reader sees).
case("bidi-override-identifier", "exit 1\nstderr trades.csv:3:", {"trades.csv": trades(ok1, f"T2,{DAYS[1]},A,co\u202ere,SPY,BUY,1,{SPY[1]}")})
# 13. A first-strong-isolate / pop pair in an account.
case("bidi-isolate-account", "exit 1\nstderr cashflows.csv:2:", {"cashflows.csv": f"date,account,amount,type\n{DAYS[0]},A\u2068B\u2069,100000,DEPOSIT\n"})
# 14. Year 0.
case("year-zero", "exit 1\nstderr trades.csv:3:", {"trades.csv": trades(ok1, f"T2,0000-01-03,A,core,SPY,BUY,1,{SPY[1]}")})
# 15. 9999-12-31, far past the benchmark's last day.
case("year-9999", "exit 1\nstderr trades.csv:3:", {"trades.csv": trades(ok1, f"T2,9999-12-31,A,core,SPY,BUY,1,{SPY[1]}")})
# 16. A quantity of 1e308 (its value overflows to infinity).
case("quantity-1e308", "exit 1\nstderr trades.csv:3:", {"trades.csv": trades(ok1, f"T2,{DAYS[1]},A,core,SPY,BUY,1e308,{SPY[1]}")})
# 17. A price of 1e-320 (subnormal) times a large quantity, and a NaN price.
case("nan-price", "exit 1\nstderr trades.csv:3:", {"trades.csv": trades(ok1, f"T2,{DAYS[1]},A,core,SPY,BUY,1,nan")})
# 18. Templates whose partials include each other (a -> b -> a).
case("recursive-partials", "exit 1\nstderr cycle", {
    "tearsheet.toml": CONFIG.replace("[inputs]", '[report]\ntemplates = "templates"\n\n[inputs]'),
    "templates/markdown/report.mustache": "{{> a}}\n",
    "templates/markdown/a.mustache": "{{#sections}}{{> b}}{{/sections}}\n",
    "templates/markdown/b.mustache": "{{title}} {{> a}}\n"})
# 19. A template in the book's folder linking to the canary outside it.
case("template-symlink-outside", "exit 1\nstderr note.mustache\nsetup template-symlink-outside",
     {"tearsheet.toml": CONFIG.replace("[inputs]", '[report]\ntemplates = "templates"\n\n[inputs]')})
# 20. A batch manifest of 10,000 books writing to one folder (100 problems printed, then a count).
case("manifest-ten-thousand-books", "exit 1\nstderr batch.toml:\nsetup manifest-ten-thousand-books\n"
     "args batch $BOOK/batch.toml --benchmarks-dir $BENCH")
# 21. The config sets allow_outside_paths itself and names the canary as its trades.
case("config-allows-itself-outside", "exit 1\nstderr tearsheet.toml:", {"tearsheet.toml":
     "allow_outside_paths = true\n" + CONFIG.replace('"trades.csv"', '"../outside/secret.csv"')})
# 22. A relative path climbing out of the book to the canary.
case("dotdot-to-canary", "exit 1\nstderr secret.csv", {"tearsheet.toml": CONFIG.replace('"prices.csv"', '"../outside/secret.csv"')})
# 23. Bytes that are not UTF-8 (an overlong "/") in a symbol.
case("overlong-utf8", "exit 1\nstderr trades.csv:3:", {"trades.csv": trades(ok1).encode() + f"T2,{DAYS[1]},A,core,SP\xc0\xafY,BUY,1,{SPY[1]}\n".encode("latin-1")})
# 24. A quoted field never closed, running to the end of the file.
case("unterminated-quote", "exit 1\nstderr trades.csv:3:", {"trades.csv": trades(ok1, f'T2,{DAYS[1]},A,"core,SPY,BUY,1,{SPY[1]}', "T3,x,y")})
# 25. A row of 100,000 commas.
case("ragged-hundred-thousand-commas", "exit 1\nstderr trades.csv:3:\nsetup ragged-hundred-thousand-commas")
# 26. A prices folder whose SPY.csv is a folder.
case("prices-entry-is-a-folder", "exit 1\nstderr SPY.csv", {"tearsheet.toml": prices_dir_config, "-prices.csv": "", "prices/SPY.csv/x": "x\n"})
# 27. A reporting period that does not exist (February 30th).
case("impossible-period", "exit 1\nstderr tearsheet.toml:10:", {"tearsheet.toml": CONFIG + '\n[report]\nperiod = "2024-02-30..2024-03-01"\n'})
# 28. A time-zone offset of +99:00.
case("absurd-offset", "exit 1\nstderr trades.csv:3:", {"trades.csv": trades(ok1, f"T2,{DAYS[1]}T10:00:00+99:00,A,core,SPY,BUY,1,{SPY[1]}")})
# 29. A NUL byte inside the config (between a key and its value).
case("nul-in-config", "exit 1\nstderr tearsheet.toml:1:", {"tearsheet.toml": 'name = "hostile\x00two"\n' + CONFIG.split("\n", 1)[1]})
# 30. A labels file (regimes) that is the book's folder itself.
case("labels-file-is-a-folder", "exit 1\nstderr tearsheet.toml:8:", {"tearsheet.toml": CONFIG + 'regimes = "."\n'})
print(f"wrote {out}")
