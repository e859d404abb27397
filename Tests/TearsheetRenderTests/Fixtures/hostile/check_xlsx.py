# Reads report.xlsx (argv[1]) with the standard library only and prints what the hostile-input
# tests check, as JSON: sheet names, formula cells, text cells a spreadsheet would run as a
# formula, XML parts that do not parse, chart references, the longest text cell.
import json, re, sys, zipfile
import xml.dom.minidom as minidom

z = zipfile.ZipFile(sys.argv[1])
out = {"sheets": [], "formulas": 0, "formulaText": [], "parseErrors": [], "chartRefs": [], "chartTitles": [], "longestText": 0}
for name in z.namelist():
    if not name.endswith(".xml") and not name.endswith(".rels"):
        continue
    try:
        d = minidom.parseString(z.read(name))
    except Exception as e:
        out["parseErrors"].append(f"{name}: {e}")
        continue
    if name == "xl/workbook.xml":
        out["sheets"] = [s.getAttribute("name") for s in d.getElementsByTagName("sheet")]
    if name.startswith("xl/worksheets/sheet") or name == "xl/sharedStrings.xml":
        out["formulas"] += len(d.getElementsByTagName("f"))
        for t in d.getElementsByTagName("t"):
            s = "".join(c.data for c in t.childNodes if c.nodeType == c.TEXT_NODE)
            out["longestText"] = max(out["longestText"], len(s))
            if s and s[0] in "=+-@\t\r":
                out["formulaText"].append(s[:40])
    if name.startswith("xl/charts/chart"):
        out["chartRefs"] += ["".join(c.data for c in f.childNodes) for f in d.getElementsByTagName("c:f")]
        for title in d.getElementsByTagName("c:title"):
            out["chartTitles"].append("".join(t.firstChild.data for t in title.getElementsByTagName("a:t") if t.firstChild))
print(json.dumps(out))
