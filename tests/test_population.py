"""The population table: snapshot choice for a cost year, SCB import, and the `population` command."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.errors import DataError
from assistant.settings import PROJECT_ROOT
from assistant.tools.population import PopulationRow, PopulationTable, load_population
from assistant.tools.population_import import import_scb

SHIPPED = PROJECT_ROOT / "corpus" / "befolkning-vasternorrland.csv"
SEVEN = ("2260", "2262", "2280", "2281", "2282", "2283", "2284")
"""Kommunkoder of the Västernorrland agreement's municipalities."""
SEVEN_NAMES = ("Ånge", "Timrå", "Härnösand", "Sundsvall", "Kramfors", "Sollefteå", "Örnsköldsvik")

WIDE = """"Folkmängd efter region och år"

"region";"2024";"2025"
"22 Västernorrlands län";"241 538";"240 830"
"2260 Ånge";"9011";"8950"
"2262 Timrå";"17521";"17480"
"2280 Härnösand";"24515";"24300"
"2281 Sundsvall";"99180";"99100"
"2282 Kramfors";"17491";"17400"
"2283 Sollefteå";"18400";"18250"
"2284 Örnsköldsvik";"55420";"55350"
"2480 Umeå";"131000";"131500"
"""


@pytest.fixture
def table(tmp_path: Path) -> Path:
    """A copy of the shipped table: tests never write to corpus/."""
    copy = tmp_path / "befolkning.csv"
    shutil.copyfile(SHIPPED, copy)
    return copy


def test_shipped_table_loads_with_three_snapshots() -> None:
    snaps = load_population(SHIPPED).snapshots()
    assert [s.date for s in snaps] == [dt.date(2023, 12, 31), dt.date(2024, 12, 31), dt.date(2025, 9, 30)]
    assert [s.covers(SEVEN) for s in snaps] == [True, False, True]
    assert sum(r.figure for r in snaps[2].rows) == 241_141


def test_2026_uses_the_september_snapshot_and_says_so() -> None:
    choice = load_population(SHIPPED).choose(2026, SEVEN)
    assert choice.prescribed == dt.date(2025, 12, 31)
    assert choice.snapshot.date == dt.date(2025, 9, 30) and not choice.exact
    text = choice.assumption("sv")
    assert "2025-12-31" in text and "2025-09-30" in text and "population import" in text
    assert "2025-12-31" in choice.assumption("en") and "2025-09-30" in choice.assumption("en")


def test_2025_skips_the_incomplete_year_end_and_names_what_it_has() -> None:
    choice = load_population(SHIPPED).choose(2025, SEVEN)
    assert choice.snapshot.date == dt.date(2023, 12, 31)
    assert set(choice.partial) == {"Timrå", "Härnösand", "Kramfors"}
    text = choice.assumption("sv")
    assert "2024-12-31" in text and "2023-12-31" in text and "3 kommuner" in text


def test_exact_snapshot_needs_no_assumption() -> None:
    choice = load_population(SHIPPED).choose(2024, SEVEN)
    assert choice.exact and choice.assumption() == ""


def test_no_complete_snapshot_is_a_data_error_with_the_fix() -> None:
    with pytest.raises(DataError) as info:
        load_population(SHIPPED).choose(2023, SEVEN)
    assert "population import" in info.value.hint


def test_malformed_table_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "t.csv"
    bad.write_text(
        "kommun,kommunkod,datum,folkmangd,kalla\nÅnge,2260,2025-13-31,9000,SCB\n", encoding="utf-8"
    )
    with pytest.raises(DataError, match="line 2"):
        load_population(bad)
    bad.write_text("a,b\n", encoding="utf-8")
    with pytest.raises(DataError, match="header"):
        load_population(bad)


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("latin-1", WIDE),
        (
            "utf-8-sig",
            WIDE.replace(";", ",").replace('"241 538"', '"241538"').replace('"240 830"', '"240830"'),
        ),
        ("utf-8", WIDE.replace('"', "").replace(";", "\t")),
    ],
    ids=["semicolon-latin1", "comma-bom", "tab-unquoted"],
)
def test_import_wide_export(table: Path, tmp_path: Path, encoding: str, text: str) -> None:
    export = tmp_path / "scb.csv"
    export.write_bytes(text.encode(encoding))
    result = import_scb(export, table)
    assert result.dates == (dt.date(2024, 12, 31), dt.date(2025, 12, 31))
    assert result.replaced == 3 and result.added == 13  # 2024: 3 rows refreshed, 5 + 8 new (Umeå too)
    loaded = load_population(table)
    assert loaded.name("2480") == "Umeå"  # any county's municipalities are taken, the county row is not
    assert all(len(r.kommunkod) == 4 for r in loaded.rows)
    choice = loaded.choose(2026, SEVEN)
    assert choice.exact and choice.snapshot.population("2260") == 8950
    assert "SCB folkmängd 31 december 2025" in choice.snapshot.source
    assert loaded.choose(2025, SEVEN).snapshot.population("2281") == 99180


