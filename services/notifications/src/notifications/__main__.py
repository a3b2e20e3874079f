import uvicorn

from notifications.bootstrap import build_app
from notifications.config import NotificationsSettings

settings = NotificationsSettings()
uvicorn.run(build_app(settings), host=settings.host, port=settings.port, log_config=None)
