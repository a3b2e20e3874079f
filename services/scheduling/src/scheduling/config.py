from carecoord.settings import ServiceSettings


class SchedulingSettings(ServiceSettings):
    port: int = 8002
