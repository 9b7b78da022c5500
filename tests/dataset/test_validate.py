from pathlib import Path

import pytest

from moskvich.base import i18n
from moskvich.dataset.datapackage import DATA_DIR
from moskvich.dataset.validate import (
    MAX_LISTED,
    Problem,
    Report,
    problem_table,
    validate_bytes,
    validate_file,
)

CORPUS = Path(__file__).parents[1] / "corpus"

# file -> (table detected, line, column, words in the message); every bad file has exactly one problem.
BAD = {
    "bad_empty.csv": (None, None, None, "the file is empty"),
    "bad_whitespace_only.csv": (None, None, None, "the file is empty"),
    "bad_bom_only.csv": (None, None, None, "the file is empty"),
    "bad_bom_whitespace.csv": (None, None, None, "the file is empty"),
    "bad_blank_before_header.csv": (None, 1, None, "line 1 is blank; the header must be the first line"),
    "bad_utf16_bom.csv": (None, None, None, "UTF-16"),
    "bad_utf16_no_bom.csv": (None, None, None, "UTF-16"),
    "bad_binary.csv": (None, None, None, "binary data"),
    "bad_zip_renamed.csv": (None, None, None, "ZIP archive"),
    "bad_latin1.csv": (None, None, None, "byte 0xC9 on line 3"),
    "bad_html_page.csv": (None, None, None, "HTML"),
    "bad_header_only.csv": ("rub_rates", None, None, "no data rows"),
    "bad_unknown_table.csv": (None, 1, None, "unknown table"),
    "bad_semicolons.csv": (None, 1, None, "separated by semicolons"),
    "bad_tabs.csv": (None, 1, None, "separated by tabs"),
    "bad_extra_column.csv": ("rub_rates", 1, 4, 'unknown column "note"'),
    "bad_missing_column.csv": ("rub_rates", 1, None, 'missing column "currency"'),
    "bad_duplicate_column.csv": ("rub_rates", 1, 4, 'column "currency" appears twice'),
    "bad_unterminated_quote.csv": (None, 2, None, "cannot be read as CSV"),
    "bad_date_month_13.csv": ("rub_rates", 2, 1, '"2020-13-01" is not a date'),
    "bad_date_not_iso.csv": ("rub_rates", 2, 1, '"01/02/2020" is not a date'),
    "bad_currency_enum.csv": ("rub_rates", 2, 2, '"GBP" is not one of: USD, EUR, CNY'),
    "bad_rate_negative.csv": ("rub_rates", 2, 3, "must be greater than 0"),
    "bad_rate_zero.csv": ("rub_rates", 2, 3, "must be greater than 0"),
    "bad_rate_nan.csv": ("rub_rates", 2, 3, '"NaN" is not a finite number'),
    "bad_rate_inf.csv": ("rub_rates", 2, 3, '"inf" is not a finite number'),
    "bad_rate_overflow.csv": ("rub_rates", 2, 3, '"1e400" is not a finite number'),
    "bad_rate_text.csv": ("rub_rates", 2, 3, '"sixty" is not a number'),
    "bad_rate_thousands.csv": ("rub_rates", 2, 3, '"1,060.5" is not a number'),
    "bad_rate_empty.csv": ("rub_rates", 2, 3, "rub_per_unit is required but empty"),
    "bad_duplicate_key.csv": ("rub_rates", 3, 1, "duplicate date, currency: this key is already used"),
    "bad_short_row.csv": ("rub_rates", 2, 3, "missing cell"),
    "bad_long_row.csv": ("rub_rates", 2, 4, "extra cell"),
    "bad_blank_line.csv": ("rub_rates", 3, 1, "blank line"),
    "bad_period_reversed.csv": ("figures", 2, 6, "period_end 2022-01-01 is before period_start 2022-12-31"),
    "bad_published_words.csv": ("figures", 2, 2, "expected YYYY-MM-DD, YYYY-MM or YYYY"),
    "bad_published_impossible.csv": ("figures", 2, 2, '"2022-02-30" is not a real date'),
    "bad_published_month_zero.csv": ("figures", 2, 2, 'published: "2022-00" is not a real date'),
    "bad_published_year_zero.csv": (
        "figures",
        2,
        2,
        'published: "0000" has the year 0000; expected 1900 to 2100',
    ),
    "bad_published_month_year_zero.csv": ("figures", 2, 2, '"0000-05" has the year 0000; expected 1900 to'),
    "bad_published_year_2101.csv": ("figures", 2, 2, '"2101-01-01" has the year 2101; expected 1900 to'),
    "bad_kind_enum.csv": ("figures", 2, 3, '"rumour" is not one of'),
    "bad_count_negative.csv": ("figures", 2, 7, "only percentages may be negative"),
    "bad_value_without_unit.csv": ("figures", 2, 8, "unit is required when value is given"),
    "bad_unit_enum.csv": ("figures", 2, 8, '"JPY" is not one of'),
    "bad_duplicate_id.csv": ("figures", 3, 1, "duplicate id: this key is already used (first on line 2)"),
    "bad_id_pattern.csv": ("figures", 2, 1, "lowercase letters, digits and _ only"),
    "bad_url_scheme.csv": ("figures", 2, 12, "starting with http:// or https://"),
    "bad_description_empty.csv": ("figures", 2, 10, "description is required but empty"),
    # the first row's description spans lines 2 and 3, so the second row starts on line 4
    "bad_after_multiline.csv": ("figures", 4, 7, '"lots" is not a number'),
}
GOOD = {
    "good_rates_bom.csv": "rub_rates",
    "good_rates_crlf.csv": "rub_rates",
    "good_rates_reordered.csv": "rub_rates",
    "good_figures_bom_crlf.csv": "figures",
    "good_figures_multiline.csv": "figures",
    "good_figures_partial_dates.csv": "figures",
    "good_figures_published_bounds.csv": "figures",
}


