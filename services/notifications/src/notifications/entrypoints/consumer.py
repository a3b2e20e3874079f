"""Every event from the other services is a candidate for a subscription; referral events also
feed the care team projection that decides who may read delivery details."""

from carecoord.care_teams import project_referral_received
from carecoord.dispatch import Dispatcher
from carecoord.events import ReferralReceived, Topic

from notifications.service_layer.fan_out import fan_out

TOPICS = [Topic.REFERRALS, Topic.SCHEDULING, Topic.NOTES]

dispatcher = Dispatcher().on(ReferralReceived, project_referral_received).on_every_event(fan_out)
