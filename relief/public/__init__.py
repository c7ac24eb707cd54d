"""What residents see without an account."""
