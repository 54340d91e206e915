"""The persisted index: versioned builds switched atomically, plus the Chroma vector store."""
