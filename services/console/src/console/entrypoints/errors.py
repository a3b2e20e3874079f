"""Refusals and outages as pages: not found (which is also what another clinic's record is), not
allowed, a form that failed its CSRF check, a service that is down; an expired session signs in
again."""

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from console.adapters.services import ServiceRefused, ServiceUnavailable
from console.entrypoints.web import SignInRequired, render

MESSAGES = {
    403: "You are not allowed to see or change this.",
    404: "Not found. It does not exist, or it is not in your clinic.",
}


def problem_page(request: Request, status_code: int, message: str) -> HTMLResponse:
    return render(request, "problem.html", {"message": message}, status_code=status_code)


def add_error_pages(app: FastAPI) -> None:
    @app.exception_handler(SignInRequired)
    async def sign_in_again(request: Request, error: SignInRequired) -> Response:
        request.session.clear()
        return RedirectResponse("/sign-in", status_code=303)

    @app.exception_handler(ServiceUnavailable)
    async def outage(request: Request, error: ServiceUnavailable) -> Response:
        return render(request, "problem.html", {"outage": str(error), "message": None}, status_code=503)

    @app.exception_handler(ServiceRefused)
    async def refused(request: Request, error: ServiceRefused) -> Response:
        if error.status == 401:
            return await sign_in_again(request, SignInRequired())
        message = MESSAGES.get(error.status, str(error.detail))
        return problem_page(request, error.status if error.status in MESSAGES else 400, message)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        return problem_page(request, error.status_code, str(error.detail))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, error: RequestValidationError) -> Response:
        return problem_page(request, 400, "This address or form is not valid.")
