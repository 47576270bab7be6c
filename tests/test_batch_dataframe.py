"""assess_dataframe: one typed result row per DataFrame row, same index."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from _batch_adverts import fake_report, install_fake_engine, make_adverts
from advert_assistant.batch import BatchInputError, assess_dataframe
from advert_assistant.batch.rows import ROW_COLUMNS, report_to_row


@pytest.fixture
def engine(monkeypatch):
    return install_fake_engine(monkeypatch)


def test_rows_follow_the_frame_index_and_match_report_to_row(engine):
    ads = make_adverts(10)
    df = pd.DataFrame(ads, index=[f"i{n}" for n in range(10)])
    out = assess_dataframe(df, text_column="text", keep=["department"], batch_size=4)
    assert list(out.index) == list(df.index)
    assert list(out.columns) == list(ROW_COLUMNS) + ["department"]
    assert out["id"].tolist() == list(df.index)  # no id column: the index label
    for (_, got), ad in zip(out.iterrows(), ads):
        want = report_to_row(got["id"], fake_report(ad["text"]), source="dataframe", extra={"department": ad["department"]})
        assert {k: (None if pd.isna(v) else v) for k, v in got.items()} == {
            k: (None if v is None else v) for k, v in want.items()}
    assert engine == [4, 4, 2]


def test_id_column_dtypes_and_bad_values(engine):
    df = pd.DataFrame({
        "ref": [1.0, 2.0, 3.0, 4.0],
        "body": ["Porter in Leeds, salary £20,000", None, "   ", np.nan],
    })
    out = assess_dataframe(df, text_column="body", id_column="ref")
    assert out["id"].tolist() == ["1", "2", "3", "4"]
    assert out["error"].isna().tolist() == [True, False, False, False]
    assert str(out["overall"].dtype) == "Int64" and out["overall"].isna().tolist() == [False, True, True, True]
    assert str(out["benefit_pension"].dtype) == "boolean"
    assert str(out["flesch_reading_ease"].dtype) == "Float64"


def test_missing_column_names_the_available_ones(engine):
    df = pd.DataFrame({"advert": ["x"]})
    with pytest.raises(BatchInputError, match=r"no text column 'text'; available columns: 'advert'"):
        assess_dataframe(df)
    with pytest.raises(BatchInputError, match=r"no keep column 'team'"):
        assess_dataframe(df, text_column="advert", keep=["team"])


def test_empty_frame_gives_empty_typed_result(engine):
    out = assess_dataframe(pd.DataFrame({"text": pd.Series([], dtype=object)}))
    assert len(out) == 0 and list(out.columns) == list(ROW_COLUMNS)
