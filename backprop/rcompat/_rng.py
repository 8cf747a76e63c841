r"""R's default random number generator: ``set.seed``, ``unif_rand``, ``runif``, ``rnorm``, ``sample``."""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np

from .._validation import check_scalar

#: ``2^-32``: R's ``MT_genrand`` returns the 32-bit output ``y`` times this, in [0, 1).
_TWO_POW_M32 = 2.3283064365386963e-10
#: R's ``i2_32m1 = 1/(2^32 - 1)``; ``fixup`` maps an exact 0 to half of it.
_I2_32M1 = 2.328306437080797e-10
#: ``BIG = 2^27`` in R's inversion ``norm_rand``.
_BIG = 134217728
#: Largest ``n`` for which ``sample.int`` uses the algorithm copied here (R switches to
#: hashing, ``sample2``, above 1e7 when ``size <= n/2``).
_MAX_SAMPLE_N = 10_000_000
_SAMPLE_KINDS = ("Rounding", "Rejection")
_STANDARD_NORMAL = NormalDist()


def check_seed(seed, name: str) -> int:
    """Return ``seed`` if it is an R integer (``|seed| <= 2^31 - 1``; ``-2^31`` is R's NA)."""
    check_scalar(seed, name, minimum=-(2**31 - 1), integer=True)
    if seed > 2**31 - 1:
        raise ValueError(f"{name} must be an R integer, |{name}| <= 2147483647, got {seed}")
    return int(seed)


