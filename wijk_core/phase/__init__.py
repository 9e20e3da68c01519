"""Phase 1 of the method (*voorbereiding*): from the team's first meeting to the council's decision.

- :mod:`.model`: the team, its agreements, the readiness answers, the recorded choice;
  the missing-expertise check and the advice on size;
- :mod:`.roadmap`: the guide's steps in order, each with a status from the project's data;
- :mod:`.snapshot`: the choice's frozen justification and the reasons read from it;
- :mod:`.impact`: impact against policy cost, from the profiles, the cost scenarios and the budget;
- :mod:`.summary`: the tables and sentences the page and the dossier share;
- :mod:`.dossier`, :mod:`.collect`: the dossier for the council and what it gathers from the store;
- :mod:`.store`, :mod:`.tables`: session functions over the domain's tables.
"""
