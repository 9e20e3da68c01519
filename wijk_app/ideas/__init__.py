"""Layout of the idea map pages: the residents' map and the facilitator's dashboard, one module per part."""
