"""Report.to_dict() matches the JSON Schema shipped in the package."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

from advert_assistant import assess
from advert_assistant.config import Config


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(resources.files("advert_assistant").joinpath("schema/report.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("name", ["public_sector_it.txt", "plain_nurse.txt"])
@pytest.mark.parametrize("use_model", [False, True])
def test_reports_validate(validator, fixture_advert, name, use_model):
    report = assess(fixture_advert(name), config=Config(use_model=use_model))
    errors = sorted(validator.iter_errors(json.loads(report.to_json())), key=str)
    assert not errors, errors[0].message


def test_schema_rejects_a_broken_report(validator, fixture_advert):
    data = assess(fixture_advert("plain_nurse.txt"), config=Config(use_model=False)).to_dict()
    data["scores"]["jargon"] = 140
    assert list(validator.iter_errors(data))
