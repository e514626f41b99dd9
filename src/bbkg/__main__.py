"""``python -m bbkg`` runs the command line."""

from .cli import run

run()
