"""The cost of the Thai-digit option (``nokrabob.core.digits``) on a large page, against two floors
measured in the same run: a copy of the page (decode + encode, what the middleware must do anyway) and ten
``str.replace`` calls over the whole page (no tags skipped — the least any conversion can do).

    python -m bench.digits [--rows 500] [--repeat 20]

The page is a registry list of ``--rows`` people (names, IDs, ages, incomes, dates, links, a form, a script),
about 0.4 KB of HTML a row.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time


def page(rows: int) -> str:
    head = (
        '<!DOCTYPE html><html lang="th"><head><title>ทะเบียน 2570</title><style>.a{width:10px}</style>'
        "<script>var n = 10;</script></head><body><form>"
        '<input name="q" value="2567" placeholder="25/11/2563">'
        "</form><table><tbody>"
    )
    row = (
        '<tr><td><a href="/registry/{i}/">นาย สมชาย ทดสอบ{i}</a></td><td>1-1017-00{i:05d}-45-1</td>'
        '<td class="num">{age}</td><td class="num">{inc:,}.50</td><td>17/05/25{d:02d}</td>'
        '<td><span class="badge" title="ปรับปรุงเมื่อ 01/11/2569">เขต {d} แขวง {age}</span></td>'
        '<td><svg viewBox="0 0 100 10"><rect x="0" y="0" width="{age}" height="10"/>'
        '<text x="2" y="8">{age}%</text>'
        "</svg></td></tr>"
    )
    body = "".join(row.format(i=i, age=18 + i % 60, inc=5000 + i * 7, d=i % 50) for i in range(rows))
    return head + body + "</tbody></table></body></html>"


def best(fn, text: str, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(text)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    django.setup()
    from nokrabob.core.digits import thai_digits_in_html

    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    html = page(args.rows)
    data = html.encode()
    pairs = tuple(zip("0123456789", "๐๑๒๓๔๕๖๗๘๙", strict=True))

    def replace_all(text: str) -> str:
        for arabic, thai in pairs:
            text = text.replace(arabic, thai)
        return text

    copy = best(lambda t: t.encode().decode(), html, args.repeat)
    naive = best(lambda t: replace_all(t).encode(), html, args.repeat)
    rule = best(lambda t: thai_digits_in_html(t).encode(), html, args.repeat)
    print(f"page: {args.rows} rows, {len(data) / 1024:,.0f} KB; load average {os.getloadavg()[0]:.2f}")
    print(f"{'what':<44}{'median ms':>10}{'× copy':>9}{'× floor':>10}")
    for name, took in (
        ("copy (decode + encode)", copy),
        ("ten str.replace over the whole page (floor)", naive),
        ("core.digits.thai_digits_in_html", rule),
    ):
        print(f"{name:<44}{took * 1000:>10.2f}{took / copy:>9.1f}{took / naive:>10.1f}")


if __name__ == "__main__":
    main()
