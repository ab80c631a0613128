"""Translation: catalog files, extraction, localization, drafts, glossary, checks and status."""
