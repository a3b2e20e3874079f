"""Sends one email over SMTP with a plain-text and an HTML alternative."""

from dataclasses import dataclass
from email.message import EmailMessage

import aiosmtplib


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    username: str | None
    password: str | None
    start_tls: bool
    timeout_seconds: float
    sender: str


class SmtpMailer:
    def __init__(self, config: SmtpConfig) -> None:
        self._config = config

    async def send(self, to_address: str, subject: str, text: str, html: str, message_id: str) -> None:
        """Raises on any failure; the caller retries on its schedule."""
        message = EmailMessage()
        message["From"] = self._config.sender
        message["To"] = to_address
        message["Subject"] = subject
        # A stable Message-ID lets a mail system drop a copy resent after a lost acknowledgement.
        message["Message-ID"] = f"<{message_id}@carecoord>"
        message.set_content(text)
        message.add_alternative(html, subtype="html")
        config = self._config
        await aiosmtplib.send(
            message,
            hostname=config.host,
            port=config.port,
            username=config.username,
            password=config.password,
            start_tls=config.start_tls,
            timeout=config.timeout_seconds,
        )
