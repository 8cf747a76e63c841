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
    # Okabe-Ito blue and vermillion, and a marked, dashed accuracy line: told apart without colour.
    assert (ax.lines[0].get_color(), ax_acc.lines[0].get_color()) == ("#0072B2", "#D55E00")
    assert (ax_acc.lines[0].get_marker(), ax_acc.lines[0].get_linestyle()) == ("s", "--")
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


def test_non_negative_matrix_uses_a_sequential_map_over_its_whole_range():
    hidden = np.array([[0.0, 2.0], [0.5, 4.0]])
    image = plotting.plot_matrix(hidden, "hidden.layer").images[0]
    assert image.cmap.name == "Reds" and image.get_clim() == (0.0, 4.0)
    assert image.cmap(0.0)[:3] == pytest.approx((1.0, 1.0, 1.0), abs=0.07)  # 0 is (nearly) white
    mixed = plotting.plot_matrix(np.array([[-1.0, 3.0]]), "dW2").images[0]
    assert mixed.cmap.name == "RdBu_r" and mixed.get_clim() == (-3.0, 3.0)  # 0 in the middle
    assert mixed.cmap(0.5)[:3] == pytest.approx((1.0, 1.0, 1.0), abs=0.04)  # and white
    chosen = plotting.plot_matrix(hidden, "h", cmap="cividis").images[0]
    assert chosen.cmap.name == "cividis" and chosen.get_clim() == (0.0, 4.0)


def test_annotations_never_show_a_negative_zero():
    values = np.array([[-0.0, 0.0, -1e-300, 0.25], [-0.25, 1.0, -0.004, 2.5e-5]])
    ax = plotting.plot_matrix(values, "M")
    expected = [f"{v:.2g}" for v in values.ravel()]
    expected[0] = "0"  # "-0" in the f-string
    assert [t.get_text() for t in ax.texts] == expected
    assert expected[2] == "-1e-300"  # a tiny negative that does not round to zero keeps its sign
    assert plotting.format_cell(-0.0) == "0" and plotting.format_cell(-0.004, ".2f") == "0"
    assert plotting.format_cell(-0.006, ".2f") == "-0.01" and plotting.format_cell(0.004, ".1f") == "0"


def test_annotation_text_contrasts_with_its_cell():
    ax = plotting.plot_matrix(np.array([[0.0, 1.0]]), "M")  # white cell, then the darkest red
    assert [t.get_color() for t in ax.texts] == ["black", "white"]
    ax = plotting.plot_matrix(np.array([[-1.0, 0.0, 1.0]]), "M")  # dark blue, white, dark red
    assert [t.get_color() for t in ax.texts] == ["white", "black", "white"]


def test_marked_rows_and_columns_are_framed_in_black_and_white():
    ax = plotting.plot_matrix(np.ones((4, 3)), "M", mark_rows=[1], mark_cols=[0, 2])
    frames = [(p.get_xy(), p.get_width(), p.get_height(), p.get_edgecolor()[:3], p.get_linewidth())
              for p in ax.patches]
    row = ((-0.5, 0.5), 3.0, 1.0)
    cols = [((-0.5, -0.5), 1.0, 4.0), ((1.5, -0.5), 1.0, 4.0)]
    assert [f[:3] for f in frames] == [row, row, cols[0], cols[0], cols[1], cols[1]]
    assert [f[3] for f in frames] == [(1.0, 1.0, 1.0), (0.0, 0.0, 0.0)] * 3
    assert all(f[4] >= 2 for f in frames)
    with pytest.raises(ValueError, match=r"^mark_cols must hold indices 0..2, got \[3\]$"):
        plotting.plot_matrix(np.ones((4, 3)), "M", mark_cols=[3])
    with pytest.raises(TypeError, match=r"^mark_rows must be a sequence of integer indices, got \[0.5\]$"):
        plotting.plot_matrix(np.ones((4, 3)), "M", mark_rows=[0.5])


def test_network_diagram_draws_every_unit_and_connection():
    ax = plotting.plot_network(4, 10, 3)
    assert sum(len(c.get_offsets()) for c in ax.collections) == 4 + 10 + 3
    assert len(ax.lines) == 4 * 10 + 10 * 3


def test_decision_regions_colour_the_predicted_class():
    params = bp.Params(np.eye(2), np.zeros(2), np.array([[1.0, -1.0, 0.0], [-1.0, 1.0, 0.0]]), np.zeros(3))
    X = np.array([[1.0, 0.0], [0.0, 1.0]])
    ax = plotting.plot_decision_regions(params, X, np.array([0, 1]), resolution=20)
    assert len(ax.collections) == 1 + 3  # the filled regions, then one scatter per class
    regions, *points = ax.collections
    assert [tuple(c.get_offsets()[0]) for c in points[:2]] == [(1.0, 0.0), (0.0, 1.0)]
    assert len(points[2].get_offsets()) == 0  # class 2 has no point
    # Okabe-Ito colours and a distinct marker shape per class, in the regions and the points alike.
    okabe_ito = ["#e69f00", "#56b4e9", "#009e73"]
    assert [matplotlib.colors.to_hex(c.get_facecolor()[0]) for c in points[:2]] == okabe_ito[:2]
    assert [matplotlib.colors.to_hex(c) for c in regions.get_facecolor()] == okabe_ito
    assert len({tuple(c.get_paths()[0].vertices.ravel()) for c in points}) == 3


def test_plotting_rejects_bad_input():
    with pytest.raises(TypeError, match=r"^history must be a backprop.History, got list$"):
        plotting.plot_training_curve([1.0, 2.0])
    with pytest.raises(ValueError, match=r"^M must contain only finite values \(no NaN or inf\)$"):
        plotting.plot_matrix(np.array([[np.nan]]), "M")
    with pytest.raises(ValueError, match=r"^n_hidden must be >= 1, got 0$"):
        plotting.plot_network(4, 0, 3)
    with pytest.raises(ValueError, match=r"^params.W1 must have 2 rows \(one per feature of X\), got shape \(4, 3\)$"):
        plotting.plot_decision_regions(bp.init_params(4, 3, 3, rng=0), np.ones((2, 2)), np.array([0, 1]))
