"""The operations of SPEC §2: each one transaction, permission-checked (R12) and audited (R14)."""
