"""The patient chart (care plan, care team, authorization budget, progress, visits and notes) and
the progress reports sent to the referring physician."""

from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from console.entrypoints.web import Services, render
from console.service_layer.chart import load_chart
from console.service_layer.progress_reports import load_report

router = APIRouter()


@router.get("/care-plans/{care_plan_id}")
async def show_chart(request: Request, care_plan_id: str, services: Services) -> HTMLResponse:
    chart = await load_chart(services, care_plan_id, datetime.now(UTC))
    return render(request, "chart.html", {"chart": chart, "plan": chart.plan})


@router.get("/progress-reports/{report_id}")
async def show_progress_report(request: Request, report_id: str, services: Services) -> HTMLResponse:
    report, progress = await load_report(services, report_id)
    return render(request, "progress_report.html", {"report": report, "progress": progress})
