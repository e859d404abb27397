#!/usr/bin/env python3
"""Writes Tests/TearsheetRenderTests/Fixtures/hostile/book: a small book whose strategy, account,
symbol and sector names are hostile (HTML, Markdown syntax, CSV formula prefixes, a
10,000-character name, right-to-left text with a bidi override, emoji and combining marks).
Run once; the output is committed. Prices are the small-book fixture's SPY/QQQ closes."""
import csv, io, os, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
src = os.path.join(root, "Tests/TearsheetRenderTests/Fixtures/small-book/prices.csv")
out = os.path.join(root, "Tests/TearsheetRenderTests/Fixtures/hostile/book")
os.makedirs(out, exist_ok=True)

LONG = "L" * 9_990 + "-long-name"  # 10,000 characters
strategies = [
    '<script>alert("s")</script>&amp;\'"',
    '=HYPERLINK("http://evil.example","click")',
    '-2+3',
    '@SUM(A1:A9)',
    '+cmd|\' /C calc\'!A0',
    '\tTabbed',
    'pipe|`tick`*bold*_u_[link](http://x)',
    LONG,
    'صندوق gnp.exe عربي',
    'אסטרטגיה',
    '🚀📈 growth 👨‍👩‍👧 ' + 'e\u0301' * 40,
]
# Control characters (line breaks, C0, DEL) and bidirectional controls (U+202E and the like) are
# an error in an account, strategy or symbol (`control-character`, docs/input-formats.md), so they
# reach the formats through user labels.
accounts = ['=ACC', 'ACC <b>2</b>']
symbols = ['SPY', 'QQQ', '=X|<i>']  # the third is priced with SPY's closes
sector = '=cmd|\' /C calc\'!A0'

def write(name, header, rows):
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    with open(os.path.join(out, name), "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())

prices = list(csv.reader(open(src, encoding="utf-8")))
prices += [[r[0], symbols[2], r[2]] for r in prices[1:] if r[1] == "SPY"]
write("prices.csv", prices[0], prices[1:])
close = {(r[0], r[1]): float(r[2]) for r in prices[1:]}

trades, flows = [], []
for i, s in enumerate(strategies):
    acct = accounts[i % 2]
    sym = symbols[i % 3]
    flows.append(["2024-01-02", acct, "20000", "DEPOSIT", s])
    buy_day = "2024-01-02"
    sell_day = ["2024-02-07", "2024-02-29", "2024-03-07", "2024-03-14"][i % 4]
    qty = 10 + i
    trades.append([f"B{i}", buy_day + "T15:30:00-05:00", acct, s, sym, "BUY", str(qty),
                   repr(round(close[(buy_day, sym)], 2)), "1", "USD", sector])
    trades.append([f"S{i}", sell_day + "T15:30:00-05:00", acct, s, sym, "SELL", str(qty // 2),
                   repr(round(close[(sell_day, sym)], 2)), "1", "USD", sector])
header = ["trade_id", "timestamp", "account", "strategy", "symbol", "side", "quantity", "price", "fees", "currency", "sector"]
write("trades.csv", header, trades)
write("cashflows.csv", ["date", "account", "amount", "type", "strategy"], flows)
# User labels: the values are hostile too (they become table rows and chart categories).
labels = ['<b>bull</b>', '=risk-on', 'bear|market', '🚀 rally', 'שוק \u202Egnp.exe\u202C יורד', 'x' * 300,
          'multi\nline\r\nname', 'ctl\x01\x1b[31mred\x7f']
days = sorted({r[0] for r in prices[1:]})
write("regimes.csv", ["date", "regime"], [[d, labels[i // 10 % len(labels)]] for i, d in enumerate(days)])
mondays = sorted({d for d in days if __import__("datetime").date.fromisoformat(d).weekday() == 0})
write("week_types.csv", ["week_start", "week_type"], [[d, labels[i % len(labels)]] for i, d in enumerate(mondays)])
with open(os.path.join(out, "tearsheet.toml"), "w", encoding="utf-8") as f:
    f.write('''name = "Hostile <names> | =book"
base_currency = "USD"
benchmarks = ["SPY", "QQQ"]

[inputs]
trades = "trades.csv"
cashflows = "cashflows.csv"
prices = "prices.csv"
regimes = "regimes.csv"
week_types = "week_types.csv"

[report]
title = "=Hostile <script>alert(1)</script> | *book*"
author = "@tests\\u0007bell \\u202Eevil"
company = "-Example | Co"
''')
print("wrote", out)
