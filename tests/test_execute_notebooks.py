"""tools/execute_notebooks.py stores reproducible outputs: two runs give byte-identical files."""

import importlib.util
import json
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("execute_notebooks", ROOT / "tools" / "execute_notebooks.py")
execute_notebooks = importlib.util.module_from_spec(spec)
spec.loader.exec_module(execute_notebooks)


def test_two_runs_are_byte_identical(tmp_path, monkeypatch):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(
        "import os\nimport numpy as np\nimport matplotlib.pyplot as plt\n"
        "print(os.environ['OPENBLAS_NUM_THREADS'], np.random.default_rng(0).random(2))\n"
        "plt.plot([1, 2, 3])\nplt.show()")]
    path = tmp_path / "demo.ipynb"
    nbformat.write(nb, path)
    for name in execute_notebooks.DETERMINISTIC_ENV:
        monkeypatch.delenv(name, raising=False)
    execute_notebooks.main([str(path)])
    first = path.read_bytes()
    execute_notebooks.main([str(path)])
    assert path.read_bytes() == first
    cell = json.loads(first)["cells"][0]
    assert cell["execution_count"] == 1 and "execution" not in cell["metadata"]
    assert "".join(cell["outputs"][0]["text"]).startswith("1 [")  # one BLAS thread inside the kernel
    assert any("image/png" in o.get("data", {}) for o in cell["outputs"])


def test_consecutive_stream_outputs_are_merged():
    outputs = [nbformat.v4.new_output("stream", name="stdout", text="a\n"),
               nbformat.v4.new_output("stream", name="stdout", text="b\n"),
               nbformat.v4.new_output("stream", name="stderr", text="c\n"),
               nbformat.v4.new_output("display_data", data={"text/plain": "x"}),
               nbformat.v4.new_output("stream", name="stdout", text="d\n")]
    merged = execute_notebooks.merge_streams(outputs)
    assert [(o.output_type, o.get("text")) for o in merged] == [
        ("stream", "a\nb\n"), ("stream", "c\n"), ("display_data", None), ("stream", "d\n")]
