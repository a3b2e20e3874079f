"""Turns notices into what recipients see: an inbox item for staff, an email for anyone with a
registered address. Both are keyed by (source, recipient), so a redelivered event or a reminder
fired twice adds nothing."""

from collections.abc import Sequence

from carecoord.outbox import UnitOfWork

from notifications.adapters.contacts import contacts_for
from notifications.adapters.emails import queue_emails
from notifications.adapters.inbox import add_inbox_items
from notifications.domain.notices import Audience, Notice, render_email


async def deliver_notices(
    uow: UnitOfWork, clinic_id: str, source_key: str, notices: Sequence[Notice]
) -> None:
    if not notices:
        return
    contacts = await contacts_for(uow.connection, clinic_id, sorted({n.recipient_id for n in notices}))
    inbox: list[dict[str, object]] = []
    emails: list[dict[str, object]] = []
    for notice in notices:
        common = {
            "clinic_id": clinic_id,
            "recipient_id": notice.recipient_id,
            "patient_id": notice.patient_id,
            "source_key": source_key,
        }
        if notice.audience is Audience.STAFF:
            inbox.append(
                {
                    **common,
                    "category": notice.category,
                    "title": notice.title,
                    "body": notice.body,
                    "link": notice.link,
                }
            )
        contact = contacts.get(notice.recipient_id)
        if contact is not None and contact.email:
            email = render_email(notice, contact.display_name)
            emails.append(
                {
                    **common,
                    "to_address": contact.email,
                    "subject": email.subject,
                    "text_body": email.text,
                    "html_body": email.html,
                }
            )
    await add_inbox_items(uow.connection, inbox)
    await queue_emails(uow.connection, emails)
