"""Number boxes take numbers as people type them: thousands commas, spaces and Thai digits."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django import forms

from nokrabob.core.forms import BEModelForm, NumberTextInput, TypedDecimalField, TypedIntegerField
from nokrabob.core.thai import typed_number
from nokrabob.projects.forms import ActivityForm


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("28,500", "28500"),
        ("๔๕", "45"),
        (" 1 200 ", "1200"),
        ("๒๘,๕๐๐.๕๐", "28500.50"),
        ("1\u00a0000", "1000"),
    ],
)
def test_typed_number_reads_what_people_type(typed: str, read: str) -> None:
    assert typed_number(typed) == read


def test_whole_numbers_with_commas_thai_digits_and_spaces() -> None:
    field = TypedIntegerField()
    assert field.clean("1,140") == 1140
    assert field.clean("๔๕") == 45
    assert field.clean(" 12 000 ") == 12000
    with pytest.raises(forms.ValidationError):
        field.clean("สี่สิบห้า")
    with pytest.raises(forms.ValidationError):
        field.clean("12.5")


def test_amounts_with_commas_and_thai_digits() -> None:
    field = TypedDecimalField(max_digits=14, decimal_places=2)
    assert field.clean("28,500") == Decimal("28500")
    assert field.clean("๔๐๐,๐๐๐.๕๐") == Decimal("400000.50")
    with pytest.raises(forms.ValidationError):
        field.clean("1e30")


def test_number_boxes_are_text_boxes_with_a_number_pad() -> None:
    html = str(TypedDecimalField().widget.render("budget", "28500"))
    assert 'type="text"' in html and 'inputmode="decimal"' in html
    assert isinstance(TypedIntegerField().widget, NumberTextInput)


def test_a_real_form_takes_a_budget_typed_with_commas() -> None:
    form = ActivityForm(
        data={"name": "อบรมอาชีพ", "target_people": "๑,๒๐๐", "budget": "28,500", "months": ["1"]}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["target_people"] == 1200
    assert form.cleaned_data["budget"] == Decimal("28500")


@pytest.mark.django_db
def test_model_forms_give_number_fields_the_same_box() -> None:
    from nokrabob.registry.models import Person

    class Form(BEModelForm):
        class Meta(BEModelForm.Meta):
            model = Person
            fields = ["monthly_income"]

    form = Form(data={"monthly_income": "๑๕,๐๐๐"})
    assert isinstance(form.fields["monthly_income"], TypedDecimalField)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["monthly_income"] == Decimal("15000")
