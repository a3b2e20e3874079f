"""Where the topics live: the local broker ``make run`` starts, and an example of production."""

from typing import Any

SERVERS: dict[str, Any] = {
    "local": {
        "host": "127.0.0.1:9092",
        "protocol": "kafka",
        "title": "Local broker",
        "description": "The single-node broker `make run` and the tests start: plaintext, no authentication.",
    },
    "production": {
        "host": "kafka.carecoord.example:9093",
        "protocol": "kafka-secure",
        "title": "Production (example)",
        "description": "A replicated cluster (replication factor 3) reached over TLS, one SASL "
        "principal per service or integrator; integrators get read-only ACLs on the topics they may read.",
        "security": [{"$ref": "#/components/securitySchemes/saslScram"}],
    },
}

SECURITY_SCHEMES: dict[str, Any] = {
    "saslScram": {
        "type": "scramSha512",
        "description": "SASL/SCRAM-SHA-512 over TLS with the principal's user name and password.",
    }
}
