"""Outcomes the HTTP layer maps to a status: a missing (or other clinic's) record is a 404."""


class NotFound(Exception):
    def __init__(self, resource: str) -> None:
        super().__init__(f"{resource} not found")
        self.resource = resource
