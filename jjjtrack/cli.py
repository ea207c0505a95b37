"""The jjjtrack command line: parse options, call the library, render.

The one place where a JjjtrackError becomes one line on stderr and exit status 1.
Heavy modules (sqlite_utils, dateutil, opencc, the lexicons) load inside the commands
that need them, so `jjjtrack --help` starts fast.
"""

from __future__ import annotations

import functools
import sys
from typing import Annotated, Optional

import typer

from .errors import InvalidValue, JjjtrackError

app = typer.Typer(
    help="Track the quantified commitments of Chinese policy documents.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

def _print_version(value: bool) -> None:
    if value:
        from . import __version__

        echo(f"jjjtrack {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[bool, typer.Option("--version", is_eager=True, callback=_print_version,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Track the quantified commitments of Chinese policy documents."""


DbOption = Annotated[
    Optional[str],
    typer.Option("--db", metavar="FILE", help="Ledger file (default: $JJJTRACK_DB, else data/jjjtrack.db).", show_default=False),
]
AsOfOption = Annotated[
    Optional[str], typer.Option("--as-of", metavar="DATE", help="Answer as things stood on this date.", show_default=False)
]
OcrOption = Annotated[
    bool, typer.Option("--ocr", help="Read scanned PDFs (no text layer) by OCR, where tesseract with chi_sim is installed.")
]
LISTING_FORMATS = ("table", "json", "csv")
LangOption = Annotated[
    Optional[str], typer.Option("--lang", metavar="LANG", help="en or zh: labels and headers (default: $JJJTRACK_LANG, else en).",
                                show_default=False)
]
LightsOption = Annotated[
    Optional[str], typer.Option("--lights", metavar="YELLOW,RED", help="Points behind schedule that make a target yellow, red "
                                "(default: $JJJTRACK_LIGHTS, else 10,30).", show_default=False)
]


def handles_errors(command):
    """Turn user errors into one line on stderr and exit status 1, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        import sqlite3

        try:
            return command(*args, **kwargs)
        except JjjtrackError as error:
            fail(str(error))
        except sqlite3.DatabaseError as error:
            fail(f"ledger error: {error}")
        except BrokenPipeError:  # `jjjtrack export | head`: the reader has gone, say nothing
            _silence_stdout()
            raise typer.Exit(1) from None
        except OSError as error:
            fail(f"{error.filename or 'file'}: {error.strerror or error}")
        except (typer.Exit, typer.Abort):
            raise
        except Exception as error:  # a bug: still one line, the traceback on request
            import os

            if os.environ.get("JJJTRACK_DEBUG"):
                raise
            detail = str(error).splitlines()[0][:200] if str(error) else ""
            fail(f"internal error ({type(error).__name__}{': ' + detail if detail else ''}); "
                 "run again with JJJTRACK_DEBUG=1 for the traceback, and please report it")

    return wrapper


def _silence_stdout() -> None:
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def fail(message: str, code: int = 1):
    sys.stderr.write(f"jjjtrack: {visible(message)}\n")
    raise typer.Exit(code)


def visible(text: str) -> str:
    """Control characters (a file name or value holding ESC or a newline) written as escapes,
    so an error stays one line and cannot drive the terminal."""
    if text.isprintable():
        return text
    return "".join(repr(c)[1:-1] if c < " " or "\x7f" <= c < "\xa0" else c for c in text)


def check_format(fmt: str, allowed: tuple[str, ...]) -> str:
    if fmt not in allowed:
        raise InvalidValue(f"unknown --format {fmt!r}: choose one of {', '.join(allowed)}")
    return fmt


def console():
    from .render import terminal_console

    return terminal_console(highlight=False, soft_wrap=False)


def echo(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def today() -> str:
    from .filters import today as frozen_today

    return frozen_today().isoformat()


def open_ledger(db: str | None, create: bool = False):
    """The ledger a command reads; only ingest and import create one."""
    from .ledger import Ledger, resolve_path

    return Ledger(resolve_path(db, create=create))


def parse_id(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise InvalidValue(f"{text!r} is not a commitment id (ids are whole numbers; see `jjjtrack list`)") from None


def parse_progress(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        raise InvalidValue(f"--progress {text!r} is not a number") from None
    if value < 0 or value != value or value in (float("inf"),):
        raise InvalidValue(f"--progress must be a finite number of zero or more, not {text}")
    return value


# -- ingest and extract -----------------------------------------------------------------


@app.command()
@handles_errors
def ingest(
    paths: Annotated[list[str], typer.Argument(metavar="PATH...", help="Files or folders (.txt, .md, .html, .pdf, .docx, .doc), read recursively.")],
    date: Annotated[Optional[str], typer.Option(metavar="DATE", help="Document date YYYY-MM-DD for every file given.")] = None,
    jobs: Annotated[
        Optional[int],
        typer.Option("--jobs", "-j", metavar="N", help="Processes reading and extracting (default: 2 for 8 files or more, if 2 cores).",
                     show_default=False),
    ] = None,
    link: Annotated[bool, typer.Option("--link/--no-link", help="Link the new documents' statements to targets' outcomes.")] = True,
    ocr: OcrOption = False,
    db: DbOption = None,
):
    """Read documents, extract their commitments and keep them in the ledger."""
    from .documents import iter_paths
    from .filters import iso_date
    from .ingest import ingest as ingest_files
    from .render import ingest_table

    doc_date = iso_date(date, "--date")
    files, problems = iter_paths(paths)
    if not files:  # nothing to read: say why and leave the ledger alone, not even created
        report_skipped(problems)
    outcome = ingest_files(open_ledger(db, create=True), files, date=doc_date, today=today(), jobs=jobs,
                           progress=lambda reads: _with_progress(reads, "ingesting"), link=link, ocr=ocr)
    if outcome.results:  # when every file was refused, the reasons on stderr say it all
        console().print(ingest_table(outcome.results, []))
    report_skipped(problems + outcome.problems)


def report_skipped(problems: list[tuple[str, str]]) -> None:
    """Name each skipped file with its reason, then exit 1 if there were any."""
    for path, reason in problems:
        message = reason if reason.startswith(path) else f"{path}: {reason}"
        sys.stderr.write(f"jjjtrack: skipped {visible(message)}\n")
    if problems:
        raise typer.Exit(1)


def _with_progress(items, label: str):
    """Yield items, with a progress bar on a terminal when there are many."""
    if len(items) < 5 or not sys.stderr.isatty():
        yield from items
        return
    from rich.progress import track

    yield from track(items, description=label, transient=True, console=_stderr_console())


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


@app.command()
@handles_errors
def extract(
    paths: Annotated[list[str], typer.Argument(metavar="PATH...", help="Files or folders to read.")],
    fmt: Annotated[str, typer.Option("--format", metavar="FORMAT", help="table or jsonl.")] = "table",
    date: Annotated[Optional[str], typer.Option(metavar="DATE", help="Document date YYYY-MM-DD.")] = None,
    ocr: OcrOption = False,
):
    """Extract statements and print them; writes nothing."""
    from .documents import iter_paths
    from .filters import iso_date
    from .ingest import read_one
    from .render import statements_table, to_jsonl

    check_format(fmt, ("table", "jsonl"))
    doc_date = iso_date(date, "--date")
    files, problems = iter_paths(paths)
    rows = []
    for path in files:
        read = read_one(path, date=doc_date, known=frozenset(), ocr=ocr)
        if read.error is not None:
            problems.append((read.path, read.error))
            continue
        document = read.document
        for statement in read.statements:
            rows.append({"doc": document.name, **statement.as_dict(), "doc_date": document.date})
        if fmt == "jsonl":
            sys.stdout.write(to_jsonl(rows))
            rows = []
    if fmt == "table":
        console().print(statements_table(rows))
    report_skipped(problems)


# -- list, show, update -------------------------------------------------------------------


@app.command("list")
@handles_errors
def list_(
    status: Annotated[Optional[str], typer.Option(metavar="STATUS", help="pending, in_progress, done, dropped or overdue.")] = None,
    kind: Annotated[Optional[str], typer.Option(metavar="KIND", help="target or reported.")] = None,
    category: Annotated[Optional[str], typer.Option(metavar="CATEGORY", help="A category, e.g. transport or 交通 (see `jjjtrack categories`).")] = None,
    doc: Annotated[Optional[str], typer.Option(metavar="DOC", help="Document file name (or part of it) or id.")] = None,
    due_before: Annotated[Optional[str], typer.Option("--due-before", metavar="DATE", help="Deadline before this date.")] = None,
    search: Annotated[Optional[str], typer.Option(metavar="TEXT", help="Text in the span, subject or sentence.")] = None,
    region: Annotated[Optional[str], typer.Option(metavar="REGION", help="A region, e.g. Beijing or 北京 (see `jjjtrack regions`).")] = None,
    as_of: AsOfOption = None,
    sort: Annotated[str, typer.Option(metavar="KEY", help="id, deadline, value, status, doc, category, kind; -key reverses.")] = "id",
    limit: Annotated[Optional[int], typer.Option(metavar="N", help="At most this many rows.")] = None,
    fmt: Annotated[str, typer.Option("--format", metavar="FORMAT", help="table, json, csv or xlsx.")] = "table",
    lead: Annotated[Optional[str], typer.Option(metavar="UNIT", help="Lead unit (牵头单位), e.g. 市发展改革委.")] = None,
    owner: Annotated[Optional[str], typer.Option(metavar="UNIT", help="Responsible unit (责任单位).")] = None,
    schedule: Annotated[Optional[str], typer.Option(metavar="STATE", help="Targets by schedule: ahead, on, behind, done, "
                                                    "overdue, missed, unreported, green, yellow, red or any.")] = None,
    lights: LightsOption = None,
    lang: LangOption = None,
    output: Annotated[Optional[str], typer.Option("--output", "-o", metavar="FILE", help="Write to this file (xlsx).")] = None,
    db: DbOption = None,
):
    """List commitments, filtered and sorted; with --schedule, each target's progress against
    its schedule and its light."""
    from .filters import make_filter
    from .ledger import LISTING_COLUMNS
    from .render import labelled_rows, listing_table, to_csv, to_json

    check_format(fmt, (*LISTING_FORMATS, "xlsx"))
    language = output_language(lang, fmt)
    flt = with_units(make_filter(status, kind, category, doc, due_before, search, as_of, sort, limit, region), lead, owner)
    if schedule is not None or fmt == "xlsx":
        rows = scheduled_rows(open_ledger(db), flt, schedule, lights, fmt, output, language)
        if rows is None:
            return
        columns = rows[0].keys() if rows else LISTING_COLUMNS
    else:
        rows = open_ledger(db).query(flt, today(), as_json=fmt == "json")
        columns = LISTING_COLUMNS
    if fmt == "json":
        echo(to_json(rows))
    elif fmt == "csv":
        sys.stdout.write(to_csv(labelled_rows(rows, language), columns, headers=column_headers(columns, language)))
    else:
        console().print(listing_table(rows, language))


# -- the supervision 台账: units, schedules, xlsx, language ----------------------------------


def output_language(option: str | None, fmt: str = "table") -> str:
    """--lang, else JJJTRACK_LANG, else English (the 台账 in xlsx: Chinese)."""
    from .labels import LANGUAGES, language

    chosen = language(option, default="zh" if fmt == "xlsx" else "en")
    if not chosen:
        raise InvalidValue(f"unknown language {option!r}: choose one of {', '.join(LANGUAGES)} (--lang or JJJTRACK_LANG)")
    return chosen


def column_headers(columns, lang: str) -> list[str]:
    """CSV headers: the field names, or their Chinese labels."""
    from .labels import COLUMNS, label

    return [label(COLUMNS, name, lang) if lang == "zh" else name for name in columns]


def unit_option(text: str | None, option: str) -> str | None:
    """A unit list as typed, normalised (市发改委 -> 市发展改革委); a warning names a unit
    jjjtrack does not know as one, which is kept as typed."""
    if text is None:
        return None
    from .extract import is_unit_name, normalise_units
    from .models import UNIT_JOINER

    units = normalise_units(text)
    if not units:
        raise InvalidValue(f"{option} needs a unit name, e.g. 市发展改革委")
    for unit in units.split(UNIT_JOINER):
        if not is_unit_name(unit):
            warn(f"{option} {unit!r} is not a unit name jjjtrack knows (names end in 委, 局, 办, 政府 ...); kept as given")
    return units


def with_units(flt, lead: str | None, owner: str | None):
    from dataclasses import replace

    if lead is None and owner is None:
        return flt
    return replace(flt, lead=unit_option(lead, "--lead"), owner=unit_option(owner, "--owner"))


def warn(message: str) -> None:
    sys.stderr.write(f"jjjtrack: warning: {visible(message)}\n")


def scheduled_rows(ledger, flt, choice: str | None, lights: str | None, fmt: str, output: str | None, lang: str):
    """The listing with schedules; for xlsx, written to --output (and None returned)."""
    from .reports import schedule_listing
    from .schedule import check_choice, thresholds

    if fmt == "xlsx" and not output:
        raise InvalidValue("--format xlsx needs --output FILE (a workbook is not for the terminal)")
    rows = schedule_listing(ledger, flt, today(), thresholds(lights), check_choice(choice))
    if fmt != "xlsx":
        return rows
    write_taizhang(ledger, rows, flt.as_of or today(), output, lang)
    return None


def write_taizhang(ledger, rows: list[dict], as_of: str, output: str, lang: str) -> None:
    from .render_xlsx import write_taizhang as write
    from .reports import taizhang_rows

    write(taizhang_rows(ledger, rows, as_of), output, lang)
    echo(f"wrote {output}")


@app.command()
@handles_errors
def show(
    commitment_id: Annotated[str, typer.Argument(metavar="ID", help="Commitment id (see `jjjtrack list`).")],
    fmt: Annotated[str, typer.Option("--format", metavar="FORMAT", help="table, json or html.")] = "table",
    as_of: AsOfOption = None,
    output: Annotated[Optional[str], typer.Option("--output", "-o", metavar="FILE", help="Write to this file.")] = None,
    lights: LightsOption = None,
    lang: LangOption = None,
    db: DbOption = None,
):
    """Show one commitment: its sentence, document, status, units, progress against its
    schedule, the evidence of its outcome beside it, and its full update history."""
    from .filters import iso_date
    from .render import commitment_panel, to_json

    check_format(fmt, ("table", "json", "html"))
    language = output_language(lang)
    ident = parse_id(commitment_id)
    ledger = open_ledger(db)
    date = iso_date(as_of, "--as-of") or today()
    row = with_schedule(ledger, ledger.get(ident, date), date, lights)
    updates = ledger.history(ident)
    # the links of a target, or those naming this statement as a target's evidence
    links = ledger.links(target_id=ident) or ledger.links(evidence_id=ident)
    if fmt == "json":
        from .render_links import link_object

        write_or_echo(to_json({**row, "updates": updates, "links": [link_object(link) for link in links]}), output)
    elif fmt == "html":
        from .render_html import commitment_html

        write_or_echo(commitment_html(row, updates, date, links), output)
    else:
        from rich.console import Group

        from .render_links import link_pairs

        panel = commitment_panel(row, updates, language)
        print_or_write(lambda width: Group(panel, link_pairs(links)) if links else panel, output)


def with_schedule(ledger, row: dict, date: str, lights: str | None) -> dict:
    """The row with its schedule (schedule.py); a warning when the date is before its document."""
    from .reports import commitment_schedule
    from .schedule import thresholds

    if row.get("doc_date") and date < row["doc_date"]:
        warn(f"as of {date}, #{row['id']}'s document (dated {row['doc_date']}) was not yet written: no schedule")
    return {**row, **commitment_schedule(ledger, row["id"], date, thresholds(lights))}


def warn_implausible_progress(ledger, ident: int, amount: float | None, as_of: str) -> None:
    from .schedule import PROGRESS_CEILING, implausible_progress

    if amount is None:
        return
    row = ledger.get(ident, as_of)
    if implausible_progress(row.get("value"), amount):
        from .render import quantity

        warn(f"--progress {amount:g} is more than {PROGRESS_CEILING} times #{ident}'s target ({quantity(row)}): "
             f"recorded, but check that it is in the target's unit ({row.get('unit') or 'none'})")


@app.command()
@handles_errors
def update(
    commitment_id: Annotated[str, typer.Argument(metavar="ID", help="Commitment id.")],
    status: Annotated[Optional[str], typer.Option(metavar="STATUS", help="pending, in_progress, done or dropped.")] = None,
    progress: Annotated[Optional[str], typer.Option(metavar="NUMBER", help="Progress towards the value, in its unit.")] = None,
    note: Annotated[Optional[str], typer.Option(metavar="TEXT", help="What happened.")] = None,
    source: Annotated[Optional[str], typer.Option(metavar="URL", help="Evidence: a URL or a citation.")] = None,
    date: Annotated[Optional[str], typer.Option(metavar="DATE", help="When this became true (default today).")] = None,
    deadline: Annotated[Optional[str], typer.Option(metavar="DATE", help="A new deadline.")] = None,
    lead: Annotated[Optional[str], typer.Option(metavar="UNIT", help="The lead unit (牵头单位) from this date on.")] = None,
    owner: Annotated[Optional[str], typer.Option(metavar="UNIT", help="The responsible unit (责任单位) from this date on.")] = None,
    db: DbOption = None,
):
    """Record progress on a commitment; updates are appended, never overwritten."""
    from .filters import check_status, iso_date

    ident = parse_id(commitment_id)
    check_status(status, allow_overdue=False)
    amount = parse_progress(progress)
    as_of = iso_date(date, "--date") or today()
    new_deadline = iso_date(deadline, "--deadline")
    units = {"lead": unit_option(lead, "--lead"), "owner": unit_option(owner, "--owner")}
    if all(v is None for v in (status, amount, note, source, new_deadline, *units.values())):
        raise InvalidValue("nothing to record: give --status, --progress, --note, --source, --deadline, --lead or --owner")
    ledger = open_ledger(db)
    warn_implausible_progress(ledger, ident, amount, as_of)
    result = ledger.add_update(
        ident, as_of=as_of, status=status, progress=amount, note=note, source=source, deadline=new_deadline,
        today=today(), **units
    )
    from .render import update_message

    echo(update_message(result, as_of, amount))


# -- report ------------------------------------------------------------------------------


@app.command()
@handles_errors
def report(
    as_of: AsOfOption = None,
    fmt: Annotated[str, typer.Option("--format", metavar="FORMAT", help="table, json, markdown, html or xlsx.")] = "table",
    doc: Annotated[Optional[str], typer.Option(metavar="DOC", help="The scorecard of one document's targets (name or id).")] = None,
    output: Annotated[Optional[str], typer.Option("--output", "-o", metavar="FILE", help="Write to this file.")] = None,
    by: Annotated[Optional[str], typer.Option("--by", metavar="GROUP", help="lead: the counts by lead unit too.")] = None,
    lights: LightsOption = None,
    lang: LangOption = None,
    db: DbOption = None,
):
    """What is done, missed, silent, pending and overdue, by kind, category and document, and
    the targets by light; with --doc, one document's targets with their outcomes and the
    evidence; --format xlsx writes the 台账 of every target."""
    from .filters import iso_date
    from .render import TERMINAL_ITEMS
    from .reports import build_report
    from .schedule import thresholds

    check_format(fmt, ("table", "json", "markdown", "html", "xlsx"))
    language = output_language(lang, fmt)
    if by not in (None, "lead"):
        raise InvalidValue(f"unknown --by {by!r}: choose lead")
    if fmt == "xlsx":
        taizhang_report(open_ledger(db), iso_date(as_of, "--as-of"), lights, output, language)
        return
    if doc is not None:
        scorecard(open_ledger(db), doc, iso_date(as_of, "--as-of"), fmt, output)
        return
    result = build_report(
        open_ledger(db), iso_date(as_of, "--as-of"), today(), details=fmt in ("markdown", "html"),
        as_json=fmt == "json", overdue_limit=TERMINAL_ITEMS if fmt == "table" else None,
        by_lead=by == "lead", limits=thresholds(lights),
    )
    if fmt == "table":
        from .render import report_tables

        print_or_write(lambda width: report_tables(result, width, language), output)
        return
    if fmt == "json":
        from .render import report_json

        text = report_json(result)
    elif fmt == "markdown":
        from .render import report_markdown

        text = report_markdown(result, language)
    else:
        from .render_html import report_html

        text = report_html(result, language)
    write_or_echo(text, output)


def print_or_write(renderable, output: str | None) -> None:
    """A rich table on the terminal, or plain text in a file; renderable(width) makes it."""
    if not output:
        terminal = console()
        terminal.print(renderable(terminal.width))
        return
    from .render import terminal_console

    with open(output, "w", encoding="utf-8") as handle:
        terminal_console(file=handle, width=WRITTEN_TABLE_WIDTH, color_system=None, highlight=False,
                         soft_wrap=False).print(renderable(WRITTEN_TABLE_WIDTH))
    echo(f"wrote {output}")


WRITTEN_TABLE_WIDTH = 120  # a table written to a file is as wide as a text editor shows whole


def taizhang_report(ledger, as_of: str | None, lights: str | None, output: str | None, lang: str) -> None:
    """report --format xlsx: every target of the ledger as of a date, as the 台账."""
    from .filters import Filter

    scheduled_rows(ledger, Filter(kind="target", as_of=as_of, sort="deadline"), None, lights, "xlsx", output, lang)


def write_or_echo(text: str, output: str | None) -> None:
    if output:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text if text.endswith("\n") else text + "\n")
        echo(f"wrote {output}")
    else:
        echo(text)


def scorecard(ledger, doc: str, as_of: str | None, fmt: str, output: str | None) -> None:
    from .reports import build_scorecard

    card = build_scorecard(ledger, doc, as_of, today())
    if fmt == "table":
        from .render_links import scorecard_table

        print_or_write(lambda width: scorecard_table(card), output)
        return
    if fmt == "json":
        from .render import to_json

        text = to_json(card.as_dict())
    elif fmt == "markdown":
        from .render_links import scorecard_markdown

        text = scorecard_markdown(card)
    else:
        from .render_html import scorecard_html

        text = scorecard_html(card)
    write_or_echo(text, output)


@app.command()
@handles_errors
def categories(db: DbOption = None):
    """The categories --category takes, with how many commitments the ledger files under each."""
    from .labels import CATEGORIES
    from .render import vocabulary_table

    counts = _counts_if_ledger(db, "category")
    rows = [(key, english, chinese, counts.get(key)) for key, (english, chinese) in CATEGORIES.items()]
    console().print(vocabulary_table(("category", "English", "中文", "commitments"), rows))


@app.command()
@handles_errors
def regions(db: DbOption = None):
    """The regions --region takes, with their Chinese names and how many commitments are about each."""
    from .filters import region_names
    from .render import vocabulary_table

    counts = _counts_if_ledger(db, "region")
    rows = [(key, "、".join(names[:4]), counts.get(key)) for key, names in region_names().items()]
    console().print(vocabulary_table(("region", "中文", "commitments"), rows))


def _counts_if_ledger(db: str | None, column: str) -> dict:
    """Counts from the ledger when there is one: the vocabulary is worth seeing before any ingest."""
    from .ledger import ledger_exists

    return open_ledger(db).counts_by(column) if ledger_exists(db) else {}


# -- link, links -------------------------------------------------------------------------


@app.command()
@handles_errors
def link(
    reject: Annotated[Optional[int], typer.Option(metavar="N", help="Reject link N: it goes, and stays gone.")] = None,
    confirm: Annotated[Optional[int], typer.Option(metavar="N", help="Confirm link N: it stays whatever re-linking finds.")] = None,
    db: DbOption = None,
):
    """Link each target to the later statements that report its outcome, over the whole ledger."""
    from .models import Review

    ledger = open_ledger(db)
    if reject is not None and confirm is not None:
        raise InvalidValue("give --reject or --confirm, not both")
    if reject is not None or confirm is not None:
        review = Review.REJECTED if reject is not None else Review.CONFIRMED
        found = ledger.review_link(reject if reject is not None else confirm, review.value)
        echo(f"link {found['id']} {found['review']}: #{found['target_id']} {found['target_text']} "
             f"{found['verdict']} by {found['evidence_text']} ({found['evidence_doc']})")
        return
    from .linking import relink

    summary = relink(ledger)
    verdicts = ", ".join(f"{count} {verdict}" for verdict, count in summary.by_verdict.items())
    echo(f"{summary.targets} targets with a known indicator, {summary.links} links: {verdicts}")


@app.command("links")
@handles_errors
def links_(
    verdict: Annotated[Optional[str], typer.Option(metavar="VERDICT", help="met, missed, restated or progress.")] = None,
    doc: Annotated[Optional[str], typer.Option(metavar="DOC", help="Target's or evidence's document (name or id).")] = None,
    rejected: Annotated[bool, typer.Option("--rejected", help="Include rejected links.")] = False,
    fmt: Annotated[str, typer.Option("--format", metavar="FORMAT", help="table, json, csv or jsonl.")] = "table",
    db: DbOption = None,
):
    """List the links between targets and the statements that report their outcomes."""
    from .linking import VERDICTS
    from .render import to_csv, to_json, to_jsonl
    from .render_links import LINK_CSV_COLUMNS, link_object, links_table

    check_format(fmt, (*LISTING_FORMATS, "jsonl"))
    if verdict is not None and verdict not in VERDICTS:
        raise InvalidValue(f"--verdict must be one of {', '.join(VERDICTS)}, not {verdict!r}")
    rows = open_ledger(db).links(verdict=verdict, doc=doc, include_rejected=rejected)
    if fmt == "jsonl":
        sys.stdout.write(to_jsonl(link_object(row) for row in rows))
    elif fmt == "json":
        echo(to_json([link_object(row) for row in rows]))
    elif fmt == "csv":
        sys.stdout.write(to_csv(rows, LINK_CSV_COLUMNS))
    else:
        console().print(links_table(rows))


# -- export, import, check ---------------------------------------------------------------


@app.command()
@handles_errors
def export(
    output: Annotated[Optional[str], typer.Option("--output", "-o", metavar="FILE", help="Write to this file (default: standard output).")] = None,
    db: DbOption = None,
):
    """Write the whole ledger (documents, commitments, updates) as JSON Lines."""
    import json
    import os

    ledger = open_ledger(db)
    records = ledger.export_records()
    if not output:
        # JSON Lines are UTF-8 whatever the terminal's encoding says
        sys.stdout.flush()
        out = getattr(sys.stdout, "buffer", None)
        write = (lambda line: out.write(line.encode("utf-8"))) if out else sys.stdout.write
        for record in records:
            write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    if os.path.realpath(output).removesuffix("-wal").removesuffix("-shm") == os.path.realpath(ledger.path):
        raise InvalidValue(f"--output {output!r} is the ledger itself: choose another file")
    # A partial file never takes the name: write beside it, then rename.
    temporary = f"{output}.part"
    try:
        with open(temporary, "w", encoding="utf-8", newline="\n") as handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        os.replace(temporary, output)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise
    sys.stderr.write(f"wrote {output}\n")


@app.command("import")
@handles_errors
def import_(
    file: Annotated[str, typer.Argument(metavar="FILE", help="A file written by `jjjtrack export`, or - for standard input.")],
    db: DbOption = None,
):
    """Read an export into the ledger, skipping what it already holds; all or nothing."""
    ledger = open_ledger(db, create=True)
    name = "standard input" if file == "-" else file
    try:
        if file == "-":  # UTF-8 whatever the terminal's encoding says
            stdin = getattr(sys.stdin, "buffer", None)
            lines = (line.decode("utf-8") for line in stdin) if stdin else sys.stdin
            counts = ledger.import_lines(lines, name)
        else:
            with open(file, encoding="utf-8") as handle:
                counts = ledger.import_lines(handle, file)
    except UnicodeDecodeError:
        raise InvalidValue(f"{name}: not UTF-8 text, so not a jjjtrack export") from None
    except FileNotFoundError:
        raise InvalidValue(f"{file}: no such file") from None
    except IsADirectoryError:
        raise InvalidValue(f"{file}: is a folder, not an export file") from None
    echo(", ".join(f"{table}: {c['added']} added, {c['present']} already present" for table, c in counts.items()))


@app.command()
@handles_errors
def check(db: DbOption = None):
    """Verify the ledger: SQLite integrity, references, offsets, statuses, the search index."""
    ledger = open_ledger(db)
    problems = ledger.check()
    for problem in problems:
        sys.stderr.write(f"jjjtrack: {problem}\n")
    if problems:
        raise typer.Exit(1)
    echo(f"{ledger.path}: ok")


@app.command()
@handles_errors
def serve(
    host: Annotated[str, typer.Option(metavar="HOST", help="Address to listen on; 0.0.0.0 opens it to the network.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(metavar="PORT", help="Port to listen on.")] = 8001,
    db: DbOption = None,
):
    """Browse the ledger in a web browser with Datasette (pip install 'jjjtrack[web]')."""
    from . import serve as web

    web.check_installed()
    ledger = open_ledger(db)  # applies migrations, so the status views exist
    path = ledger.path
    ledger.close()
    web.serve(path, host, port, announce=echo)


def _usage_line(error) -> str:
    """click's message, first line only, naming the command and where its help is."""
    message = (error.format_message() or "").strip().splitlines()
    text = message[0].rstrip(".") if message else type(error).__name__
    ctx = getattr(error, "ctx", None)
    path = ctx.command_path if ctx is not None else "jjjtrack"
    where = path.removeprefix("jjjtrack").strip()
    return f"{where + ': ' if where else ''}{text} (see `{path} --help`)"


def _plain_coercion() -> None:
    """Coerce plain str / int / float / list[str] options without pydantic.

    typer 0.2x validates every parameter through a pydantic TypeAdapter, built on first use:
    importing pydantic and building a dozen adapters costs about 100 ms on each run, more than
    the rest of `jjjtrack list` (see benchmarks/README.md). These annotations convert the
    way click always converted them; anything else keeps typer's own path. Older typers lack
    the hook and need nothing; pyproject.toml pins typer below the next minor version, since
    the hook is typer's private interface (tests/test_cli.py checks it is in place).
    """
    try:
        from dataclasses import dataclass

        from typer import _coercion, core
        from typer._click.exceptions import BadParameter
    except ImportError:
        return
    build = getattr(core, "build_runtime_param", None)
    if build is None or getattr(build, "plain", False) or not hasattr(_coercion, "RuntimeParam"):
        return
    def boolean(value):
        if isinstance(value, bool):
            return value
        flag = str(value).strip().lower()
        if flag in ("1", "true", "t", "yes", "y", "on"):
            return True
        if flag in ("0", "false", "f", "no", "n", "off"):
            return False
        raise ValueError(value)

    converters = {str: str, int: int, float: float, bool: boolean}

    @dataclass(frozen=True)
    class PlainParam(_coercion.RuntimeParam):
        convert: object = str
        many: bool = False

        def _coerce_value(self, value, param, ctx):
            try:
                if self.many:
                    return [self.convert(item) for item in value]
                return self.convert(value)
            except (TypeError, ValueError):
                name = {int: "an integer", float: "a number"}.get(self.convert, "true or false")
                raise BadParameter(f"{value!r} is not {name}.", ctx=ctx, param=param) from None

    def build_plain(descriptor):
        annotation, info = descriptor.annotation, descriptor.parameter_info
        ranged = getattr(info, "min", None) is not None or getattr(info, "max", None) is not None
        if descriptor.file_annotation is None and not ranged and not getattr(info, "parser", None):
            if annotation in converters and not descriptor.is_choice:
                return PlainParam(info, annotation, convert=converters[annotation])
            if annotation == list[str]:
                return PlainParam(info, annotation, convert=str, many=True)
        return build(descriptor)

    build_plain.plain = True
    core.build_runtime_param = build_plain


def _plain_argument_help() -> None:
    """Arguments in help as click writes them: `show ID`, `ingest PATH...`, not typer 0.2x's
    `{ID}` and `ID <str>` (the type label of an argument says nothing its help does not)."""
    try:
        from typer.core import TyperArgument
    except ImportError:
        return
    if not hasattr(TyperArgument, "_usage_display_name"):
        return

    def usage_name(self) -> str:
        name = self.display_name_raw if self.required else f"[{self.display_name_raw}]"
        return name + ("..." if self.nargs != 1 and not name.endswith("...") else "")

    TyperArgument._usage_display_name = usage_name
    TyperArgument.display_type_rich = lambda self, ctx: None


_plain_coercion()  # where the app is built, so CliRunner and `jjjtrack` run the same coercion
_plain_argument_help()


def main(argv: list[str] | None = None) -> None:
    """Run the app; a usage error (unknown option, missing argument) is one line on stderr too."""
    from typer.exceptions import Abort

    try:
        from typer._click.exceptions import ClickException, NoArgsIsHelpError
    except ImportError:  # typer before 0.20 uses click itself
        from click.exceptions import ClickException

        NoArgsIsHelpError = ()
    undecodable = _undecodable_argument(sys.argv[1:] if argv is None else argv)
    if undecodable is not None:
        shown = repr(undecodable.encode("utf-8", "surrogateescape"))[2:-1]
        sys.stderr.write(f"jjjtrack: argument '{shown}' is not valid UTF-8 text "
                         "(check the terminal's or the script's encoding)\n")
        sys.exit(2)
    try:
        code = app(args=argv, prog_name="jjjtrack", standalone_mode=False)
    except NoArgsIsHelpError as error:  # `jjjtrack` alone prints the help, as before
        error.show()
        code = error.exit_code
    except ClickException as error:
        sys.stderr.write(f"jjjtrack: {_usage_line(error)}\n")
        code = error.exit_code
    except Abort:
        sys.stderr.write("jjjtrack: aborted\n")
        code = 1
    sys.exit(code if isinstance(code, int) else 0)


def _undecodable_argument(args: list[str]) -> str | None:
    """The first argument holding bytes that are not UTF-8 (Python keeps them as surrogates)."""
    for arg in args:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            return arg
    return None
