"""``python -m carecoord.contract generate [folder]`` rewrites the event contract (default
``docs/events``); ``python -m carecoord.contract accept-baseline [folder]`` records the current
schemas as the compatibility baseline (default ``docs/events/baseline``), accepting any change;
``python -m carecoord.contract api [folder]`` rewrites the services' OpenAPI documents (default
``docs/api``)."""

import argparse
from pathlib import Path

from carecoord.contract.api import API_DOCS, api_documents
from carecoord.contract.documents import BASELINE, DOCS, documents, replace_documents, schema_documents
from carecoord.contract.services import installed_services


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m carecoord.contract")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("generate", help="rewrite the AsyncAPI document, schemas and catalogue").add_argument(
        "folder", nargs="?", type=Path, default=DOCS
    )
    commands.add_parser("accept-baseline", help="record the current schemas as the baseline").add_argument(
        "folder", nargs="?", type=Path, default=BASELINE
    )
    commands.add_parser("api", help="rewrite the services' OpenAPI documents").add_argument(
        "folder", nargs="?", type=Path, default=API_DOCS
    )
    arguments = parser.parse_args()
    if arguments.command == "generate":
        replace_documents(arguments.folder, documents(installed_services()))
    elif arguments.command == "api":
        replace_documents(arguments.folder, api_documents())
    else:
        replace_documents(arguments.folder, schema_documents())


main()
