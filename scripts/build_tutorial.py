"""Build ``docs/tutorial.ipynb`` (executed, outputs stored) and its web page.

    python scripts/build_tutorial.py            # needs the dev extra (nbclient, ipykernel)

The cells below are the tutorial's single source. The notebook is executed
top to bottom with nbclient and written with its outputs; ``docs/tutorial.md``
is rendered from the executed notebook for the docs site (code, text output,
HTML tables and the plots as PNG files under ``docs/img/tutorial/``).
``tests/test_tutorial.py`` runs the same code cells in CI without Jupyter.

Data: the Viet Nam dossier embedded in ``upr`` (Working Group reports
A/HRC/12/11 and A/HRC/26/6 with their addenda, and the figures Viet Nam
reported, see ``src/upr/data/dossiers/SOURCES.md``) and the reference tables
shipped in the package (ratifications from OHCHR, regional groups from the UN).
"""

from __future__ import annotations

import base64
import shutil
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "docs" / "tutorial.ipynb"
PAGE = ROOT / "docs" / "tutorial.md"
IMAGES = ROOT / "docs" / "img" / "tutorial"

CELLS: list[tuple[str, str]] = [
    (
        "markdown",
        """# Tutorial: Viet Nam's Universal Periodic Review in a notebook

This notebook runs top to bottom on data that ships with `upr`: the Viet Nam
dossier (cycles I and II from the Working Group reports A/HRC/12/11 and
A/HRC/26/6 and their addenda; cycles III and IV as the figures Viet Nam
reported) and the reference tables in the package (UN member states and
regional groups, treaty ratifications from OHCHR). Nothing is downloaded.

Install: `pip install 'upr[pandas,arrow,plot]'`.""",
    ),
    ("code", "import upr\n\nds = upr.datasets.viet_nam()\nds"),
    (
        "markdown",
        """A `Dataset` is immutable. In a notebook it shows counts, responses per
cycle and the first recommendations. `filter` returns a new dataset and
accepts names as well as codes.""",
    ),
    (
        "code",
        'noted = ds.filter(cycle=2, response="noted")\nprint(len(noted), "noted in cycle 2")\n'
        "noted.recommendations[0]",
    ),
    ("markdown", "Each recommendation knows its review; a review knows its documents."),
    ("code", 'ds.review("UPR-VNM-2")'),
    (
        "markdown",
        """## Sources and conflicts

The dossier fuses several sources: the Working Group reports, UPR Info's
database and the SDG Explorer. Every recommendation records which source gave
which of its fields, and where in it (`rec.sources(field)`); the source
records fused into it stay available (`ds.source_records(id)`), and so do
their ids (`ds[id]` accepts them).""",
    ),
    (
        "code",
        'rec = ds["UPR-VNM-2:143.12"]\n'
        'for source in rec.sources("response"):\n'
        "    print(source)\n"
        'print(len(ds.source_records(rec.id)), "source records behind", rec.id)',
    ),
    (
        "markdown",
        """Where the sources disagree, `ds.conflicts` lists every value given, with
its sources; the value kept comes first (`upr conflicts` on the command line
prints the same list).""",
    ),
    (
        "code",
        "from collections import Counter\n\n"
        "print(Counter((c.kind.value, c.field) for c in ds.conflicts))\n"
        'conflict = next(c for c in ds.conflicts if c.field == "response")\n'
        'print(conflict)\nprint("kept:", conflict.kept)',
    ),
    (
        "markdown",
        """## Metrics

Metrics come from plugins (`upr metrics --list` shows them all) and
`upr.compute` computes one by name. `responses` counts recommendations
(paragraphs) by response and gives the support rate.""",
    ),
    ("code", 'upr.compute(ds, "responses", by=["cycle"])'),
    (
        "markdown",
        """Grouped by the regional group of the *recommending* states: a
recommendation made by several states counts once in each of their groups.""",
    ),
    ("code", 'upr.compute(ds, "responses", by=["cycle", "regional_group"])'),
    (
        "markdown",
        """## DataFrames

`to_pandas()` gives one row per recommendation (lists stay lists);
`long=True` one row per recommendation and recommending state, with the
state's regional group, which is what most cross-tabulations need.""",
    ),
    (
        "code",
        "long = ds.to_pandas(long=True)\n"
        'by_group = long.groupby(["cycle", "regional_group"])["response"]\n'
        "by_group.value_counts().unstack(fill_value=0)",
    ),
    (
        "markdown",
        """Round trips: `upr.Dataset.from_pandas(frame)`, and files: `upr.export`
writes by the suffix (`.parquet`, `.csv`, `.xlsx`, or `.jsonl`, the lossless
format) and `upr.load` reads them back. Flat formats keep each record's
sources as text, so the table read back is the same table.""",
    ),
    (
        "code",
        "import tempfile\nfrom pathlib import Path\n\n"
        "with tempfile.TemporaryDirectory() as folder:\n"
        '    path = Path(folder) / "viet-nam.parquet"\n'
        "    upr.export(ds, path)\n"
        "    again = upr.load(path)\n"
        "print(len(again), again.to_pandas().equals(ds.to_pandas()))",
    ),
    (
        "markdown",
        """## Plots

Every plot function returns its matplotlib `Axes`; the counts come from the
same metrics as above.""",
    ),
    ("code", "upr.plot.acceptance_by_cycle(ds, reported=True);"),
    ("code", "upr.plot.responses_by_group(ds);"),
    ("code", "upr.plot.themes(ds, top=12);"),
    ("code", 'upr.plot.recommending_network(ds, kind="co-recommends", top=20);'),
    (
        "markdown",
        """## The graph

`upr.graph.build` links recommendations to states, reviews, treaties, SDG
targets and themes. With `ratifications=True` the reference ratification
table is added, so one can ask which treaties Viet Nam is most often urged to
ratify and has not.""",
    ),
    (
        "code",
        "g = upr.graph.build(ds, ratifications=True, repeats=False, overlaps=False)\n"
        'print(g.number_of_nodes(), "nodes,", g.number_of_edges(), "edges")\n'
        'upr.graph.queries.urged_to_ratify(g, "Viet Nam")[:5]',
    ),
    ("markdown", "The ratification table on its own:"),
    (
        "code",
        'for r in upr.ratifications.for_state("VNM"):\n'
        "    if r.treaty in {'ICCPR', 'ICCPR-OP2', 'CAT', 'OP-CAT', 'ICMW', 'CPED'}:\n"
        "        print(r.treaty, r.status.value, r.year)",
    ),
    (
        "markdown",
        """## What Viet Nam reported

Cycles III and IV are known here only through the figures Viet Nam
published (`ds.figures`), each with its source.""",
    ),
    (
        "code",
        "for figure in ds.figures:\n"
        "    if figure.review in {'UPR-VNM-3', 'UPR-VNM-4'}:\n"
        "        print(figure.review, figure.quantity, figure.value, '|', figure.source[:50])",
    ),
]


