"""Newsbrief's built-in theme (templates and assets), installed as the package generator.builtin_theme.

A package so that MkDocs can find it through the `mkdocs.themes` entry point (`theme: newsbrief`); it holds
no code.
"""
