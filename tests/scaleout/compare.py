#!/usr/bin/env python3
"""Asserts that a merged index answers as one single-machine ingest does.

    compare.py MINUTEBOOK REFERENCE.db MERGED.db

Compares, after sorting: `export --format jsonl`; `search --json` for words
taken from the reference's own actions and report titles; `people --json`;
`actions --owner NAME --json` for every person with actions and each of
their aliases; `failures` (without the time column); `stats`. Exits 1 with
the first differences on a mismatch.
"""
import json
import re
import subprocess
import sys

TIMEOUT = 120  # seconds per command: a hang fails the test, never CI


def run(mb, *args):
    p = subprocess.run([mb, *args], capture_output=True, text=True, timeout=TIMEOUT)
    if p.returncode not in (0, 1):
        sys.exit(f"compare: {' '.join(args)}: exit {p.returncode}: {p.stderr.strip()}")
    return p.stdout


def main():
    mb, ref, merged = sys.argv[1:4]
    problems = []
    checked = {}

    def same(what, a, b):
        checked[what] = checked.get(what, 0) + 1
        if a != b:
            problems.append(f"{what}:\n  reference: {str(a)[:400]}\n  merged:    {str(b)[:400]}")

    exports = [sorted(run(mb, "export", "--db", db, "--format", "jsonl").splitlines()) for db in (ref, merged)]
    if not exports[0]:
        sys.exit("compare: the reference index exports nothing; nothing would be compared")
    same("export --format jsonl", exports[0], exports[1])

    # Search words from the reference's own extraction: every run searches
    # for what the corpus holds, without a list to keep in step with it.
    words = set()
    for line in exports[0]:
        doc = json.loads(line)
        for key in ("actions", "reports"):
            for item in doc.get(key, []):
                text = item.get("text") or item.get("title") or ""
                found = [w for w in re.findall(r"[A-Za-z]{6,}", text)]
                words.update(found[:2])
    words = sorted(words)[:25]
    hits = 0
    for w in words:
        for extra in ([], ["--items"]):
            results = []
            for db in (ref, merged):
                out = json.loads(run(mb, "search", w, "--db", db, "--json", "--limit", "1000", *extra))
                results.append(sorted((h["path"], h["page"], h["snippet"], h["kind"], round(h["rank"], 6)) for h in out))
            hits += len(results[0])
            same(f"search {w} {' '.join(extra)}", results[0], results[1])
    if hits == 0:
        problems.append("search: no word from the reference found anything; the check compared nothing")

    people = [json.loads(run(mb, "people", "--db", db, "--json")) for db in (ref, merged)]
    same("people --json", people[0], people[1])
    names = set()
    for p in people[0]:
        if p.get("actions_open", 0) + p.get("actions_closed", 0) > 0:
            names.add(p["canonical"])
            names.update(p.get("aliases", []))
    if not names:
        problems.append("people: nobody in the reference owns an action; actions --owner compared nothing")
    for name in sorted(names):
        answers = [run(mb, "actions", "--owner", name, "--db", db, "--json") for db in (ref, merged)]
        same(f"actions --owner {name}", answers[0], answers[1])

    failures = [sorted(l.split("\t", 1)[-1] for l in run(mb, "failures", "--db", db).splitlines()) for db in (ref, merged)]
    same("failures", failures[0], failures[1])
    same("stats", run(mb, "stats", "--db", ref), run(mb, "stats", "--db", merged))

    summary = ", ".join(f"{k.split(' ')[0]} x{v}" if v > 1 else k.split(" ")[0] for k, v in checked.items())
    if problems:
        print("\n".join(problems[:10]))
        print(f"compare: {len(problems)} differences between {ref} and {merged}")
        return 1
    print(f"compare: same answers ({len(exports[0])} documents, {hits} search hits, {len(names)} owner names; "
          f"{sum(checked.values())} checks)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
