"""Reporters turn results into bytes; each is registered by name and knows nothing of the CLI."""
