"""Reading: which files a command reads, in what order, and their sheets as cells, safely.

Files are found by discover.py and read by worker processes (workers.Reader: start it
first, give it files later), so that no submitted file can end a run; preflight/ refuses
most crafted files before they are parsed, and transfer.py brings the sheets back.
"""
