from carecoord.settings import ServiceSettings


class NotesSettings(ServiceSettings):
    port: int = 8003
