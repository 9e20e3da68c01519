"""Layout of the neighbourhood-selection page, one module per section."""
