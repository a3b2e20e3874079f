import uvicorn

from scheduling.bootstrap import build_app
from scheduling.config import SchedulingSettings

settings = SchedulingSettings()
uvicorn.run(build_app(settings), host=settings.host, port=settings.port, log_config=None)
