"""Evaluation suite: known questions, metrics, baselines and a scale benchmark.

`cases` loads `evals/questions.yaml` (questions, paraphrase groups, dialogues);
`metrics` holds the pure metric functions; `systems` and `baselines` wrap what
is measured (this project's pipeline, a tutorial LangChain + Chroma RAG, plain
BM25) behind one seam; `runner` runs them over the cases, `summary` turns the
scores into figures per split, `gate` reads the floors and targets, and
`report` (with `chart`) prints and saves them. `python -m assistant eval` ties
them together.
"""
