"""The referral inbox: new referrals for the clinic's intake, or the referrals a physician sent
(and a therapist treats), each with its diagnosis, requested disciplines and authorization."""

import asyncio
from typing import Any

from carecoord.auth import Role

from console.adapters.services import UserServices

PAGE = 20


async def load_inbox(services: UserServices, role: Role) -> list[dict[str, Any]]:
    params = {"limit": str(PAGE), **({"status": "received"} if role is Role.ADMIN else {})}
    page = (await services.get("referrals", "/referrals", params)).body
    details = await asyncio.gather(
        *(services.get("referrals", f"/referrals/{item['id']}") for item in page["items"])
    )
    return [reply.body for reply in details]
