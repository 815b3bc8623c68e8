"""Lets `python -m quiz` run the same command line as `oms-quiz`."""

from quiz import main

raise SystemExit(main())
