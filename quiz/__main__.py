"""Lets `python -m quiz` run the same command line as `oms-quiz`."""

from quiz.cli import main

raise SystemExit(main())
