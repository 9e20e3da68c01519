"""App-side sections of the stakeholders page (``pages/stakeholders.py``): one module per section."""
