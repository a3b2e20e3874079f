"""What every page route shares: the signed-in user, their view of the services, the CSRF check
on submitted forms, and rendering a template."""

from pathlib import Path
from typing import Annotated, Any

from carecoord.auth import Role
from fastapi import Depends, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from starlette.datastructures import FormData

from console.adapters.services import UserServices
from console.domain import csrf, progress, vocabulary
from console.domain.forms import FormValues, error_for, has_values, rows
from console.domain.note_form import QUESTIONNAIRES
from console.domain.sign_in import User

templates = Jinja2Templates(directory=Path(__file__).parent.parent / "templates")
templates.env.globals.update(
    error_for=error_for,
    has_values=has_values,
    rows=rows,
    questionnaires=QUESTIONNAIRES,
    label=vocabulary.label,
    vocabulary=vocabulary,
    chart_size=(progress.WIDTH, progress.HEIGHT),
)
templates.env.filters["number"] = vocabulary.number


class SignInRequired(Exception):
    """No session, or the service no longer accepts its token: the user signs in again."""


def session_user(request: Request) -> User | None:
    stored = request.session.get("user")
    return User(stored["subject"], Role(stored["role"]), stored["clinic_id"]) if stored else None


def current_user(request: Request) -> User:
    user = session_user(request)
    if user is None or "token" not in request.session:
        raise SignInRequired()
    return user


def user_services(request: Request, user: Annotated[User, Depends(current_user)]) -> UserServices:
    return UserServices(request.app.state.http, request.app.state.service_urls, request.session["token"])


def start_session(request: Request, user: User, token: str) -> None:
    """A new session on every sign-in: nothing from before (a CSRF token, a pending sign-in) carries over."""
    request.session.clear()
    request.session.update(
        user={"subject": user.subject, "role": str(user.role), "clinic_id": user.clinic_id},
        token=token,
        csrf=csrf.new_token(),
    )


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if token is None:
        token = request.session["csrf"] = csrf.new_token()
    return str(token)


async def checked_form(request: Request) -> FormData:
    """The submitted form, refused (403) unless it carries the session's CSRF token."""
    form = await request.form()
    submitted = form.get(csrf.FIELD)
    if not csrf.tokens_match(request.session.get("csrf"), submitted if isinstance(submitted, str) else None):
        raise HTTPException(
            403, "This form has expired or did not come from this console. Reload and try again."
        )
    return form


CurrentUser = Annotated[User, Depends(current_user)]
Services = Annotated[UserServices, Depends(user_services)]
CheckedForm = Annotated[FormData, Depends(checked_form)]


def form_pairs(form: FormData) -> list[tuple[str, str]]:
    return [
        (name, value) for name, value in form.multi_items() if isinstance(value, str) and name != csrf.FIELD
    ]


def form_values(form: FormData) -> FormValues:
    """What the user typed, to show again next to the errors."""
    values: FormValues = {}
    for name, value in form_pairs(form):
        if name.endswith("[]"):
            existing = values.setdefault(name, [])
            assert isinstance(existing, list)
            existing.append(value)
        else:
            values[name] = value
    return values


def render(request: Request, template: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    base: dict[str, Any] = {
        "user": session_user(request),
        "csrf_token": csrf_token(request),
        "errors": {},
        "values": {},
    }
    return templates.TemplateResponse(request, template, {**base, **context}, status_code=status_code)
