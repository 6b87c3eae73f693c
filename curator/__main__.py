"""`python -m curator`: the same as the `curator` command."""

from .cli import main

raise SystemExit(main())
