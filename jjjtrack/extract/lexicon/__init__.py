"""The extractor's language knowledge: loads the lexicon/*.toml files, validates them, caches them.

Every word list the extractor uses lives in these files. `load(name)` returns the parsed,
validated table; a malformed file raises LexiconError naming the file and the key.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

from jjjtrack.errors import LexiconError

LEXICON_DIR = Path(__file__).parent

# Expected shape of each file: dotted key -> kind. "words" is a non-empty list of non-empty
# strings; "units" the same but "" (no unit) allowed; "count" a positive integer; "int_table" maps words to integers; "text_table" maps words to strings;
# "special_table" maps words to {value, unit}; "words_table" maps names to word lists.
SCHEMAS: dict[str, dict[str, str]] = {
    "units": {
        "money.words": "words", "percent.words": "words", "measure.words": "words",
        "duration.unit": "text", "duration.cues": "words", "approx_suffix.at_least": "words",
        "special": "special_table", "fractions": "text_table", "rank.units": "words", "rank.contexts": "words", "rank.markers": "words", "range.joiners": "words", "rank.only_in_rank": "words",
        "scale_suffix.words": "words", "scale_suffix.kept": "words", "traps.words": "words", "streak.words": "words",
        "bare_magnitude.words": "words", "bare_magnitude.preceders": "words", "bare_magnitude.size_class_mark": "text", "bare_magnitude.threshold_marks": "words",
        "lone_one.after": "words", "ratio.marks": "words", "ratio.colons": "words", "ratio.unitless_after": "words",
    },
    "cues": {
        "false_friends.words": "words", "target.strong": "words", "target.weak": "words",
        "target.headings": "words", "target.progressive": "words", "target.section_openers": "words", "target.year_heading_words": "words", "target.year_heading_nouns": "words", "reported.strong": "words", "reported.weak": "words",
        "reported.headings": "words", "reported.done_markers": "words", "planned_difference.words": "words", "change.from": "words", "change.to": "words",
        "change.modifier_mark": "text", "change.origin_mark": "text", "scope.reported": "words", "scope.target": "words", "subject.predicate_starts": "words", "subject.weak_words": "words", "subject.change_verbs": "words", "subject.share_mark": "text", "subject.tail_words": "words", "subject.noun_suffixes": "words", "subject.rank_nouns": "words", "subject.respectively": "text", "effect.cues": "words", "current_state.frames": "words", "current_state.cumulative": "text",
        "current_state.completions": "words", "current_state.words": "words", "current_state.events": "words", "effect.events": "words", "subject.part_of": "text", "subject.list_joiners": "words",
        "disposal.marker": "text", "disposal.verbs_after": "words", "comparator.at_least_before": "words", "comparator.about_before": "words",
        "comparator.at_most_before": "words", "comparator.at_least_after": "words",
        "comparator.about_after": "words", "comparator.at_most_after": "words",
        "reported.extent": "words", "target.task_heading_verbs": "words", "reported.heading_result_marks": "words", "reported.clause_only": "words",
        "held_event.events": "words", "held_event.held": "words", "held_event.not_in_items": "words", "remainder.words": "words", "progress_notice.titles": "words", "progress_notice.plan_words": "words", "statistical_release.titles": "words", "statistical_release.reported_year_words": "words", "progress.totals": "words", "progress.events": "words", "progress.plan_shares": "words", "progress.statuses": "words",
    },
    "deadlines": {
        "relative_years": "int_table", "spans": "int_table", "mid_year.word": "text", "mid_year.after": "words", "month_spans.joiners": "words", "month_spans.first": "text", "month_spans.months": "text", "part_of_year": "text_table", "plan_periods": "int_table", "plan_titles": "int_table",
        "far_horizons": "int_table", "this_month.words": "words", "this_month.not_after": "words", "as_of.before": "words", "as_of.now": "words", "year_frame.period_cues": "words",
        "year_frame.before": "words", "year_frame.after": "words", "year_frame.neutral_words": "words",
        "no_deadline.words": "words", "no_deadline.this_year_word": "text", "no_deadline.since_after": "words", "no_deadline.baseline_before": "words", "no_deadline.carry_before": "words",
        "year_frame.carry_period_cues": "words", "no_deadline.open_horizons": "words", "year_frame.ahead_before": "words", "year_frame.ahead_after": "words", "figure_dating.plan_nouns": "words", "figure_dating.due_mark": "text",
    },
    "noise": {
        "slogans.words": "words", "numeral_words.words": "words", "followers.dates": "words",
        "followers.ordinal": "words", "followers.structure": "words", "followers.logistics": "words", "followers.names": "words",
        "followers.population": "words", "preceders.ordinal": "words", "preceders.logistics": "words",
        "preceders.names": "words", "preceders.structure": "words", "preceders.structure_units": "words", "preceders.denominator": "words", "preceders.policy_name": "words", "sentence.logistics": "words", "counts.lone_non_counts": "words", "counts.attendance_units": "words", "sentence.context_populations": "words", "sentence.population_gap": "words",
        "sentence.existential_owners": "words", "sentence.existential_units": "units", "sentence.motivation": "words",
        "sentence.coverage_verbs": "words", "sentence.coverage_gap": "count",
        "document_size.verbs": "words", "document_size.parts": "words", "document_size.system_parts": "words",
        "document_size.system_items": "words", "document_size.system_nouns": "words", "visits.units": "words", "visits.words": "words",
        "programmes.numerals": "words", "age_bands.units": "words", "month_counts.units": "words", "month_counts.before": "words", "month_counts.not_before": "words", "age_bands.after": "words", "programmes.names": "words",
    },
    "regions": {"regions": "words_table", "not_regions.words": "words", "destinations.before": "words"},
    "numerals": {"digits": "int_table", "counting_only.words": "words", "zero_lookalikes.words": "words",
                 "small_units": "int_table", "large_units": "int_table"},
    "dates": {
        "calendar.year": "words", "calendar.month": "words", "calendar.day": "words", "calendar.separators": "words",
        "publication.labels": "words", "publication.inline_labels": "words", "publication.verbs": "words",
        "publication.bullets": "text", "meeting.verbs": "words", "meeting.yesterday": "words",
        "meeting.today": "words", "year_guess.target_before": "words", "year_guess.target_after": "words", "year_guess.plan_after": "words",
        "year_guess.deadline_labels": "words", "year_guess.past_after": "words", "year_guess.past_before": "words", "year_guess.base_before": "words",
        "year_guess.base_after": "words", "year_guess.current_months_max": "count",
        "year_guess.site_notice": "words", "congress.years": "int_table", "congress.congress_suffix": "words",
        "congress.congress_forms": "words", "congress.session_suffix": "words",
        "congress.session_followers": "words", "congress.plenum_suffix": "words",
    },
    "categories": {"order": "words", "keywords": "words_table"},
    "baselines": {"table.base_headers": "words"},
    "leads": {
        "roles.lead_labels": "words", "roles.owner_labels": "words", "roles.partner_labels": "words",
        "roles.lead_after": "words", "roles.partner_after": "words", "roles.by": "words", "roles.fillers": "words",
        "roles.separators": "words", "names.prefixes": "words", "names.suffixes": "words",
        "names.abbreviations": "text_table",
    },
    "links": {
        "indicators": "words_table", "ceilings.keys": "words", "direction.ceiling_before": "words",
        "direction.ceiling_after": "words", "direction.floor_before": "words", "direction.floor_after": "words",
        "stages": "words_table", "periods.relative_years": "int_table", "periods.several_years": "words",
        "periods.comparison_markers": "words", "verdicts.met": "words", "verdicts.missed": "words",
        "verdicts.not_verdicts": "words", "units.percent": "words", "units.not_scaled": "words",
    },
}


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    """The validated contents of lexicon/<name>.toml, parsed once."""
    return load_file(LEXICON_DIR / f"{name}.toml", SCHEMAS[name])


def load_file(path: Path, schema: dict[str, str]) -> dict:
    """Parse and validate one lexicon file against its schema."""
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except OSError as e:
        raise LexiconError(f"lexicon {path.name}: cannot be read ({e.strerror})") from None
    except tomllib.TOMLDecodeError as e:
        raise LexiconError(f"lexicon {path.name}: not valid TOML ({e})") from None
    for key, kind in schema.items():
        check(path.name, key, lookup(path.name, data, key), kind)
    for key in unvalidated_keys(data, schema):
        raise LexiconError(f"lexicon {path.name}: key {key!r} is not in the schema (add it to lexicon.SCHEMAS)")
    return data


def unvalidated_keys(data: dict, schema: dict[str, str], prefix: str = "") -> list[str]:
    """The dotted keys of data that no schema entry covers: a word list the code reads but no
    check guards would let a typo through silently."""
    found = []
    for name, value in data.items():
        key = prefix + name
        if key in schema:
            continue
        if isinstance(value, dict):
            found += unvalidated_keys(value, schema, key + ".")
        else:
            found.append(key)
    return found


def lookup(file: str, data: dict, dotted: str):
    node = data
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            raise LexiconError(f"lexicon {file}: missing key {dotted!r}")
        node = node[part]
    return node


def check(file: str, key: str, value, kind: str) -> None:
    def fail(why: str):
        raise LexiconError(f"lexicon {file}: key {key!r} {why}")

    if kind == "text":
        if not isinstance(value, str) or not value:
            fail("must be a non-empty string")
    elif kind == "words":
        check_words(value, fail)
    elif kind == "units":
        if not isinstance(value, list) or not value or not all(isinstance(w, str) and w == w.strip() for w in value):
            fail("must be a non-empty list of unit strings (\"\" for none)")
    elif kind == "count":
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            fail("must be a positive integer")
    elif kind in ("int_table", "text_table", "special_table", "words_table"):
        if not isinstance(value, dict) or not value:
            fail("must be a non-empty table")
        for word, item in value.items():
            if not word:
                fail("has an empty word")
            check_entry(kind, word, item, fail)
    else:  # pragma: no cover - a schema typo
        fail(f"has unknown schema kind {kind!r}")


def check_words(value, fail) -> None:
    if not isinstance(value, list) or not value:
        fail("must be a non-empty list of words")
    for word in value:
        if not isinstance(word, str) or not word.strip():
            fail(f"holds {word!r}, not a non-empty string")


def check_entry(kind: str, word: str, item, fail) -> None:
    if kind == "int_table" and (not isinstance(item, int) or isinstance(item, bool)):
        fail(f"entry {word!r} must be an integer")
    if kind == "text_table" and (not isinstance(item, str) or not item):
        fail(f"entry {word!r} must be a non-empty string")
    if kind == "words_table":
        check_words(item, lambda why: fail(f"entry {word!r} {why}"))
    if kind == "special_table":
        if not isinstance(item, dict) or set(item) != {"value", "unit"}:
            fail(f"entry {word!r} must have exactly value and unit")
        if not isinstance(item["value"], (int, float)) or not isinstance(item["unit"], str):
            fail(f"entry {word!r} needs a numeric value and a string unit")
