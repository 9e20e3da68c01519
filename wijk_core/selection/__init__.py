"""Neighbourhood selection (SPEC §2): from statistical sectors to a justified choice.

- :mod:`.candidates`: candidate perimeters (drawn, uploaded, from sectors or
  neighbourhoods) and their indicator profiles; :mod:`.trends`, their values over
  every year of the long indicator tables;
- :mod:`.framework`: the criteria an officer weighs (indicators and the guide's
  checklist questions) and the decision matrix;
- :mod:`.assessment`: :func:`~wijk_core.selection.assessment.assess_project`, the
  whole pipeline (profiles → idea counts → team scores → matrix → ranking) in one
  call, used by every page that shows or exports an assessment;
- :mod:`.map`, :mod:`.charts`, :mod:`.summary`: what the page shows (the selection
  map and its styles, the charts, the tables);
- :mod:`.export`, :mod:`.council`: the workbook and the council file;
- :mod:`.model`, :mod:`.checks`, :mod:`.store`, :mod:`.tables`: saved candidates,
  criteria sets and team scores (session functions over the domain's tables).
"""
