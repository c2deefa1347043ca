#!/usr/bin/env python3
"""Writes varied copies of the corpus's text-layer PDFs as multi-page text
files (pages split by form feeds), for bench/serve's large index.

Each copy shuffles the order of its pages, moves its dates by whole years and
swaps one word in twenty for another word of the corpus, so that copies are
not identical (distinct SHA-256, varied FTS statistics) while reading like
board papers. Usage: serve_gen.py OUT_DIR PAGES
"""
import pathlib
import random
import re
import subprocess
import sys

out = pathlib.Path(sys.argv[1])
target = int(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
root = pathlib.Path(__file__).resolve().parent.parent
sources = [p for p in sorted((root / "corpus").glob("*.pdf")) if not re.search(r"-(scan|mixed)\.pdf$", p.name)]
docs = []
for pdf in sources:
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    docs.append((pdf.stem, pages))
vocabulary = sorted({w for _, pages in docs for p in pages for w in re.findall(r"[A-Za-z]{4,}", p)})
rng = random.Random(15)
written = copy = 0
while written < target:
    for stem, pages in docs:
        if written >= target:
            break
        pages = pages[: max(1, min(len(pages), target - written))]
        order = list(pages)
        rng.shuffle(order)
        shift = rng.randint(-6, 6)
        varied = []
        for page in order:
            page = re.sub(r"\b(20[12]\d)\b", lambda m: str(int(m.group(1)) + shift), page)
            page = re.sub(r"[A-Za-z]{4,}", lambda m: rng.choice(vocabulary) if rng.random() < 0.05 else m.group(0), page)
            varied.append(page)
        (out / f"{copy:05d}-{stem}.txt").write_text("\f".join(varied), encoding="utf-8")
        written += len(varied)
    copy += 1
print(f"{written} pages in {copy} copies", file=sys.stderr)
