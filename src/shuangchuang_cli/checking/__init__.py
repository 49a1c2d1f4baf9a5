"""Checking: which type each sheet is, which rows are records, and every issue in them."""
