# One CareCoord service (or the console): `--build-arg SERVICE=referrals` names the package under
# services/ whose `python -m <SERVICE>` is the entry point. Build context: the repository root.
# Dependencies come from the committed uv.lock only (`uv sync --frozen`); the final stage holds
# Debian's python3 and the virtual environment, no uv, pip or compiler.
ARG BASE_IMAGE=carecoord/debian:bookworm

FROM ${BASE_IMAGE} AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-venv ca-certificates \
 && rm -rf /var/lib/apt/lists/*
# Certificate authorities the build machine trusts beyond Debian's (e.g. an egress proxy's), so
# that the build stage reaches PyPI wherever the build runs; the final image does not keep them.
ARG BUILD_CA_CERTS=""
RUN if [ -n "$BUILD_CA_CERTS" ]; then printf '%s\n' "$BUILD_CA_CERTS" >/usr/local/share/ca-certificates/build.crt \
 && update-ca-certificates >/dev/null; fi
ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt PIP_CERT=/etc/ssl/certs/ca-certificates.crt
ARG UV_VERSION=0.13.9
RUN python3 -m venv /opt/uv && /opt/uv/bin/pip install --no-cache-dir "uv==${UV_VERSION}"
ENV UV_PYTHON=/usr/bin/python3 UV_PYTHON_DOWNLOADS=never UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy \
    UV_NO_CACHE=1
WORKDIR /app
ARG SERVICE
# Third-party dependencies first, from the lock and the manifests alone: a layer that survives code edits.
COPY pyproject.toml uv.lock ./
COPY shared/pyproject.toml shared/
COPY deploy/local/pyproject.toml deploy/local/
COPY services/${SERVICE}/pyproject.toml services/${SERVICE}/
RUN /opt/uv/bin/uv sync --frozen --no-dev --package "carecoord-${SERVICE}" --no-install-workspace
COPY shared/src shared/src
COPY services/${SERVICE} services/${SERVICE}
RUN rm -rf services/${SERVICE}/tests services/${SERVICE}/bench \
 && /opt/uv/bin/uv sync --frozen --no-dev --package "carecoord-${SERVICE}"

FROM ${BASE_IMAGE}
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin carecoord
ARG SERVICE
# The sources stay beside the environment: the packages are installed editable, and each service
# finds its Alembic migrations next to its package.
COPY --from=build /app /app
ENV PATH=/app/.venv/bin:$PATH PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    SERVICE=${SERVICE} HOST=0.0.0.0 PORT=8080
USER 10001
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ['PORT'], timeout=2)"]
ENTRYPOINT ["sh", "-c", "exec python -m \"$SERVICE\""]
