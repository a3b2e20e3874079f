"""Which service publishes and which consumes each event type, as the services declare it.

Each service registers a ``ServiceEvents`` factory under the ``carecoord.services`` entry point
group (its ``pyproject.toml``), built from the same topics and dispatcher its consumer runs with,
so the contract names a consumer exactly when the service acts on the type. The shared library
never imports a service: it only reads what the installed services register.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from importlib.metadata import entry_points

from carecoord.dispatch import Dispatcher
from carecoord.events.base import Event

ENTRY_POINT_GROUP = "carecoord.services"


@dataclass(frozen=True)
class ServiceEvents:
    name: str
    publishes: Sequence[str]
    subscribes: Sequence[str]
    dispatcher: Dispatcher

    @property
    def source(self) -> str:
        """The ``ce_source`` of everything this service publishes."""
        return f"/carecoord/{self.name}"

    def consumes(self, model: type[Event]) -> bool:
        return model.topic in self.subscribes and self.dispatcher.handles(model.type)


def installed_services() -> list[ServiceEvents]:
    factories = [entry.load() for entry in entry_points(group=ENTRY_POINT_GROUP)]
    return sorted((factory() for factory in factories), key=lambda service: service.name)


@dataclass(frozen=True)
class Roles:
    """The services around one event type or topic."""

    producers: list[str]
    consumers: list[str]


def roles_of(model: type[Event], services: Sequence[ServiceEvents]) -> Roles:
    return Roles(
        producers=[service.name for service in services if model.topic in service.publishes],
        consumers=[service.name for service in services if service.consumes(model)],
    )
