from carecoord.settings import ServiceSettings


class ReferralsSettings(ServiceSettings):
    port: int = 8001
