# CareCoord: `make run` starts the whole system on its embedded defaults; `make test` runs
# lint and every test on its own broker and database. Both install what they need first.
PYTHON ?= python3
UV := $(PYTHON) -m uv
PACKAGES := -p carecoord -p carecoord_local -p referrals -p scheduling -p notes -p notifications -p console -p fhir

.PHONY: install run demo test reliability lint format events events-baseline api bench clean images images-test deploy-check

install:
	@$(PYTHON) -m uv --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet "uv>=0.5"
	@deploy/check-prerequisites.sh
	@$(UV) sync --frozen --quiet
	@deploy/npm-install.sh tools/asyncapi-check tests/e2e/console

run: install
	$(UV) run carecoord-run

# A demo clinic (five patients at different points of their care) loaded into the system `make run`
# started, through the services' public APIs; run it in a second terminal while `make run` runs.
demo: install
	$(UV) run python tools/demo/load_demo.py

lint: install
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	$(UV) run mypy $(PACKAGES)
	node tools/asyncapi-check/check.mjs docs/events/asyncapi.json

# Every test: the suites on a shared broker and database, then the fault-injection suite, whose
# scenarios start, kill, pause and restart their own (about 7 minutes on 2 cores).
test: lint
	$(UV) run pytest
	$(UV) run pytest -m reliability tests/reliability

reliability: install
	$(UV) run pytest -m reliability tests/reliability

# Every image (Debian base by debootstrap, Kafka, PostgreSQL, each service), built on this machine's
# Docker engine (installed and started when missing); prints how long each took.
images: install
	deploy/images/build.sh

# The images for real: the walking-skeleton flow against the system started from deploy/compose.yaml,
# and the shared library's integration tests, with the fixtures' Kafka and PostgreSQL started by
# testcontainers from the same images (no image registry here, so no Ryuk container).
images-test: images
	CARECOORD_COMPOSE=1 CARECOORD_TESTCONTAINERS=1 TESTCONTAINERS_RYUK_DISABLED=true \
	  $(UV) run pytest tests/e2e/test_walking_skeleton.py shared/tests/integration

# The deployment files checked offline: helm lint and template, the rendered manifests against the
# Kubernetes API schemas, hadolint on the Dockerfiles (helm is built from its Go module if missing).
deploy-check: install
	deploy/helm/check.sh

format: install
	$(UV) run ruff check --fix .
	$(UV) run ruff format .

# The event contract in docs/events (AsyncAPI, JSON Schemas, catalogue), generated from the models
# and the services' dispatchers; `make test` fails when the committed files drift from them.
events: install
	$(UV) run python -m carecoord.contract generate docs/events

# Accept the current event schemas as the compatibility baseline, breaking changes included:
# only for an intended change (a type not yet in use, or consumers already upgraded).
events-baseline: install
	$(UV) run python -m carecoord.contract accept-baseline docs/events/baseline

# The services' OpenAPI documents in docs/api, generated from their applications; `make test`
# fails when the committed files drift from them.
api: install
	$(UV) run python -m carecoord.contract api docs/api

bench: install
	$(UV) run python bench/platform_bench.py
	$(UV) run python services/scheduling/bench/scheduling_bench.py
	$(UV) run python bench/notifications_bench.py
	$(UV) run python bench/system_bench.py

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
