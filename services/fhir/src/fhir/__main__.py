import uvicorn

from fhir.bootstrap import build_app
from fhir.config import FhirSettings

settings = FhirSettings()
uvicorn.run(build_app(settings), host=settings.host, port=settings.port, log_config=None)
