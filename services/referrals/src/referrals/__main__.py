import uvicorn

from referrals.bootstrap import build_app
from referrals.config import ReferralsSettings

settings = ReferralsSettings()
uvicorn.run(build_app(settings), host=settings.host, port=settings.port, log_config=None)
