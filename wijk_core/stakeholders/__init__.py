"""The stakeholder inventory of a neighbourhood renovation (SPEC §4).

- :mod:`.model`: the closed sets (groups, levels, governance roles, the six-step
  participation ladder, project phases) and the inventory's columns;
- :mod:`.cells`, :mod:`.validation`, :mod:`.messages`: every field checked, each
  problem reported by row and column, in the user's language;
- :mod:`.reading`, :mod:`.export`: import from CSV/XLSX, export to XLSX and CSV;
- :mod:`.frames`: typed inventories from and to the store's plain rows;
- :mod:`.network`: the relation network and its measures (networkx);
- :mod:`.templates`: the seed's groups as a template, the interview questions and
  the fictitious Demoveld example;
- :mod:`.handout`: the charts as one self-contained HTML handout.

Charts are in :mod:`wijk_core.stakeholders.charts`, the map of the stakeholders in
:mod:`wijk_core.stakeholders.map`.
"""

from wijk_core.stakeholders.cells import BELGIUM_BOUNDS
from wijk_core.stakeholders.errors import StakeholderError
from wijk_core.stakeholders.frames import inventory_frame, records
from wijk_core.stakeholders.handout import HANDOUT_CHARTS, charts_handout
from wijk_core.stakeholders.messages import describe_issue, issue_column, issue_reason
from wijk_core.stakeholders.model import (
    CHOICE_COLUMNS,
    COLUMNS,
    LADDER_COLUMNS,
    POSITION_RANGE,
    SCALE_RANGE,
    TRUST_RANGE,
    GovernanceRole,
    Group,
    LadderStep,
    Level,
    Phase,
    column_spec,
)
from wijk_core.stakeholders.network import build_graph, layout, network_measures
from wijk_core.stakeholders.reading import MAX_FILE_MB, InventoryImport, read_inventory
from wijk_core.stakeholders.templates import DemoExample, InterviewQuestion, demo_example, interview_questions, template_inventory, \
    template_workbook
from wijk_core.stakeholders.validation import (
    RELATION_COLUMNS,
    InventoryCheck,
    RelationCheck,
    RowIssue,
    check_inventory,
    check_relations,
    empty_inventory,
    empty_relations,
    name_key,
)
from wijk_core.stakeholders.export import NOTE_COLUMNS, display_inventory, inventory_csv, inventory_xlsx

__all__ = [
    "BELGIUM_BOUNDS",
    "CHOICE_COLUMNS",
    "COLUMNS",
    "HANDOUT_CHARTS",
    "LADDER_COLUMNS",
    "MAX_FILE_MB",
    "NOTE_COLUMNS",
    "POSITION_RANGE",
    "RELATION_COLUMNS",
    "SCALE_RANGE",
    "TRUST_RANGE",
    "DemoExample",
    "GovernanceRole",
    "Group",
    "InterviewQuestion",
    "InventoryCheck",
    "InventoryImport",
    "LadderStep",
    "Level",
    "Phase",
    "RelationCheck",
    "RowIssue",
    "StakeholderError",
    "build_graph",
    "charts_handout",
    "check_inventory",
    "check_relations",
    "column_spec",
    "demo_example",
    "describe_issue",
    "display_inventory",
    "empty_inventory",
    "empty_relations",
    "interview_questions",
    "inventory_csv",
    "inventory_frame",
    "inventory_xlsx",
    "issue_column",
    "issue_reason",
    "layout",
    "name_key",
    "network_measures",
    "read_inventory",
    "records",
    "template_inventory",
    "template_workbook",
]
