"""backprop: the helper package of the course "Backpropagation, line by line".

One small function per equation of a 2-layer ReLU + softmax network (``layers``), the network
(``model``), gradient descent with the R loop's semantics (``training``), the whole training step
in plain numpy (``reference``), gradient checking (``gradcheck``), the iris data (``data``), the
course's figures (``plotting``), the linear softmax classifier (``linear``) and CS231n's case
study on its spiral (``spiral``), the same steps in scikit-learn (``sklearn_parity``) and R's
random numbers for exact parity with the original R program (``rcompat``).

``import backprop`` needs only numpy: ``plotting`` and ``animation`` (matplotlib) and ``sklearn_parity``
(scikit-learn) are imported the first time they are used (``bp.plotting.…``).
"""

import importlib

from . import autograd, exercises, linear, questioner, rcompat, reference, spiral  # noqa: F401 (reachable as bp.rcompat, ...)
from .data import Split, label_index, load_iris_data, make_spiral, one_hot, split_per_class, split_rows
from .gradcheck import GradientCheck, check_gradients, numerical_gradient, relative_error
from .layers import (
    affine_forward,
    bias_gradient,
    cross_entropy,
    input_gradient,
    l2_gradient,
    l2_penalty,
    mean_over_batch,
    relu_backward,
    relu_forward,
    sgd_update,
    softmax,
    softmax_cross_entropy_backward,
    weight_gradient,
)
from .model import Workspace, accuracy, forward, forward_backward, loss_and_gradients, predict, predict_proba
from .params import Params, init_params
from .training import DivergenceError, History, train

#: The package's one version number; pyproject.toml reads it (``dynamic = ["version"]``).
__version__ = "0.1.0"

__all__ = [
    "DivergenceError", "History", "GradientCheck", "Params", "Split", "Workspace",
    "accuracy", "affine_forward", "bias_gradient", "check_gradients", "cross_entropy", "forward",
    "forward_backward", "init_params", "input_gradient", "l2_gradient", "l2_penalty", "label_index",
    "load_iris_data", "loss_and_gradients", "make_spiral", "mean_over_batch", "numerical_gradient", "one_hot",
    "predict", "predict_proba", "relative_error", "relu_backward", "relu_forward", "sgd_update", "softmax",
    "softmax_cross_entropy_backward", "split_per_class", "split_rows", "train", "weight_gradient",
]

#: Submodules imported on first use, because they import matplotlib or scikit-learn.
_LAZY_MODULES = ("animation", "graph_plot", "plotting", "sklearn_parity")


def __getattr__(name):
    if name in _LAZY_MODULES:
        return importlib.import_module(f".{name}", __name__)  # also sets it as an attribute
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY_MODULES))
