"""The demo's dice: the same seed, the same firm."""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Sequence
from itertools import accumulate
from typing import TypeVar

_T = TypeVar("_T")


class Dice(random.Random):
    """``random.Random`` with the few draws the demo needs, cheaper than ``randint`` and ``choices``."""

    def between(self, low: int, high: int) -> int:
        return low + int(self.random() * (high - low + 1))

    def pick(self, items: Sequence[_T]) -> _T:
        return items[int(self.random() * len(items))]

    def weighted(self, items: Sequence[_T], cumulative: Sequence[float]) -> _T:
        return items[min(bisect(cumulative, self.random() * cumulative[-1]), len(items) - 1)]


def cumulative(weights: Sequence[float]) -> tuple[float, ...]:
    return tuple(accumulate(weights))
