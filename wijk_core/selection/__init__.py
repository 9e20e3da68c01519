"""Neighbourhood selection: candidates, the decision framework, charts, the map,
exports and the council file."""
