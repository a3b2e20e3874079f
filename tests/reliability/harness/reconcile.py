"""The final read: every acknowledged step against the rows, the events on the broker and the
downstream effects in each service, and every effect counted for duplicates. Waits (with a
deadline) for the system to converge, then prints what it reconciled."""

import asyncio
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .expected import expected_facts, fact_of
from .flows import FlowRecord, Subscription
from .journal import say
from .receiver import WebhookReceiver
from .system import CONSUMES, System
from .wire import DEAD_LETTER_TOPICS, Message, read_all


@dataclass
class Findings:
    lost: list[str] = field(default_factory=list)
    twice: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    counts: dict[str, object] = field(default_factory=dict)

    def report(self, title: str) -> str:
        lines = [f"reconciled ({title}):", *(f"  {name}: {value}" for name, value in self.counts.items())]
        lines += [f"  LOST: {item}" for item in self.lost[:20]]
        lines += [f"  DUPLICATE EFFECT: {item}" for item in self.twice[:20]]
        lines += [f"  WRONG: {item}" for item in self.wrong[:20]]
        return "\n".join(lines)


@dataclass
class Reconciliation:
    system: System
    clinic_id: str
    records: list[FlowRecord]
    subscriptions: list[Subscription] = field(default_factory=list)
    receiver: WebhookReceiver | None = None
    gone: set[str] = field(default_factory=set)  # events whose delivery was answered 410: dead, not delivered

    async def converged(self, within: float = 90.0) -> Findings:
        """Check until nothing acknowledged is missing (or the deadline passes); print the result."""
        deadline = time.monotonic() + within
        while True:
            findings = await self.check()
            if (not findings.lost) or time.monotonic() > deadline:
                say(findings.report(self.clinic_id))
                return findings
            await asyncio.sleep(1.0)

    async def check(self) -> Findings:
        findings = Findings()
        messages = [
            m
            for m in await read_all(self.system.infra.bootstrap)
            if m.data.get("clinic_id") == self.clinic_id
        ]
        dead = [
            m
            for m in await read_all(self.system.infra.bootstrap, DEAD_LETTER_TOPICS)
            if m.data.get("clinic_id") == self.clinic_id
        ]
        findings.lost += [
            f"{m.type} {m.event_id} dead-lettered: {m.headers.get('dlq.reason', b'')!r}" for m in dead
        ]
        self._events(messages, findings)
        await self._rows(findings)
        await self._inboxes(messages, findings)
        await self._audit(messages, findings)
        if self.subscriptions:
            await self._deliveries(messages, findings)
        return findings

    def _events(self, messages: list[Message], findings: Findings) -> None:
        copies = Counter(m.event_id for m in messages)
        ids_per_fact: dict[object, set[str]] = defaultdict(set)
        for message in messages:
            fact = fact_of(message.type, message.data)
            if fact is not None:
                ids_per_fact[fact].add(message.event_id)
        expected = expected_facts(self.records)
        missing = [
            f"no {fact[0]} event for {step}" for fact, step in expected.items() if fact not in ids_per_fact
        ]
        findings.lost += missing
        findings.twice += [
            f"{fact} announced by {len(ids)} events" for fact, ids in ids_per_fact.items() if len(ids) > 1
        ]
        findings.counts["acknowledged facts with their event"] = (
            f"{len(expected) - len(missing)}/{len(expected)}"
        )
        findings.counts["messages on the wire"] = (
            f"{len(messages)} ({len(copies)} distinct events, {len(messages) - len(copies)} duplicate deliveries)"
        )

    async def _rows(self, findings: Findings) -> None:
        referrals = await self.system.query(
            "referrals",
            "SELECT r.id, r.status, p.mrn, c.version FROM referrals r JOIN patients p ON p.id = r.patient_id "
            "LEFT JOIN care_plans c ON c.id = r.care_plan_id WHERE r.clinic_id = $1",
            self.clinic_id,
        )
        by_id = {row["id"]: row for row in referrals}
        per_mrn = Counter(row["mrn"] for row in referrals)
        findings.twice += [
            f"{count} referrals for one request ({mrn})" for mrn, count in per_mrn.items() if count > 1
        ]
        counted = {
            row["appointment_id"]: row["state"]
            for row in await self.system.query(
                "referrals", "SELECT appointment_id, state FROM authorization_visits"
            )
        }
        projected = {
            row["id"]: row["version"]
            for row in await self.system.query(
                "scheduling", "SELECT id, version FROM care_plans WHERE clinic_id = $1", self.clinic_id
            )
        }
        notes = await self.system.query(
            "notes", "SELECT appointment_id, status FROM notes WHERE clinic_id = $1", self.clinic_id
        )
        note_status = {row["appointment_id"]: row["status"] for row in notes}
        rows = 0
        for flow in self.records:
            row = by_id.get(flow.referral_id) if flow.referral_id else None
            checks = {
                "referral row": flow.referral_id is None or row is not None,
                "accepted status": not flow.care_plan_id or (row is not None and row["status"] != "received"),
                "plan version in referrals": not flow.plan_version
                or (row is not None and (row["version"] or 0) >= flow.plan_version),
                "plan projected in scheduling": not flow.plan_version
                or projected.get(flow.care_plan_id, 0) >= flow.plan_version,
                "visits counted in referrals": all(a in counted for a in flow.appointment_ids),
                "completed visit counted": not flow.completed_id
                or counted.get(flow.completed_id) == "completed",
                "draft opened by notes": not flow.completed_id or flow.completed_id in note_status,
                "note signed": not flow.signed or note_status.get(flow.completed_id) == "signed",
            }
            rows += sum(checks.values())
            findings.lost += [f"flow {flow.number}: {name}" for name, ok in checks.items() if not ok]
        findings.counts["row checks of acknowledged steps passed"] = rows

    async def _inboxes(self, messages: list[Message], findings: Findings) -> None:
        """Every event of this clinic was taken in by every service that consumes its topic."""
        for service, topics in CONSUMES.items():
            wanted = {m.event_id for m in messages if m.topic in {str(t) for t in topics}}
            rows = await self.system.query(
                service, "SELECT event_id FROM inbox WHERE event_id = ANY($1::text[])", list(wanted)
            )
            missing = wanted - {row["event_id"] for row in rows}
            findings.lost += [
                f"{service} never consumed event {event_id}" for event_id in sorted(missing)[:5]
            ]
            findings.counts[f"{service} inbox"] = f"{len(wanted) - len(missing)}/{len(wanted)} events"

    async def _audit(self, messages: list[Message], findings: Findings) -> None:
        """Each service's audit rows for this clinic and the audit stream hold the same records."""
        events: dict[tuple[str, object], set[str]] = defaultdict(set)
        for message in messages:
            if message.type == "carecoord.audit.recorded.v1":
                source = message.headers.get("ce_source", b"").decode()
                events[(source, message.data.get("audit_id"))].add(message.event_id)
        findings.twice += [
            f"audit row {key} announced {len(ids)} times" for key, ids in events.items() if len(ids) > 1
        ]
        rows = 0
        for service in CONSUMES:
            ids = await self.system.query(
                service, "SELECT id FROM audit_log WHERE clinic_id = $1", self.clinic_id
            )
            missing = [row["id"] for row in ids if (f"/carecoord/{service}", row["id"]) not in events]
            findings.lost += [
                f"{service} audit row {audit_id} never on the audit stream" for audit_id in missing[:5]
            ]
            rows += len(ids)
        findings.counts["audit rows on the audit stream"] = f"{rows} rows, {len(events)} events"

    async def _deliveries(self, messages: list[Message], findings: Findings) -> None:
        delivered_ok = {
            row["delivery_id"]: row["ok"]
            for row in await self.system.query(
                "notifications",
                "SELECT delivery_id, count(*) FILTER (WHERE status_code BETWEEN 200 AND 299) AS ok "
                "FROM delivery_attempts GROUP BY delivery_id",
            )
        }
        for subscription in self.subscriptions:
            due = {m.event_id for m in messages if m.type in subscription.event_types}
            rows = await self.system.query(
                "notifications",
                "SELECT id, event_id, status FROM deliveries WHERE subscription_id = $1",
                subscription.id,
            )
            per_event = Counter(row["event_id"] for row in rows)
            findings.twice += [f"{n} deliveries of event {e}" for e, n in per_event.items() if n > 1]
            findings.twice += [
                f"delivery {row['id']} accepted {delivered_ok[row['id']]} times"
                for row in rows
                if delivered_ok.get(row["id"], 0) > 1
            ]
            done = {row["event_id"] for row in rows if row["status"] == "delivered"}
            dead = {row["event_id"] for row in rows if row["status"] == "dead"}
            findings.wrong += [f"event {e} dead-lettered without a 410" for e in sorted(dead - self.gone)[:5]]
            findings.lost += [
                f"event {e} not delivered to {subscription.id}" for e in sorted(due - done - self.gone)[:5]
            ]
            findings.counts[f"webhook deliveries ({subscription.id[:8]})"] = (
                f"{len(due & done)}/{len(due)} delivered"
            )
        if self.receiver is not None:
            hits = self.receiver.hits
            received = self.receiver.accepted_ids()
            findings.counts["webhooks received"] = (
                f"{len(hits)} requests, {len(received)} distinct accepted, "
                f"{len(hits) - len({h.webhook_id for h in hits})} repeats on the wire"
            )
            due_all = {m.event_id for s in self.subscriptions for m in messages if m.type in s.event_types}
            findings.lost += [
                f"webhook {e} never accepted by the receiver"
                for e in sorted(due_all - received - self.gone)[:5]
            ]
            bad = self.receiver.unverifiable([s.secret for s in self.subscriptions])
            findings.wrong += [f"{len(bad)} webhooks whose signature does not verify"] if bad else []
