"""Bad input gets a clear error naming the argument; nothing is silently coerced."""

import numpy as np
import pytest

import backprop as bp

RNG = np.random.default_rng(0)
X = RNG.standard_normal((6, 4))
Y = np.array([0, 1, 2, 0, 1, 2])
P = bp.init_params(4, 5, 3, rng=0)


def _with_nan(a):
    a = a.copy()
    a.flat[0] = np.nan
    return a


BAD_CALLS = [
    # (description, call, exception, message fragment)
    ("X with NaN", lambda: bp.loss_and_gradients(P, _with_nan(X), Y, reg=0.0),
     ValueError, "X must contain only finite"),
    ("X with inf", lambda: bp.train(X * np.inf, Y, P, lr=0.1, reg=0.0, maxit=1),
     ValueError, "X must contain only finite"),
    ("X 1-D", lambda: bp.predict(P, X[0]), ValueError, "X must be 2-D"),
    ("X wrong width", lambda: bp.loss_and_gradients(P, X[:, :3], Y, reg=0.0),
     ValueError, "X must have 4 entries along axis 1"),
    ("X list", lambda: bp.loss_and_gradients(P, X.tolist(), Y, reg=0.0), TypeError, "X must be a numpy array"),
    ("X strings", lambda: bp.predict(P, X.astype(str)), TypeError, "X must hold real numbers"),
    ("X bool", lambda: bp.predict(P, X > 0), TypeError, "X must hold real numbers"),
    ("empty batch", lambda: bp.loss_and_gradients(P, X[:0], Y[:0], reg=0.0), ValueError, "X must not be empty"),
    ("y float", lambda: bp.loss_and_gradients(P, X, Y.astype(float), reg=0.0),
     TypeError, "y must have an integer dtype"),
    ("y too long", lambda: bp.train(X, np.append(Y, 0), P, lr=0.1, reg=0.0, maxit=1),
     ValueError, r"y must have shape \(6,\)"),
    ("y negative", lambda: bp.accuracy(P, X, Y - 1), ValueError, "y must hold class indices >= 0"),
    ("y too large", lambda: bp.loss_and_gradients(P, X, Y + 1, reg=0.0), ValueError, "y must hold class indices < 3"),
    ("y_test out of range", lambda: bp.train(X, Y, P, lr=0.1, reg=0.0, maxit=1, X_test=X, y_test=Y + 5),
     ValueError, "y_test must hold class indices < 3"),
    ("X_test alone", lambda: bp.train(X, Y, P, lr=0.1, reg=0.0, maxit=1, X_test=X), ValueError, "X_test and y_test"),
    ("negative lr", lambda: bp.train(X, Y, P, lr=-0.1, reg=0.0, maxit=1), ValueError, "lr must be >= 0"),
    ("negative reg", lambda: bp.loss_and_gradients(P, X, Y, reg=-1.0), ValueError, "reg must be >= 0"),
    ("nan reg", lambda: bp.loss_and_gradients(P, X, Y, reg=float("nan")), ValueError, "reg must be finite"),
    ("string lr", lambda: bp.train(X, Y, P, lr="0.1", reg=0.0, maxit=1), TypeError, "lr must be a real number"),
    ("maxit zero", lambda: bp.train(X, Y, P, lr=0.1, reg=0.0, maxit=0), ValueError, "maxit must be >= 1"),
    ("maxit float", lambda: bp.train(X, Y, P, lr=0.1, reg=0.0, maxit=10.0), TypeError, "maxit must be an integer"),
    ("display zero", lambda: bp.train(X, Y, P, lr=0.1, reg=0.0, maxit=1, display=0),
     ValueError, "display must be >= 1"),
    ("params tuple", lambda: bp.predict(tuple(P), X), TypeError, r"params must be a backprop.Params"),
    ("W2 rows", lambda: bp.predict(P._replace(W2=np.ones((4, 3))), X), ValueError, "params.W2 must have 5 rows"),
    ("b1 length", lambda: bp.predict(P._replace(b1=np.ones(4)), X), ValueError, "params.b1 must have 5 entries"),
    ("W1 NaN", lambda: bp.predict(P._replace(W1=_with_nan(P.W1)), X), ValueError, "params.W1 must contain only finite"),
    ("init zero hidden", lambda: bp.init_params(4, 0, 3), ValueError, "n_hidden must be >= 1"),
    ("init float classes", lambda: bp.init_params(4, 5, 3.0), TypeError, "n_classes must be an integer"),
    ("init bad rng", lambda: bp.init_params(4, 5, 3, rng="seed"), TypeError, "rng must be"),
    ("init negative scale", lambda: bp.init_params(4, 5, 3, scale=-1.0), ValueError, "scale must be >= 0"),
    ("numgrad f", lambda: bp.numerical_gradient(3.0, X), TypeError, "f must be callable"),
    ("numgrad h", lambda: bp.numerical_gradient(np.sum, X, h=0.0), ValueError, "h must be > 0"),
    ("numgrad x", lambda: bp.numerical_gradient(np.sum, [1.0]), TypeError, "x must be a numpy array"),
    ("gradcheck grads", lambda: bp.check_gradients(P, X, Y, reg=0.0, grads=(1, 2)), TypeError, "grads must be"),
    ("split too many", lambda: bp.split_per_class(X, Y, n_train_per_class=2),
     ValueError, "n_train_per_class must be below"),
    ("split repeated rows", lambda: bp.split_rows(X, Y, np.array([1, 1])), ValueError, "train_rows must not repeat"),
    ("one_hot label", lambda: bp.one_hot(Y, 2), ValueError, "y must hold class indices < 2"),
    ("one_hot float", lambda: bp.one_hot(Y.astype(float), 3), TypeError, "y must have an integer dtype"),
    ("label_index 2-D", lambda: bp.label_index(Y.reshape(2, 3)), ValueError, "y must be 1-D"),
]


@pytest.mark.parametrize("call, exception, message", [c[1:] for c in BAD_CALLS], ids=[c[0] for c in BAD_CALLS])
def test_bad_input_raises_a_clear_error(call, exception, message):
    with pytest.raises(exception, match=message):
        call()
