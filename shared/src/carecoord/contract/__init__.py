"""The event contract generated from the models and the services' declarations: JSON Schemas, one
self-contained AsyncAPI 3 document, a readable catalogue, and the compatibility baseline.

``python -m carecoord.contract generate`` rewrites ``docs/events``; ``python -m carecoord.contract
accept-baseline`` records the current schemas as the baseline a later change is checked against.
"""
