"""``python -m bbkg`` runs the command line."""

from bbkg.cli import run

run()
