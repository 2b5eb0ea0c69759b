"""The case store and the network analyses (pure Python, no Qt)."""
