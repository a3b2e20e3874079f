"""Events this service acts on, each handled in the consumer's unit of work."""

from carecoord.care_teams import project_referral_received
from carecoord.dispatch import Dispatcher
from carecoord.events import ReferralReceived, Topic

TOPICS = [Topic.REFERRALS]

dispatcher = Dispatcher().on(ReferralReceived, project_referral_received)
