"""Each consuming service's own projection of who may see a patient's clinical data.

Built from referrals' events into the consuming service's database, so the access decision never
calls another service. Referrals owns the care team itself and does not use this projection.
"""

from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from carecoord.access import CareTeam
from carecoord.dispatch import Dispatcher
from carecoord.envelope import CloudEvent
from carecoord.events import (
    CarePlanCreated,
    CarePlanSnapshot,
    CarePlanUpdated,
    CareTeamChanged,
    CareTeamMember,
    ReferralReceived,
)
from carecoord.outbox import UnitOfWork

care_team_metadata = sa.MetaData()

care_team_projection = sa.Table(
    "care_team_projection",
    care_team_metadata,
    sa.Column("patient_id", sa.Text, primary_key=True),
    sa.Column("clinic_id", sa.Text, nullable=False),
    sa.Column("referring_physician_ids", ARRAY(sa.Text), nullable=False),
    sa.Column("member_ids", ARRAY(sa.Text), nullable=False),
    sa.Column("care_plan_version", sa.Integer, nullable=False, server_default="0"),
)


async def project_referral_received(uow: UnitOfWork, event: ReferralReceived, envelope: CloudEvent) -> None:
    table = care_team_projection
    physician = sa.cast(sa.literal([event.referring_physician_id]), ARRAY(sa.Text))
    await uow.connection.execute(
        insert(table)
        .values(
            patient_id=event.patient_id,
            clinic_id=event.clinic_id,
            referring_physician_ids=[event.referring_physician_id],
            member_ids=[],
        )
        .on_conflict_do_update(
            index_elements=[table.c.patient_id],
            set_={"referring_physician_ids": _with(table.c.referring_physician_ids, physician)},
        )
    )


async def project_care_plan(uow: UnitOfWork, event: CarePlanSnapshot, envelope: CloudEvent) -> None:
    await _replace_members(uow, event, event.care_team, event.version)


async def project_care_team_changed(uow: UnitOfWork, event: CareTeamChanged, envelope: CloudEvent) -> None:
    await _replace_members(uow, event, event.members, event.version)


async def _replace_members(
    uow: UnitOfWork, event: CarePlanSnapshot | CareTeamChanged, members: list[CareTeamMember], version: int
) -> None:
    """The team of the newest plan version wins; a late, older event changes nothing."""
    table = care_team_projection
    member_ids = sorted({member.provider_id for member in members})
    physician = sa.cast(sa.literal([event.referring_physician_id]), ARRAY(sa.Text))
    await uow.connection.execute(
        insert(table)
        .values(
            patient_id=event.patient_id,
            clinic_id=event.clinic_id,
            referring_physician_ids=[event.referring_physician_id],
            member_ids=member_ids,
            care_plan_version=version,
        )
        .on_conflict_do_update(
            index_elements=[table.c.patient_id],
            set_={
                "member_ids": member_ids,
                "care_plan_version": version,
                "referring_physician_ids": _with(table.c.referring_physician_ids, physician),
            },
            where=table.c.care_plan_version <= version,
        )
    )


def _with(column: sa.ColumnElement[Any], value: sa.ColumnElement[Any]) -> sa.ColumnElement[Any]:
    """``column`` with the one-element array ``value`` appended unless already there."""
    return sa.case((column.contains(value), column), else_=column.concat(value))


async def load_care_team(connection: AsyncConnection, patient_id: str) -> CareTeam | None:
    row = (
        await connection.execute(
            sa.select(care_team_projection).where(care_team_projection.c.patient_id == patient_id)
        )
    ).first()
    if row is None:
        return None
    return CareTeam(
        clinic_id=row.clinic_id,
        patient_id=row.patient_id,
        referring_physician_ids=frozenset(row.referring_physician_ids),
        member_ids=frozenset(row.member_ids),
    )


def project_care_teams(dispatcher: Dispatcher) -> Dispatcher:
    """Route the referrals events that shape who may see a patient's data into the projection."""
    return (
        dispatcher.on(ReferralReceived, project_referral_received)
        .on(CarePlanCreated, project_care_plan)
        .on(CarePlanUpdated, project_care_plan)
        .on(CareTeamChanged, project_care_team_changed)
    )


class CareTeamPublic(BaseModel):
    patient_id: str
    referring_physician_ids: list[str]
    member_ids: list[str]


async def read_care_team(engine: AsyncEngine, patient_id: str) -> CareTeamPublic:
    async with engine.connect() as connection:
        team = await load_care_team(connection, patient_id)
    if team is None:
        raise LookupError(patient_id)
    return CareTeamPublic(
        patient_id=team.patient_id,
        referring_physician_ids=sorted(team.referring_physician_ids),
        member_ids=sorted(team.member_ids),
    )


def create_care_team_projection(op: Any) -> None:
    """Version 1 of the projection, called from a consuming service's Alembic migration."""
    op.create_table(
        "care_team_projection",
        sa.Column("patient_id", sa.Text(), nullable=False),
        sa.Column("clinic_id", sa.Text(), nullable=False),
        sa.Column("referring_physician_ids", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("member_ids", postgresql.ARRAY(sa.Text()), nullable=False),
        sa.Column("care_plan_version", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("patient_id"),
    )
