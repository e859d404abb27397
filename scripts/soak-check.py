#!/usr/bin/env python3
"""Checks one report set written by `tearsheet report` for scripts/soak (standard library only).

usage: soak-check.py A B [--flow-timing start-of-day|end-of-day]

A and B are two report folders written from the same book. Checks, each failure one line on
stderr (exit 1 on any):
  - manifest: A/manifest.json lists every file under A except itself, with the right size and
    SHA-256, and nothing else;
  - rerun: A and B hold the same files with the same bytes;
  - xlsx: every .xlsx is a zip whose every .xml/.rels part parses (xml.etree);
  - csv/daily.csv identities, per day t (NAV_{-1} = 0):
      P&L_t = NAV_t - NAV_{t-1} - F_t                      |d| <= 1e-6 max(1, |NAV_t|)
      P&L_t = realised + unrealised change + income - fees  same tolerance
      sum_s contribution_{s,t} = return_t                    |d| <= 1e-9
      return_t = P&L_t / D_t, D_t = NAV_{t-1} + F_t (start of day) or NAV_{t-1} (end of day),
        0 when D_t <= 0                                      |d| <= 1e-9 max(1, |return_t|)
      every number finite;
  - csv/sleeves.csv: the linked sleeve contributions add up to the Total row's book return
    (|d| <= 1e-9 max(1, |R|)), and the Total row's return is the compounded daily return
    (relative 1e-9);
  - no "nan" or "inf" text in any CSV, Markdown or HTML output.
Prints one JSON line of figures (days, sleeves, max identity residuals) on success.
"""
import csv
import hashlib
import json
import math
import os
import sys
import zipfile
import xml.etree.ElementTree as ET

failures = []


def fail(msg):
    failures.append(msg)


def files_under(root):
    out = []
    for d, _, names in os.walk(root):
        for n in names:
            out.append(os.path.relpath(os.path.join(d, n), root).replace(os.sep, "/"))
    return sorted(out)


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def num(text):
    if text is None or text.strip() == "":
        return None
    v = float(text)
    if not math.isfinite(v):
        raise ValueError("non-finite " + text)
    return v


def check_manifest(a):
    path = os.path.join(a, "manifest.json")
    if not os.path.exists(path):
        fail("manifest.json missing")
        return
    m = json.loads(read_bytes(path))
    listed = {e["path"]: e for e in m.get("files", [])}
    present = [p for p in files_under(a) if p != "manifest.json"]
    for p in present:
        e = listed.get(p)
        if e is None:
            fail("manifest does not list " + p)
            continue
        data = read_bytes(os.path.join(a, p))
        if hashlib.sha256(data).hexdigest() != e["sha256"]:
            fail("manifest SHA-256 mismatch for " + p)
        if len(data) != e["bytes"]:
            fail("manifest size mismatch for " + p)
    for p in listed:
        if p not in present:
            fail("manifest lists a missing file " + p)


def check_rerun(a, b):
    fa, fb = files_under(a), files_under(b)
    if fa != fb:
        fail("reruns differ in files: only in A %s, only in B %s" % (sorted(set(fa) - set(fb))[:5], sorted(set(fb) - set(fa))[:5]))
    for p in sorted(set(fa) & set(fb)):
        if read_bytes(os.path.join(a, p)) != read_bytes(os.path.join(b, p)):
            fail("rerun bytes differ: " + p)


