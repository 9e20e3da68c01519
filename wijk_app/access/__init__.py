"""The administrator's page: accounts and their roles, the audit log."""
