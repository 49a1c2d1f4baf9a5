"""Numbers as a rules file must write them.

pydantic's lax mode reads TOML's `true` as 1 and the text "100" as a hundred: a target
typed `target = true` would then be met by a single record without a word. Rules numbers
are strict: an integer or a decimal, nothing else (an integer stands for a decimal).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, Strict

Number = Annotated[float, Strict()]
Count = Annotated[int, Strict()]
# A unit's task: a decimal only where the indicator sums an amount (12.5 万元), a whole
# number where it counts; assessment_checks.py tells one from the other by the plan.
Task = Annotated[float, Strict(), Field(gt=0)]
