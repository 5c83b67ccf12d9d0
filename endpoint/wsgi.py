"""The WSGI application for any WSGI server: ``gunicorn endpoint.wsgi:app`` (configured by ICC_*)."""
from endpoint.app import create_app

app = create_app()
