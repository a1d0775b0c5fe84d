"""Letters to the printer and back: the 17:50 print run, DVLA's response files and the daily sorted counts."""
