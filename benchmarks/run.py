"""Print the performance figures of issue 5 as one table: figure, measured, target, ratio.

    .venv/bin/python benchmarks/run.py [--quick] [--runs 5] [--out benchmarks/out]

Runs the installed `jjjtrack` next to this Python, as a user would, each command in its
own process: wall time is the median of --runs runs, memory the peak resident set of the
command's process tree (the largest process, from wait4). Builds its inputs with
make_corpus.py and make_ledger.py (seeded, so every run measures the same data) under
--out, which is git-ignored. --quick skips the 200,000-commitment ledger and the 50 MB
document (about 1 minute instead of about 5).

ratio is measured / target for times and memory, target / measured for the ingest rate:
1.00 or less meets the target. "work" figures are the command's time minus the time of the
issue's start-up command, `jjjtrack list --limit 1`, on an empty ledger and in the same output
format (a table's start-up imports rich; a JSON one does not), the two run by turns and the
median of the pairs' differences taken, so that a machine whose speed drifts does not add
the drift to the figure. "beyond python" figures pair the same way with `python -c pass`.
An ingest figure is the median of three runs. The "floor" rows time a bare typer app with
two commands, the thinnest CLI on the same stack, for comparison.
Other processes on the machine inflate every figure: the load average and the time of a
million Python additions are printed too.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import make_ledger  # noqa: E402  (only its constants: the builds run in their own processes)

JJJ = str(Path(sys.executable).with_name("jjjtrack"))
TODAY = make_ledger.TODAY
HEAVY = ("sqlite_utils", "numpy", "dateutil", "opencc", "pydantic", "charset_normalizer", "jjjtrack.extract",
         "jjjtrack.documents", "rich", "pdfplumber", "pdfminer", "docx", "pypdfium2", "PIL")
PAGE_LINES, LINE_CHARS = 40, 38  # a page of the benchmark's PDF: 40 lines of 38 characters
COPIES = 3  # the seeds three times: about 70 pages
SIZES = (10_000, 50_000, 200_000)
# What a "work" figure subtracts: the start-up command, `list --limit 1`, on an empty
# ledger, in the same output format: a table's start-up includes importing rich.
BASELINE_JSON = [JJJ, "list", "--limit", "1", "--format", "json"]
BASELINE_TABLE = [JJJ, "list", "--limit", "1"]
BARE_TYPER_APP = """
from typing import Annotated, Optional
import typer
app = typer.Typer(help="A bare app.", no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
@app.command("list")
def list_(status: Annotated[Optional[str], typer.Option(help="A status.")] = None,
          limit: Annotated[Optional[int], typer.Option(help="At most this many.")] = None):
    \"\"\"List things.\"\"\"
@app.command()
def show(ident: str):
    \"\"\"Show one thing.\"\"\"
app()
"""


def machine() -> dict:
    model = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:
        cpus = os.cpu_count()
    return {
        "cpu": model, "cores": cpus, "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
        "os": platform.platform(terse=True), "load_average": [round(x, 2) for x in os.getloadavg()],
        "loop_ms": python_speed(),
    }


def python_speed(samples: int = 9) -> dict:
    """Milliseconds for a pure-Python loop of a million additions: fastest and median of
    `samples`. Shows how fast this machine runs Python, and how steady it is (on a shared
    virtual machine the median can be 1.7 x the fastest), so figures from two machines can
    be compared."""
    times = []
    for _ in range(samples):
        start = time.perf_counter()
        total = 0
        for i in range(1_000_000):
            total += i
        times.append((time.perf_counter() - start) * 1000)
        time.sleep(0.05)
    return {"min": round(min(times)), "median": round(statistics.median(times))}


def build(script: str, *args: str) -> dict:
    """Run make_corpus.py or make_ledger.py in a process of its own and return its summary.

    This process stays small on purpose: Linux counts the RSS a child had before exec (a copy
    of ours) in the peak that wait4 reports, so a big parent would inflate every figure."""
    result = subprocess.run([sys.executable, str(HERE / script), *args], capture_output=True, text=True, check=True)
    return ast.literal_eval(result.stdout.strip().splitlines()[-1])


def run_once(cmd: list[str], env: dict) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one run of a command; fails loudly if it fails."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(cmd, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status):
            err.seek(0)
            raise SystemExit(f"FAILED ({os.waitstatus_to_exitcode(status)}): {' '.join(cmd)}\n{err.read().decode()[-500:]}")
    return wall, usage.ru_maxrss / 1024


def measure(cmd: list[str], env: dict, runs: int = 5) -> dict:
    """Median wall seconds and peak RSS (MB) of a command."""
    walls, peaks = zip(*(run_once(cmd, env) for _ in range(runs)))
    return {"s": statistics.median(walls), "min_s": min(walls), "rss_mb": max(peaks)}


def paired(cmd: list[str], reference: list[str], env: dict, runs: int = 5, reference_env: dict | None = None) -> dict:
    """cmd and reference run by turns; the median of each pair's difference and ratio.

    On a shared virtual machine the speed drifts by half or more over minutes: a reference
    timed once, minutes before, would add that drift to every figure. Timed next to each
    other, each pair sees the same machine."""
    differences, ratios, peaks = [], [], []
    for _ in range(runs):
        base, _ = run_once(reference, reference_env or env)
        wall, peak = run_once(cmd, env)
        differences.append(wall - base)
        ratios.append(wall / base)
        peaks.append(peak)
    return {"s": statistics.median(differences), "ratio": statistics.median(ratios), "rss_mb": max(peaks)}


def heavy_imports(args: list[str], env: dict) -> list[str]:
    """Heavy modules a command imports, from python -X importtime."""
    code = f"import sys; sys.argv = ['jjjtrack', *{args!r}]; from jjjtrack.cli import main; main()"
    result = subprocess.run([sys.executable, "-X", "importtime", "-c", code], env=env, capture_output=True, text=True)
    found = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:"):
            name = line.rsplit("|", 1)[-1].strip()
            for heavy in HEAVY:
                if name == heavy or name.startswith(heavy + "."):
                    found.add(heavy)
    return sorted(found)


class Table:
    def __init__(self):
        self.rows = []

    def add(self, figure: str, measured: float, target: float | None, unit: str, higher_is_better=False):
        ratio = None
        if target:
            ratio = (target / measured if measured else float("inf")) if higher_is_better else measured / target
        self.rows.append({"figure": figure, "measured": measured, "target": target, "unit": unit, "ratio": ratio})
        print(f"  {figure}: {_fmt(measured, unit)}", file=sys.stderr, flush=True)

    def note(self, figure: str, text: str, ok: bool | None = None):
        self.rows.append({"figure": figure, "measured": text, "target": None, "unit": "", "ratio": None, "ok": ok})
        print(f"  {figure}: {text}", file=sys.stderr, flush=True)

    def print(self, info: dict):
        print(f"machine: {info['cpu']}, {info['cores']} cores, Python {info['python']}, SQLite {info['sqlite']}, "
              f"{info['os']}; load average at start {info['load_average']}; a million Python additions "
              f"{info['loop_ms']['min']} ms fastest, {info['loop_ms']['median']} ms median")
        width = max(len(row["figure"]) for row in self.rows)
        print(f"{'figure':<{width}}  {'measured':>14}  {'target':>14}  {'ratio':>6}")
        for row in self.rows:
            measured = row["measured"] if isinstance(row["measured"], str) else _fmt(row["measured"], row["unit"])
            target = _fmt(row["target"], row["unit"], at_least=row["unit"] == "chars/s") if row["target"] else ""
            ratio = f"{row['ratio']:.2f}" if row["ratio"] is not None else ""
            flag = " !" if row["ratio"] is not None and row["ratio"] > 1 or row.get("ok") is False else ""
            print(f"{row['figure']:<{width}}  {measured:>14}  {target:>14}  {ratio:>6}{flag}")


def _fmt(value, unit: str, at_least=False) -> str:
    if unit == "ms":
        text = f"{value:,.0f} ms"
    elif unit == "chars/s":
        text = f"{value / 1e6:.2f} M chars/s"
    elif unit == "MB":
        text = f"{value:,.0f} MB"
    elif unit == "s":
        text = f"{value:,.1f} s"
    elif unit == "pages/s":
        text = f"{value:,.1f} pages/s"
    elif unit == "x":
        text = f"{value:.2f} x"
    else:
        text = f"{value}"
    return (">= " if at_least else "") + text


def empty_ledger_env(work: Path) -> dict:
    return dict(os.environ, JJJTRACK_DB=str(work / "empty.db"), JJJTRACK_TODAY=TODAY, COLUMNS="120")


def startup(table: Table, work: Path, runs: int) -> None:
    env = empty_ledger_env(work)
    bare = [sys.executable, "-c", "pass"]
    floor = work / "bare_typer_app.py"
    floor.write_text(BARE_TYPER_APP)
    for label, cmd, target in (
        ("floor: bare typer app --help beyond python -c pass", [sys.executable, str(floor), "--help"], None),
        ("floor: bare typer app list --help beyond python", [sys.executable, str(floor), "list", "--help"], None),
        ("start-up: --help beyond python -c pass", [JJJ, "--help"], 150),
        ("start-up: list --help beyond python -c pass", [JJJ, "list", "--help"], 200),
        ("start-up: list --limit 1 (empty ledger) beyond python", [JJJ, "list", "--limit", "1"], 150),
        ("start-up: list --limit 1 --format json (empty ledger) beyond python", BASELINE_JSON, 150),
    ):
        table.add(label, paired(cmd, bare, env, runs * 2)["s"] * 1000, target, "ms")
    for args in (["--help"], ["list", "--help"], ["list", "--limit", "1"]):
        loaded = heavy_imports(args, env)
        table.note(f"heavy modules imported by {' '.join(args)}", ", ".join(loaded) or "none",
                   ok=not (set(loaded) - {"rich"}))


def ingest(table: Table, work: Path, runs: int, quick: bool) -> None:
    corpus = work / "corpus"
    shutil.rmtree(corpus, ignore_errors=True)
    chars = build("make_corpus.py", str(corpus), "--documents", "2000", "--seed", "7")["chars"]
    # the last of these leaves the ledger that "again" re-ingests: a linked one
    for label, extra in (("--no-link", ["--no-link"]), ("--jobs 1", ["--jobs", "1"]), ("default jobs", [])):
        db = work / "ingest.db"
        results = []
        for _ in range(3):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            env = dict(os.environ, JJJTRACK_DB=str(db), JJJTRACK_TODAY=TODAY)
            results.append(measure([JJJ, "ingest", *extra, str(corpus)], env, runs=1))
        seconds = statistics.median(r["s"] for r in results)
        table.add(f"ingest 2,000 documents ({chars / 1e6:.1f} M chars), {label}", chars / seconds, 1_000_000,
                  "chars/s", higher_is_better=True)
        table.add(f"ingest 2,000 documents, {label}: peak memory", max(r["rss_mb"] for r in results), 300, "MB")
    env = dict(os.environ, JJJTRACK_DB=str(db), JJJTRACK_TODAY=TODAY)
    again = measure([JJJ, "ingest", str(corpus)], env, runs=1)
    table.add("ingest the same 2,000 documents again (unchanged)", chars / again["s"], 1_000_000, "chars/s",
              higher_is_better=True)
    if quick:
        return
    big = work / "big" / "big.txt"
    big_chars = build("make_corpus.py", str(big), "--single-mb", "50", "--seed", "7")["chars"]
    db = work / "big.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    env = dict(os.environ, JJJTRACK_DB=str(db), JJJTRACK_TODAY=TODAY)
    result = measure([JJJ, "ingest", str(big)], env, runs=1)
    table.add(f"ingest one 50 MB document ({big_chars / 1e6:.1f} M chars)", big_chars / result["s"], 1_000_000,
              "chars/s", higher_is_better=True)
    table.add("ingest one 50 MB document: peak memory", result["rss_mb"], 300, "MB")


def documents(table: Table, work: Path, runs: int) -> None:
    """`extract` of the seeds' text as a PDF (written by tests/pdfmaker.py: lines broken by the
    page's width, a page number on each page) and as a .docx, beside the same text as .txt:
    what reading the file costs on top of extracting its text."""
    sys.path.insert(0, str(HERE.parent / "tests"))
    import docx
    import pdfmaker

    folder = work / "documents"
    folder.mkdir(parents=True, exist_ok=True)
    paragraphs = [line for seed in sorted((HERE.parent / "seeds").glob("*.txt"))
                  for line in seed.read_text(encoding="utf-8").splitlines() if line.strip()] * COPIES
    (folder / "seeds.txt").write_text("\n".join(paragraphs), encoding="utf-8")
    lines = [p[i:i + LINE_CHARS] for p in paragraphs for i in range(0, len(p), LINE_CHARS)]
    pages = [[pdfmaker.text(50, 60 + 18 * n, line) for n, line in enumerate(lines[start:start + PAGE_LINES])]
             + [pdfmaker.text(290, 820, f"- {number} -")]
             for number, start in enumerate(range(0, len(lines), PAGE_LINES), 1)]
    (folder / "seeds.pdf").write_bytes(pdfmaker.pdf(pages))
    word = docx.Document()
    for paragraph in paragraphs:
        word.add_paragraph(paragraph)
    word.save(folder / "seeds.docx")
    chars = sum(map(len, paragraphs))
    env = empty_ledger_env(work)
    seconds = {}
    for suffix in ("txt", "docx", "pdf"):
        seconds[suffix] = measure([JJJ, "extract", str(folder / f"seeds.{suffix}"), "--format", "jsonl"], env,
                                  min(runs, 3))["s"]
        table.add(f"extract the seeds ({chars / 1e3:.0f} k chars) as .{suffix}", seconds[suffix] * 1000, None, "ms")
    table.add(f"extract the seeds as .pdf ({len(pages)} pages): pages a second", len(pages) / seconds["pdf"], None,
              "pages/s")
    table.add("extract the seeds as .pdf, beyond .txt: ms a page", (seconds["pdf"] - seconds["txt"]) * 1000 / len(pages),
              None, "ms")


def links(table: Table, work: Path, runs: int, quick: bool) -> None:
    """`jjjtrack link` over a synthetic ledger: the first run reads every statement's linking
    features and links; the second, with the features stored, only links again."""
    size = SIZES[1] if quick else SIZES[-1]
    db = work / f"links_{size}.db"
    build("make_ledger.py", str(db), "--commitments", str(size), "--updates", str(5 * size), "--seed", "1")
    env = dict(os.environ, JJJTRACK_DB=str(db), JJJTRACK_TODAY=TODAY)
    tag = f"{size // 1000}k"
    for label in ("first run: features read, then linked", "again: features stored"):
        result = measure([JJJ, "link"], env, runs=1)
        table.add(f"{tag}: link, {label}", result["s"], 120, "s")
        table.add(f"{tag}: link, {label}: peak memory", result["rss_mb"], 300, "MB")
    summary = subprocess.run([JJJ, "link"], env=env, capture_output=True, text=True, check=True).stdout.strip()
    table.note(f"{tag}: link says", summary.splitlines()[-1] if summary else "")


QUERIES = [
    ("list --status overdue --limit 50", ["list", "--status", "overdue", "--limit", "50"]),
    ("list --status done --limit 50", ["list", "--status", "done", "--limit", "50"]),
    ("list --kind target --limit 50", ["list", "--kind", "target", "--limit", "50"]),
    ("list --category transport --limit 50", ["list", "--category", "transport", "--limit", "50"]),
    ("list --doc 000123 --limit 50", ["list", "--doc", "000123", "--limit", "50"]),
    ("list --due-before 2016-01-01 --limit 50", ["list", "--due-before", "2016-01-01", "--limit", "50"]),
    ("list --search 高速铁路 --limit 50", ["list", "--search", "高速铁路", "--limit", "50"]),
    ("list --as-of 2022-01-01 --limit 50", ["list", "--as-of", "2022-01-01", "--limit", "50"]),
    ("list --sort -value --limit 50", ["list", "--sort", "-value", "--limit", "50"]),
    ("list --category xiongan --format json", ["list", "--category", "xiongan", "--format", "json"]),
    ("show ID", ["show", "{id}"]),
]


def queries(table: Table, work: Path, runs: int, quick: bool) -> None:
    sizes = SIZES[:2] if quick else SIZES
    empty = empty_ledger_env(work)
    for size in sizes:
        db = work / f"ledger_{size}.db"
        build("make_ledger.py", str(db), "--commitments", str(size), "--updates", str(5 * size), "--seed", "1")
        env = dict(os.environ, JJJTRACK_DB=str(db), JJJTRACK_TODAY=TODAY, COLUMNS="120")
        tag = f"{size // 1000}k"
        subprocess.run([JJJ, "list", "--limit", "1"], env=env, capture_output=True, check=True)  # warm the cache

        def work_of(args: list[str], times: int = runs) -> dict:
            baseline = BASELINE_JSON if "json" in args else BASELINE_TABLE
            return paired([JJJ, *args], baseline, env, times, reference_env=empty)

        for label, args in QUERIES:
            args = [a.replace("{id}", str(size * 3 // 5)) for a in args]
            table.add(f"{tag}: {label} (work)", work_of(args)["s"] * 1000, 100, "ms")
        plain = work_of(["report", "--format", "json"])
        as_of = paired([JJJ, "report", "--format", "json", "--as-of", "2022-01-01"],
                       [JJJ, "report", "--format", "json"], env, runs)
        table_form = work_of(["report"], max(1, runs // 2))
        count = "import json, sys; print(len(json.load(sys.stdin)['items']))"
        report = subprocess.run([JJJ, "report", "--format", "json"], env=env, capture_output=True, check=True).stdout
        items = int(subprocess.run([sys.executable, "-c", count], input=report, capture_output=True, check=True).stdout)
        del report
        table.add(f"{tag}: report --format json (work; {items:,} items)", plain["s"] * 1000, 500, "ms")
        table.add(f"{tag}: report --as-of 2022-01-01 / report", as_of["ratio"], 2, "x")
        table.add(f"{tag}: report (terminal table; work)", table_form["s"] * 1000, 500, "ms")
        table.add(f"{tag}: report --format json peak memory", max(plain["rss_mb"], as_of["rss_mb"]), 300, "MB")
        table.add(f"{tag}: report (terminal table) peak memory", table_form["rss_mb"], 300, "MB")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 200k ledger and the 50 MB document")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=HERE / "out")
    parser.add_argument("--only", choices=("startup", "ingest", "documents", "links", "queries"), default=None)
    args = parser.parse_args(argv)
    if not Path(JJJ).exists():
        raise SystemExit(f"no jjjtrack next to {sys.executable}: run with the project's venv Python")
    args.out.mkdir(parents=True, exist_ok=True)
    info = machine()
    table = Table()
    started = time.perf_counter()
    if args.only in (None, "startup", "queries"):  # the empty ledger the baselines open
        subprocess.run([JJJ, "list"], env=empty_ledger_env(args.out), capture_output=True, check=True)
    if args.only in (None, "startup"):
        startup(table, args.out, args.runs)
    if args.only in (None, "ingest"):
        ingest(table, args.out, args.runs, args.quick)
    if args.only in (None, "documents"):
        documents(table, args.out, args.runs)
    if args.only in (None, "links"):
        links(table, args.out, args.runs, args.quick)
    if args.only in (None, "queries"):
        queries(table, args.out, args.runs, args.quick)
    info["seconds"] = round(time.perf_counter() - started)
    table.print(info)
    (args.out / "results.json").write_text(json.dumps({"machine": info, "rows": table.rows}, ensure_ascii=False,
                                                      indent=2))


if __name__ == "__main__":
    main()
