"""sc-cli: checks 双创 submissions and measures the district against its plan."""

__version__ = "0.1.0"
