"""Notes: SOAP session notes, signing and addenda, outcome measures, progress."""
