"""Cross-cutting plumbing: extensions, transactions, errors, permissions, pagination."""
