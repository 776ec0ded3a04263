"""Models arrive with the capability that needs them (see the issues)."""
