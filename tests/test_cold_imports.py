"""A cold start imports only what answering needs, and Chroma stays the store ingest writes.

`ask` answers from the build's own vectors in the default embedded mode, so a process that
answers one question never imports chromadb or pypdf; a document question goes through the
LangChain retrieval chain (LangChain loads then), a cost question needs none of it. What still
uses Chroma is checked here too: the embedded collection holds the same nearest passages, and
the LangChain chain gives the same draft as the plain steps.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from assistant.answering.engine import answer_step
from assistant.retrieval.hybrid import search
from assistant.settings import PROJECT_ROOT, Settings

HEAVY = ("chromadb", "langchain", "langchain_core", "langchain_chroma", "langsmith", "pypdf", "torch")
HEAVY += ("sentence_transformers", "streamlit")

ASK_AND_LIST_MODULES = """
import json, sys
from assistant.cli import main
code = main(["ask", "--json", sys.argv[1]])
print(json.dumps({"code": code, "modules": sorted({m.split(".")[0] for m in sys.modules})}))
"""


def _ask_in_new_process(question: str, settings: Settings) -> tuple[dict, set[str]]:
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("CHROMA_HOST", "CHROMA_PORT")},
        "ASSISTANT_INDEX_DIR": str(settings.index_dir),
        "ASSISTANT_CORPUS_DIR": str(settings.corpus_dir),
    }
    proc = subprocess.run(
        [sys.executable, "-c", ASK_AND_LIST_MODULES, question],
        capture_output=True,
        text=True,
        env=env,
        cwd=PROJECT_ROOT,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    answer_line, modules_line = proc.stdout.strip().splitlines()[-2:]
    listed = json.loads(modules_line)
    assert listed["code"] == 0
    return json.loads(answer_line), set(listed["modules"])


LANGCHAIN = {"langchain", "langchain_core", "langsmith"}


@pytest.mark.parametrize(
    ("question", "chain"),
    [
        ("Vad är minimidebiteringen?", True),  # a document question: through the retrieval chain
        ("Vad betalar Ånge 2026?", False),  # a cost question: the calculators, no passages
    ],
)
def test_answering_one_question_imports_no_chroma_or_pypdf(real_index: Settings, question: str, chain: bool):
    answer, modules = _ask_in_new_process(question, real_index)
    assert not answer["refused"] and answer["citations"]
    expected = {"langchain_core"} if chain else set()
    heavy = modules & set(HEAVY)
    assert heavy - LANGCHAIN == set(), "a cold start should not import these"
    assert expected <= heavy and (chain or not heavy & LANGCHAIN)


def test_the_embedded_chroma_collection_holds_the_nearest_passages_dense_search_uses(real_assistant):
    index = real_assistant.index
    assert index.store is None  # embedded mode: dense search is over the build's vectors
    store = real_assistant.vectorstore()  # the collection ingest wrote
    for question in ("Vad är minimidebiteringen?", "Hur sägs avtalet upp?", "Who owns the system?"):
        query = real_assistant.embedder.embed_query(question)
        in_memory = index.dense(query, 8)
        from_chroma = store.similarity_search_by_vector_with_relevance_scores(query.tolist(), k=8)
        assert [index.chunks[i].id for i, _ in in_memory] == [d.metadata["id"] for d, _ in from_chroma]
        for (_, cosine), (_, distance) in zip(in_memory, from_chroma, strict=True):
            assert cosine == pytest.approx(1.0 - distance, abs=1e-4)


def test_the_langchain_chain_gives_the_draft_of_the_direct_path(real_assistant):
    k = real_assistant.settings.top_k
    for question, language in (("Vad är minimidebiteringen?", "sv"), ("Who signed the agreement?", "en")):
        direct = answer_step(real_assistant.engine)(
            {"question": question, "hits": search(real_assistant.index, question, k), "language": language}
        )
        chained = real_assistant.chain.invoke({"question": question, "language": language, "filter": None})
        assert chained == direct and direct.citations