def test_import_long_format_and_quarters(table: Path, tmp_path: Path) -> None:
    rows = "\n".join(f"{code} {name},2025K4,{pop}" for name, code, pop in [
        ("Ånge", 2260, 8940), ("Timrå", 2262, 17470), ("Härnösand", 2280, 24290), ("Sundsvall", 2281, 99090),
        ("Kramfors", 2282, 17390), ("Sollefteå", 2283, 18240), ("Örnsköldsvik", 2284, 55340),
    ])  # fmt: skip
    export = tmp_path / "long.csv"
    export.write_text(f"region,kvartal,Folkmängd\n{rows}\n", encoding="utf-8")
    import_scb(export, table)
    snap = load_population(table).choose(2026, SEVEN).snapshot
    assert snap.date == dt.date(2025, 12, 31) and snap.population("2284") == 55340
    assert "kvartalsstatistik 31 december 2025" in snap.source


def test_import_skips_missing_figures(table: Path, tmp_path: Path) -> None:
    export = tmp_path / "dots.csv"
    export.write_text('"region","2025"\n"2260 Ånge",".."\n"2262 Timrå","17480"\n', encoding="utf-8")
    result = import_scb(export, table)
    assert result.added == 1
    assert not load_population(table).snapshots()[-1].covers(SEVEN)


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"%PDF-1.7 binary",
        b"PK\x03\x04zip",
        "region;2025\n2260 Ånge;nio tusen\n".encode(),
        b"just some text\nwithout any table\n",
        '"region","kön","2025"\n"2260 Ånge","män","4500"\n"2260 Ånge","totalt","9000"\n'
        '"2260 Ånge","samtliga","9001"\n'.encode(),
    ],
    ids=["empty", "pdf", "xlsx", "non-number", "no-table", "duplicate"],
)
def test_bad_file_is_refused_and_table_left_byte_identical(
    table: Path, tmp_path: Path, content: bytes
) -> None:
    before = table.read_bytes()
    export = tmp_path / "bad.csv"
    export.write_bytes(content)
    with pytest.raises(DataError) as info:
        import_scb(export, table)
    assert "SCB" in info.value.hint
    assert table.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp file left


def test_missing_file_is_refused(table: Path, tmp_path: Path) -> None:
    before = table.read_bytes()
    with pytest.raises(DataError, match="Cannot read"):
        import_scb(tmp_path / "nope.csv", table)
    assert table.read_bytes() == before


def test_write_failure_leaves_table_untouched(
    table: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export = tmp_path / "scb.csv"
    export.write_text(WIDE, encoding="utf-8")
    before = table.read_bytes()

    def boom(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("assistant.tools.population.os.replace", boom)
    with pytest.raises(OSError):
        import_scb(export, table)
    assert table.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["befolkning.csv", "scb.csv"]


def test_in_memory_table_choice() -> None:
    rows = tuple(
        PopulationRow(n, c, dt.date(2025, 12, 31), 1000, "test")
        for n, c in zip(SEVEN_NAMES, SEVEN, strict=True)
    )
    assert PopulationTable(rows).choose(2026, SEVEN).exact


def test_names_still_work_where_codes_are_expected() -> None:
    """Compatibility: callers that still hold names (the current cost tools) get the same answers."""
    table = load_population(SHIPPED)
    by_name, by_code = table.choose(2025, SEVEN_NAMES), table.choose(2025, SEVEN)
    assert by_name == by_code and by_name.snapshot.population("Sundsvall") == 99213
    assert table.code("Sundsvall") == "2281" and table.name("2281") == "Sundsvall"
    nameless = tuple(PopulationRow(n, "", dt.date(2025, 12, 31), 1000, "test") for n in SEVEN_NAMES)
    assert PopulationTable(nameless).choose(2026, SEVEN_NAMES).exact


def test_cli_list_and_import(table: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["population", "--table", str(table), "list"]) == 0
    out = capsys.readouterr().out
    assert "Län 22 Västernorrland (7 kommuner: Ånge, Timrå" in out
    assert "2025-09-30  komplett" in out and "ofullständig (3 av 7)" in out and "241 141" in out
    export = tmp_path / "scb.csv"
    export.write_text(WIDE, encoding="utf-8")
    assert main(["population", "--table", str(table), "import", str(export)]) == 0
    out = capsys.readouterr().out
    assert "2025-12-31" in out and "13 nya rader" in out
    assert "Län 24 Västerbotten (1 kommun: Umeå)\n  2024-12-31  komplett" in out and "131 500 invånare" in out


def test_cli_import_of_bad_file_exits_2_with_hint(table: Path, tmp_path: Path, capsys) -> None:
    export = tmp_path / "bad.csv"
    export.write_text("nonsense\n", encoding="utf-8")
    before = table.read_bytes()
    assert main(["population", "--table", str(table), "import", str(export)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Fel:") and "statistikdatabasen.scb.se" in err
    assert table.read_bytes() == before


def test_the_cached_table_is_read_again_only_when_the_file_changes(tmp_path: Path) -> None:
    import os

    from assistant.tools.population import cached_population

    table = tmp_path / "befolkning.csv"
    table.write_bytes(SHIPPED.read_bytes())
    first = cached_population(table)
    assert cached_population(table) is first  # no question pays for reading the CSV again
    table.write_text(table.read_text(encoding="utf-8").replace(",9033,", ",9034,"), encoding="utf-8")
    os.utime(table, ns=(table.stat().st_atime_ns, table.stat().st_mtime_ns + 1_000_000))
    again = cached_population(table)
    assert again is not first and again.choose(2026, ["2260"]).snapshot.population("2260") == 9034
