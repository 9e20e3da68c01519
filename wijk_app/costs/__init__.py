"""Layout of the total-cost and budget page, one module per section."""
