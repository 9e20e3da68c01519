"""HTTP routes the app serves beside its Streamlit pages (mounted by :mod:`wijk_app.asgi`)."""

from wijk_app.routes.auth import ROUTES as AUTH_ROUTES

ROUTES = [*AUTH_ROUTES]

__all__ = ["ROUTES"]
