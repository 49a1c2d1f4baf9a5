"""Counting: the records of a data folder, what the plan counts of them, and the pace."""
