"""`python -m plankg` runs the CLI."""

from plankg.cli import main

main()
