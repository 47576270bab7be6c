"""Subcommands of the advert-assistant CLI, one module each."""
