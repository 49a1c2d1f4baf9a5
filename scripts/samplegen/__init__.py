"""The sample data of sc-cli, made from a declarative scenario (scripts/sample_scenario.toml).

scenario  reads and checks the scenario file
layout    turns a sheet of the scenario into rows as they are written, and its records
writer    the one writer of xlsx, xls and CSV files (also used by tests/data)
oracle    reads back what was written, independently of sc-cli: the mistakes the files
          hold, the indicator totals and the units' year actuals
readme    sample_data/README.md, from the scenario and what the oracle found

Nothing here imports sc-cli: the sample data and what is expected of it are worked out
from the submission contract (docs/SUBMISSIONS.md), restated in `contract`.
"""