def notebook() -> Any:
    """The tutorial as an (unexecuted) nbformat notebook."""
    import nbformat  # noqa: PLC0415 - dev dependency

    cells = [
        nbformat.v4.new_code_cell(text) if kind == "code" else nbformat.v4.new_markdown_cell(text)
        for kind, text in CELLS
    ]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return nb


def execute(nb: Any) -> Any:
    """Run every cell in a fresh kernel (matplotlib renders PNGs inline)."""
    from nbclient import NotebookClient  # noqa: PLC0415 - dev dependency

    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": ROOT}}
    ).execute()
    return nb


def render(nb: Any) -> str:
    """The executed notebook as a markdown page; images written to IMAGES."""
    shutil.rmtree(IMAGES, ignore_errors=True)
    IMAGES.mkdir(parents=True)
    parts = [
        "<!-- Generated by scripts/build_tutorial.py from docs/tutorial.ipynb: do not edit. -->\n"
        "[Download the notebook](tutorial.ipynb).\n"
    ]
    image = 0
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            parts.append(cell.source)
            continue
        parts.append(f"```python\n{cell.source}\n```")
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if output.output_type == "stream":
                parts.append(f"```text\n{output.text.rstrip()}\n```")
            elif "image/png" in data:
                image += 1
                name = f"tutorial-{image}.png"
                (IMAGES / name).write_bytes(base64.b64decode(data["image/png"]))
                parts.append(f"![plot {image}](img/tutorial/{name})")
            elif "text/html" in data:
                parts.append(f'<div class="upr-output">\n{data["text/html"].strip()}\n</div>')
            elif "text/plain" in data:
                parts.append(f"```text\n{data['text/plain'].rstrip()}\n```")
    return "\n\n".join(parts) + "\n"


def main() -> int:
    """Build, execute and render the tutorial."""
    import nbformat  # noqa: PLC0415 - dev dependency

    nb = execute(notebook())
    for cell in nb.cells:  # keep diffs small: no execution timestamps
        cell.get("metadata", {}).pop("execution", None)
    nbformat.write(nb, NOTEBOOK)
    PAGE.write_text(render(nb), encoding="utf-8")
    print(f"wrote {NOTEBOOK.relative_to(ROOT)} and {PAGE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
