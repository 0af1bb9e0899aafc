"""Member accounts: sign-up, log-in, sessions, password reset, API tokens."""
