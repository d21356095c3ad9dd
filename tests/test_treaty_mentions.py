"""Treaty mentions in recommendation texts: rules, tricky cases, measured precision/recall.

``tests/data/treaty-mentions/`` holds real recommendation texts from
``../shared/data`` with the treaty codes a careful reader finds in each (see
its SOURCE.md): ``sample.csv`` (269 texts, used while writing the detector) and
``heldout.csv`` (105 texts annotated before the detector was run on them).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from upr import treaties, treaty_mentions
from upr.analysis.treaty_mentions import detect, find, non_core, to_ratify

DATA = Path(__file__).resolve().parent / "data" / "treaty-mentions"


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def _score(rows: list[dict[str, str]]) -> tuple[int, int, int, list[str]]:
    tp = fp = fn = 0
    wrong: list[str] = []
    for row in rows:
        gold = {c for c in row["treaties"].split(";") if c}
        got = set(detect(row["text"]))
        tp += len(gold & got)
        fp += len(got - gold)
        fn += len(gold - got)
        if gold != got:
            wrong.append(f"{row['n']}: missing {sorted(gold - got)} extra {sorted(got - gold)}")
    return tp, fp, fn, wrong


@pytest.mark.parametrize(("name", "minimum"), [("sample.csv", 200), ("heldout.csv", 100)])
def test_precision_and_recall_on_hand_checked_samples(name: str, minimum: int) -> None:
    rows = _rows(name)
    assert len(rows) >= minimum
    tp, fp, fn, wrong = _score(rows)
    precision = tp / (tp + fp)
    recall = tp / (tp + fn)
    print(
        f"{name}: n={len(rows)} codes={tp + fn} tp={tp} fp={fp} fn={fn} "
        f"precision={precision:.3f} recall={recall:.3f}"
    )
    for line in wrong:
        print("  ", line)
    assert precision >= 0.95
    assert recall >= 0.95


def test_sample_codes_are_treaty_codes_and_files_name_their_source() -> None:
    known = set(treaties.codes())
    for name in ("sample.csv", "heldout.csv"):
        for row in _rows(name):
            assert {c for c in row["treaties"].split(";") if c} <= known
            assert row["file"].startswith(("uprinfo/", "sdg-explorer/", "wg-reports/"))
            assert row["location"]


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        # Viet Nam, A/HRC/12/11 para 99.3 and A/HRC/26/6 paras 143.5-143.15
        ("Accede to CAT in a timely manner (Australia, Sweden);", ("CAT",)),
        (
            "Ratify the Second Optional Protocol to ICCPR aiming at the abolition of the death"
            " penalty (Portugal, Uruguay);",
            ("ICCPR-OP2",),
        ),
        (
            "Ratify the First Optional Protocol to ICCPR; the Optional Protocol to CAT and the"
            " International Convention for the Protection of All Persons from Enforced"
            " Disappearance (CPED) (Portugal);",
            ("CPED", "ICCPR-OP1", "OP-CAT"),
        ),
        (
            "Promptly ratify CAT and sign its Optional Protocol (France); Ensure speedy"
            " ratification of CAT and the Optional Protocol thereto (Czech Republic);",
            ("CAT", "OP-CAT"),
        ),
        (
            "Continue efforts to accede to international human rights treaties, particularly the"
            " Convention against Torture and Other Cruel, Inhuman or Degrading Treatment (CAT)"
            " (Kazakhstan);",
            ("CAT",),
        ),
        # non-core instruments and committees are not linked
        ("Ratify the Rome Statute of the International Criminal Court", ()),
        ("Ratify the Domestic Workers Convention, 2011 (No. 189)", ()),
        ("Ratify ILO Conventions Nos. 87, 111, 169 and 189", ()),
        ("Implement the recommendations made by the Committee on the Rights of the Child", ()),
        (
            "Continue its efforts to achieve full compliance with the rights of the child"
            " despite widespread poverty",
            (),
        ),
        (
            "Take measures to implement the recommendations of the CEDAW Committee in the area"
            " of women's rights as soon as possible.",
            (),
        ),
        ("Consider ratifying the Inter-American Convention on Human Rights", ()),
        # an Optional Protocol with no parent named counts for nothing
        (
            "Make plans to sign and ratify the Optional Protocols to the core human rights"
            " treaties, as well as to abolish the death penalty",
            (),
        ),
        (
            "Consider signing and progressively ratifying international human rights instruments"
            " to which the country is not yet a party, especially the Optional Protocol to the"
            " Convention on the Rights of the Child",
            (),
        ),
        # ... but the context can name it
        (
            "Ratify the Convention on the Rights of Persons with Disabilities and the Optional"
            " Protocol thereto as soon as possible",
            ("CRPD", "OP-CRPD"),
        ),
        (
            "Sign and ratify ICCPR, ICESCR, CAT and their Optional Protocols as well as the"
            " Optional Protocols to CEDAW, CPRD and CED",
            (
                "ICCPR",
                "ICESCR",
                "CAT",
                "CPED",
                "ICCPR-OP1",
                "ICCPR-OP2",
                "OP-ICESCR",
                "OP-CEDAW",
                "OP-CAT",
                "OP-CRPD",
            ),
        ),
        (
            "Ratify the two Optional Protocols to the CRC on the involvement of children in armed"
            " conflict and on the sale of children, child prostitution and child pornography",
            ("OP-CRC-AC", "OP-CRC-SC"),
        ),
        ("Ratify the Optional Protocol [OP-CSC-SC]", ("OP-CRC-SC",)),
        (
            "Ratify the International Covenants, CAT, the Convention on the Rights of Persons with"
            " Disabilities, ICERD, as well as the Rome Statute of the International Criminal"
            " Court",
            ("ICERD", "ICCPR", "ICESCR", "CAT", "CRPD"),
        ),
        (
            "Recognize the competence of the Committee on Enforced Disappearances (CPED) to"
            " receive and consider communications",
            (),
        ),
    ],
)
def test_real_texts(text: str, codes: tuple[str, ...]) -> None:
    assert detect(text) == codes


def test_non_core_instruments_are_reported() -> None:
    text = (
        "Consider ratifying the International Convention for the Protection of All Persons"
        " from Enforced Disappearance, the Conventions relating to the Status of Refugees and"
        " the Status of Stateless Persons and the Rome Statute of the International Criminal"
        " Court (Argentina);"
    )
    assert detect(text) == ("CPED",)
    assert "Rome Statute" in non_core(text)
    assert "Refugee Convention" in non_core(text)


def test_ratification_flag() -> None:
    # A/HRC/26/6 paras 143.14, 143.17 and 143.19
    assert to_ratify("Quickly ratify and implement CAT (United States of America);") == ("CAT",)
    assert (
        to_ratify(
            "Withdraw reservations to the International Convention on the Elimination of All Forms"
            " of Racial Discrimination and take appropriate measures (Gabon);"
        )
        == ()
    )
    assert to_ratify(
        "Step up efforts to review its domestic legislations and policies with a view to"
        " ratifying ICRMW (Philippines);"
    ) == ("ICMW",)
    assert to_ratify("Withdraw its reservations to CEDAW and ratify its Optional Protocol") == (
        "OP-CEDAW",
    )


def test_mentions_locate_their_words() -> None:
    text = "Ratify CAT and its Optional Protocol (Austria, Uruguay)"
    found = find(text)
    assert [(m.instrument, m.text) for m in found] == [
        ("CAT", "CAT"),
        ("OP-CAT", "Optional Protocol"),
    ]
    assert all(text[m.start : m.end] == m.text for m in found)
    assert treaty_mentions.instrument_spans(text) == ((7, 10), (19, 36))


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=300))
def test_never_crashes_and_returns_known_codes(text: str) -> None:
    assert set(detect(text)) <= set(treaties.codes())
    for mention in find(text):
        assert 0 <= mention.start <= mention.end <= len(text)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Ratify",
                "CAT",
                "and",
                "its",
                "Optional",
                "Protocol",
                "to",
                "the",
                "Convention",
                "on",
                "Rights",
                "of",
                "Child",
                "ICCPR",
                "Second",
                "(",
                ")",
                ",",
                ";",
                "thereto",
                "Committee",
                "against",
                "Torture",
                "Covenants",
                "two",
                "OP-CAT",
                "CRC",
                "ILO",
            ]
        ),
        max_size=25,
    )
)
def test_never_crashes_on_treaty_words(words: list[str]) -> None:
    text = " ".join(words)
    assert set(detect(text)) <= set(treaties.codes())
