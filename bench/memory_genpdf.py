#!/usr/bin/env python3
"""Writes a valid PDF of N text pages (Helvetica, ~45 lines each) for bench/memory.

Usage: bench/memory_genpdf.py PAGES OUT.pdf
Standard library only. Each page reads like a page of minutes, so that the
normaliser and the extraction rules have real work to do on every page.
"""
import sys

LINES = [
    "Minutes of the Finance and Resources Committee held on 14 March 2024",
    "Present: Councillor A Smith (Chair), Councillor B Jones, Councillor C Patel",
    "In attendance: D Brown (Director of Finance), E Green (Clerk)",
    "1. Apologies for absence were received from Councillor F White.",
    "2. Declarations of interest: none were declared.",
    "3. The minutes of the meeting held on 8 February 2024 were agreed.",
    "4. Treasury management: the committee noted the quarterly report.",
    "Action: D Brown to circulate the revised capital programme by 1 April 2024.",
    "5. Budget monitoring: the forecast outturn is an underspend of 1.2 million.",
    "RESOLVED: that the report be noted and the virements approved.",
]


def page_stream(n):
    out = ["BT", "/F1 10 Tf", "12 TL", "50 760 Td"]
    for i in range(45):
        text = f"Page {n} line {i + 1}. " + LINES[(n + i) % len(LINES)]
        text = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        out.append(f"({text}) Tj T*")
    out.append("ET")
    return "\n".join(out).encode("latin-1")


def main():
    pages = int(sys.argv[1])
    path = sys.argv[2]
    # Objects: 1 catalog, 2 pages, 3 font, then per page: page, contents.
    objects = {}
    objects[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[3] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    kids = []
    for p in range(pages):
        page_id = 4 + 2 * p
        content_id = page_id + 1
        kids.append(f"{page_id} 0 R")
        objects[page_id] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content_id} 0 R "
            f"/Resources << /Font << /F1 3 0 R >> >> >>"
        ).encode()
        stream = page_stream(p + 1)
        objects[content_id] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
    objects[2] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {pages} >>".encode()

    count = max(objects) + 1
    data = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = [0] * count
    for i in range(1, count):
        offsets[i] = len(data)
        data += b"%d 0 obj\n" % i + objects[i] + b"\nendobj\n"
    xref = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % count
    for i in range(1, count):
        data += b"%010d 00000 n \n" % offsets[i]
    data += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (count, xref)
    with open(path, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()
