"""Tests of :mod:`upr.model.states` and :mod:`upr.model.ratifications` (shipped reference data)."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from upr import ratifications, states, treaties
from upr.errors import UnknownNameError
from upr.model.ratifications import NotRecordedError, Ratification, RatificationStatus
from upr.model.states import MembershipStatus, RegionalGroup, State
from upr.names import normalise

TEST_DATA = Path(__file__).resolve().parent / "data"

# -- resolve ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Viet Nam", "VNM"),
        ("Vietnam", "VNM"),
        ("VNM", "VNM"),
        ("VN", "VNM"),
        ("Venezuela (Bolivarian Republic of)", "VEN"),
        ("Iran (Islamic Republic of)", "IRN"),
        ("United Kingdom of Great Britain and Northern Ireland", "GBR"),
        ("Syria", "SYR"),
        ("Holy See", "VAT"),
        ("State of Palestine", "PSE"),
        ("Libyan Arab Jamahiriya", "LBY"),
        ("the former Yugoslav Republic of Macedonia", "MKD"),
        ("Swaziland", "SWZ"),
        ("Côte d’Ivoire", "CIV"),
        ("Lao People’s Democratic Republic", "LAO"),
        ("Democratic People&#39;s Republic of Korea", "PRK"),
        # historical UN names
        ("Turkey", "TUR"),
        ("Czech Republic", "CZE"),
        ("Cape Verde", "CPV"),
        ("Burma", "MMR"),
        # leading "the", case, accents, punctuation, surrounding space
        ("the Netherlands", "NLD"),
        ("The Gambia", "GMB"),
        ("  cote d'ivoire ", "CIV"),
        ("TÜRKIYE", "TUR"),
        ("Venezuela, Bolivarian Republic of", "VEN"),
        ("Antigua & Barbuda", "ATG"),
        ("the Socialist Republic of Viet Nam", "VNM"),
    ],
)
def test_resolve_examples(name: str, code: str) -> None:
    assert states.resolve(name).code == code


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Niger", "NER"),
        ("Nigeria", "NGA"),
        ("Guinea", "GIN"),
        ("Guinea-Bissau", "GNB"),
        ("Equatorial Guinea", "GNQ"),
        ("Congo", "COG"),
        ("Democratic Republic of the Congo", "COD"),
        ("Sudan", "SDN"),
        ("South Sudan", "SSD"),
        ("Dominica", "DMA"),
        ("Dominican Republic", "DOM"),
        ("Republic of Korea", "KOR"),
        ("Democratic People's Republic of Korea", "PRK"),
    ],
)
def test_similar_names_stay_apart(name: str, code: str) -> None:
    assert states.resolve(name).code == code


def test_unknown_name_names_input_and_closest_state() -> None:
    with pytest.raises(UnknownNameError) as caught:
        states.resolve("Viet Man")
    error = caught.value
    assert error.kind == "state"
    assert error.name == "Viet Man"
    assert error.suggestions[0] == "Viet Nam"
    assert "Viet Man" in str(error)
    assert "Viet Nam" in str(error)


@pytest.mark.parametrize(
    "name", ["Vietnamm", "Viet", "Korea", "Guinea Bisau", "", "   ", "Zaire", "in", "vnm", "XX"]
)
def test_resolve_never_guesses(name: str) -> None:
    """Near misses, ambiguous and lower-case codes are errors, not fuzzy matches."""
    with pytest.raises(UnknownNameError):
        states.resolve(name)
    assert states.try_resolve(name) is None


def test_get_takes_alpha3_only() -> None:
    assert states.get("VNM") is states.resolve("Viet Nam")
    assert states.get(" vnm ").code == "VNM"
    with pytest.raises(UnknownNameError) as caught:
        states.get("VN")
    assert isinstance(caught.value, LookupError)
    with pytest.raises(UnknownNameError):
        states.get("Viet Nam")


def test_state_object() -> None:
    vnm = states.get("VNM")
    assert vnm == State(
        code="VNM",
        short_name="Viet Nam",
        formal_name="Socialist Republic of Viet Nam",
        regional_group=RegionalGroup.ASIA_PACIFIC,
        status=MembershipStatus.MEMBER,
        aliases=vnm.aliases,
    )
    assert str(vnm) == "Viet Nam"
    assert vnm.alpha2 == "VN"
    assert vnm.is_member
    assert "Vietnam" in vnm.aliases
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        vnm.code = "XXX"  # type: ignore[misc]


# -- counts and groups -------------------------------------------------------------


def test_counts() -> None:
    assert len(states.all()) == 195
    assert len(states.members()) == 193
    assert [s.code for s in states.observers()] == ["PSE", "VAT"]
    codes = [s.code for s in states.all()]
    assert codes == sorted(codes)
    assert len(set(codes)) == 195


def test_regional_group_sizes() -> None:
    # un-regional-groups.csv lists Turkey in Asia-Pacific (55) and WEOG (29 with it);
    # Turkey is kept in WEOG, the group it votes with, so Asia-Pacific has 54.
    sizes = Counter(s.regional_group for s in states.all())
    assert sizes == {
        RegionalGroup.AFRICAN: 54,
        RegionalGroup.ASIA_PACIFIC: 54,
        RegionalGroup.EASTERN_EUROPEAN: 23,
        RegionalGroup.GRULAC: 33,
        RegionalGroup.WEOG: 29,
        None: 2,
    }
    assert len(states.in_group(RegionalGroup.WEOG)) == 29
    assert states.in_group("Africa") == states.in_group(RegionalGroup.AFRICAN)


@pytest.mark.parametrize(
    ("code", "group"),
    [
        ("TUR", RegionalGroup.WEOG),
        ("USA", RegionalGroup.WEOG),
        ("ISR", RegionalGroup.WEOG),
        ("KIR", RegionalGroup.ASIA_PACIFIC),
        ("VNM", RegionalGroup.ASIA_PACIFIC),
        ("VAT", None),
        ("PSE", None),
    ],
)
def test_group_of_special_cases(code: str, group: RegionalGroup | None) -> None:
    assert states.get(code).regional_group is group


# Every regional-group label in the data: UPR Info To-Rgrp/From-Rgrp (uprinfo/*.csv),
# un-regional-groups.csv Region, mledoze unRegionalGroup, and common full names.
GROUP_LABELS = {
    "Africa": RegionalGroup.AFRICAN,
    "Asia": RegionalGroup.ASIA_PACIFIC,
    "EEG": RegionalGroup.EASTERN_EUROPEAN,
    "GRULAC": RegionalGroup.GRULAC,
    "WEOG": RegionalGroup.WEOG,
    "African Group": RegionalGroup.AFRICAN,
    "Asia-Pacific Group": RegionalGroup.ASIA_PACIFIC,
    "Eastern European Group": RegionalGroup.EASTERN_EUROPEAN,
    "Asia and the Pacific Group": RegionalGroup.ASIA_PACIFIC,
    "Latin American and Caribbean Group": RegionalGroup.GRULAC,
    "Western European and Others Group": RegionalGroup.WEOG,
    "Western European and other States": RegionalGroup.WEOG,
    "Asia-Pacific": RegionalGroup.ASIA_PACIFIC,
    "African": RegionalGroup.AFRICAN,
    "Eastern European": RegionalGroup.EASTERN_EUROPEAN,
    "Group of African States": RegionalGroup.AFRICAN,
    "asia pacific": RegionalGroup.ASIA_PACIFIC,
}


@pytest.mark.parametrize(("label", "group"), sorted(GROUP_LABELS.items()))
def test_regional_group_parse(label: str, group: RegionalGroup) -> None:
    assert RegionalGroup.parse(label) is group


@pytest.mark.parametrize("group", list(RegionalGroup))
def test_regional_group_parse_values(group: RegionalGroup) -> None:
    assert RegionalGroup.parse(group.value) is group


@pytest.mark.parametrize("label", ["Observer", "&#40;Unknown&#41;", "Europe", "", "Others"])
def test_regional_group_parse_unknown(label: str) -> None:
    """'Observer' (UPR Info's label for the Holy See and Palestine) is not a group."""
    with pytest.raises(UnknownNameError) as caught:
        RegionalGroup.parse(label)
    assert caught.value.kind == "regional group"


# -- aliases ---------------------------------------------------------------------


def test_aliases_are_unique_after_normalise() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for state in states.all():
        for name in (state.short_name, state.formal_name, *state.aliases):
            owners[states.lookup_key(name)].add(state.code)
    shared = {key: codes for key, codes in owners.items() if len(codes) > 1}
    assert not shared


def test_no_alias_is_another_states_code() -> None:
    codes = {s.code: s for s in states.all()} | {s.alpha2: s for s in states.all()}
    for state in states.all():
        for alias in state.aliases:
            other = codes.get(alias.strip().upper())
            assert other is None or other is state, (alias, state.code)


@given(st.sampled_from(states.all()))
def test_every_name_and_code_resolves_to_its_state(state: State) -> None:
    assert states.resolve(state.code) is state
    assert states.resolve(state.alpha2) is state
    assert states.resolve(state.short_name) is state
    assert states.resolve(state.formal_name) is state
    assert states.get(state.code) is state
    for alias in state.aliases:
        assert states.resolve(alias) is state, alias
        article = "" if normalise(alias).startswith("the ") else "the "
        assert states.resolve(f"  {article}{alias.upper()} ") is state, alias


@given(st.sampled_from(states.all()), st.sampled_from(["", "the ", "The "]))
def test_lookup_key_ignores_leading_article(state: State, article: str) -> None:
    assert states.lookup_key(article + state.short_name) == states.lookup_key(state.short_name)


def _spellings() -> list[tuple[str, str, str]]:
    with (TEST_DATA / "state_spellings.csv").open(encoding="utf-8", newline="") as stream:
        return [(r["spelling"], r["code"], r["source"]) for r in csv.DictReader(stream)]


@pytest.mark.parametrize(("spelling", "code", "source"), _spellings())
def test_spellings_found_in_real_data(spelling: str, code: str, source: str) -> None:
    """Real variant spellings (tests/data/state_spellings.csv) resolve."""
    assert states.resolve(spelling).code == code, source


# -- ratifications -----------------------------------------------------------------


def test_ratification_table_shape() -> None:
    rows = ratifications.all()
    # 193 members x 18 instruments, less Gabon/OP-CRC-IC (no row in the source)
    # and Zimbabwe/OP-CEDAW (self-contradictory row, left out).
    assert len(rows) == 193 * 18 - 2
    assert {r.treaty for r in rows} == set(treaties.codes())
    assert {r.state for r in rows} == {s.code for s in states.members()}
    assert len({(r.state, r.treaty) for r in rows}) == len(rows)
    for r in rows:
        assert (r.year is not None) == (r.status is RatificationStatus.PARTY), r
        assert r.year is None or 1945 < r.year <= 2022, r
        assert r.source.startswith("hr_status_"), r
        assert "world-politics-datalab" in r.source, r


def test_viet_nam() -> None:
    by_treaty = {r.treaty: r for r in ratifications.for_state("Viet Nam")}
    assert len(by_treaty) == 18
    assert by_treaty["CAT"] == Ratification(
        "VNM", "CAT", RatificationStatus.PARTY, 2015, by_treaty["CAT"].source
    )
    assert by_treaty["CPED"].status is RatificationStatus.NONE
    assert by_treaty["CPED"].year is None
    assert ratifications.status("VN", "Convention against Torture") is RatificationStatus.PARTY
    assert ratifications.ratification("Vietnam", "ICCPR") == by_treaty["ICCPR"]


@pytest.mark.parametrize(
    ("state", "treaty", "status"),
    [
        ("Jamaica", "ICCPR-OP1", RatificationStatus.NONE),  # denounced 1997
        ("Trinidad and Tobago", "ICCPR-OP1", RatificationStatus.NONE),  # denounced 2000
        ("Tuvalu", "ICCPR", RatificationStatus.NONE),  # 1976 was the UK's ratification
        ("Solomon Islands", "ICCPR", RatificationStatus.NONE),
        ("Solomon Islands", "ICESCR", RatificationStatus.PARTY),
        ("Brunei Darussalam", "ICERD", RatificationStatus.NONE),
        ("Timor-Leste", "ICCPR", RatificationStatus.PARTY),  # iso2 'TP' in the source
        ("South Sudan", "OP-CRC-IC", RatificationStatus.NONE),  # iso2 'S' in the source
        ("United States of America", "CRC", RatificationStatus.SIGNATORY),
        ("Kazakhstan", "ICCPR-OP1", RatificationStatus.PARTY),  # flags all 0, status + year
    ],
)
def test_ratification_status_quirks(state: str, treaty: str, status: RatificationStatus) -> None:
    assert ratifications.status(state, treaty) is status


@pytest.mark.parametrize(
    ("state", "treaty"),
    [("Gabon", "OP-CRC-IC"), ("Zimbabwe", "OP-CEDAW"), ("Holy See", "CRC"), ("PSE", "CAT")],
)
def test_missing_records_are_not_guessed(state: str, treaty: str) -> None:
    assert ratifications.ratification(state, treaty) is None
    with pytest.raises(NotRecordedError) as caught:
        ratifications.status(state, treaty)
    assert isinstance(caught.value, LookupError)


def test_observers_have_no_records() -> None:
    assert ratifications.for_state("Holy See") == ()


def test_unknown_names_raise() -> None:
    with pytest.raises(UnknownNameError):
        ratifications.status("Atlantis", "CAT")
    with pytest.raises(UnknownNameError):
        ratifications.status("Viet Nam", "Convention on Everything")


def test_for_treaty() -> None:
    rows = ratifications.for_treaty("OP-CRC-IC")
    assert len(rows) == 192
    assert "GAB" not in {r.state for r in rows}
