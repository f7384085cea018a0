"""Developer tools for the Migrant Smuggling Data Explorer (not part of the app)."""
