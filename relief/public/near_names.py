"""Which names can be near a typed one, found without scoring every name in the country.

`fuzz.ratio(a, b)` is 200 * LCS / (len(a) + len(b)), so a ratio of at least `cutoff` needs a
common subsequence (LCS) of at least `need = cutoff / 200 * (len(a) + len(b))` letters. Three
bounds follow that no match can miss, so a name failing any of them is never scored:

- length: `need` cannot exceed the shorter name, so only a band of lengths can match;
- letters: the subsequence is made of letters both names hold, so they share `need` letters
  (counted with repeats);
- letter pairs: a letter of `a` outside the subsequence spoils at most the two pairs of `a` it
  is in, a letter of `b` outside it separates at most one pair of `a`, so at least
  `3 * need - len(a) - len(b) - 1` pairs of `a` are pairs of `b` too; counting *distinct*
  shared pairs loses at most the repeated pairs of `a`.

What is left holds every match (tests/public/test_near_names.py checks it against scoring
every name): for a misspelt Banten name, a median of 2 of the 1,552 names, at most 39.
"""

from collections import Counter

import numpy as np

_SLACK = 1e-6  # rapidfuzz's rounding at an exact boundary: include such names, never drop them


class NearNames:
    """The names numbered shortest first, so that the lengths a query admits are one range of
    numbers; for each pair of letters the numbers of the names holding it, and each name's
    letter counts."""

    def __init__(self, keys: list[str]) -> None:
        size = len(keys)
        lengths = np.fromiter(map(len, keys), dtype=np.int64, count=size)
        self._position = np.argsort(lengths, kind="stable")  # by number: where the name is
        self._lengths = lengths[self._position]  # by number
        self._longest = int(lengths.max(initial=0))
        self._first = np.searchsorted(self._lengths, np.arange(self._longest + 2))
        number = np.empty(size, np.int64)
        number[self._position] = np.arange(size)
        letters = np.frombuffer("".join(keys).encode("utf-32-le"), dtype=np.uint32)
        alphabet = _distinct(letters)
        letter = np.searchsorted(alphabet, letters)
        self._letter = {chr(c): i for i, c in enumerate(alphabet.tolist())}
        width = self._width = len(alphabet)
        owner = np.repeat(number, lengths)  # the number of the name each letter is in
        self._counts = np.bincount(owner * width + letter, minlength=size * width)
        self._counts = self._counts.reshape(size, width).astype(np.uint8)
        inside = owner[:-1] == owner[1:]  # a pair within one name, not across two
        pair = letter[:-1][inside] * width + letter[1:][inside]
        # Each (pair, name) once, by pair then number: the names holding a pair are one slice.
        held = _distinct(pair * size + owner[:-1][inside])
        self._holders = (held % max(size, 1)).astype(np.int32)
        self._starts = np.searchsorted(held // max(size, 1), np.arange(width * width + 1))

    def candidates(self, key: str, cutoff: float) -> np.ndarray:
        """Positions (ascending) of every name whose ratio to `key` may reach `cutoff`."""
        need = self._need(len(key), cutoff)
        possible = np.flatnonzero(need <= self._longest)
        if not len(possible):
            return np.zeros(0, np.int64)
        lo, hi = self._first[possible[0]], self._first[possible[-1] + 1]
        pairs = Counter(key[j : j + 2] for j in range(len(key) - 1))
        holders = [np.zeros(0, np.int64)]
        for code in map(self._code, pairs):
            if code is not None:
                block = self._holders[self._starts[code] : self._starts[code + 1]]
                start, end = np.searchsorted(block, (lo, hi))
                holders.append(block[start:end])
        shared = np.bincount(np.concatenate(holders) - lo, minlength=hi - lo)
        repeats = sum(pairs.values()) - len(pairs)
        pairs_needed = 3 * need - len(key) - np.arange(len(need)) - 1 - repeats
        found = np.flatnonzero(shared >= pairs_needed[self._lengths[lo:hi]]) + lo
        typed = np.zeros(self._width, np.int64)
        for letter, count in Counter(key).items():
            if letter in self._letter:
                typed[self._letter[letter]] = count
        common = np.minimum(self._counts[found], typed).sum(axis=1)
        return np.sort(self._position[found[common >= need[self._lengths[found]]]])

    def _code(self, pair: str) -> int | None:
        first, second = self._letter.get(pair[0]), self._letter.get(pair[1])
        return None if first is None or second is None else first * self._width + second

    def _need(self, typed: int, cutoff: float) -> np.ndarray:
        """Common letters a match needs, by name length; more than any name has where no
        name of that length can match."""
        lengths = np.arange(self._longest + 1)
        need = np.ceil(cutoff / 200 * (typed + lengths) - _SLACK)
        return np.where(need <= np.minimum(typed, lengths), need, self._longest + 1)


def _distinct(values: np.ndarray) -> np.ndarray:
    """The sorted distinct values (np.unique hashes them: ten times slower on a million)."""
    values = np.sort(values)
    return values[np.r_[True, values[1:] != values[:-1]]] if len(values) else values
