"""The animations (backprop.animation): their frames, their numbers, their HTML (offline, reproducible)."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import backprop as bp
from backprop import animation, reference
from backprop._jshtml import PALETTE, to_html_animation

SEED = Path(__file__).resolve().parent.parent / "docs" / "seed" / "question-and-answer.txt"
FRAME = re.compile(r'frames\[(\d+)\] = "data:image/png;base64,([^"]*)"')


@pytest.fixture(scope="module")
def batch():
    run = bp.rcompat.blog_run(train=False)
    return run.initial_params, run.split.X_train, run.split.y_train, bp.rcompat.BLOG.reg


@pytest.fixture(scope="module")
def backward(batch):
    params, X, y, reg = batch
    _, _, features, classes = bp.load_iris_data()
    return animation.animate_backward_pass(params, X, y, reg=reg, input_labels=features, output_labels=classes)


@pytest.fixture(scope="module")
def spiral():
    X, y = bp.make_spiral(n_per_class=20)
    return X, y, bp.init_params(2, 8, 3, rng=0)


def small_training(spiral, **kw):
    X, y, params = spiral
    return animation.animate_training(X, y, params, lr=1.0, reg=1e-3, n_iter=kw.pop("n_iter", 30),
                                      n_frames=kw.pop("n_frames", 5), resolution=20, **kw)


def embedded_frames(html: str) -> list[bytes]:
    found = FRAME.findall(html)
    assert [int(i) for i, _ in found] == list(range(len(found)))
    return [base64.b64decode(data) for _, data in found]


# ---------------------------------------------------------------------------- the HTML


def test_backward_pass_has_one_frame_per_backward_r_line(backward):
    assert backward.n_frames == len(animation.BACKWARD_LINES) == 11
    assert embedded_frames(backward.html) == list(backward.frames)
    assert "new Array(11)" in backward.html
    assert backward.notes[0] == "dscores <- probs" and backward.notes[-1] == "dW1 <- dW1  + reg * W1"


def test_training_has_the_frames_asked_for(spiral):
    anim = small_training(spiral, n_frames=6, n_iter=40)
    assert anim.n_frames == 6 == len(embedded_frames(anim.html)) == len(anim.notes)
    assert "new Array(6)" in anim.html


def test_the_r_lines_are_the_programs_own(backward):
    seed = SEED.read_text(encoding="utf-8")
    for line in animation.BACKWARD_LINES:
        assert re.search(rf"^\s*{re.escape(line.r_line)}(\s|#|$)", seed, re.M), line.r_line


def test_two_calls_give_identical_html(batch, backward, spiral):
    params, X, y, reg = batch
    _, _, features, classes = bp.load_iris_data()
    again = animation.animate_backward_pass(params, X, y, reg=reg, input_labels=features, output_labels=classes)
    assert again.html == backward.html
    assert small_training(spiral).html == small_training(spiral).html


def test_different_animations_have_different_ids(backward, spiral):
    ids = [set(re.findall(r"_anim_img(bp[0-9a-f]{16})", a.html)) for a in (backward, small_training(spiral))]
    assert all(len(i) == 1 for i in ids) and ids[0] != ids[1]
    assert not re.search(r"[0-9a-f]{32}", backward.html.split("frames[0]")[0])  # no uuid4 left


@pytest.mark.parametrize("which", ["backward", "training"])
def test_html_reaches_no_network(which, backward, spiral):
    html = backward.html if which == "backward" else small_training(spiral).html
    text = re.sub(r"data:image/png;base64,[^\"]*", "data:", html)    # the frames' bytes aside
    assert not re.search(r"https?:|ftp:|//[a-z0-9]", text, re.I), "a URL in the animation's HTML"
    assert not re.search(r"\b(import|fetch|XMLHttpRequest|url)\s*\(", text, re.I)
    assert "<link" not in html and "font-awesome" not in html and "<i class" not in html
    sources = re.findall(r'\bsrc\s*=\s*"([^"]*)"', html)
    assert sources and all(s.startswith("data:image/png;base64,") for s in sources)


def test_player_starts_on_the_first_frame_with_alt_text(backward):
    img = re.search(r"<img [^>]*>", backward.html).group(0)
    assert re.search(r'alt="[^"]{20,}"', img)
    first = re.search(r'src="data:image/png;base64,([^"]*)"', img).group(1)
    assert base64.b64decode(first) == backward.frames[0]
    assert "Once" in backward.html and re.search(r'value="once"[^>]*\s+checked', backward.html)


def test_frames_are_small_palette_pngs_without_version_text(backward):
    for png in backward.frames:
        with Image.open(io.BytesIO(png)) as image:
            assert image.size == (backward.width, backward.height) == (800, 368)
            assert image.mode == "P" and len(image.getcolors(PALETTE + 1)) <= PALETTE
            assert "Software" not in image.info
        assert b"atplotlib" not in png
    assert len(backward.html.encode()) < 600_000
    assert len(set(backward.frames)) == backward.n_frames       # every frame shows something new


def test_displays_in_jupyter_and_saves_a_page(backward, tmp_path):
    assert backward._repr_html_() is backward.html
    assert repr(backward) == "<HTMLAnimation: 11 frames of 800 x 368 px>"
    page = backward.save(tmp_path / "a.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and backward.html in page


# ---------------------------------------------------------------------------- the numbers


def test_backward_values_are_the_r_loops_arrays(batch):
    params, X, y, reg = batch
    values, hidden = animation.backward_values(params, X, y, reg=reg)
    step = reference.train_step(params, X, y, lr=0.0, reg=reg)            # the plain-numpy oracle
    T = np.eye(3)[y]
    expected = [step.probs, step.probs - T, step.dscores, step.hidden.T @ step.dscores, step.dscores.sum(0),
                step.dhidden, step.dz, X.T @ step.dz, step.dz.sum(0),
                step.grads.W2, step.grads.W1]
    assert len(values) == len(expected) == 11
    for line, got, want in zip(animation.BACKWARD_LINES, values, expected, strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-15, err_msg=line.r_line)
    np.testing.assert_array_equal(hidden, step.hidden)
    assert np.all(values[6][hidden <= 0] == 0) and np.any(values[5][hidden <= 0] != 0)  # the mask did work


def test_frame_iterations_are_log_spaced_from_0_to_n_iter():
    for n_iter, n_frames in [(10000, 16), (15, 16), (1, 2), (100, 3), (50, 50)]:
        ts = animation.frame_iterations(n_iter, n_frames)
        assert len(ts) == n_frames and ts[0] == 0 and ts[-1] == n_iter and np.all(np.diff(ts) >= 1)
    ts = animation.frame_iterations(10000, 16)
    assert ts[1] <= 2 and ts[-2] > 4000                                 # dense early, sparse late


def test_training_in_chunks_is_one_training_run(spiral):
    X, y, params = spiral
    before = params.copy()
    anim = small_training(spiral, n_iter=30, n_frames=5)
    final, history = bp.train(X, y, params, lr=1.0, reg=1e-3, maxit=30, abstol=0.0)
    np.testing.assert_array_equal(anim.loss, history.loss)
    for got, want in zip(anim.snapshots[-1], final, strict=True):
        np.testing.assert_array_equal(got, want)
    for k, t in enumerate(anim.iterations[:-1]):                    # a frame's loss: R's loss at t + 1
        assert anim.frame_loss[k] == pytest.approx(history.loss[t], rel=1e-12)
    assert anim.notes[0].startswith("iteration     0: loss ")
    assert all(np.array_equal(a, b) for a, b in zip(params, before, strict=True))   # input untouched


def test_backward_pass_leaves_its_inputs_alone(batch):
    params, X, y, reg = batch
    copies = [p.copy() for p in params], X.copy(), y.copy()
    animation.backward_values(params, X, y, reg=reg)
    assert all(np.array_equal(a, b) for a, b in zip(params, copies[0], strict=True))
    assert np.array_equal(X, copies[1]) and np.array_equal(y, copies[2])


# ---------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(("kwargs", "error", "name"), [
    ({"example": 0}, ValueError, "example"),
    ({"example": 76}, ValueError, "example"),
    ({"example": 1.5}, TypeError, "example"),
    ({"example": True}, TypeError, "example"),
    ({"reg": -1.0}, ValueError, "reg"),
    ({"reg": float("nan")}, ValueError, "reg"),
    ({"interval": 0}, ValueError, "interval"),
])
def test_backward_pass_bad_input_names_the_argument(batch, kwargs, error, name):
    params, X, y, reg = batch
    with pytest.raises(error, match=name):
        animation.animate_backward_pass(params, X, y, **{"reg": reg, **kwargs})


def test_backward_pass_bad_batch_names_the_argument(batch):
    params, X, y, reg = batch
    with pytest.raises(ValueError, match="X"):
        animation.animate_backward_pass(params, X[:, :3], y, reg=reg)
    with pytest.raises(ValueError, match="y"):
        animation.animate_backward_pass(params, X, y + 3, reg=reg)
    with pytest.raises(TypeError, match="params"):
        animation.animate_backward_pass(list(params), X, y, reg=reg)


@pytest.mark.parametrize(("kwargs", "error", "name"), [
    ({"n_frames": 1}, ValueError, "n_frames"),
    ({"n_frames": 5, "n_iter": 3}, ValueError, "n_iter"),
    ({"n_iter": 0}, ValueError, "n_iter"),
    ({"lr": -0.1}, ValueError, "lr"),
    ({"reg": "0.001"}, TypeError, "reg"),
    ({"resolution": 1}, ValueError, "resolution"),
])
def test_training_bad_input_names_the_argument(spiral, kwargs, error, name):
    X, y, params = spiral
    args = {"lr": 1.0, "reg": 1e-3, "n_iter": 30, "n_frames": 5, "resolution": 20, **kwargs}
    with pytest.raises(error, match=name):
        animation.animate_training(X, y, params, **args)


def test_training_needs_two_features():
    run = bp.rcompat.blog_run(train=False)
    with pytest.raises(ValueError, match="X must have 2 columns"):
        animation.animate_training(run.split.X_train, run.split.y_train, run.initial_params, lr=0.01,
                                   reg=0.0, n_iter=10)


def test_to_html_animation_needs_alt_text():
    from matplotlib.figure import Figure

    with pytest.raises(ValueError, match="alt"):
        to_html_animation(Figure(), lambda k: [], 2, notes=["a", "b"], alt=" ")
