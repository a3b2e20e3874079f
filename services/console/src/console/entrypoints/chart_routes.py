"""The patient chart: care plan, care team, authorization budget, visits and notes."""

from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from console.entrypoints.web import Services, render
from console.service_layer.chart import load_chart

router = APIRouter()


@router.get("/care-plans/{care_plan_id}")
async def show_chart(request: Request, care_plan_id: str, services: Services) -> HTMLResponse:
    chart = await load_chart(services, care_plan_id, datetime.now(UTC))
    return render(request, "chart.html", {"chart": chart, "plan": chart.plan})
