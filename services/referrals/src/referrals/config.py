from carecoord.settings import ServiceSettings


class ReferralsSettings(ServiceSettings):
    port: int = 8001
    # How often a replica looks for authorizations within their expiry notice period.
    authorization_check_seconds: float = 300.0
