"""nl-core-Patient name parts into the register's fields."""

import datetime

import pytest

from his.names import NameDataError, name_data
from testhis.patients import nl_name


def patient(name, **extra):
    return {
        "resourceType": "Patient",
        "id": "x",
        "name": [name],
        "birthDate": "1940-02-03",
        "gender": "male",
        **extra,
    }


@pytest.mark.parametrize(
    "usage, surname, birth_name",
    [
        ("NL1", "van Dam", ""),
        ("NL2", "de Vries", "van Dam"),
        ("NL3", "de Vries-van Dam", "van Dam"),
        ("NL4", "van Dam-de Vries", "van Dam"),
    ],
)
def test_name_usage_assembles_the_surname(usage, surname, birth_name):
    name = nl_name("J.", "Dam", own_prefix="van", partner="Vries", partner_prefix="de", usage=usage)
    data = name_data(patient(name))
    assert (data.surname, data.birth_name, data.name_usage) == (surname, birth_name, usage)
    assert data.initials == "J." and data.date_of_birth == datetime.date(1940, 2, 3)
    assert data.sex == "male"


def test_initials_from_given_names_when_not_marked():
    data = name_data(patient({"family": "Bakker", "given": ["Jan Pieter"]}))
    assert (data.initials, data.surname) == ("J.P.", "Bakker")


def test_official_name_wins_over_others():
    names = [
        {"use": "usual", "family": "Roepnaam", "given": ["X"]},
        {"use": "official", "family": "Officieel", "given": ["Y"]},
    ]
    assert name_data({**patient({}), "name": names}).surname == "Officieel"


@pytest.mark.parametrize(
    "resource",
    [
        {"resourceType": "Patient", "birthDate": "1940-02-03"},
        patient({"family": "Bakker", "given": ["J."]}, birthDate="1940"),
        {"resourceType": "Practitioner", "name": [{"family": "X"}]},
        patient({"family": "Bakker"}),
    ],
    ids=["no-name", "year-only", "not-a-patient", "no-initials"],
)
def test_incomplete_patients_are_refused(resource):
    with pytest.raises(NameDataError):
        name_data(resource)