def test_corpus_is_complete():
    names = {p.name for p in CORPUS.glob("*.csv")}
    assert names == set(BAD) | set(GOOD)
    assert len(BAD) >= 25


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_file_reports_exact_place(name):
    table, line, column, words = BAD[name]
    report = validate_file(CORPUS / name)
    assert not report.valid
    assert len(report.problems) == 1, report.lines()
    problem = report.problems[0]
    assert (report.table, problem.line, problem.column) == (table, line, column)
    assert words in problem.message
    assert problem.path == str(CORPUS / name)


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_file_reports_the_same_problem_in_russian(name):
    """An upload's problems are shown in the app's language: the same problems at the same places,
    whatever the words (the missing-cell check, for one, must not read them)."""
    english = validate_file(CORPUS / name)
    with i18n.language("ru"):
        russian = validate_file(CORPUS / name)
        table = problem_table(russian.problems)
        assert list(table.columns) == [i18n._(c) for c in ("File", "Line", "Column", "Problem")]
    assert [(p.line, p.column) for p in russian.problems] == [(p.line, p.column) for p in english.problems]
    assert list(problem_table(english.problems).columns) == ["File", "Line", "Column", "Problem"]


@pytest.mark.parametrize("name", sorted(GOOD))
def test_good_variants_are_valid(name):
    report = validate_file(CORPUS / name)
    assert report.valid, report.lines()
    assert report.table == GOOD[name]


def test_shipped_data_is_valid():
    for name in ("figures.csv", "rub_rates.csv"):
        report = validate_file(DATA_DIR / name)
        assert report.valid, report.lines()


def test_forced_table_reports_the_other_tables_columns():
    data = (CORPUS / "good_rates_bom.csv").read_bytes()
    report = validate_bytes(data, "upload.csv", table="figures")
    assert report.table == "figures"
    assert any('unknown column "date"' in p.message for p in report.problems)
    assert any('missing column "id"' in p.message for p in report.problems)


def test_every_problem_in_a_file_is_reported_in_line_order():
    data = b"date,currency,rub_per_unit\n2020-01-01,XXX,1\n2020-01-02,USD,-1\n2020-01-03,USD,1\n"
    report = validate_bytes(data, "r.csv")
    assert [(p.line, p.column) for p in report.problems] == [(2, 2), (3, 3)]


def test_problem_text_formats():
    assert str(Problem("f.csv", 3, 2, "bad")) == "f.csv:3:2: bad"
    assert str(Problem("f.csv", 1, None, "bad")) == "f.csv:1: bad"
    assert str(Problem("f.csv", None, None, "bad")) == "f.csv: bad"


