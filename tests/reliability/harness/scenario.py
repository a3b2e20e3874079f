"""The frame every fault scenario shares: a system, a clinic, a subscribed webhook receiver and a
steady workload; the scenario injects its fault while the workload runs, then reconciles."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from .flows import Clinic, Subscription, subscribe
from .journal import say
from .load import Workload
from .receiver import WebhookReceiver
from .reconcile import Findings, Reconciliation
from .system import System

# The physician's EHR hears about acceptance, visits and progress.
WEBHOOK_TYPES = (
    "carecoord.referral.accepted.v1",
    "carecoord.appointment.completed.v1",
    "carecoord.progress.recorded.v1",
)


@dataclass
class Scenario:
    system: System
    clinic: Clinic
    receiver: WebhookReceiver
    load: Workload
    subscription: Subscription

    @classmethod
    async def begin(
        cls,
        launch: Callable[..., Awaitable[System]],
        receiver: WebhookReceiver,
        clinic_id: str,
        *,
        flows: int = 30,
        interval: float = 0.4,
        replicas: int = 1,
        **env: str,
    ) -> "Scenario":
        """Launch the system, subscribe, create the therapists, and start the workload."""
        system = await launch(replicas=replicas, **env)
        clinic = Clinic(system, clinic_id)
        load = Workload(clinic, flows=flows, interval=interval)
        subscription = await subscribe(load.calls, clinic, receiver.url, WEBHOOK_TYPES)
        await load.prepare()
        load.start()
        await load.started.wait()
        return cls(system, clinic, receiver, load, subscription)

    async def reconcile(
        self, within: float = 90.0, known_500s: tuple[float, float] | None = None
    ) -> Findings:
        """Finish the workload, wait for convergence, and fail on anything lost or done twice,
        and on any 5xx other than 503 (``known_500s``: a time window where a known bug's are
        only reported)."""
        await self.load.finish()
        say(self.load.summary())
        errors = self.load.calls.server_errors
        if known_500s is not None:
            known = [error for at, error in errors if known_500s[0] <= at <= known_500s[1]]
            say(f"5xx answers during the window of a known bug (reported, not failed): {known}")
            errors = [(at, error) for at, error in errors if not known_500s[0] <= at <= known_500s[1]]
        assert not errors, errors[:5]
        findings = await Reconciliation(
            self.system, self.clinic.clinic_id, self.load.records, [self.subscription], self.receiver
        ).converged(within)
        assert not self.load.calls.unexpected, self.load.calls.unexpected[:5]
        assert not findings.lost, findings.lost[:10]
        assert not findings.twice, findings.twice[:10]
        assert not findings.wrong, findings.wrong[:10]
        return findings
