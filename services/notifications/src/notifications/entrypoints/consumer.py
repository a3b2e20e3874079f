"""Every event from the other services is a candidate for a subscription; referral events also
feed the care team projection that decides who may read delivery details."""

from carecoord.care_teams import project_care_teams
from carecoord.dispatch import Dispatcher
from carecoord.events import Topic

from notifications.service_layer.fan_out import fan_out

TOPICS = [Topic.REFERRALS, Topic.SCHEDULING, Topic.NOTES]

dispatcher = project_care_teams(Dispatcher()).on_every_event(fan_out)