class RRandom:
    r"""R's default random number generator, from ``set.seed(seed)`` on.

    R: ``RNGkind("Mersenne-Twister", "Inversion", sample_kind); set.seed(seed)``.

    ``set.seed`` scrambles the seed with the linear congruential map
    :math:`s \leftarrow 69069\,s + 1 \pmod{2^{32}}` fifty times, then applies it 625 more times
    and stores each value: the first is MT's position ``mti`` (reset to 624, so the first draw
    regenerates the state), the other 624 are the Mersenne-Twister state. numpy's
    ``MT19937`` bit generator runs the same recurrence from that state, so only the seeding is
    R's own. Each method continues the stream, as consecutive calls in R do.

    Parameters
    ----------
    seed : int
        R's integer seed, :math:`|s| \le 2^{31}-1` (R's integer range; negative seeds are
        taken modulo :math:`2^{32}`, as R's C code does).
    sample_kind : {"Rejection", "Rounding"}, default "Rejection"
        How :meth:`sample` turns uniforms into indices: "Rejection" is R's default since 3.6.0,
        "Rounding" the earlier behaviour (``RNGkind(sample.kind = "Rounding")``), which the 2016
        blog post had.

    Examples
    --------
    >>> RRandom(1).rnorm(3).round(6)        # R: set.seed(1); rnorm(3)
    array([-0.626454,  0.183643, -0.835629])
    >>> RRandom(1, "Rounding").sample(10, 3)  # R: RNGkind(sample.kind="Rounding"); set.seed(1); sample(10, 3)
    array([3, 4, 5])
    """

    def __init__(self, seed: int, sample_kind: str = "Rejection"):
        check_seed(seed, "seed")
        if sample_kind not in _SAMPLE_KINDS:
            raise ValueError(f"sample_kind must be one of {_SAMPLE_KINDS}, got {sample_kind!r}")
        self.seed = int(seed)
        self.sample_kind = sample_kind
        s = self.seed % 2**32
        for _ in range(50):  # Initial scrambling
            s = (69069 * s + 1) % 2**32
        words = []
        for _ in range(625):  # i_seed[0] (mti, overwritten below) and the 624 MT words
            s = (69069 * s + 1) % 2**32
            words.append(s)
        self._bits = np.random.MT19937()
        self._bits.state = {"bit_generator": "MT19937",
                            "state": {"key": np.array(words[1:], dtype=np.uint32), "pos": 624}}

    def __repr__(self) -> str:
        return f"RRandom(seed={self.seed}, sample_kind={self.sample_kind!r})"

    def unif_rand(self, n: int) -> np.ndarray:
        r"""``n`` draws of R's C-level ``unif_rand()``: :math:`u = y \cdot 2^{-32}`, in (0, 1).

        ``y`` is the next 32-bit Mersenne-Twister output; R's ``fixup`` replaces an exact 0 by
        :math:`2^{-1}/(2^{32}-1)` so that 0 is never returned.

        Returns
        -------
        ndarray of float, shape (n,)
        """
        check_scalar(n, "n", integer=True)
        u = self._bits.random_raw(n).astype(np.float64) * _TWO_POW_M32
        u[u <= 0.0] = 0.5 * _I2_32M1
        return u

    def runif(self, n: int, min: float = 0.0, max: float = 1.0) -> np.ndarray:  # noqa: A002 (R's names)
        r"""R's ``runif(n, min, max)``: :math:`\text{min} + (\text{max}-\text{min})\,u`.

        As in R, ``min == max`` returns ``min`` without drawing.

        Returns
        -------
        ndarray of float, shape (n,)
        """
        check_scalar(n, "n", integer=True)
        check_scalar(min, "min", minimum=-np.inf)
        check_scalar(max, "max", minimum=min)
        if min == max:
            return np.full(n, float(min))
        return min + (max - min) * self.unif_rand(n)

    def rnorm(self, n: int, mean: float = 0.0, sd: float = 1.0) -> np.ndarray:
        r"""R's ``rnorm(n, mean, sd)`` with the default normal kind, "Inversion".

        Each draw uses two uniforms, for more than 32 bits of resolution, and Wichura's AS241
        quantile function :math:`\Phi^{-1}` (R's ``qnorm``; Python's ``NormalDist.inv_cdf``
        is the same algorithm and gives the same bits):

        .. math:: u = \lfloor 2^{27} u_1 \rfloor + u_2,\qquad x = \text{mean} + \text{sd}\cdot\Phi^{-1}(u / 2^{27})

        R (``snorm.c``): ``u = unif_rand(); u = (int)(BIG*u) + unif_rand(); return qnorm5(u/BIG, 0.0, 1.0, 1, 0);``.
        As in R, ``sd == 0`` returns ``mean`` without drawing.

        Returns
        -------
        ndarray of float, shape (n,)
        """
        check_scalar(n, "n", integer=True)
        check_scalar(mean, "mean", minimum=-np.inf)
        check_scalar(sd, "sd")
        if sd == 0:
            return np.full(n, float(mean))
        u1, u2 = self.unif_rand(2 * n).reshape(n, 2).T
        p = (np.floor(_BIG * u1) + u2) / _BIG
        return mean + sd * np.array([_STANDARD_NORMAL.inv_cdf(pi) for pi in p])

    def _unif_index(self, n: int) -> int:
        r"""R's ``R_unif_index(n)``: a uniform integer in ``0..n-1``.

        "Rounding": :math:`\lfloor n u \rfloor`. "Rejection": draw :math:`b = \lceil\log_2 n\rceil`
        random bits (16 per uniform, :math:`\lfloor 65536\,u\rfloor`, keeping the low ``b``) and
        retry until the number is below ``n``.
        """
        if self.sample_kind == "Rounding":
            return int(math.floor(n * self.unif_rand(1)[0]))
        bits = math.ceil(math.log2(n))
        while True:
            v = 0
            for _ in range(bits // 16 + 1):  # R: for (n = 0; n <= bits; n += 16)
                v = 65536 * v + int(math.floor(self.unif_rand(1)[0] * 65536))
            v &= (1 << bits) - 1
            if v < n:
                return v

    def sample(self, n: int, size: int | None = None, *, replace: bool = False) -> np.ndarray:
        r"""R's ``sample(1:n, size, replace)``, 1-based like R.

        Without replacement R keeps the pool ``x = 0..n-1`` and, for each draw, takes a uniform
        index ``j`` into the first ``n`` entries, outputs ``x[j] + 1`` and moves the last entry
        into the hole (``x[j] = x[--n]``), a partial Fisher-Yates shuffle (R's ``do_sample``).
        With replacement each draw is ``j + 1``.

        Parameters
        ----------
        n : int
            Population ``1..n``, :math:`1 \le n \le 10^7` (above that R uses another algorithm).
        size : int, optional
            Number of draws, ``n`` by default; at most ``n`` without replacement.
        replace : bool, default False

        Returns
        -------
        ndarray of int, shape (size,)
            Values in ``1..n``.
        """
        check_scalar(n, "n", minimum=1, integer=True)
        if n > _MAX_SAMPLE_N:
            raise ValueError(f"n must be at most {_MAX_SAMPLE_N} (R samples larger populations "
                             f"with a different algorithm), got {n}")
        size = n if size is None else check_scalar(size, "size", integer=True)
        if not isinstance(replace, bool):
            raise TypeError(f"replace must be a bool, got {type(replace).__name__}")
        if replace:
            return np.array([self._unif_index(n) + 1 for _ in range(size)], dtype=np.intp)
        if size > n:
            raise ValueError(f"size must be at most n={n} when sampling without replacement, got {size}")
        moved = {}  # the entries of R's pool x that differ from x[j] = j
        out = np.empty(size, dtype=np.intp)
        for i in range(size):
            j = self._unif_index(n)
            out[i] = moved.get(j, j) + 1  # R: iy[i] = x[j] + 1
            n -= 1
            moved[j] = moved.get(n, n)    # R: x[j] = x[--n]
        return out
