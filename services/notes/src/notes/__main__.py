import uvicorn

from notes.bootstrap import build_app
from notes.config import NotesSettings

settings = NotesSettings()
uvicorn.run(build_app(settings), host=settings.host, port=settings.port, log_config=None)
