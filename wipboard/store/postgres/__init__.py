"""The firm on PostgreSQL: the same ``FirmRepository`` as the firm file, for firms that outgrow one server.

Loaded only when a ``postgresql://`` URL is given: the firm file needs no psycopg.
"""