def test_lines_lists_at_most_twenty_then_counts_the_rest():
    problems = tuple(Problem("f.csv", i, 1, "bad") for i in range(2, 27))
    lines = Report("f.csv", "rub_rates", problems).lines()
    assert len(lines) == MAX_LISTED + 1
    assert lines[-1] == "f.csv: ... and 5 more problems"


def test_long_cells_are_shortened_in_messages():
    data = b"date,currency,rub_per_unit\n2020-01-01,USD," + b"9" * 30 + b"x" * 30 + b"\n"
    message = validate_bytes(data, "r.csv").problems[0].message
    assert "..." in message
    assert len(message) < 100


RATES_HEADER = "date,currency,rub_per_unit\n"


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("1_000", '"1_000" is not a number written with the digits 0-9'),
        ("\u0665", '"\u0665" is not a number written with the digits 0-9'),
        ("\uff11\uff12", "is not a number written with the digits 0-9"),
        ("1e-400", '"1e-400" must be greater than 0'),
    ],
)
def test_numbers_python_reads_but_pandas_and_spreadsheets_do_not(cell, message):
    report = validate_bytes(f"{RATES_HEADER}2020-01-01,USD,{cell}\n".encode(), "r.csv")
    [problem] = report.problems
    assert (problem.line, problem.column) == (2, 3)
    assert message in problem.message


def test_dates_must_be_zero_padded():
    report = validate_bytes(f"{RATES_HEADER}2020-1-05,USD,90\n".encode(), "r.csv")
    assert [p.message for p in report.problems] == ['date: "2020-1-05" is not a date in the form YYYY-MM-DD']


FIGURE = "x_1,2024,event,thing,,,,,,{description},{source},\n"
FIGURES_HEADER = (DATA_DIR / "figures.csv").read_text(encoding="utf-8").splitlines()[0] + "\n"


@pytest.mark.parametrize(
    ("column", "cell", "message"),
    [
        (10, "=1+1", 'description: "=1+1" starts with "=", which a spreadsheet runs as a formula'),
        (10, "-2+3", 'starts with "-"'),
        (11, "@Interfax", 'source_name: "@Interfax" starts with "@"'),
        (10, "\tTab first", 'starts with "\\t"'),
        (10, "Hi <b>there</b>", "contains HTML markup"),
        (10, "x</script>", "contains HTML markup"),
        (10, "a <!-- note -->", "contains HTML markup"),
        (10, "zero\u200bwidth", "contains the invisible character U+200B"),
        (10, "escape \x1b[31m red", "contains the invisible character U+001B"),
    ],
)
def test_text_cells_that_are_not_plain_text(column, cell, message):
    source, description = (cell, "Text") if column == 11 else ("Source", cell)
    text = FIGURES_HEADER + FIGURE.format(source=f'"{source}"', description=f'"{description}"')
    [problem] = validate_bytes(text.encode(), "f.csv").problems
    assert (problem.line, problem.column) == (2, column)
    assert message in problem.message
    assert "\x1b" not in problem.message and "\t" not in problem.message


@pytest.mark.parametrize(
    ("cell", "code", "name"),
    [
        ("P7 \u061c600 2022 50000", "U+061C", "Arabic Letter Mark"),  # reorders the digits around it
        ("Interfax\U000e0041\U000e0042", "U+E0041", "Tag Latin Capital Letter A"),
        ("first\u2028second", "U+2028", "Line Separator"),
        ("first\u2029second", "U+2029", "Paragraph Separator"),
        ("soft\u00adhyphen", "U+00AD", "Soft Hyphen"),
        ("\u2066isolate\u2069", "U+2066", "Left-To-Right Isolate"),
        ("word\u2060joiner", "U+2060", "Word Joiner"),
        ("filler\u3164", "U+3164", "Hangul Filler"),
        ("variation\ufe0f", "U+FE0F", "Variation Selector-16"),
        ("private\ue000", "U+E000", "without a name"),
    ],
)
def test_format_separator_and_invisible_characters_are_refused_with_line_and_column(cell, code, name):
    text = FIGURES_HEADER + FIGURE.format(source="Source", description=f'"{cell}"')
    [problem] = validate_bytes(text.encode(), "f.csv").problems
    assert (problem.line, problem.column) == (2, 10)
    position = next(i for i, c in enumerate(cell) if f"U+{ord(c):04X}" == code) + 1
    assert problem.message == (
        f"description contains the invisible character {code} {name} (character {position} of the cell); "
        "remove it (it can hide or reorder the text around it)"
    )


