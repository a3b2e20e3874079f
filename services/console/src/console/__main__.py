import uvicorn

from console.bootstrap import build_app
from console.config import ConsoleSettings

settings = ConsoleSettings()
uvicorn.run(build_app(settings), host=settings.host, port=settings.port, log_config=None)
