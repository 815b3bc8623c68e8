"""One Screen per view: start, question, results."""
