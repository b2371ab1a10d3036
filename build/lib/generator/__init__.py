"""Newsbrief: a static-site generator for news briefs with sentence-level provenance."""

__version__ = "0.1.0"
