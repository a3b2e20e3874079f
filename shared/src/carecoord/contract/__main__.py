"""``python -m carecoord.contract generate [folder]`` rewrites the event contract (default
``docs/events``); ``python -m carecoord.contract accept-baseline [folder]`` records the current
schemas as the compatibility baseline (default ``docs/events/baseline``), accepting any change."""

import argparse
from pathlib import Path

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
    arguments = parser.parse_args()
    if arguments.command == "generate":
        replace_documents(arguments.folder, documents(installed_services()))
    else:
        replace_documents(arguments.folder, schema_documents())


main()
