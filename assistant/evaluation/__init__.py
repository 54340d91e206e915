"""Evaluation suite: known questions, metrics, baselines and a scale benchmark.

`cases` loads `evals/questions.yaml`; `metrics` holds the pure metric
functions; `systems` and `baselines` wrap what is measured (this project's
pipeline, a tutorial LangChain + Chroma RAG, plain BM25) behind one seam;
`runner` runs them over the cases and `report` prints and saves the figures.
`python -m assistant eval` ties them together.
"""
