"""Assessment: the year-end scores of the units and the carriers."""
