"""Events this service acts on, each handled in the consumer's unit of work."""

from carecoord.care_teams import project_care_teams
from carecoord.dispatch import Dispatcher
from carecoord.events import Topic

TOPICS = [Topic.REFERRALS]

dispatcher = project_care_teams(Dispatcher())
