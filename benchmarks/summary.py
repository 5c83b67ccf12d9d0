"""One Markdown table from the JSON lines of ``compare.py --out``: a row per system, a column
group per mix (requests/s, p50, p95, failures), and the ratios the issue's targets name.

    python benchmarks/summary.py results-10k.jsonl
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

RATIOS = (("ours-virtuoso-served", "virtuoso", "ours over Virtuoso, as served / Virtuoso alone"),
          ("ours-virtuoso-cold", "virtuoso", "ours over Virtuoso, cold / Virtuoso alone"),
          ("ours-served", "oxigraph", "ours embedded, as served / Oxigraph server"),
          ("ours-cold", "oxigraph", "ours embedded, cold / Oxigraph server"))


def table(summaries: list[dict]) -> str:
    mixes = sorted({s["mix"] for s in summaries})
    systems = list(dict.fromkeys(s["system"] for s in summaries))
    by = {(s["system"], s["mix"]): s for s in summaries}
    head = "| system | start-up s | warm-up s | " + " | ".join(f"{m}: req/s | p50 ms | p95 ms | failed" for m in mixes) + " |"
    lines = [head, "|---|---:|---:|" + "---:|---:|---:|---:|" * len(mixes)]
    for system in systems:
        cells = []
        for mix in mixes:
            s = by.get((system, mix))
            cells += ([f"{s['throughput']}", f"{s['all'].get('p50_ms', '–')}", f"{s['all'].get('p95_ms', '–')}",
                       f"{s['errors']}"] if s else ["–"] * 4)
        first = next(s for s in summaries if s["system"] == system)
        lines.append(f"| {system} | {first['startup_s']} | {first.get('warmup_s', '–')} | " + " | ".join(cells) + " |")
    lines.append("")
    for ours, peer, name in RATIOS:
        ratios = [f"{mix} {by[ours, mix]['throughput'] / by[peer, mix]['throughput']:.2f}×" for mix in mixes
                  if (ours, mix) in by and (peer, mix) in by and by[peer, mix]["throughput"]]
        if ratios:
            lines.append(f"- {name}: {', '.join(ratios)}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", type=Path, help="JSON lines written by compare.py --out")
    args = parser.parse_args(argv)
    summaries = [json.loads(line) for line in args.results.read_text(encoding="utf-8").splitlines() if line.strip()]
    print(table(summaries))
    return 0


if __name__ == "__main__":
    sys.exit(main())
