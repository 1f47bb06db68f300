"""Typed errors. Only the command line and the UI turn them into words for a person."""


class RagError(Exception):
    """Base class: a problem the user can act on. ``fix`` says how, when there is a way."""

    def __init__(self, message: str, fix: str | None = None):
        super().__init__(message)
        self.message = message
        self.fix = fix

    def __str__(self) -> str:
        return f"{self.message}\n  fix: {self.fix}" if self.fix else self.message


class CorpusError(RagError):
    """The corpus folder is missing, empty, or holds nothing that can be indexed."""


class IndexMissingError(RagError):
    """No index has been built in the index folder."""


class IndexCorruptError(RagError):
    """An index file is truncated, altered or unreadable."""


class IndexMismatchError(RagError):
    """The index was built with another model, dimension or format version."""


class QuestionError(RagError):
    """A question or query that cannot be searched (empty, too long, ...)."""


class ModelLoadError(RagError):
    """The embedding model could not be loaded."""


class IndexBusyError(RagError):
    """Another build holds the index folder's write lock."""


class IndexWriteError(RagError):
    """The index folder cannot be written: disk full, permission denied, read-only."""


class TimeLimitError(RagError):
    """A question took longer than the per-question time limit."""


class AnswerCancelled(Exception):
    """The person stopped waiting (New conversation, a closed page): the work stops. Never shown."""
