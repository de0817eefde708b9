"""Claims read from sentences written for these tests: outcome, figure, victims, claimant, subsets."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from harmledger.extract import extract_claims
from harmledger.models import Article

PUBLISHED = date(2018, 11, 16)  # a Friday


def _claims(text: str, published: date | None = PUBLISHED) -> list[dict[str, Any]]:
    article = Article(id="t", text=text, published=published)
    return [c.to_json(article) for c in extract_claims(article)]


def _one(text: str) -> dict[str, Any]:
    claims = _claims(text)
    assert len(claims) == 1, claims
    return claims[0]


@pytest.mark.parametrize(
    ("text", "outcome", "low", "high", "qualifier", "victims"),
    [
        ("Shelling on the market killed 12 civilians, medics said.", "killed", 12, 12, "exact", "civilians"),
        ("At least nine people died when the bridge was hit.", "killed", 9, None, "at_least", "people"),
        ("The strike left 40 people dead and wounded.", "killed_or_injured", 40, 40, "exact", "people"),
        ("Some 15 villagers were wounded in the raid.", "injured", 15, 15, "about", "villagers"),
        ("Eleven fighters were killed in the clashes.", "killed", 11, 11, "exact", "fighters"),
        ("Rescuers said seven people are still missing.", "missing", 7, 7, "exact", "people"),
        ("The death toll rose to 41 on Monday.", "killed", 41, 41, "exact", "people"),
        ("Dozens of civilians were killed in the bombardment.", "killed", None, None, "vague", "civilians"),
        ("The bodies of 19 people were pulled from the rubble.", "bodies_recovered", 19, 19, "exact", "people"),
        ("A drone strike killed twenty-three people near the bakery.", "killed", 23, 23, "exact", "people"),
        ("Nearly 40 children were injured when the school was shelled.", "injured", None, 40, "up_to", "children"),
    ],
)
def test_outcome_figure_and_victims(
    text: str, outcome: str, low: int | None, high: int | None, qualifier: str, victims: str
) -> None:
    claim = _one(text)
    assert (claim["outcome"], claim["min"], claim["max"], claim["qualifier"], claim["victims"]) == (
        outcome,
        low,
        high,
        qualifier,
        victims,
    )
    assert claim["quote"] in text


@pytest.mark.parametrize(
    "text",
    [
        "More than 2,000 soldiers are stationed at the base.",
        "The coalition carried out 14 airstrikes near the river.",
        "Officials said 30 percent of the town lies in ruins.",
        "The ministry sent two letters to the Security Council.",
        "The war, which began in 2011, has displaced millions.",
        "The convoy of 40 trucks reached the camp on Sunday.",
        "A 1,500-strong brigade moved into the district.",
    ],
)
def test_numbers_that_are_not_casualties(text: str) -> None:
    assert _claims(text) == []


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        (
            "The strike killed 8 people, according to the Syrian Observatory for Human Rights.",
            "Syrian Observatory for Human Rights",
        ),
        ("SANA reported that 12 civilians were killed.", "SANA"),
        ("The raid killed 5 people, the Britain-based monitor said.", "Syrian Observatory for Human Rights"),
        ("Iraq's health ministry said 14 people were killed.", "Iraqi health ministry"),
        ("Local official Ahmad Khalil said 6 people died.", "Ahmad Khalil"),
        ("The airstrike reportedly killed 9 people.", None),
        ("Nine people were hurt in the blast, a medic in the town told reporters.", "medic in the town"),
        (
            "The shelling killed 4 people, police in the district said, adding that the road was closed.",
            "police in the district",
        ),
        (
            "The Britain-based monitor gave a higher toll, saying 30 people had died.",
            "Syrian Observatory for Human Rights",
        ),
        ("UN OCHA said 7 civilians were killed.", "UN OCHA"),
    ],
)
def test_claimant_is_normalised(text: str, claimant: str | None) -> None:
    assert _one(text)["claimant"] == claimant


def test_claimant_carries_to_the_next_sentence_of_the_statement() -> None:
    text = (
        "Eleven people were killed when the shells hit the square, a security source told state radio. "
        "Twenty others were wounded.\n\nThe council said it would rebuild the square. Two people died later."
    )
    killed, wounded, later = _claims(text)
    assert killed["claimant"] == wounded["claimant"] == "security source"
    assert later["claimant"] is None  # a new paragraph, and a new statement in between


@pytest.mark.parametrize(
    "text",
    [
        "Hundreds of civilians had been killed and thousands more injured in the siege.",
        "At least 16 civilians had been killed and more than 40 injured, the agency said.",
    ],
)
def test_second_figure_keeps_its_own_outcome(text: str) -> None:
    killed, injured = _claims(text)
    assert (killed["outcome"], injured["outcome"]) == ("killed", "injured")


def test_relay_keeps_claimant_and_via() -> None:
    claim = _one("Russia's defence ministry, citing Damascus, said 20 civilians were killed.")
    assert (claim["claimant"], claim["via"]) == ("Russian defence ministry", "Syrian government")


def test_subset_is_linked_to_its_parent_and_not_added() -> None:
    parent, child = _claims("The strike killed 31 civilians, including 9 children, the ministry said.")
    assert child["subset_of"] == parent["quote"]
    assert (child["min"], child["victims"], child["outcome"]) == (9, "children", "killed")
    assert parent["subset_of"] is None


def test_family_subset_across_sentences() -> None:
    text = (
        "Airstrikes on Monday killed at least 20 people in the village. The bombs wiped out a family of 6 in one house."
    )
    parent, child = _claims(text)
    assert child["subset_of"] == parent["quote"]


def test_quote_speaker_carries_over_to_the_next_quotation() -> None:
    text = (
        '"We counted 14 bodies in the first street," rescue worker Omar Haddad told reporters. '
        '"Another 6 people were buried in the cemetery by nightfall."'
    )
    first, second = _claims(text)
    assert first["claimant"] == second["claimant"] == "Omar Haddad"


def test_cumulative_tally_is_marked() -> None:
    claim = _one("Since 2014, more than 1,200 civilians have been killed in the province.")
    assert claim["cumulative"] is True
    assert claim["min"] == 1201


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("On Thursday, airstrikes killed 10 people.", "2018-11-15", "day"),
        ("Airstrikes killed 10 people on Friday.", "2018-11-16", "day"),
        ("Last Friday, airstrikes killed 10 people.", "2018-11-09", "day"),
        ("Airstrikes killed 10 people yesterday.", "2018-11-15", "day"),
        ("Airstrikes in early May killed 10 people.", "2018-05", "month"),
        ("Airstrikes last month killed 10 people.", "2018-10", "month"),
        ("Airstrikes on 3 November 2018 killed 10 people.", "2018-11-03", "day"),
        ("On Tuesday, the ministry condemned a strike that killed 10 people.", "2018-11-13", "on_or_before"),
        ("The ministry said on Monday that an earlier strike killed 10 people.", "2018-11-12", "before"),
        ("Since 2014, the group has documented the deaths of 900 civilians.", "2014/2018-11-16", "period"),
        ("Since the start of 2018, mines have killed 40 people.", "2018-01-01/2018-11-16", "period"),
        ("So far this year, 75 civilians have been killed.", "2018-01-01/2018-11-16", "period"),
        ("Over the past month, 12 civilians lost their lives.", "2018-10-17/2018-11-16", "period"),
        (
            "Teams have pulled 60 bodies from the grave since digging began on 8 July.",
            "2018-07-08/2018-11-16",
            "period",
        ),
        ("Some 300 people went missing between 2014 and 2017.", "2014/2017", "period"),
        ("In September, our team documented the deaths of 80 civilians.", "2018-09", "month"),
    ],
)
def test_event_dates_resolve_against_publication(text: str, value: str, precision: str) -> None:
    claim = _one(text)
    assert (claim["date"], claim["date_precision"]) == (value, precision)


def test_tally_documented_over_a_month_is_cumulative() -> None:
    claim = _one("In September, our team documented the deaths of 80 civilians.")
    assert claim["cumulative"] is True


def test_later_paragraph_takes_the_event_date_of_the_lead() -> None:
    text = (
        "A strike on the bakery on Wednesday killed 9 people, the monitor said.\n\n"
        "Rescuers said 14 people were wounded.\n\n"
        "In a separate incident, two shepherds were killed by a mine."
    )
    lead, wounded, separate = _claims(text)
    assert lead["date"] == wounded["date"] == "2018-11-14"
    assert wounded["date_precision"] == "day"
    assert separate["date_precision"] == "on_or_before"


def test_event_date_is_not_carried_past_a_statement_about_another_day() -> None:
    text = (
        "Airstrikes on Wednesday killed 9 people in the town.\n\n"
        "On Tuesday, the ministry condemned a strike that killed 5 people.\n\n"
        "The war has killed thousands of civilians in the province."
    )
    *_, background = _claims(text)
    assert background["date_precision"] == "on_or_before"


def test_relative_date_without_publication_stays_unresolved() -> None:
    (claim,) = _claims("On Thursday, airstrikes killed 10 people.", published=None)
    assert (claim["date"], claim["date_precision"], claim["date_phrase"]) == (
        None,
        "relative_unresolved",
        "On Thursday",
    )


@pytest.mark.parametrize(
    ("text", "perpetrator", "attack"),
    [
        ("US airstrikes killed 12 people.", "United States", "airstrike"),
        ("Russian jets killed 12 people.", "Russia", "airstrike"),
        ("Regime barrel bombs killed 12 people.", "Syrian government", "barrel bomb"),
        ("A strike by U.S.-led coalition warplanes killed 12 people.", "US-led coalition", "airstrike"),
    ],
)
def test_perpetrator_and_attack(text: str, perpetrator: str, attack: str) -> None:
    claim = _one(text)
    assert (claim["perpetrator"], claim["attack"]) == (perpetrator, attack)


@pytest.mark.parametrize(
    ("stance_sentence", "stance"),
    [
        ("The coalition confirmed it had carried out the strike.", "confirmed"),
        ("The coalition denied any role in the strike.", "denied"),
        ("The coalition said it may have been responsible for the strike.", "may have been responsible"),
        ("The coalition declined to comment on the strike.", "no comment"),
        # One phrase for each way of saying it: each must pass the stance prefilter (actors._STANCE_KEYS).
        ("The coalition said its aircraft might have hit the house in the strike.", "may have been responsible"),
        ("A coalition spokesman said it could have been responsible for the raid.", "may have been responsible"),
        ("The coalition said it was possibly responsible for the strike.", "may have been responsible"),
        ("The coalition did not confirm the strike.", "no comment"),
        ("The coalition had no comment on the raid.", "no comment"),
        ("The coalition would not comment on the strike.", "no comment"),
        ("The coalition did not respond to questions about the strike.", "no comment"),
        ("The coalition neither confirmed nor denied the strike.", "no comment"),
        ("The coalition has not commented on the report.", "no comment"),
        ("The coalition did not respond to the accusation.", "no comment"),
        ("The coalition declined to comment on the allegations.", "no comment"),
        ("The coalition denies any role in the strike.", "denied"),
        ("The coalition rejected the reports of the strike.", "denied"),
        ("The coalition dismissed the reports of the raid.", "denied"),
        ("The coalition said it was not responsible for the raid.", "denied"),
        ("The coalition said it did not carry out any strikes there.", "denied"),
        ("The coalition has claimed that it conducted no strikes near the town that week.", "denied"),
        ("The coalition said it launched no airstrikes in the area.", "denied"),
        ("The coalition acknowledged the strike.", "confirmed"),
        ("The coalition admitted the raid.", "confirmed"),
        ("The coalition conceded that the strike hit the house.", "confirmed"),
        ("The coalition took responsibility for the strike.", "confirmed"),
        ("The coalition claimed responsibility for the raid.", "confirmed"),
    ],
)
def test_belligerent_stance(stance_sentence: str, stance: str) -> None:
    claim = _one(f"Coalition airstrikes killed 12 people. {stance_sentence}")
    assert claim["belligerent_stance"] == stance


def test_a_belligerent_that_declines_to_comment_is_not_made_the_perpetrator() -> None:
    claim = _one("A blast killed 9 people in the market. The coalition declined to comment on the report.")
    assert (claim["perpetrator"], claim["belligerent_stance"]) == (None, "no comment")


def test_offsets_index_the_article_text() -> None:
    text = "In brief.\n\nA strike killed 4 people, the agency said.\n\nNothing else."
    (claim,) = _claims(text)
    assert text[claim["start"] : claim["end"]] == claim["quote"]


def test_blamed_actor_is_the_perpetrator_when_none_is_named_at_the_figure() -> None:
    claim = _one("A raid on the market killed 23 civilians, the state agency said, and blamed the US-led coalition.")
    assert claim["perpetrator"] == "US-led coalition"


@pytest.mark.parametrize(
    ("stance_sentence", "stance"),
    [
        ("The coalition said it was possible civilians had been harmed.", "may have been responsible"),
        ("The coalition said it had carried out no strikes near the town that week.", "denied"),
        ("The coalition later said its aircraft had unintentionally killed civilians there.", "confirmed"),
    ],
)
def test_stance_read_from_the_belligerents_own_statement(stance_sentence: str, stance: str) -> None:
    claim = _one(f"An airstrike killed 12 people in the village on Monday. {stance_sentence}")
    assert (claim["perpetrator"], claim["belligerent_stance"]) == ("US-led coalition", stance)


def test_a_stance_is_not_given_to_another_belligerents_strike() -> None:
    text = "Russian jets killed 12 people in the village. The coalition denied any role in the strike."
    claim = _one(text)
    assert (claim["perpetrator"], claim["belligerent_stance"]) == ("Russia", None)
