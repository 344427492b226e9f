"""E-mails to clients (R20): composing them from the portal's read model, and sending them over SMTP."""
