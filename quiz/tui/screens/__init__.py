"""One Screen per view: start, question, results, review, statistics, source, report, too small."""
