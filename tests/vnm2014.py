"""A real slice of Viet Nam's second UPR review, as model objects, for tests.

Paragraphs, texts and recommending states: Working Group report A/HRC/26/6
(``shared/data/wg-reports/vietnam2014.txt``), paragraphs 143.10, 143.12,
143.13, 143.15 and 143.198. Responses, action categories and issues: UPR Info
export ``shared/data/uprinfo/17-20.csv`` (rows for the same recommendations).
"""

from __future__ import annotations

import upr
from upr.model.recommendations import recommendation_id

REVIEW = upr.Review.upr(
    "VNM", 18, hrc_session=26, documents=(upr.Document.from_symbol("A/HRC/26/6"),)
)
TORTURE = ("International instruments", "Torture and other CID treatment")


def paragraph(
    number: str,
    text: str,
    states: tuple[str, ...],
    response: str,
    action: int,
    themes: tuple[str, ...],
    treaties: tuple[str, ...] = (),
) -> upr.Recommendation:
    """One recommendation paragraph of A/HRC/26/6 with its UPR Info coding."""
    return upr.Recommendation(
        id=recommendation_id(symbol="A/HRC/26/6", paragraph=number, review=REVIEW.id, text=text),
        text=text,
        review=REVIEW.id,
        mechanism="UPR",
        state_under_review="VNM",
        cycle=2,
        session=18,
        recommending_states=states,
        response=upr.Response.parse(response, "uprinfo:17-20.csv"),
        action_category=upr.ActionCategory(action),
        themes=themes,
        treaties=treaties,
        symbol="A/HRC/26/6",
        paragraph=number,
        provenance=(
            upr.FieldSource(
                "wg-report-txt",
                upr.Location("vietnam2014.txt", symbol="A/HRC/26/6", paragraph=number),
                ("text", "paragraph", "recommending_states"),
            ),
            upr.FieldSource("uprinfo-csv", upr.Location("17-20.csv"), ("response",)),
        ),
    )


RECOMMENDATIONS = (
    paragraph(
        "143.10",
        "Take the necessary steps for timely ratification of CAT",
        ("DNK",),
        "Accepted",
        4,
        TORTURE,
        ("CAT",),
    ),
    paragraph("143.12", "Ratify CAT", ("GAB", "MLI", "SVK"), "Accepted", 5, TORTURE, ("CAT",)),
    paragraph(
        "143.13", "Ratify CAT as soon as possible", ("POL", "CHE"), "Accepted", 5, TORTURE, ("CAT",)
    ),
    paragraph(
        "143.15",
        "Promptly ratify CAT and sign its Optional Protocol (France); Ensure speedy ratification"
        " of CAT and the Optional Protocol thereto (Czech Republic); Ratify CAT and its Optional"
        " Protocol (Austria, Uruguay)",
        ("FRA", "CZE", "AUT", "URY"),
        "Noted",
        5,
        ("Detention", *TORTURE),
        ("CAT", "OP-CAT"),
    ),
    paragraph(
        "143.198",
        "Continue increasing investment in education and health through its successful social"
        " policies",
        ("VEN",),
        "Accepted",
        2,
        ("Right to education", "Right to health"),
    ),
)

DATASET = upr.Dataset(RECOMMENDATIONS, [REVIEW])
