"""WSGI entry point: `flask --app app run` in development, `gunicorn 'app:app'` in production."""
from tracker import create_app

app = create_app()
