"""Each published finding in kneeload.literature states whether the model reproduces it (direction
and size); this checks every such statement against the model, so a change that breaks an
agreement, or mends a disagreement, fails until the table (and the science report) says so."""

import pytest

from kneeload.literature import FINDINGS, STUDIES, agrees, judge, model_effect


@pytest.mark.parametrize(
    "finding",
    FINDINGS,
    ids=lambda f: (
        f"{f.study}-{f.metric}-{f.conditions[-1]:.3g}"
        if not isinstance(f.conditions[-1], str)
        else f"{f.study}-{f.metric}-{f.conditions[-1]}"
    ),
)
def test_the_table_says_whether_the_model_reproduces_the_finding(finding):
    model = model_effect(finding)
    assert agrees(finding, model) == finding.reproduced, (
        f"{finding.citation}: published {finding.published}, model {model:.4g}, judged {judge(finding, model)}; "
        f"the table says reproduced={finding.reproduced}"
    )
    if not finding.reproduced:
        assert finding.explanation, "a finding the model does not reproduce needs the model assumption that causes it"


def test_every_finding_belongs_to_a_study_and_has_a_source():
    for f in FINDINGS:
        assert f.study in STUDIES and f.citation and f.note
        assert f.metric in STUDIES[f.study].metrics
        assert all(c in STUDIES[f.study].values for c in f.conditions), f
