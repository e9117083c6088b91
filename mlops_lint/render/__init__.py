"""Renderers: each formats a finished Report and imports nothing but `mlops_lint.model`."""
