"""Scale benchmark: a synthetic corpus of agreement-like PDFs and the figures at 10, 100, 1 000 documents.

`generate` writes the PDFs (and the facts each one states, for sanity checks);
`bench` ingests them into a fresh index, embedded or on a local Chroma server,
and measures ingest time, index size, memory and warm query latency.
Run it with `python -m assistant.evaluation.scale --sizes 10 100 1000`.
"""