def test_an_invisible_character_in_a_multi_line_cell_is_found_on_its_line():
    text = FIGURES_HEADER + FIGURE.format(source="Source", description='"one\ntwo\nthr\u202eee"')
    [problem] = validate_bytes(text.encode(), "f.csv").problems
    assert (problem.line, problem.column) == (4, 10)


@pytest.mark.parametrize("cell", [" =1+1", "\n=HYPERLINK(1)", " \t @SUM(A1)", "\u00a0-2+3"])
def test_a_formula_after_white_space_is_refused(cell):
    text = FIGURES_HEADER + FIGURE.format(source="Source", description=f'"{cell}"')
    [problem] = validate_bytes(text.encode(), "f.csv").problems
    assert problem.column == 10 and "which a spreadsheet runs as a formula" in problem.message
    assert "starts with white space and" in problem.message or cell.startswith("\t")


def test_russian_text_with_no_break_spaces_is_fine():
    text = FIGURES_HEADER + FIGURE.format(source="Интерфакс", description='"50\u00a0000 машин — план"')
    assert validate_bytes(text.encode(), "f.csv").valid


@pytest.mark.parametrize(
    ("header", "shown"),
    [
        ("date,currency,rub_per_unit,\x1b[2J\x1b]0;pwned\x07", "\\x1b[2J\\x1b]0;pwned\\x07"),
        ("date,currency,rub_per_unit,\u202egnp.exe", "\\u202egnp.exe"),
    ],
    ids=["terminal-escapes", "bidi-override"],
)
def test_a_column_name_reaches_no_message_unescaped(header, shown):
    [problem] = validate_bytes(f"{header}\n2020-01-01,USD,60,x\n".encode(), "r.csv").problems
    assert problem.message.startswith(f'unknown column "{shown}"')
    assert problem.message.isprintable()


def test_text_that_only_looks_like_markup_is_fine():
    text = FIGURES_HEADER + FIGURE.format(
        source="Source", description='"over 5 <10, x > 3, a -> b, sales < half"'
    )
    assert validate_bytes(text.encode(), "f.csv").valid


def test_control_characters_are_escaped_in_messages():
    report = validate_bytes(f"{RATES_HEADER}2020-01-01,USD,9\x1b]0;x\x07\n".encode(), "r.csv")
    [problem] = report.problems
    assert "\\x1b]0;x\\x07" in problem.message
    assert "\x1b" not in problem.message


def test_a_source_url_that_is_no_web_address():
    text = FIGURES_HEADER + "x_1,2024,event,thing,,,,,,Text,Source,IS\u00b1{B\n"
    [problem] = validate_bytes(text.encode(), "f.csv").problems
    assert (
        problem.message
        == 'source_url: "IS\u00b1{B" is not valid; expected a web address starting with http:// or https://'
    )


def test_a_blank_first_line_is_named_even_when_the_table_is_forced():
    data = b" \nid,published\n"
    [problem] = validate_bytes(data, "f.csv", table="figures").problems
    assert (problem.line, problem.column) == (1, None)
    assert problem.message == "line 1 is blank; the header must be the first line"


@pytest.mark.parametrize("published", ["\u0662\u0660\u0662\u0662", "\uff12\uff10\uff12\uff12-05"])
def test_published_dates_need_ascii_digits(published):
    text = FIGURES_HEADER + f"x_1,{published},event,thing,,,,,,Text,Source,\n"
    [problem] = validate_bytes(text.encode(), "f.csv").problems
    assert (problem.line, problem.column) == (2, 2)
    assert problem.message == (
        f'published: "{published}" is not valid; expected YYYY-MM-DD, YYYY-MM or YYYY written with the '
        "digits 0-9"
    )


