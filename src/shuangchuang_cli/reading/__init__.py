"""Reading: which files a command reads, in what order, and their sheets as plain rows, safely."""
