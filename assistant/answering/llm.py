"""Pick the answer engine from settings: the extractive one, or a chat model behind the guard.

`ASSISTANT_LLM` names the model the way LangChain's `init_chat_model` does
("openai:gpt-4o-mini", "ollama:qwen2.5:7b-instruct", "azure_openai:<deployment>");
`ASSISTANT_LLM_BASE_URL`, `ASSISTANT_LLM_API_KEY` and `ASSISTANT_LLM_TIMEOUT_S`
say where it runs, how to authenticate and how long one call may take. The
client's own retries are turned off: the engine retries once itself, within the
timeout, so the total wait stays bounded.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from ..embeddings import Embedder
from ..errors import ModelUnavailableError
from ..settings import Settings

if TYPE_CHECKING:  # LangChain loads only when a chat model is configured (the extractive path needs none)
    from langchain_core.language_models import BaseChatModel

    from .chat import ChatModelEngine

log = logging.getLogger(__name__)

_PACKAGES = {"openai": "langchain-openai", "azure_openai": "langchain-openai", "ollama": "langchain-ollama"}


def _client_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for init_chat_model: server, key and timeout, in each provider's spelling."""
    provider = settings.llm.split(":", 1)[0] if ":" in settings.llm else ""
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
    url = settings.llm_base_url or None
    if provider == "ollama":
        options: dict[str, Any] = {"client_kwargs": {"timeout": settings.llm_timeout_s}}
        if url:
            options["base_url"] = url
        if key:
            options["client_kwargs"]["headers"] = {"Authorization": f"Bearer {key}"}
        return options
    options = {"timeout": settings.llm_timeout_s, "max_retries": 0}
    if provider == "azure_openai":
        if url:
            options["azure_endpoint"] = url
        if key:
            options["api_key"] = key
        return options
    if url:
        options["base_url"] = url
    if key or url:
        # local OpenAI-compatible servers (vLLM, llama.cpp) take any key, but the client insists on one
        options["api_key"] = key or "not-needed"
    return options


def make_chat_model(settings: Settings) -> BaseChatModel | None:
    """The chat model named by ASSISTANT_LLM, or None when it is unset. Creating it sends no request."""
    if not settings.llm:
        return None
    from langchain.chat_models import init_chat_model

    provider = settings.llm.split(":", 1)[0]
    try:
        return init_chat_model(settings.llm, **_client_options(settings))
    except ImportError as exc:
        package = _PACKAGES.get(provider, f"langchain-{provider.replace('_', '-')}")
        raise ModelUnavailableError(
            f"The chat model {settings.llm} needs the package {package}, which is not installed.",
            f"Install it with 'pip install {package}', or unset ASSISTANT_LLM to answer extractively.",
        ) from exc
    except Exception as exc:  # pydantic validation of the provider's own settings, unknown provider
        raise ModelUnavailableError(
            f"The chat model {settings.llm} could not be set up ({type(exc).__name__}).",
            "Check ASSISTANT_LLM (e.g. 'openai:gpt-4o-mini' or 'ollama:qwen2.5:7b-instruct'), "
            "ASSISTANT_LLM_BASE_URL and ASSISTANT_LLM_API_KEY; for Azure also OPENAI_API_VERSION.",
        ) from None


def make_engine(
    settings: Settings,
    extractive_engine: Any,
    embedder: Embedder | None = None,
    model: BaseChatModel | None = None,
) -> Any:
    """The extractive engine when ASSISTANT_LLM is unset (or cannot be set up), else the guarded chat engine.

    A model that cannot be set up is logged with its fix and the extractive engine answers, so a
    wrong setting never takes the app down.
    """
    if model is None:
        try:
            model = make_chat_model(settings)
        except ModelUnavailableError as exc:
            log.warning("%s %s Answering extractively.", exc.message, exc.hint)
            return extractive_engine
    if model is None:
        return extractive_engine
    from .chat import ChatModelEngine

    secret = settings.llm_api_key.get_secret_value() if settings.llm_api_key else ""
    return ChatModelEngine(
        model,
        name=settings.llm or getattr(model, "_llm_type", "chat-model"),
        fallback=extractive_engine,
        embedder=embedder,
        timeout_s=settings.llm_timeout_s,
        secrets=(secret,),
    )


REWRITE = (
    "Skriv om den sista frågan så att den går att förstå utan samtalet: ersätt ord som 'det', 'där', "
    "'de' och 'samma' med vad de syftar på i de tidigare frågorna. Behåll frågans språk och allt den "
    "frågar efter; lägg inte till något. Svara med enbart den omskrivna frågan på en rad. Om frågan "
    "redan står för sig själv: svara med den oförändrad."
)
_MAX_REWRITE_FACTOR = 4


def rewrite_followup(
    model: BaseChatModel, history_questions: list[str], question: str, engine: ChatModelEngine | None = None
) -> str:
    """A stand-alone version of `question` given the earlier questions, written by the model.

    Any failure (timeout, error, an empty or runaway reply) gives `question` back unchanged,
    so the caller can fall back to its rule-based resolution.
    """
    if not history_questions:
        return question
    from langchain_core.messages import HumanMessage, SystemMessage

    from .chat import ChatModelEngine, ModelCallFailed

    earlier = "\n".join(f"- {q}" for q in history_questions[-5:])
    messages = [
        SystemMessage(REWRITE),
        HumanMessage(f"Tidigare frågor:\n{earlier}\n\nSista frågan: {question}"),
    ]
    caller = engine or ChatModelEngine(model, name="rewrite")
    try:
        reply = caller.call(messages, draft=False)
    except ModelCallFailed as exc:
        log.info("follow-up not rewritten: %s", exc.reason)
        return question
    lines = [line.strip().strip('"«»').strip() for line in reply.strip().splitlines() if line.strip()]
    rewritten = lines[0] if lines else ""
    if not rewritten or len(rewritten) > _MAX_REWRITE_FACTOR * len(question) + 200:
        return question
    return rewritten
