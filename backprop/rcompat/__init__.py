r"""R's random numbers and R's ``train.dnn``, reproduced exactly in Python.

The original R program draws its training rows with ``sample()`` and its initial weights with
``rnorm()``. To get the very same numbers in Python, three things of R's must be copied:

1. **the generator**: R's default Mersenne-Twister, seeded the way ``set.seed`` seeds it (not
   the way numpy seeds MT19937), see :class:`RRandom`;
2. **the transformations**: ``rnorm`` by inversion of two uniforms, ``sample`` by R's
   partial shuffle with its index rule (``sample.kind`` "Rounding" before R 3.6, "Rejection"
   since);
3. **the layout**: ``matrix(rnorm(D*H), nrow=D)`` fills column by column (column-major,
   numpy's ``order="F"``), so the same draws land in different places than numpy's row-major
   ``reshape`` would put them.

With these, :func:`train_dnn` reproduces R's ``train.dnn`` loss for loss (the training loop
itself is :func:`backprop.train`), and :func:`blog_run` the whole run of the blog post, which
:func:`load_r_reference` holds as R printed it.

One concern per file: ``_rng.py`` R's random numbers (:class:`RRandom`); ``_program.py`` the R
program (:func:`r_init_params`, :func:`train_dnn`); ``_blog.py`` the blog's run and the R output
it is checked against (:func:`blog_run`, :func:`load_r_reference`).

Examples
--------
>>> import backprop as bp
>>> ref = bp.rcompat.load_r_reference()           # what R printed for the blog's run
>>> bp.rcompat.RRandom(1).rnorm(3).round(6)       # R: set.seed(1); rnorm(3)
array([-0.626454,  0.183643, -0.835629])
>>> bool((bp.rcompat.blog_split().train_rows + 1 == ref.samp).all())   # R's samp, 1-based
True
"""

from ._blog import BLOG, BlogRun, BlogSettings, RReference, blog_run, blog_split, load_r_reference, read_r_records
from ._program import DnnResult, r_init_params, train_dnn
from ._rng import RRandom

__all__ = [
    "RRandom",
    "r_init_params", "train_dnn", "DnnResult",
    "BLOG", "BlogSettings", "BlogRun", "blog_split", "blog_run",
    "load_r_reference", "RReference", "read_r_records",
]
