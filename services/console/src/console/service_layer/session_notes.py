"""A visit's session note: opened as a draft for the visit's own provider, saved with the version
it was read at (a concurrent edit is refused, never overwritten), signed, and amended by addenda
once signed."""

from typing import Any

from console.adapters.services import Reply, ServiceRefused, UserServices


class PrecautionConflict(Exception):
    """Signing was refused because the note records what a plan precaution forbids; the message is
    the notes service's own, naming each conflict. Signing again needs the author's reason."""


async def open_note(services: UserServices, appointment_id: str) -> Reply:
    """The visit's note; the draft is started when there is none yet (the service refuses anyone
    who may not write it)."""
    path = f"/appointments/{appointment_id}/note"
    try:
        return await services.get("notes", path)
    except ServiceRefused as refused:
        if refused.status != 404:
            raise
        return await services.call("POST", "notes", path)


async def save_note(
    services: UserServices,
    note_id: str,
    body: dict[str, Any],
    if_match: str,
    sign: bool,
    precaution_override_reason: str | None = None,
) -> Reply:
    """Saves the draft, then signs it if asked. Signing a note that records what a plan precaution
    forbids is refused (409) unless the author gives a reason, which the care team is told."""
    saved = await services.call("PUT", "notes", f"/notes/{note_id}", json=body, if_match=if_match)
    if not sign:
        return saved
    signature = (
        {"precaution_override_reason": precaution_override_reason} if precaution_override_reason else None
    )
    path = f"/notes/{note_id}/signature"
    try:
        return await services.call("POST", "notes", path, json=signature, if_match=saved.etag)
    except ServiceRefused as refused:
        # The draft was just saved, so a 409 here is not a signed note: it is a precaution.
        if refused.status == 409 and not precaution_override_reason:
            raise PrecautionConflict(str(refused.detail)) from refused
        raise


async def add_addendum(services: UserServices, note_id: str, text: str) -> None:
    await services.call("POST", "notes", f"/notes/{note_id}/addenda", json={"text": text})
