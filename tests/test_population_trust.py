"""Population faults found by hand (issue 13 item 1) and the import of any county (issue 10 item 4).

Each refused import leaves the table byte-identical and names the file, the line and the fix;
a broken table never blocks a good import; a cost question on a broken table names the row.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from assistant.agreements import load_registry
from assistant.cli import main
from assistant.commands import population as population_command
from assistant.errors import DataError
from assistant.question import parse
from assistant.settings import PROJECT_ROOT, Settings
from assistant.tools.population import MAX_CHANGE_PERCENT, MAX_POPULATION, load_population, parse_figure
from assistant.tools.population_import import complete, coverage_report, import_scb
from assistant.tools.router import route

SHIPPED = PROJECT_ROOT / "corpus" / "befolkning-vasternorrland.csv"
SEVEN = ("2260", "2262", "2280", "2281", "2282", "2283", "2284")
FIGURES = {
    "2260 Ånge": 8950, "2262 Timrå": 17480, "2280 Härnösand": 24300, "2281 Sundsvall": 99100,
    "2282 Kramfors": 17400, "2283 Sollefteå": 18250, "2284 Örnsköldsvik": 55350,
}  # fmt: skip
GAVLEBORG = {
    "2180 Gävle": 103_500,
    "2181 Sandviken": 39_900,
    "2182 Söderhamn": 25_100,
    "2184 Hudiksvall": 37_700,
}


def wide(figures: dict[str, object], year: str = "2025") -> str:
    """A wide SCB export: a title line, a header, the county row, one row per municipality."""
    rows = "".join(f'"{region}";"{value}"\n' for region, value in figures.items())
    return f'"Folkmängd efter region och år"\n\n"region";"{year}"\n"22 Västernorrlands län";"240 830"\n{rows}'


def line_of(text: str, needle: str) -> int:
    """The 1-based line of `text` that contains `needle`."""
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


@pytest.fixture
def table(tmp_path: Path) -> Path:
    copy = tmp_path / "befolkning.csv"
    shutil.copyfile(SHIPPED, copy)
    return copy


def run_import(table: Path, export_text: str, tmp_path: Path, *flags: str) -> int:
    export = tmp_path / "scb.csv"
    export.write_text(export_text, encoding="utf-8")
    return main(["population", "--table", str(table), "import", str(export), *flags])


def assert_refused(table: Path, before: bytes, err: str, *needles: str) -> None:
    assert err.startswith("Fel:") and "Traceback" not in err
    assert "scb.csv" in err and "was not changed" in err
    for needle in needles:
        assert needle in err, (needle, err)
    assert table.read_bytes() == before
    assert not [p for p in table.parent.iterdir() if p.name.startswith(".")]  # no temp file left


def test_population_zero_in_a_wide_export_is_refused_and_the_table_is_unchanged(
    table: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = table.read_bytes()
    text = wide(FIGURES | {"2281 Sundsvall": 0})
    assert run_import(table, text, tmp_path) == 2
    out, err = capsys.readouterr()
    assert "Importerade" not in out
    assert_refused(table, before, err, f"line {line_of(text, 'Sundsvall')}", "'0'", "plausible")


def test_a_400_digit_figure_is_refused_cleanly(
    table: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = table.read_bytes()
    text = wide(FIGURES | {"2260 Ånge": "9" * 400})
    assert run_import(table, text, tmp_path) == 2
    err = capsys.readouterr().err
    assert_refused(table, before, err, f"line {line_of(text, 'Ånge')}", "400 digits", "plausible")
    assert "InvalidOperation" not in err and "9" * 30 not in err


def test_sundsvall_at_1_is_an_implausible_change_unless_forced(
    table: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = table.read_bytes()
    text = wide(FIGURES | {"2281 Sundsvall": 1})
    assert run_import(table, text, tmp_path) == 2
    err = capsys.readouterr().err
    assert_refused(table, before, err, f"line {line_of(text, 'Sundsvall')}", "Sundsvall (2281)", "--force")
    assert "99 127 on 2025-09-30" in err and f"more than {MAX_CHANGE_PERCENT} %" in err
    assert run_import(table, text, tmp_path, "--force") == 0
    assert load_population(table).choose(2026, SEVEN).snapshot.population("2281") == 1


def test_max_change_can_be_raised(table: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = wide(FIGURES | {"2260 Ånge": 12_000})  # +33 % from 9 033
    assert run_import(table, text, tmp_path) == 2
    assert "+33 %" in capsys.readouterr().err
    assert run_import(table, text, tmp_path, "--max-change", "40") == 0
    assert load_population(table).choose(2026, SEVEN).snapshot.population("2260") == 12_000


def test_a_snapshot_dated_2099_is_refused(
    table: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = table.read_bytes()
    assert run_import(table, wide(FIGURES, year="2099"), tmp_path) == 2
    assert_refused(table, before, capsys.readouterr().err, "2099-12-31", "in the future")


def test_a_code_and_name_that_disagree_are_refused(
    table: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = table.read_bytes()
    figures = dict(FIGURES)
    del figures["2281 Sundsvall"]
    text = wide(figures | {"2281 Timrå": 17_480})
    assert run_import(table, text, tmp_path) == 2
    err = capsys.readouterr().err
    line = line_of(text, "2281 Timrå")
    assert_refused(table, before, err, f"line {line}", "kommunkod 2281", "'Sundsvall'", "'Timrå'")


def test_every_problem_of_the_file_is_listed_at_once(
    table: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = wide(FIGURES | {"2260 Ånge": 0, "2262 Timrå": "17,5", "2280 Härnösand": "-24300"})
    assert run_import(table, text, tmp_path) == 2
    err = capsys.readouterr().err
    assert "3 rows cannot be imported" in err
    assert all(f"line {line_of(text, name)}" in err for name in ("Ånge", "Timrå", "Härnösand"))


def test_a_good_import_repairs_a_broken_table(
    table: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = table.read_text(encoding="utf-8")
    broken = good.replace("Sundsvall,2281,2025-09-30,99127", "Sundsvall,2281,2025-09-30,0")
    broken = broken.replace("Ånge,2260,2023-12-31,9109", "Ånge,2260,2023-12-31," + "9" * 400)
    table.write_text(broken, encoding="utf-8")
    assert run_import(table, wide(FIGURES), tmp_path) == 0
    out = capsys.readouterr().out
    bad_lines = (line_of(broken, "2281,2025-09-30"), line_of(broken, "2260,2023-12-31"))
    assert all(f"rad {n}:" in out for n in bad_lines)
    backups = list(tmp_path.glob("befolkning.csv.*.broken"))
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == broken  # nothing lost
    fixed = load_population(table)  # loads again
    assert fixed.choose(2026, SEVEN).exact and fixed.choose(2026, SEVEN).snapshot.population("2281") == 99_100
    assert {(r.kommunkod, r.date.isoformat()) for r in fixed.rows} >= {("2284", "2023-12-31")}
    assert ("2260", dt.date(2023, 12, 31)) not in {(r.kommunkod, r.date) for r in fixed.rows}


def test_a_table_with_a_bad_header_does_not_block_an_import(table: Path, tmp_path: Path) -> None:
    table.write_text("garbage\n1,2,3\n", encoding="utf-8")
    assert run_import(table, wide(FIGURES), tmp_path) == 0
    assert load_population(table).choose(2026, SEVEN).exact
    [backup] = tmp_path.glob("befolkning.csv.*.broken")
    assert backup.read_text(encoding="utf-8") == "garbage\n1,2,3\n"


def test_a_cost_question_on_a_broken_table_names_the_file_and_row(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    for folder in ("agreements", "reference"):
        shutil.copytree(PROJECT_ROOT / "corpus" / folder, corpus / folder)
    shutil.copyfile(PROJECT_ROOT / "corpus" / "documents.yaml", corpus / "documents.yaml")
    text = SHIPPED.read_text(encoding="utf-8").replace(",99127,", "," + "9" * 400 + ",")
    (corpus / SHIPPED.name).write_text(text, encoding="utf-8")
    registry = load_registry(corpus)
    result = route(
        parse("Vad betalar Ånge 2026?", registry, dt.date(2026, 3, 1)), registry, Settings(corpus_dir=corpus)
    )
    assert result is not None and result.refused
    assert SHIPPED.name in result.answer and f"line {line_of(text, '9' * 400)}" in result.answer
    assert "population import" in result.answer  # the fix


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("Ånge,2260,2025-12-31,0,SCB", "plausible"),
        ("Ånge,2260,2025-12-31,9000.5,SCB", "whole number"),
        ("Ånge,2260,2099-12-31,9000,SCB", "in the future"),
        ("Ånge,22600,2025-12-31,9000,SCB", "four digits"),
        ("Timrå,2260,2025-12-31,9000,SCB", "'Ånge' on line 2 but 'Timrå'"),
        ("Ånge,2260,2023-12-31,9000,SCB", "a second figure"),
        ("Ånge,2260,2025-12-31", "3 columns"),
    ],
)
def test_load_names_the_line_and_the_fix(tmp_path: Path, row: str, problem: str) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        f"kommun,kommunkod,datum,folkmangd,kalla\nÅnge,2260,2023-12-31,9109,SCB\n{row}\n", "utf-8"
    )
    with pytest.raises(DataError) as info:
        load_population(path)
    assert f"{path}, line 3: " in info.value.message and problem in info.value.message
    assert "line 3 of" in info.value.hint and "population import" in info.value.hint


@pytest.mark.parametrize("text", ["0", "-5", "1e3", "9,5", "9.5", "٣٤", "²", "", "9" * 5000, "2 000 001"])
def test_parse_figure_refuses_anything_but_a_plausible_whole_number(text: str) -> None:
    with pytest.raises(ValueError):
        parse_figure(text)


def test_parse_figure_reads_spaced_thousands() -> None:
    assert parse_figure("99 213") == 99_213 and parse_figure("\u00a0241\u202f538") == 241_538
    assert parse_figure(str(MAX_POPULATION)) == MAX_POPULATION


def test_any_county_is_imported_and_listed_per_county(
    table: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A county the corpus does not cover (Gävleborg, länskod 21), from a wide export with two years."""
    rows = "".join(f"{region};{n};{round(n * 1.01)}\n" for region, n in GAVLEBORG.items())
    export = f"region;2023;2024\n21 Gävleborgs län;287 000;288 000\n{rows}"
    assert run_import(table, export, tmp_path) == 0
    assert "8 nya rader" in capsys.readouterr().out
    loaded = load_population(table)
    codes = [region.split()[0] for region in GAVLEBORG]
    choice = loaded.choose(2025, codes)
    assert choice.exact and choice.snapshot.population("2180") == round(103_500 * 1.01)
    assert loaded.name("2184") == "Hudiksvall" and loaded.choose(2024, SEVEN).exact  # Västernorrland kept
    assert main(["population", "--table", str(table), "list"]) == 0
    out = capsys.readouterr().out
    assert "Län 21 Gävleborg (4 kommuner: Gävle, Sandviken, Söderhamn, Hudiksvall)" in out
    assert re.search(r"Län 21 .*\n  2023-12-31  komplett .*\n  2024-12-31  komplett", out)
    assert "Län 22 Västernorrland (7 kommuner" in out
    assert re.search(r"\nAvtal vasternorrland: .*\(7 kommuner: .*\n  2023-12-31  komplett", out)


