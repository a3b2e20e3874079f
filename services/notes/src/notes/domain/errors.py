"""What can go wrong with a note, as the domain sees it; entry points map these to statuses."""


class NoteError(Exception):
    pass


class NoteIsSigned(NoteError):
    """A signed note is immutable; corrections are addenda."""


class NoteNotSigned(NoteError):
    """Addenda correct a signed note; a draft is simply edited."""


class NotPermitted(NoteError):
    """The caller may see the note but not do this to it."""


class AppointmentNotWritable(NoteError):
    """The visit was cancelled or missed, so there is nothing to document."""


class InvalidNote(NoteError):
    """Content that is valid on its own but not for this visit, with the field's path."""

    def __init__(self, problems: list[tuple[tuple[str | int, ...], str]]) -> None:
        super().__init__("; ".join(message for _, message in problems))
        self.problems = problems


class PrecautionsBroken(NoteError):
    """The note records what the plan's precautions forbid and no override reason was given."""

    def __init__(self, conflicts: list[str]) -> None:
        super().__init__(
            "the note cannot be signed: "
            + "; ".join(conflicts)
            + ". Change the note, or sign with a precaution_override_reason"
        )
        self.conflicts = conflicts


class NoteNotFound(NoteError):
    pass


class StaleVersion(NoteError):
    """The caller edited an older version than the one stored (If-Match did not match)."""
