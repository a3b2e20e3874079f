from pathlib import Path

from carecoord.events.schemas import documents

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "events"


def test_committed_event_schemas_match_the_models() -> None:
    """Regenerate with `uv run python -m carecoord.events.schemas docs/events`."""
    committed = {path.name: path.read_text() for path in COMMITTED.glob("*.json")}
    assert committed == documents()