def test_names_without_codes_are_placed_by_the_table_or_the_reference_list(
    table: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """'Gävle' is in corpus/reference/kommuner.csv (2180), 'Ockelbo' is in neither list."""
    before = table.read_bytes()
    assert run_import(table, "region;2025\nÅnge kommun;8950\nOckelbo;5900\nGävle;103500\n", tmp_path) == 2
    assert_refused(table, before, capsys.readouterr().err, "line 3", "'Ockelbo' has no kommunkod")
    assert run_import(table, "region;2025\nÅnge kommun;8950\nGävle;103500\n", tmp_path) == 0
    loaded = load_population(table)
    assert loaded.name("2260") == "Ånge" and loaded.name("2180") == "Gävle"


def test_a_code_and_name_that_disagree_with_the_reference_list_are_refused(
    table: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = table.read_bytes()
    assert run_import(table, "region;2025\n2180 Sandviken;39900\n", tmp_path) == 2
    assert_refused(table, before, capsys.readouterr().err, "'Gävle' in the reference list but 'Sandviken'")


def test_one_code_with_two_names_in_the_export_is_refused(table: Path, tmp_path: Path) -> None:
    export = tmp_path / "scb.csv"
    export.write_text("region;2024;2025\n2199 Nyby;5000;5010\n2199 Gammalby;5000;5010\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"line 3: kommunkod 2199 is 'Nyby' in line 2 of the export"):
        import_scb(export, table)


def test_list_shows_completeness_per_group(table: Path, monkeypatch, capsys) -> None:
    """The hook the agreement registry fills: label -> kommunkoder."""
    monkeypatch.setattr(population_command, "party_groups", lambda settings: {"Avtal X": ["2260", "2281"]})
    assert main(["population", "--table", str(table), "list"]) == 0
    out = capsys.readouterr().out
    assert re.search(
        r"Avtal X \(2 kommuner: Ånge, Sundsvall\)\n  2023-12-31  komplett .* 108 322 invånare", out
    )
    assert "2024-12-31  ofullständig (0 av 2)" not in out  # a date with no figure for the group is left out
    lines = coverage_report(load_population(table), {"Avtal Y": ["2260", "2262"]})
    assert any(line.startswith("  2024-12-31  ofullständig (1 av 2)") for line in lines)


def test_import_api_refuses_with_file_line_and_fix(table: Path, tmp_path: Path) -> None:
    export = tmp_path / "scb.csv"
    text = wide(FIGURES | {"2283 Sollefteå": 0})
    export.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        import_scb(export, table)
    line = line_of(text, "Sollefteå")
    assert str(export) in info.value.message
    assert f"scb.csv, line {line}: Sollefteå (2283) 2025-12-31: '0' is not a plausible" in info.value.message
    assert "statistikdatabasen.scb.se" in info.value.hint


def test_a_snapshot_is_complete_per_county(table: Path, tmp_path: Path) -> None:
    """The app's sidebar mark: each county present on the date has all its municipalities."""
    rows = "".join(f"{region};{n}\n" for region, n in GAVLEBORG.items())
    assert run_import(table, f"region;2024\n{rows}", tmp_path) == 0
    loaded = load_population(table)
    by_date = {s.date.isoformat(): complete(loaded, s) for s in loaded.snapshots()}
    assert by_date == {"2023-12-31": True, "2024-12-31": False, "2025-09-30": True}  # 2024: 3 of 7 in län 22


def test_a_table_saved_as_latin1_is_named_by_line_and_repaired_by_an_import(
    table: Path, tmp_path: Path
) -> None:
    table.write_bytes(SHIPPED.read_text(encoding="utf-8").encode("cp1252"))  # e.g. saved from Excel
    with pytest.raises(DataError, match=r"line 2: the line is not UTF-8"):
        load_population(table)
    assert run_import(table, wide(FIGURES), tmp_path) == 0
    assert load_population(table).choose(2026, SEVEN).exact


def test_an_empty_table_file_is_an_empty_table(table: Path, tmp_path: Path) -> None:
    table.write_bytes(b"")
    with pytest.raises(DataError, match="no complete snapshot") as info:
        load_population(table).choose(2026, SEVEN)
    assert "population import" in info.value.hint
    assert run_import(table, wide(FIGURES), tmp_path) == 0
    assert not list(tmp_path.glob("*.broken"))  # nothing was broken, so no backup


def test_code_and_name_in_separate_columns(table: Path, tmp_path: Path) -> None:
    rows = "".join(f"{r.split()[0]};{r.split()[1]};{n}\n" for r, n in GAVLEBORG.items())
    assert run_import(table, f"regionkod;region;2024\n{rows}", tmp_path) == 0
    assert load_population(table).name("2181") == "Sandviken"


def test_a_field_too_long_for_csv_is_refused_cleanly(
    table: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = table.read_bytes()
    assert run_import(table, 'region;2025\n"2260 Ånge";"' + "1" * 200_000 + '"\n', tmp_path) == 2
    err = capsys.readouterr().err
    assert err.startswith("Fel:") and "cannot be read as CSV" in err and table.read_bytes() == before


def test_the_app_sidebar_names_the_broken_row(table: Path) -> None:
    from assistant.ui import status

    table.write_text(SHIPPED.read_text(encoding="utf-8").replace(",99127,", ",0,"), encoding="utf-8")
    with pytest.raises(DataError) as info:
        status.population_rows(table, PROJECT_ROOT / "corpus")
    assert f"line {line_of(table.read_text(encoding='utf-8'), ',0,')}:" in info.value.message
