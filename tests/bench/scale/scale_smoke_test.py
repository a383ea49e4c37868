#!/usr/bin/python3
"""bench_scale_smoke: runs the scale bench small (argv[1] stories, 5,000 in CTest) and checks
that it printed its one table with every row, each with a figure, so the bench cannot rot.
Needs what scale_bench.py needs in the environment (CTest sets it)."""
import os
import re
import subprocess
import sys

ROWS = [
    "stories / variants / writes", "load rate", "text per story", "database per story",
    "jisrd start to first answered GetVariant", "jisrd RSS after start",
    "GetVariant cold", "GetVariant warm", "jisrd RSS after the reads",
    "ListVariants none,", "ListVariants language=en,", "ListVariants language=ar,",
    "ListVariants state=PUBLISHED,", "ListVariants section=", "ListVariants story=",
    "ListVariants view=PUBLISHED language=en state=PUBLISHED,",
    "ListStaleTranslations ar", "Watch from the oldest event",
]
FIGURE = re.compile(r"\d[\d,]*(\.\d+)?")


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    bench = os.path.join(os.path.dirname(os.path.abspath(__file__)), "scale_bench.py")
    result = subprocess.run([sys.executable, bench, str(count), "--samples=500"],
                            stdout=subprocess.PIPE, text=True)
    print(result.stdout)
    if result.returncode != 0:
        sys.exit(f"the scale bench failed with exit code {result.returncode} (see above)")
    rows = {}
    for line in result.stdout.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 2:
            rows[cells[0]] = cells[1]
    problems = []
    for label in ROWS:
        found = [value for row, value in rows.items() if row.startswith(label)]
        if not found:
            problems.append(f"no row {label!r}")
        elif not FIGURE.match(found[0]):
            problems.append(f"row {label!r} has no figure: {found[0]!r}")
    # With 5,000 stories there are more than 100 pages of 50 variants, so page 100 is measured.
    unfiltered = next((v for r, v in rows.items() if r.startswith("ListVariants none,")), "")
    if count >= 5000 and "n/a" in unfiltered:
        problems.append(f"ListVariants none has no page 100 at {count} stories: {unfiltered!r}")
    # The goals are stated in jisrd's own time, which the bench reads from its access log.
    if not re.search(r"jisrd's own time \d", unfiltered):
        problems.append(f"ListVariants none has no server time: {unfiltered!r}")
    if problems:
        sys.exit("the scale bench's table is incomplete: " + "; ".join(problems))
    print(f"bench_scale_smoke: all {len(ROWS)} rows present with figures")


if __name__ == "__main__":
    main()