def check_xlsx(a):
    count = 0
    for p in files_under(a):
        if not p.endswith(".xlsx"):
            continue
        count += 1
        try:
            with zipfile.ZipFile(os.path.join(a, p)) as z:
                bad = z.testzip()
                if bad:
                    fail("%s: corrupt zip member %s" % (p, bad))
                names = z.namelist()
                for need in ("[Content_Types].xml", "xl/workbook.xml"):
                    if need not in names:
                        fail("%s: missing part %s" % (p, need))
                for n in names:
                    if n.endswith(".xml") or n.endswith(".rels"):
                        ET.fromstring(z.read(n))
        except (zipfile.BadZipFile, ET.ParseError) as e:
            fail("%s: %s" % (p, e))
    return count


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def check_daily(a, timing, figures):
    path = os.path.join(a, "csv", "daily.csv")
    if not os.path.exists(path):
        fail("csv/daily.csv missing")
        return
    r = rows(path)
    h = r[0]
    col = {name: i for i, name in enumerate(h)}
    need = ["NAV", "External flow", "P&L", "Realised", "Unrealised change", "Fees", "Income", "Return"]
    for n in need:
        if n not in col:
            fail("daily.csv: no column " + n)
            return
    contrib = [i for i, name in enumerate(h) if name.startswith("Contribution ")]
    prev_nav = 0.0
    worst = {"nav": 0.0, "split": 0.0, "contrib": 0.0, "twr": 0.0}
    growth = 1.0
    for line, row in enumerate(r[1:], start=2):
        try:
            nav, flow, pnl = num(row[col["NAV"]]), num(row[col["External flow"]]), num(row[col["P&L"]])
            real, unreal = num(row[col["Realised"]]), num(row[col["Unrealised change"]])
            fees, income, ret = num(row[col["Fees"]]), num(row[col["Income"]]), num(row[col["Return"]])
            cs = [num(row[i]) for i in contrib]
        except ValueError as e:
            fail("daily.csv:%d: %s" % (line, e))
            return
        if None in (nav, flow, pnl, real, unreal, fees, income, ret) or None in cs:
            fail("daily.csv:%d: empty cell" % line)
            return
        tol = 1e-6 * max(1.0, abs(nav))
        d = abs(pnl - (nav - prev_nav - flow))
        worst["nav"] = max(worst["nav"], d / max(1.0, abs(nav)))
        if d > tol:
            fail("daily.csv:%d (%s): P&L %r != NAV change less flows %r" % (line, row[0], pnl, nav - prev_nav - flow))
        d = abs(pnl - (real + unreal + income - fees))
        worst["split"] = max(worst["split"], d / max(1.0, abs(nav)))
        if d > tol:
            fail("daily.csv:%d (%s): P&L %r != realised + unrealised + income - fees %r" % (line, row[0], pnl, real + unreal + income - fees))
        d = abs(math.fsum(cs) - ret)
        worst["contrib"] = max(worst["contrib"], d)
        if d > 1e-9:
            fail("daily.csv:%d (%s): contributions sum to %r, return %r" % (line, row[0], math.fsum(cs), ret))
        base = prev_nav + flow if timing == "start-of-day" else prev_nav
        expect = pnl / base if base > 0 else 0.0
        d = abs(expect - ret)
        # The CSV's NAV and P&L are the valuation's doubles, so P&L / D reproduces the return up to
        # the rounding of the division, relative to the base's size when the base is tiny.
        worst["twr"] = max(worst["twr"], d / max(1.0, abs(ret)))
        if base > 0 and d > 1e-9 * max(1.0, abs(ret)):
            fail("daily.csv:%d (%s): return %r, P&L / D = %r" % (line, row[0], ret, expect))
        growth = 0.0 if ret <= -1 or growth == 0.0 else growth * (1 + ret)
        prev_nav = nav
    figures["days"] = len(r) - 1
    figures["sleeves"] = len(contrib)
    figures["max_residual"] = worst
    figures["compounded"] = growth - 1


def check_sleeves(a, figures):
    path = os.path.join(a, "csv", "sleeves.csv")
    if not os.path.exists(path):
        fail("csv/sleeves.csv missing")
        return
    r = rows(path)
    col = {name: i for i, name in enumerate(r[0])}
    total = [row for row in r[1:] if row[col["Sleeve"]] == "Total"]
    body = [row for row in r[1:] if row[col["Sleeve"]] != "Total"]
    if len(total) != 1:
        fail("sleeves.csv: expected one Total row")
        return
    R = num(total[0][col["Sleeve return"]])
    s = math.fsum(num(row[col["Contribution"]]) or 0.0 for row in body)
    figures["linked_residual"] = abs(s - R)
    if abs(s - R) > 1e-9 * max(1.0, abs(R)):
        fail("sleeves.csv: linked contributions sum to %r, book return %r" % (s, R))
    c = figures.get("compounded")
    if c is not None and abs(c - R) > 1e-9 * max(1.0, abs(R)):
        fail("sleeves.csv: book return %r, compounded daily returns %r" % (R, c))


def check_text(a):
    import re
    bad = re.compile(rb"(?<![A-Za-z])(nan|NaN|inf|Infinity)(?![A-Za-z])")
    for p in files_under(a):
        if p.endswith((".csv", ".md", ".html")):
            m = bad.search(read_bytes(os.path.join(a, p)))
            if m:
                fail("%s: non-finite text %r" % (p, m.group(0)))


def main():
    args = sys.argv[1:]
    timing = "start-of-day"
    if "--flow-timing" in args:
        i = args.index("--flow-timing")
        timing = args[i + 1]
        del args[i:i + 2]
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    a, b = args
    figures = {}
    check_manifest(a)
    check_rerun(a, b)
    figures["xlsx"] = check_xlsx(a)
    check_daily(a, timing, figures)
    check_sleeves(a, figures)
    check_text(a)
    for f in failures[:20]:
        print("FAIL: " + f, file=sys.stderr)
    if failures:
        return 1
    print(json.dumps(figures, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