# Python's float() and frictionless both skip whitespace around a number, so these cells pass the
# schema and reach the validator's own rules; the escape character is caught by the schema instead.
@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("-5\r", "value -5\\r is negative; only percentages may be negative"),
        ("\r-5", "value \\r-5 is negative; only percentages may be negative"),
        ("-5\x0c", "value -5\\x0c is negative; only percentages may be negative"),
        ("-5\x1b", 'value: "-5\\x1b" is not a number'),
    ],
)
def test_cells_quoted_by_the_figure_rules_have_control_characters_escaped(cell, shown):
    text = FIGURES_HEADER + f'x_1,2024,reported,vehicles_sold,,,"{cell}",vehicles,,Text,Source,\n'
    [problem] = validate_bytes(text.encode(), "f.csv").problems
    assert (problem.line, problem.column) == (2, 7)
    assert problem.message == shown


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("1e-400\r", 'rub_per_unit: "1e-400\\r" must be greater than 0'),
        ("1e-400\x1b", 'rub_per_unit: "1e-400\\x1b" is not a number'),
    ],
)
def test_cells_quoted_by_the_rate_rules_have_control_characters_escaped(cell, shown):
    report = validate_bytes(f'{RATES_HEADER}2020-01-01,USD,"{cell}"\n'.encode(), "r.csv")
    assert [(p.line, p.column, p.message) for p in report.problems] == [(2, 3, shown)]


def test_a_file_that_cannot_be_read_is_a_file_level_problem(tmp_path, monkeypatch):
    locked = tmp_path / "locked.csv"
    locked.write_text("date,currency,rub_per_unit\n2020-01-01,USD,60\n")

    def refuse(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    report = validate_file(locked, "rub_rates")
    assert (report.table, report.problems) == (
        "rub_rates",
        (Problem(str(locked), None, None, "cannot be read: Permission denied"),),
    )


def test_a_folder_given_as_a_file_cannot_be_read(tmp_path):
    report = validate_file(tmp_path)
    assert report.lines() == [f"{tmp_path}: cannot be read: Is a directory"]


# The cache of data that passed every check (validate_bytes(cache=...)), for a server's own data
# folder.
RATES_CSV = (DATA_DIR / "rub_rates.csv").read_bytes()


def _no_frictionless(monkeypatch):
    import frictionless

    def refuse(*args, **kwargs):
        raise AssertionError("frictionless ran")

    monkeypatch.setattr(frictionless, "Package", refuse)


def test_a_cached_check_gives_the_same_report_without_frictionless(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first = validate_bytes(RATES_CSV, "rub_rates.csv", cache=cache)
    assert first.valid and len(list(cache.iterdir())) == 1
    _no_frictionless(monkeypatch)
    assert validate_bytes(RATES_CSV, "rub_rates.csv", cache=cache) == first
    with pytest.raises(AssertionError, match="frictionless ran"):  # without the cache it runs
        validate_bytes(RATES_CSV, "rub_rates.csv")


def test_changed_data_is_checked_afresh(tmp_path):
    cache = tmp_path / "cache"
    assert validate_bytes(RATES_CSV, "rub_rates.csv", cache=cache).valid
    header, first, *rest = RATES_CSV.decode().splitlines(keepends=True)
    day, currency, _ = first.rstrip("\n").split(",")
    bad = "".join([header, f"{day},{currency},sixty\n", *rest]).encode()
    report = validate_bytes(bad, "rub_rates.csv", cache=cache)
    assert [(p.line, p.column) for p in report.problems] == [(2, 3)]
    assert '"sixty" is not a number' in report.problems[0].message
    assert len(list(cache.iterdir())) == 1  # what failed is not remembered


def test_a_cache_others_can_write_to_is_not_trusted(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    assert validate_bytes(RATES_CSV, "rub_rates.csv", cache=cache).valid
    cache.chmod(0o777)
    _no_frictionless(monkeypatch)
    with pytest.raises(AssertionError, match="frictionless ran"):
        validate_bytes(RATES_CSV, "rub_rates.csv", cache=cache)


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert validate_bytes(RATES_CSV, "rub_rates.csv", cache=blocked / "cache").valid


def test_a_file_that_fails_only_the_rules_beyond_the_schema_is_not_remembered(tmp_path):
    cache = tmp_path / "cache"
    data = (CORPUS / "bad_rate_nan.csv").read_bytes()
    for _ in range(2):
        report = validate_bytes(data, "bad_rate_nan.csv", cache=cache)
        assert [p.message for p in report.problems] == [m.message for m in validate_bytes(data, "x").problems]
        assert report.problems
    assert not cache.exists() or not list(cache.iterdir())
