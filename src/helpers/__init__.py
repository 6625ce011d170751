"""Shared helpers of the civil-affairs decade report: data, metrics, text, charts and the build."""
