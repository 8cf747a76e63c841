"""The course's figures: fixed size, the right content, clear errors."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import backprop as bp  # noqa: E402
from backprop import plotting  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_training_curve_has_loss_and_accuracy_axes(iris_batch):
    X, y = iris_batch
    _, history = bp.train(X, y, bp.init_params(4, 10, 3, rng=0), lr=0.05, reg=1e-3, maxit=200,
                          X_test=X, y_test=y, display=50)
    ax, ax_acc = plotting.plot_training_curve(history)
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), history.loss)
    np.testing.assert_array_equal(ax_acc.lines[0].get_xdata(), [50, 100, 150, 200])
    assert tuple(ax.figure.get_size_inches()) == plotting.FIGSIZE and ax.figure.dpi == plotting.DPI


def test_training_curve_without_test_data_has_no_accuracy_axis(iris_batch):
    X, y = iris_batch
    _, history = bp.train(X, y, bp.init_params(4, 10, 3, rng=0), lr=0.05, reg=1e-3, maxit=5)
    assert plotting.plot_training_curve(history)[1] is None


def test_matrix_heatmap_is_titled_with_its_shape():
    ax = plotting.plot_matrix(np.arange(30.0).reshape(10, 3) - 15, "dW2")
    assert ax.get_title() == "dW2  [10 × 3]"
    assert len(ax.texts) == 30
    assert plotting.plot_matrix(np.ones(3), "b2").get_title() == "b2  [3]"


def test_network_diagram_draws_every_unit_and_connection():
    ax = plotting.plot_network(4, 10, 3)
    assert sum(len(c.get_offsets()) for c in ax.collections) == 4 + 10 + 3
    assert len(ax.lines) == 4 * 10 + 10 * 3


def test_decision_regions_colour_the_predicted_class():
    params = bp.Params(np.eye(2), np.zeros(2), np.array([[1.0, -1.0, 0.0], [-1.0, 1.0, 0.0]]), np.zeros(3))
    X = np.array([[1.0, 0.0], [0.0, 1.0]])
    ax = plotting.plot_decision_regions(params, X, np.array([0, 1]), resolution=20)
    assert len(ax.collections) >= 3  # filled regions + one scatter per class


def test_plotting_rejects_bad_input():
    with pytest.raises(TypeError, match="history"):
        plotting.plot_training_curve([1.0, 2.0])
    with pytest.raises(ValueError, match="M"):
        plotting.plot_matrix(np.array([[np.nan]]), "M")
    with pytest.raises(ValueError, match="n_hidden"):
        plotting.plot_network(4, 0, 3)
    with pytest.raises(ValueError, match="params.W1 must have 2 rows"):
        plotting.plot_decision_regions(bp.init_params(4, 3, 3, rng=0), np.ones((2, 2)), np.array([0, 1]))
