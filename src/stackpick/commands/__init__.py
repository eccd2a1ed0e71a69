"""One module per command: each a short function returning an exit code."""
