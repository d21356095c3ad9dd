"""Unit tests of the core, io and plugin layers: the edges the laws and the real
files do not reach (review and pledge fusion, id collisions, the sink's
rejections, the streaming sink, JSON Lines lineage errors, the kinds table,
plugin registration errors)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import upr
from upr.core import fusion, kinds
from upr.io.sink import ImportSink
from upr.model.recommendations import recommendation_id

WG = upr.FieldSource("wg-report-txt", upr.Location("vnm.txt", paragraph="143.1"))


def _rec(
    text: str, paragraph: str | None, states: tuple[str, ...], source: upr.FieldSource, **kw: object
) -> upr.Recommendation:
    symbol = "A/HRC/26/6" if paragraph else None
    rec_id = recommendation_id(symbol=symbol, paragraph=paragraph, review="UPR-VNM-2", text=text)
    fields: dict[str, object] = {
        "id": rec_id,
        "text": text,
        "review": "UPR-VNM-2",
        "mechanism": "UPR",
        "state_under_review": "VNM",
        "cycle": 2,
        "session": 18,
        "recommending_states": states,
        "symbol": symbol,
        "paragraph": paragraph,
        "provenance": (source,),
    }
    fields.update(kw)
    return upr.Recommendation(**fields)  # type: ignore[arg-type]


# -- fusion ------------------------------------------------------------------------------


def test_parts_keep_a_tail_after_the_last_attribution() -> None:
    assert fusion.parts("Ratify CAT (France); and publish its reports") == (
        "Ratify CAT",
        "and publish its reports",
    )
    assert fusion.parts("Ratify CAT") == ("Ratify CAT",)


def test_paragraph_numbers_sort_naturally_and_none_last() -> None:
    numbers = ["143.12", None, "143.2", "35(b)", "99.1"]
    assert sorted(numbers, key=fusion.paragraph_key) == ["35(b)", "99.1", "143.2", "143.12", None]


def test_records_sharing_an_unknown_paragraph_number_keep_distinct_ids() -> None:
    """The SDG explorer gives one number the report does not have (134.67) to two
    different recommendations: both stay, under ids made from their texts."""
    report = _rec("Ratify CAT (France)", "143.1", ("FRA",), WG)
    row = upr.FieldSource("sdg-explorer", upr.Location("upr1.xlsx", row=5))
    first = _rec("Issue a standing invitation", "134.67", ("CHE",), row)
    second = _rec("Establish an NHRI", "134.67", ("MEX",), row)
    assert first.id == second.id == "A/HRC/26/6:134.67"
    fused = upr.fuse([report, first, second])
    assert len(fused) == 3 and len({r.id for r in fused}) == 3
    # the first in sort order keeps the id; the other gets one made from its text
    assert fused["A/HRC/26/6:134.67"].text == "Establish an NHRI"
    renamed = recommendation_id(
        symbol=None, paragraph=None, review="UPR-VNM-2", text="Issue a standing invitation"
    )
    assert fused[renamed].text == "Issue a standing invitation"
    assert fused.source_records(renamed) == (first,)
    assert upr.fuse([second, report, first]) == fused


def test_a_part_by_other_states_is_not_fused_by_likeness() -> None:
    report = _rec("Guarantee freedom of expression on the Internet (France)", "143.1", ("FRA",), WG)
    row = upr.FieldSource("uprinfo-csv", upr.Location("17-20.csv", row=9))
    reworded = _rec("guarantee the freedom of expression on the internet", None, ("DEU",), row)
    assert len(upr.fuse([report, reworded])) == 2
    same_state = _rec("guarantee the freedom of expression on the internet", None, ("FRA",), row)
    (fused,) = upr.fuse([report, same_state])
    assert fused.paragraph == "143.1" and fused.recommending_states == ("FRA",)


def test_reviews_with_the_same_id_fill_each_other_and_report_differences() -> None:
    a = upr.Review("UPR", "VNM", 2, 18, documents=(upr.Document.from_symbol("A/HRC/26/6"),))
    b = upr.Review(
        "UPR",
        "VNM",
        2,
        19,
        26,
        documents=(upr.Document.from_symbol("A/HRC/26/6", dt.date(2014, 4, 2)),),
    )
    c = upr.Review(
        "UPR", "VNM", 2, 18, documents=(upr.Document("A/HRC/26/6", date=dt.date(2014, 4, 3)),)
    )
    merged, conflicts = fusion.merge_reviews([a, b, c])
    assert (merged.session, merged.hrc_session) == (18, 26)  # two sources say 18
    (document,) = merged.documents
    assert document.kind is upr.DocumentKind.WORKING_GROUP_REPORT
    assert document.date == dt.date(2014, 4, 2)
    assert {c.field for c in conflicts} == {"session", "documents[A/HRC/26/6].date"}
    assert all(c.kind is upr.ConflictKind.VALUES for c in conflicts)
    assert fusion.merge_reviews([a, a]) == (a, ())


def test_pledges_with_the_same_id_are_one_with_their_differences() -> None:
    row = upr.FieldSource("uprinfo-csv", upr.Location("voluntary.csv", row=128))
    other = upr.FieldSource("uprinfo-csv", upr.Location("voluntary.csv", row=131))
    first = upr.VoluntaryPledge("p1", "Ratify CAT", "UPR-YEM-1", "YEM", 1, 5, ("Torture",), (row,))
    second = upr.VoluntaryPledge(
        "p1", "Ratify CAT.", "UPR-YEM-1", "YEM", 1, 5, ("Detention",), (other,)
    )
    fused = upr.fuse(pledges=[first, second])
    (pledge,) = fused.pledges
    assert pledge.themes == ("Detention", "Torture")
    (conflict,) = fused.conflicts
    assert conflict.field == "text" and conflict.record == "p1"
    assert {v.value: [s.location.row for s in v.sources] for v in conflict.values} == {
        "Ratify CAT": [128],
        "Ratify CAT.": [131],
    }
    assert fused.lineage.pledges == (
        ("p1", tuple(sorted((first, second), key=kinds.canonical_key))),
    )


def test_fuse_refuses_an_unknown_collection() -> None:
    with pytest.raises(TypeError, match="unknown record collections: recomendations"):
        upr.fuse(recomendations=[])


def test_source_records_of_an_unknown_id_are_none() -> None:
    assert upr.Dataset().source_records("nope") == ()
    dossier = upr.datasets.viet_nam()
    assert dossier.filter() is dossier


# -- the kinds table -----------------------------------------------------------------------


def test_kinds_are_looked_up_by_tag_attribute_and_class() -> None:
    assert kinds.by_tag("plan").attribute == "plans"
    assert kinds.by_attribute("figures").cls is upr.ReportedFigure
    assert kinds.of(upr.Agency("a", "A", "VNM")).tag == "agency"
    with pytest.raises(upr.UnknownNameError, match="record type"):
        kinds.by_tag("recomendation")
    with pytest.raises(upr.UnknownNameError, match="record collection"):
        kinds.by_attribute("recomendations")
    with pytest.raises(upr.UnknownNameError, match="record class"):
        kinds.of(object())
    assert [k.attribute for k in kinds.KINDS] == list(kinds.ATTRIBUTES)
    assert [f.name for f in upr.Dataset.__attrs_attrs__][: len(kinds.KINDS)] == list(
        kinds.ATTRIBUTES
    )


def test_canonical_key_orders_every_kind_of_value() -> None:
    values = [None, upr.ResponseValue.NOTED, 3, "x", dt.date(2020, 1, 1), ("a",), WG, object]
    ordered = sorted(values, key=kinds.canonical_key)
    assert ordered[:6] == values[:6] and ordered[-1] is object
    assert kinds.canonical([2, 1, 2]) == (1, 2)


# -- the import sink ----------------------------------------------------------------------


def test_sink_rejects_what_it_cannot_keep(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="errors must be"):
        ImportSink("x", "fmt", "ignore")  # type: ignore[arg-type]
    sink = ImportSink("x.csv", "fmt", "collect")
    where = upr.Location("x.csv", line=2)
    rec = _rec("Ratify CAT", "143.1", ("FRA",), WG)
    sink.add(rec, where, fuse=False)
    sink.add(rec, upr.Location("x.csv", line=3), fuse=False)  # the same id again
    sink.add(upr.Agency("a", "Ministry", "VNM"), upr.Location("x.csv", line=4))
    sink.add(upr.Agency("a", "Other", "VNM"), upr.Location("x.csv", line=5))  # same id, differs
    with sink.row(upr.Location("x.csv", line=6)):
        raise upr.UnknownNameError("state", "Atlantis")
    report = sink.report()
    assert report.balanced and report.rows_read == 5
    assert [p.location.line for p in report.rejected] == [3, 5, 6]
    assert "is at x.csv, line 2" in report.rejected[0].reason
    assert "another Agency with id 'a' differs" in report.rejected[1].reason
    assert "unknown state 'Atlantis'" in report.rejected[2].reason
    assert report.kinds == {"Recommendation": 1, "Agency": 1}


def test_sink_with_fused_and_source_records_fuses_them_together() -> None:
    sink = ImportSink("x", "fmt")
    report_record = _rec("Ratify CAT (France)", "143.1", ("FRA",), WG)
    row = upr.FieldSource("uprinfo-csv", upr.Location("17-20.csv", row=3))
    sink.add(report_record, upr.Location("x", line=1), fuse=False)
    sink.add(
        _rec("Ratify CAT", None, ("FRA",), row, response=upr.Response.parse("Accepted")),
        upr.Location("x", line=2),
    )
    (fused,) = sink.dataset()
    assert fused.response_value is upr.ResponseValue.SUPPORTED
    assert sink.report().created == 1 and sink.report().merged == 1


def test_scan_hands_over_source_records_of_lineage_lines(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    fused = upr.load([Path(__file__).parent / "data" / "uprinfo" / "17-20_vietnam.csv"])
    upr.export(fused, path)
    seen: list[tuple[str, upr.Location | None]] = []
    report = upr.scan(path, lambda record, where: seen.append((type(record).__name__, where)))
    lineage_lines = sum(len(s) for _, s in fused.lineage.recommendations)
    assert lineage_lines > 0
    assert report.rows_read == len(fused) + lineage_lines  # a row per record and lineage line
    assert report.created == report.rows_read and report.merged == 0
    assert (
        sum(1 for kind, where in seen if kind == "Recommendation" and where is not None)
        == report.rows_read
    )
    assert ("Review", None) in seen


# -- JSON Lines ---------------------------------------------------------------------------


def _lines(*records: dict[str, object]) -> list[str]:
    return [json.dumps(upr.jsonl.header()), *(json.dumps(r) for r in records)]


@pytest.mark.parametrize(
    ("line", "field", "reason"),
    [
        (
            {"type": "lineage", "kind": "figure", "of": "x", "record": {}},
            "kind",
            "lineage of 'figure'",
        ),
        ({"type": "lineage", "kind": "review", "of": "", "record": {}}, "of", "fused record's id"),
        (
            {"type": "lineage", "kind": "review", "of": "x", "record": {}, "extra": 1},
            "extra",
            "unexpected key",
        ),
    ],
)
def test_bad_lineage_lines_are_located(line: dict[str, object], field: str, reason: str) -> None:
    with pytest.raises(upr.SchemaError, match=reason) as caught:
        upr.jsonl.read_lines(_lines(line), "d.jsonl")
    assert (caught.value.location.line, caught.value.location.field) == (2, field)


def test_lineage_of_a_record_the_file_does_not_have(tmp_path: Path) -> None:
    review = upr.core.converter.to_data(upr.Review("UPR", "VNM", 2, 18))
    lines = _lines({"type": "lineage", "kind": "review", "of": "UPR-VNM-9", "record": review})
    with pytest.raises(upr.SchemaError, match="lineage of 'UPR-VNM-9'") as caught:
        upr.jsonl.read_lines([lines[0], "", lines[1]], "d.jsonl")  # a blank line is skipped
    assert caught.value.location.line == 3


def test_deeply_nested_json_is_a_located_schema_error(tmp_path: Path) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    with pytest.raises(upr.SchemaError, match="nested too deeply|not valid JSON") as caught:
        upr.jsonl.read_lines([json.dumps(upr.jsonl.header()), deep], "d.jsonl")
    assert caught.value.location.line == 2
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(b'{"upr": "dataset"}\n\xff\n')
    with pytest.raises(upr.SchemaError, match="not UTF-8"):
        upr.jsonl.read(path)


# -- plugins --------------------------------------------------------------------------------


class _Nameless(upr.Importer):
    name = ""

    def sniff(self, source: upr.Source) -> float:
        return 0.0

    def read(self, source: upr.Source, sink: upr.ImportSink) -> None:
        return None


class _NamelessPlugin:
    @upr.hookimpl
    def upr_register_importers(self, register: upr.hookspecs.Register[upr.Importer]) -> None:
        register(_Nameless())


class _BadHook:
    @upr.hookimpl
    def upr_register_importers(self, register: object, extra: object) -> None:
        """Takes an argument the spec does not have: pluggy refuses it."""


def test_plugins_registering_badly_are_named_and_left_out() -> None:
    manager = upr.plugins.Manager([_NamelessPlugin(), ("bad", _BadHook())], entry_points=False)
    assert manager.importers() == {}
    reasons = {f.plugin: f.reason for f in manager.failures}
    assert "has no name" in reasons[f"{__name__}._NamelessPlugin"]
    assert "invalid plugin" in reasons["bad"]
    info = {i.name: i for i in manager.info()}
    assert info[f"{__name__}._NamelessPlugin"].failures and not info["bad"].hooks


# -- the atomic writer --------------------------------------------------------------------


def test_the_umask_is_read_without_proc(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where /proc cannot be read, the umask is read by setting it and putting it back."""
    import os

    from upr.io import atomic

    expected = atomic.current_umask()

    def no_proc(*args: object, **kwargs: object) -> object:
        raise OSError("no /proc here")

    monkeypatch.setattr(atomic, "open", no_proc, raising=False)
    assert atomic.current_umask() == expected
    mask = os.umask(expected)
    os.umask(mask)
    assert mask == expected  # put back as it was
