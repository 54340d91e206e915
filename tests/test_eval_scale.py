"""The scale benchmark's synthetic corpus: readable PDFs whose stated facts are on their pages."""

from __future__ import annotations

from argparse import Namespace
from pathlib import Path

import pytest

from assistant.evaluation.scale.__main__ import render_markdown, render_text
from assistant.evaluation.scale.bench import Measurement, question_for, raw_sample
from assistant.evaluation.scale.generate import generate, kr, load_facts
from assistant.ingest.pdf import read_pdf


def test_generated_agreements_state_their_facts(tmp_path: Path):
    facts = generate(tmp_path, 2, seed=3)
    assert [f.file for f in facts] == ["avtal-00000.pdf", "avtal-00001.pdf"]
    assert load_facts(tmp_path) == facts
    for fact in facts:
        text = " ".join(p.text for p in read_pdf(tmp_path / fact.file)).replace("\n", " ")
        assert f"Minimidebiteringen är vid avtalets tecknande {kr(fact.minimum_charge)} per år." in text
        assert fact.region in text and f"{fact.municipality} kommun" in text
        assert "Kostnadsfördelning" in text and "Belopp" in text  # the table survived extraction
    assert fact.system in question_for(fact)


def test_generation_is_deterministic(tmp_path: Path):
    assert generate(tmp_path / "a", 3, seed=1) == generate(tmp_path / "b", 3, seed=1)


def test_report_tables():
    figures = {
        "size": 10,
        "chunks": 37,
        "ingest_s": 20.0,
        "load_s": 0.4,
        "cold_s": 1.25,
        "ingest_per_s": 1.5,
        "raw_per_s": 2.0,
        "index_bytes": 2_000_000,
        "rss_bytes": 10**8,
        "peak_rss_bytes": 2 * 10**8,
        "retrieve_p50_ms": 80.0,
        "retrieve_p95_ms": 100.0,
        "ask_p50_ms": 70.0,
        "ask_p95_ms": 90.0,
        "hit_at_5": 1.0,
    }
    rows = [Measurement("embedded", figures), Measurement("server", {**figures, "server_rss_bytes": 10**8})]
    text = render_text(rows)
    assert "2000 ms" in text and "100 %" in text
    assert "ingest/rå e5" in text and "0.75" in text and "1.25 s" in text  # ratio and cold start
    md = render_markdown(rows, Namespace(sizes=[10], backends=["embedded", "server"], queries=5), 60)
    assert md.startswith("# Skalningstest") and "| server |" in md.replace("  ", " ")


def test_raw_sample_spreads_over_all_passages():
    texts = [f"p{i}" for i in range(1000)]
    sample = raw_sample(texts, 4)
    assert sample == ["p0", "p250", "p500", "p750"]
    assert raw_sample(texts[:3], 4) == ["p0", "p1", "p2"]


@pytest.mark.slow
def test_reuse_measures_cold_start_on_an_existing_index(tmp_path: Path):
    """`--reuse DIR`: fresh processes on the index a full run left, each answering its first question."""
    from assistant.evaluation.scale.cold import measure_cold, render_cold
    from assistant.ingest.pipeline import ingest
    from assistant.settings import Settings

    generate(tmp_path / "corpus", 2, seed=3)
    settings = Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index-embedded-2")
    assert ingest(settings, sorted((tmp_path / "corpus").glob("avtal-*.pdf"))).ok
    (row,) = measure_cold(tmp_path, [2], runs=2, log=lambda _: None)
    assert row["runs"] == 2 and row["hits"] == 2  # each first answer cites the asked-about agreement
    assert row["heavy_modules"] == ["langchain_core"]  # the retrieval chain; no chromadb, pypdf or torch
    assert 0 < row["cold_min_s"] <= row["cold_s"] <= row["cold_max_s"]
    assert row["imports_s"] + row["load_s"] + row["first_ask_s"] < row["cold_max_s"]
    assert "| 2 |" in render_cold([row])
    with pytest.raises(SystemExit, match="holds no index"):
        measure_cold(tmp_path, [3], runs=1)
