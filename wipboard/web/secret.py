"""The key that signs session cookies, beside the firm file: kept in the services
(``wipboard.store.services.portal_key``) because ``wipboard notify`` signs the e-mails'
unsubscribe links with it too, and the command line never imports the web."""

from __future__ import annotations

from wipboard.store.services.portal_key import SecretFileError, key_path_for, load_or_create_secret, secret_path_for

__all__ = ["SecretFileError", "key_path_for", "load_or_create_secret", "secret_path_for"]
