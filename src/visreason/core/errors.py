"""Exceptions with messages meant for people: the CLI prints them as one line."""


class VisreasonError(Exception):
    """Base class for every error visreason raises on purpose."""


class UnknownGameError(VisreasonError, KeyError):
    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else "unknown game"


class UnknownTaskError(VisreasonError, KeyError):
    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown task"


class LevelError(VisreasonError, ValueError):
    """A level name that is not easy/medium/hard, or one a task does not offer."""


class SampleError(VisreasonError, ValueError):
    """A sample record that cannot be read or verified: a data mistake, not a bad completion."""


class GenerationError(VisreasonError, RuntimeError):
    """A task could not build a valid question within its attempt budget."""


class Retry(Exception):
    """Raised inside a task's build() when this random state does not admit the question.

    The generator then draws a fresh state from a derived seed; it is not an error.
    """


class Unaskable(Retry):
    """Raised inside a task's ask() when the given state can never admit the question.

    Fresh randomness cannot help (a finished game, no empty cell), so the group generator stops
    asking this task at once instead of retrying; inside build() it behaves like Retry.
    """
