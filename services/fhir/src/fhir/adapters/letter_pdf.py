"""The progress letter as a PDF (fpdf2): one or two A4 pages, a chart per goal of its values over
the visits with the target drawn in. Core fonts only (Latin-1): text is kept to that."""

from fpdf import FPDF

from fhir.domain.letter import GoalLine, Letter

CHART_WIDTH, CHART_HEIGHT = 80.0, 34.0


def render(letter: Letter) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_title(letter.title)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.cell(0, 9, _text(letter.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    for line in (
        f"Patient: {letter.patient} (MRN {letter.mrn})",
        f"Referring physician: {letter.referring_physician}",
        f"Diagnosis: {', '.join(letter.diagnoses)}"
        + (f" - {', '.join(letter.conditions)}" if letter.conditions else ""),
        f"Issued: {letter.issued_on}",
    ):
        pdf.cell(0, 5.5, _text(line), new_x="LMARGIN", new_y="NEXT")
    _section(pdf, "Visits", letter.visits)
    _section(pdf, "Goals", [_goal_line(goal) for goal in letter.goals])
    if any(goal.trend for goal in letter.goals):
        _charts(pdf, [goal for goal in letter.goals if goal.trend])
    _section(
        pdf,
        "Therapists' assessments",
        [
            f"{a.discipline}, {a.visit_on}: {a.summary} - signed by {a.signed_by} on {a.signed_at} UTC"
            for a in letter.assessments
        ],
    )
    _section(pdf, "Plan from here", letter.plan or ["Continue the plan of care as certified."])
    return bytes(pdf.output())


def _goal_line(goal: GoalLine) -> str:
    latest = f"{goal.latest:g}" if goal.latest is not None else "not measured yet"
    return f"{goal.label}: baseline {goal.baseline:g}, current {latest}, target {goal.comparator} {goal.target:g} - {goal.status}"


def _section(pdf: FPDF, heading: str, lines: list[str]) -> None:
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 7, heading, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    for line in lines or ["none"]:
        pdf.multi_cell(0, 5, _text(f"- {line}"), new_x="LMARGIN", new_y="NEXT")


def _charts(pdf: FPDF, goals: list[GoalLine]) -> None:
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 7, "Pain and function over the visits", new_x="LMARGIN", new_y="NEXT")
    for index, goal in enumerate(goals):
        column = index % 2
        if column == 0 and pdf.get_y() + CHART_HEIGHT + 12 > pdf.h - pdf.b_margin:
            pdf.add_page()
        top = pdf.get_y()
        _chart(pdf, goal, pdf.l_margin + column * (CHART_WIDTH + 15), top + 5)
        if column == 1 or index == len(goals) - 1:
            pdf.set_y(top + CHART_HEIGHT + 12)


def _chart(pdf: FPDF, goal: GoalLine, left: float, top: float) -> None:
    values = [value for _, value in goal.trend]
    low = min([*values, goal.target, goal.baseline, 0.0])
    high = max([*values, goal.target, goal.baseline]) or 1.0
    pdf.set_font("Helvetica", size=8)
    pdf.text(left, top - 2, _text(f"{goal.label} (target {goal.comparator} {goal.target:g})"))
    pdf.set_draw_color(0, 0, 0)
    pdf.rect(left, top, CHART_WIDTH, CHART_HEIGHT)

    def y(value: float) -> float:  # 10% of the height free above and below the readings
        return top + CHART_HEIGHT * 0.9 - (value - low) / (high - low or 1.0) * CHART_HEIGHT * 0.8

    def x(position: int) -> float:
        return left + (position + 0.5) * CHART_WIDTH / len(values)

    pdf.set_draw_color(0, 140, 0)
    pdf.set_dash_pattern(dash=1.5, gap=1.5)
    pdf.line(left, y(goal.target), left + CHART_WIDTH, y(goal.target))
    pdf.set_dash_pattern()
    pdf.set_draw_color(20, 60, 160)
    for position in range(1, len(values)):
        pdf.line(x(position - 1), y(values[position - 1]), x(position), y(values[position]))
    for position, value in enumerate(values):
        pdf.circle(x(position), y(value), 1.2, style="D")
    pdf.set_draw_color(0, 0, 0)
    pdf.text(
        left,
        top + CHART_HEIGHT + 4,
        _text(f"{goal.trend[0][0]} to {goal.trend[-1][0]}, {len(values)} readings"),
    )


def _text(value: str) -> str:
    """Core PDF fonts hold Latin-1 only: anything else becomes '?'."""
    return value.encode("latin-1", "replace").decode("latin-1")
