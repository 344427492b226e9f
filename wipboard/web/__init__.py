"""The web portal for clients (R19): Starlette + Jinja2, reading the firm only through the services.

Nothing here imports Textual, and no screen imports this package.
"""
