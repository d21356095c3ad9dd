"""The ``upr`` command line: help with examples, exit codes, ``--format json``,
``--quiet``, progress, shell completion, ``upr validate`` and ``upr metrics``.

Figures are computed from the embedded dossier or the real slices in
``tests/data`` (``tests/data/uprinfo/SOURCE.md``), never typed in, except the
published Viet Nam cycle II figures (227 recommendations, 182 supported) that
the data README lists and the dossier reproduces.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result

import upr
from upr.cli import main
from upr.cli.common import UprCommand
from upr.errors import DataError, Location
from upr.io.datasets import viet_nam

DATA = Path(__file__).parent / "data"
VNM_SLICE = DATA / "uprinfo" / "17-20_vietnam.csv"
MATRIX = DATA / "matrix" / "viet-nam-2014-matrix.csv"
WG_2014 = DATA / "wg-reports" / "vietnam2014.txt"
WG_2009 = DATA / "wg-reports" / "vietnam2009.txt"
SDG_UPR1 = DATA / "sdg-explorer" / "upr1-slice.xlsx"
TRACKING = DATA / "tracking" / "vnm2-mps-tracking.xlsx"
DOSSIER_NOTE = "embedded Viet Nam dossier"

COMMANDS = (
    (),
    ("import",),
    ("validate",),
    ("report",),
    ("metrics",),
    ("graph",),
    ("plugins",),
    ("tracking",),
    ("tracking", "template"),
    ("tracking", "status"),
    ("tracking", "midterm"),
    ("conflicts",),
)


def run(*args: str | Path, **kwargs: Any) -> Result:
    """``upr ARGS`` in-process (stdout and stderr kept apart in the result)."""
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="upr", **kwargs)


def bad_slice(tmp_path: Path) -> Path:
    """The Viet Nam slice with the state under review of its line 3 (a data row)
    changed to a name that is no state: same bytes otherwise (Mac Roman, CR)."""
    lines = VNM_SLICE.read_bytes().split(b"\r")
    assert lines[2].startswith(b"Viet Nam,")
    lines[2] = b"Atlantis," + lines[2].split(b",", 1)[1]
    path = tmp_path / "17-20_vietnam_bad.csv"
    path.write_bytes(b"\r".join(lines))
    return path


# -- help, version, completion, start-up ---------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "upr")
def test_every_help_shows_real_examples(command: tuple[str, ...]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0, result.output
    assert "Examples:" in result.output
    examples = result.output.split("Examples:", 1)[1]
    assert f"upr {' '.join(command)}".strip() in examples


def test_main_help_documents_exit_codes_and_completion() -> None:
    text = run("--help").output
    assert "_UPR_COMPLETE=bash_source upr" in text
    assert "Exit codes: 0 ok; 1 data problem" in text
    for name in (
        "import",
        "validate",
        "report",
        "metrics",
        "graph",
        "plugins",
        "tracking",
        "conflicts",
    ):
        assert f"  {name} " in text


def test_version() -> None:
    for flag in ("--version", "-V"):
        result = run(flag)
        assert result.exit_code == 0
        assert result.output.strip() == f"upr, version {upr.__version__}"


def test_shell_completion_of_commands_and_plugin_names() -> None:
    def complete(words: str) -> list[str]:
        env = {
            "_UPR_COMPLETE": "bash_complete",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(words.split()) - 1),
        }
        result = run(env=env)
        assert result.exit_code == 0, result.output
        return [line.split(",", 1)[1] for line in result.output.splitlines()]

    assert complete("upr va") == ["validate"]
    assert complete("upr metrics --metric respo") == ["responses"]
    assert "uprinfo-csv" in complete("upr validate x.csv --input-format uprinfo")
    assert complete("upr metrics --by cyc") == ["cycle"]
    script = run(env={"_UPR_COMPLETE": "bash_source"})
    assert "_upr_completion()" in script.output


def test_help_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys\n"
        "from upr.cli import main\n"
        "try:\n"
        "    main(['--help'], prog_name='upr')\n"
        "except SystemExit as exit:\n"
        "    assert exit.code == 0\n"
        "heavy = ('pandas', 'networkx', 'matplotlib', 'openpyxl', 'pyarrow', 'rich', 'numpy')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout + done.stderr


# -- errors and exit codes -----------------------------------------------------------------


def test_a_upr_error_is_one_line_on_stderr_not_a_traceback() -> None:
    @click.command(cls=UprCommand)
    def broken() -> None:
        raise DataError(Location("x.csv", line=3, field="To"), "unknown state\n'Atlantis'")

    result = CliRunner().invoke(broken, [])
    assert result.exit_code == 1
    assert result.stderr == "Error: x.csv, line 3, field 'To': unknown state 'Atlantis'\n"
    assert result.stdout == ""
    assert not isinstance(result.exception, DataError)  # handled, not escaped


def test_exit_codes_of_data_problems(tmp_path: Path) -> None:
    missing = run("import", tmp_path / "missing.csv")
    assert missing.exit_code == 1
    assert missing.stderr.strip() == f"Error: {tmp_path / 'missing.csv'}: no such file"
    state = run("report", "--state", "Atlantis", "-q")
    assert state.exit_code == 1
    assert state.stderr.startswith("Error: unknown state 'Atlantis'")
    assert state.stderr.count("\n") == 1
    bad = bad_slice(tmp_path)
    strict = run("import", bad, "--errors", "raise")
    assert strict.exit_code == 1
    assert strict.stderr.startswith(f"Error: {bad}, line 3, field 'To': unknown state 'Atlantis'")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK not a workbook")
    result = run("import", broken, "--input-format", "sdg-explorer", "--errors", "raise")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {broken}")
    for result in (missing, state, strict):
        assert "Traceback" not in result.output


def test_exit_codes_of_usage_errors(tmp_path: Path) -> None:
    assert run("import", VNM_SLICE, "--bogus").exit_code == 2
    assert run("import").exit_code == 2  # SOURCES required
    unknown = run("import", VNM_SLICE, "--input-format", "uprinfo")
    assert unknown.exit_code == 2
    assert "uprinfo-csv" in unknown.stderr  # the valid names are listed
    nowhere = run("import", VNM_SLICE, "-o", tmp_path / "no" / "such" / "out.jsonl")
    assert nowhere.exit_code == 2
    assert "does not exist" in nowhere.stderr
    assert run("report", "--format", "yaml").exit_code == 2
    assert run("tracking", "status", TRACKING, "--by", "planet").exit_code == 2


def test_import_exits_1_on_rejected_rows_but_writes_the_good_ones(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = run("import", bad_slice(tmp_path), "-o", out)
    assert result.exit_code == 1
    assert "22 rows, 16 created, 5 merged, 1 rejected" in result.stdout
    assert "rejected: " in result.stdout and "line 3, field 'To'" in result.stdout
    assert len(upr.load(out)) == 16
    clean = run("import", VNM_SLICE, "-o", out)
    assert clean.exit_code == 0, clean.output
    assert f"wrote {out} (17 recommendations" in clean.stderr


def test_import_still_accepts_an_importer_name_after_format() -> None:
    result = run("import", VNM_SLICE, "--format", "uprinfo-csv")
    assert result.exit_code == 0, result.output
    assert "use --input-format uprinfo-csv" in result.stderr
    assert "(uprinfo-csv): 22 rows" in result.stdout


# -- --format json -------------------------------------------------------------------------


def test_import_json(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = run("import", VNM_SLICE, MATRIX, "--format", "json", "-o", out)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"sources", "totals", "recommendations", "records", "conflicts", "output"}
    expected = [upr.read(p, errors="collect").report for p in (VNM_SLICE, MATRIX)]
    for got, report in zip(data["sources"], expected, strict=True):
        assert (got["rows_read"], got["created"], got["merged"], got["rejected"]) == (
            report.rows_read,
            report.created,
            report.merged,
            len(report.rejected),
        )
        assert got["balanced"] is True
    assert data["totals"]["rows_read"] == sum(r.rows_read for r in expected)
    assert data["recommendations"] == len(upr.load(out)) == data["records"]["recommendations"]
    assert data["output"] == str(out)


def test_import_json_lists_every_rejection(tmp_path: Path) -> None:
    bad = bad_slice(tmp_path)
    result = run("import", bad, "--format", "json")
    assert result.exit_code == 1
    (rejection,) = json.loads(result.stdout)["sources"][0]["rejections"]
    assert rejection["file"] == str(bad)
    assert (rejection["line"], rejection["field"]) == (3, "To")
    assert rejection["reason"].startswith("unknown state 'Atlantis'")


def test_plugins_json() -> None:
    result = run("plugins", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"plugins", "importers", "metrics", "exporters"}
    assert {"name", "version", "hooks", "provides", "failures"} <= set(data["plugins"][0])
    manager = upr.plugins.default_manager()
    assert [i["name"] for i in data["importers"]] == sorted(manager.importers())
    assert [m["name"] for m in data["metrics"]] == sorted(manager.metrics())
    assert "importer:matrix-csv" in {p for i in data["plugins"] for p in i["provides"]}


def test_report_json_on_stdout_is_not_mixed_with_notes(tmp_path: Path) -> None:
    result = run("report", VNM_SLICE, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"upr_report", "title", "filters", "sources", "reviews"} <= set(data)
    assert data["reviews"][0]["recommendations"] == 17
    assert "(uprinfo-csv): 22 rows" in result.stderr


def test_graph_stats_json(tmp_path: Path) -> None:
    out = tmp_path / "g.graphml"
    result = run(
        "graph", VNM_SLICE, "-o", out, "--no-repeats", "--no-overlaps", "--stats-format", "json"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {
        "output",
        "format",
        "nodes",
        "edges",
        "node_kinds",
        "edge_kinds",
        "seconds",
        "sources",
    }
    assert data["format"] == "graphml" and out.exists()
    assert data["nodes"] == sum(data["node_kinds"].values())
    assert data["edges"] == sum(data["edge_kinds"].values())
    assert data["node_kinds"]["recommendation"] == 17
    assert data["sources"][0]["rows_read"] == 22


def test_tracking_json(tmp_path: Path) -> None:
    status = run("tracking", "status", TRACKING, "--by", "agency", "--format", "json")
    assert status.exit_code == 0, status.output
    data = json.loads(status.stdout)
    assert set(data) == {"as_of", "sheet", "problems", "disagreements", "agencies", "tables"}
    assert data["sheet"]["rejected"] == 0 and data["sheet"]["balanced"]
    assert [t["by"] for t in data["tables"]] == [[], ["agency"]]
    assert data["tables"][0]["rows"][0]["recommendations"] == 5
    assert data["agencies"]["VNM-MPS"] == "Ministry of Public Security"
    midterm = run("tracking", "midterm", TRACKING, "--format", "json")
    assert midterm.exit_code == 0, midterm.output
    report = json.loads(midterm.stdout)
    assert {"title", "review", "as_of", "summary", "detail", "sheet"} <= set(report)
    assert report["review"] == "UPR-VNM-2"
    assert report["detail"]["columns"][:2] == ["thematic group", "agency"]
    out = tmp_path / "sheet.csv"
    template = run("tracking", "template", "--review", "UPR-VNM-2", "-o", out, "--format", "json")
    assert template.exit_code == 0, template.output
    summary = json.loads(template.stdout)
    assert summary == {
        "output": str(out),
        "review": "UPR-VNM-2",
        "recommendations": len(viet_nam().filter(review="UPR-VNM-2").recommendations),
        "agencies": summary["agencies"],
    }


# -- --quiet and progress ------------------------------------------------------------------


def test_quiet_hides_notes_global_or_per_command() -> None:
    loud = run("metrics")
    assert loud.exit_code == 0, loud.output
    assert DOSSIER_NOTE in loud.stderr
    for args in (("-q", "metrics"), ("metrics", "-q"), ("metrics", "--quiet")):
        quiet = run(*args)
        assert quiet.exit_code == 0, quiet.output
        assert quiet.stderr == ""
        assert quiet.stdout == loud.stdout  # results are never hidden


def test_quiet_import_prints_only_problems(tmp_path: Path) -> None:
    clean = run("-q", "import", VNM_SLICE, "-o", tmp_path / "out.jsonl")
    assert clean.exit_code == 0 and clean.output == ""
    bad = run("import", "-q", bad_slice(tmp_path))
    assert bad.exit_code == 1
    assert bad.stdout.startswith("  rejected: ") and "22 rows" not in bad.stdout


def test_progress_is_drawn_on_a_terminal_unless_quiet() -> None:
    terminal = {"FORCE_COLOR": "1", "TTY_COMPATIBLE": "1", "TTY_INTERACTIVE": "1"}
    shown = run("import", VNM_SLICE, env=terminal)
    assert shown.exit_code == 0, shown.output
    assert VNM_SLICE.name in shown.stderr  # the progress line names the file
    hidden = run("import", VNM_SLICE, "--quiet", env=terminal)
    assert hidden.stderr == ""
    piped = run("import", VNM_SLICE)  # not a terminal: no progress display
    assert piped.stderr == ""


# -- upr validate --------------------------------------------------------------------------


def test_validate_a_clean_slice() -> None:
    result = run("validate", VNM_SLICE, MATRIX)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"ok {VNM_SLICE} (uprinfo-csv): 22 rows, 17 created, 5 merged, 0 rejected, 0 warnings"
    )
    assert lines[-1].startswith("2 file(s), 28 rows: 2 ok, 0 with problems")
    assert run("validate", "-q", VNM_SLICE).output == ""


def test_validate_lists_the_bad_row_and_exits_1(tmp_path: Path) -> None:
    bad = bad_slice(tmp_path)
    result = run("validate", VNM_SLICE, bad)
    assert result.exit_code == 1
    assert f"FAIL {bad} (uprinfo-csv): 22 rows, 16 created, 5 merged, 1 rejected" in result.stdout
    assert f"  rejected: {bad}, line 3, field 'To': unknown state 'Atlantis'" in result.stdout
    quiet = run("validate", VNM_SLICE, bad, "--quiet")
    assert quiet.exit_code == 1
    assert quiet.stdout.startswith(f"  rejected: {bad}, line 3") and "ok " not in quiet.stdout


def test_validate_json(tmp_path: Path) -> None:
    bad = bad_slice(tmp_path)
    unknown = tmp_path / "notes.txt"
    unknown.write_text("not a UPR file\n", encoding="utf-8")
    result = run("validate", VNM_SLICE, bad, unknown, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert set(data) == {"ok", "strict", "files", "totals"}
    assert data["ok"] is False
    clean, broken, unreadable = data["files"]
    assert clean["ok"] and clean["error"] is None and clean["rejected"] == 0
    assert not broken["ok"] and broken["rejected"] == 1
    assert broken["rows_read"] == broken["created"] + broken["merged"] + broken["rejected"]
    assert broken["rejections"][0]["line"] == 3 and broken["rejections"][0]["field"] == "To"
    assert not unreadable["ok"] and "no importer recognises this file" in unreadable["error"]
    assert data["totals"] == {
        "files": 3,
        "rows_read": 44,
        "created": 33,
        "merged": 10,
        "rejected": 1,
        "warnings": 0,
        "errors": 1,
    }


def test_validate_strict_fails_on_warnings(monkeypatch: pytest.MonkeyPatch) -> None:
    """No first-party importer warns on the test slices: add a warning to one."""
    original = upr.ImportSink.report

    def with_warning(self: upr.ImportSink) -> upr.ImportReport:
        self.warn(Location(self.source, line=2, field="Action"), "ambiguous action category")
        return original(self)

    monkeypatch.setattr(upr.ImportSink, "report", with_warning)
    lenient = run("validate", VNM_SLICE)
    assert lenient.exit_code == 0, lenient.output
    assert f"  warning: {VNM_SLICE}, line 2, field 'Action': ambiguous" in lenient.stdout
    strict = run("validate", VNM_SLICE, "--strict", "--format", "json")
    assert strict.exit_code == 1
    assert json.loads(strict.stdout)["files"][0]["warning_details"][0]["field"] == "Action"


def test_validate_with_a_forced_importer() -> None:
    """A file the importer cannot read at all (missing columns) is one rejection
    naming the file, line 1 and the column (``upr.read`` with errors="collect")."""
    result = run("validate", MATRIX, "--input-format", "uprinfo-csv", "--format", "json")
    assert result.exit_code == 1
    entry = json.loads(result.stdout)["files"][0]
    assert (entry["format"], entry["rows_read"], entry["rejected"]) == ("uprinfo-csv", 1, 1)
    (rejection,) = entry["rejections"]
    assert (rejection["file"], rejection["line"], rejection["field"]) == (str(MATRIX), 1, "To")
    assert rejection["reason"].startswith("missing column(s)")


# -- upr metrics ---------------------------------------------------------------------------


def test_metrics_on_the_dossier_gives_the_real_figures() -> None:
    result = run("metrics", "--metric", "responses", "--by", "cycle", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"source", "imports", "metrics"}
    assert data["source"] == ["embedded:viet-nam"] and data["imports"] == []
    (table,) = data["metrics"]
    assert {"metric", "description", "unit", "by", "columns", "rows"} <= set(table)
    expected = upr.compute(viet_nam(), "responses", by="cycle")
    assert table["rows"] == expected.to_records()
    assert table["unit"] == "recommendation paragraphs"
    cycle2 = next(r for r in table["rows"] if r["cycle"] == 2)
    assert (cycle2["recommendations"], cycle2["supported"]) == (227, 182)  # data README
    assert DOSSIER_NOTE in result.stderr


def test_metrics_table_and_csv() -> None:
    table = run("metrics", "-m", "count", "-m", "responses", "--by", "cycle", "-q")
    assert table.exit_code == 0, table.output
    assert "count by cycle" in table.stdout and "responses by cycle" in table.stdout
    assert "227" in table.stdout
    result = run("metrics", "-m", "responses", "--by", "cycle", "--format", "csv", "-q")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    expected = upr.compute(viet_nam(), "responses", by="cycle")
    assert tuple(rows[0]) == expected.columns
    assert [r[:2] for r in rows[1:]] == [[str(r[0]), str(r[1])] for r in expected.rows]


def test_metrics_on_files() -> None:
    result = run("metrics", VNM_SLICE, "-m", "rows", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["source"] == [str(VNM_SLICE)]
    assert data["imports"][0]["rows_read"] == 22
    expected = upr.compute(upr.read(VNM_SLICE).dataset, "rows")
    assert data["metrics"][0]["rows"] == expected.to_records()
    assert DOSSIER_NOTE not in result.stderr


def test_metrics_list_and_usage_errors() -> None:
    listed = run("metrics", "--list", "--format", "json")
    assert listed.exit_code == 0, listed.output
    data = json.loads(listed.stdout)
    assert data["dimensions"] == sorted(upr.metrics.DIMENSIONS)
    names = [m["name"] for m in data["metrics"]]
    assert names == sorted(upr.plugins.default_manager().metrics())
    assert "responses" in run("metrics", "--list").stdout
    unknown = run("metrics", "--metric", "acceptance")
    assert unknown.exit_code == 2
    assert "unknown metric 'acceptance'" in unknown.stderr
    assert "responses" in unknown.stderr  # valid names listed
    dimension = run("metrics", "--by", "planet")
    assert dimension.exit_code == 2 and "'cycle'" in dimension.stderr
    assert run("metrics", "-m", "count", "-m", "rows", "--format", "csv").exit_code == 2


# -- upr conflicts -------------------------------------------------------------------------


def _action_disagreements(fused: upr.Dataset) -> list[dict[str, list[int]]]:
    """For each fused recommendation whose UPR Info rows (one per recommending
    State; several States' recommendations can make one paragraph of the
    report) give different Action categories in the CSV itself: the rows giving
    each category (spreadsheet row numbers: the header is row 1)."""
    lines = VNM_SLICE.read_bytes().decode("mac_roman").split("\r")
    header, *rows = list(csv.reader(lines))
    action = header.index("Action")
    actions = {number: row[action] for number, row in enumerate(rows, start=2) if row}
    found = []
    for record in fused.recommendations:
        rows_of = sorted(
            fs.location.row
            for fs in record.provenance
            if fs.source == "uprinfo-csv" and fs.location.row is not None
        )
        given: dict[str, list[int]] = {}
        for number in rows_of:
            given.setdefault(actions[number], []).append(number)
        if len(given) > 1:
            found.append(given)
    return sorted(found, key=lambda v: sorted(v.items()))


def _conflicts_json(*args: str | Path) -> dict[str, Any]:
    result = run("conflicts", *args, "--format", "json", "-q")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    assert set(data) == {"conflicts", "count"}
    assert data["count"] == len(data["conflicts"])
    return data


def test_conflicts_json_names_every_value_and_where_it_was_read() -> None:
    data = _conflicts_json(WG_2014, VNM_SLICE)
    fused = upr.load([WG_2014, VNM_SLICE])
    assert data["count"] == len(fused.conflicts) > 0
    assert [c["record"] for c in data["conflicts"]] == [c.record for c in fused.conflicts]
    got = []
    for conflict in data["conflicts"]:
        # the UPR Info rows of one recommendation disagree on its action category
        assert (conflict["field"], conflict["kind"]) == ("action_category", "values")
        assert conflict["source_record"] is None
        assert conflict["kept"] == conflict["values"][0]["value"]
        sources = [s for v in conflict["values"] for s in v["sources"]]
        assert {(s["source"], s["file"]) for s in sources} == {("uprinfo-csv", VNM_SLICE.name)}
        got.append({v["value"]: [s["row"] for s in v["sources"]] for v in conflict["values"]})
        # kept: the value most rows give (all rows stand equal), ties to the first in order
        most = max(len(v["sources"]) for v in conflict["values"])
        kept = min(v["value"] for v in conflict["values"] if len(v["sources"]) == most)
        assert conflict["kept"] == kept
        record = fused[conflict["record"]]
        assert record.action_category is not None
        assert str(record.action_category.value) == kept
        rows = {fs.location.row for fs in record.provenance if fs.source == "uprinfo-csv"}
        assert rows == {s["row"] for s in sources}
    assert sorted(got, key=lambda v: sorted(v.items())) == _action_disagreements(fused)


def test_conflicts_text_and_csv() -> None:
    data = _conflicts_json(WG_2014, VNM_SLICE)
    text = run("conflicts", WG_2014, VNM_SLICE)
    assert text.exit_code == 0, text.output
    assert f"{data['count']} conflicts" in text.stdout
    assert "(uprinfo-csv): 22 rows" in text.stderr  # the import summaries are notes
    lines = text.stdout.splitlines()
    for conflict in data["conflicts"]:
        (line,) = [line for line in lines if f" {conflict['record']} " in line]
        cells = [c.strip() for c in line.strip("│┃ ").split("│")]
        assert cells[:5] == [
            conflict["record"],
            conflict["field"],
            conflict["kind"],
            "kept",
            conflict["kept"],
        ]
    table = run("conflicts", WG_2014, VNM_SLICE, "--format", "csv", "-q")
    assert table.exit_code == 0, table.output
    assert table.stderr == ""
    header, *rows = list(csv.reader(io.StringIO(table.stdout)))
    assert header == ["record", "field", "kind", "", "value", "sources"]
    expected = []
    for conflict in data["conflicts"]:
        for index, value in enumerate(conflict["values"]):
            first = index == 0
            expected.append(
                [
                    conflict["record"] if first else "",
                    conflict["field"] if first else "",
                    conflict["kind"] if first else "",
                    "kept" if first else "",
                    value["value"],
                    "; ".join(
                        f"{s['source']}: {s['file']}, row {s['row']}" for s in value["sources"]
                    ),
                ]
            )
    assert rows == expected


def test_conflicts_kind_and_field_filters() -> None:
    every = _conflicts_json(SDG_UPR1, WG_2009)["conflicts"]
    fused = upr.load([SDG_UPR1, WG_2009])
    assert len(every) == len(fused.conflicts)
    kinds = {c["kind"] for c in every}
    fields = {c["field"] for c in every}
    assert {"source", "values"} <= kinds and len(fields) > 1  # the filters have work to do

    def only(kinds: set[str] | None = None, fields: set[str] | None = None) -> list[Any]:
        return [
            c
            for c in every
            if (kinds is None or c["kind"] in kinds) and (fields is None or c["field"] in fields)
        ]

    for kind in ("source", "values", "match"):
        assert _conflicts_json(SDG_UPR1, WG_2009, "--kind", kind)["conflicts"] == only({kind})
    both = _conflicts_json(SDG_UPR1, WG_2009, "--kind", "source", "--kind", "values")
    assert both["conflicts"] == only({"source", "values"})
    for field in sorted(fields):
        got = _conflicts_json(SDG_UPR1, WG_2009, "--field", field)["conflicts"]
        assert got == only(fields={field}) != []
    # kind and field together: the response the Explorer's rows disagree on
    (response,) = _conflicts_json(SDG_UPR1, WG_2009, "--kind", "values", "--field", "response")[
        "conflicts"
    ]
    assert response == only({"values"}, {"response"})[0]
    record = fused[response["record"]]
    assert record.response is not None and record.response.value.value == response["kept"]
    assert {s["source"] for v in response["values"] for s in v["sources"]} == {"sdg-explorer"}
    csv_rows = run("conflicts", SDG_UPR1, WG_2009, "--field", "response", "--format", "csv", "-q")
    assert csv_rows.exit_code == 0, csv_rows.output
    assert len(list(csv.reader(io.StringIO(csv_rows.stdout)))) == 1 + len(response["values"])
    none = _conflicts_json(WG_2014, VNM_SLICE, "--kind", "match")
    assert none == {"conflicts": [], "count": 0}  # no conflict is still exit 0
    assert run("conflicts", WG_2014, "--kind", "planet").exit_code == 2


def test_conflicts_of_the_dossier() -> None:
    result = run("conflicts", "--format", "json")
    assert result.exit_code == 0, result.output
    assert DOSSIER_NOTE in result.stderr
    data = json.loads(result.stdout)
    assert data["count"] == len(viet_nam().conflicts)


# -- disabling plugins ---------------------------------------------------------------------


def test_a_plugin_disabled_on_the_command_line() -> None:
    manager = upr.plugins.default_manager()
    assert "sdg-explorer" in manager.importers()  # installed and enabled
    for args in (("-p", "no:sdgexplorer"), ("--disable-plugin", "sdgexplorer")):
        result = run(*args, "plugins", "--format", "json")
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        (info,) = [p for p in data["plugins"] if p["name"] == "sdgexplorer"]
        assert info["disabled"] is True and info["provides"] == []
        assert not [p for p in data["plugins"] if p["disabled"] and p["name"] != "sdgexplorer"]
        names = [i["name"] for i in data["importers"]]
        assert "sdg-explorer" not in names
        assert names == sorted(set(manager.importers()) - {"sdg-explorer"})
    text = run("-p", "no:sdgexplorer", "plugins")
    assert text.exit_code == 0, text.output
    (row,) = [line for line in text.stdout.splitlines() if " sdgexplorer " in line]
    assert "disabled" in row
    # a disabled importer is not used to detect a file's format
    missing = run("-p", "no:sdgexplorer", "validate", SDG_UPR1, "--format", "json")
    assert missing.exit_code == 1
    assert "no importer recognises this file" in json.loads(missing.stdout)["files"][0]["error"]
    two = run("-p", "no:sdgexplorer", "-p", "no:uprinfo", "plugins", "--format", "json")
    disabled = {p["name"] for p in json.loads(two.stdout)["plugins"] if p["disabled"]}
    assert disabled == {"sdgexplorer", "uprinfo"}
    # -p takes pytest's form only: `-p NAME` would load a plugin in pytest, not here
    wrong = run("-p", "sdgexplorer", "plugins")
    assert wrong.exit_code == 2
    assert "-p no:NAME" in wrong.output
    # the option lasts for one invocation: the plugin is back afterwards
    assert "sdg-explorer" in upr.plugins.default_manager().importers()
    again = json.loads(run("plugins", "--format", "json").stdout)
    assert "sdg-explorer" in [i["name"] for i in again["importers"]]


# -- real files (../shared/data) -----------------------------------------------------------


@pytest.mark.shared_data
@pytest.mark.parametrize(
    "name",
    [
        "uprinfo/17-20.csv",
        "uprinfo/voluntary.csv",
        "wg-reports/vietnam2014.txt",
        "ratification/ohchr-export-ICESCR-2026-04-23.xls",
        "thematic-lists/china-2013-matrix.docx",
    ],
)
def test_validate_real_files(shared_data: Path, name: str) -> None:
    path = shared_data / name
    result = run("validate", path, "--format", "json")
    (entry,) = json.loads(result.stdout)["files"]
    report = upr.read(path, errors="collect").report
    assert (entry["format"], entry["rows_read"], entry["created"], entry["merged"]) == (
        report.format,
        report.rows_read,
        report.created,
        report.merged,
    )
    assert [p["message"] for p in entry["rejections"]] == [str(p) for p in report.rejected]
    assert entry["balanced"] and entry["error"] is None
    assert result.exit_code == (1 if report.rejected else 0)


@pytest.mark.shared_data
def test_validate_real_files_text(shared_data: Path) -> None:
    files = [
        shared_data / "uprinfo" / "voluntary.csv",
        shared_data / "reference" / "un-regional-groups.csv",
    ]
    result = run("validate", *files)
    assert result.exit_code == 1
    assert f"ERROR {files[1]}: no importer recognises this file" in result.stdout
    report = upr.read(files[0], errors="collect").report
    for problem in report.rejected:
        assert f"  rejected: {problem}" in result.stdout
