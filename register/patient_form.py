"""The patient form page: the patient form, its problems and its care-provider rows.

Shared by the register's create and edit views and by the HIS import (his/views.py),
which shows the same create form pre-filled with the HIS's name data.
"""

from dataclasses import dataclass

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from config.ids import parse_id
from register import selectors
from register.forms import SECTION_ANCHORS, CareProviderFormSet, PatientForm, ProblemsForm
from register.models import Patient, TargetGroup

ADD_PROVIDER = "add_provider"
# Posted (by patient-form.js) as the user leaves a date field: check the dates, save nothing.
CHECK_DATES = "check_dates"


@dataclass
class PatientForms:
    form: PatientForm
    problems: ProblemsForm
    providers: CareProviderFormSet

    def valid(self) -> bool:
        return patient_forms_valid(self.form, self.problems, self.providers)


def create_forms(request, membership, target_group, *, initial=None) -> PatientForms:
    """The empty (or `initial`-filled) forms of a new patient, bound when posted."""
    data = form_data(request)
    return PatientForms(
        form=PatientForm(data, membership=membership, target_group=target_group, initial=initial),
        problems=ProblemsForm(data, sub_fields=selectors.sub_fields_for(target_group), recorded={}),
        providers=CareProviderFormSet(
            data, instance=Patient(), membership=membership, prefix="providers"
        ),
    )


def chosen_target_group(request) -> TargetGroup | None:
    target_group_id = parse_id(request.GET.get("target_group"))
    if target_group_id is None:
        return None
    return TargetGroup.objects.filter(pk=target_group_id, is_active=True).first()


def form_data(request):
    """The posted patient form; "Add a care provider" asks for it back with one more
    provider row, unsaved (htmx swaps only the rows; without JavaScript the whole page)."""
    if request.method != "POST":
        return None
    data = request.POST
    total = data.get("providers-TOTAL_FORMS", "")
    if ADD_PROVIDER in data and total.isdigit():
        data = data.copy()
        data["providers-TOTAL_FORMS"] = str(int(total) + 1)
    return data


def saving(request) -> bool:
    return request.method == "POST" and not {ADD_PROVIDER, CHECK_DATES} & request.POST.keys()


def date_checks(request, form) -> HttpResponse:
    """The date rules' verdict on the dates typed so far, as out-of-band fragments that
    replace each date field's message (htmx); nothing is saved."""
    return render(request, "register/_date_checks.html", {"checks": form.date_checks()})


def section(request) -> str:
    """The form section the user was in (patient-form.js keeps it in the post), or ""."""
    posted = request.POST.get("section", "")
    return posted if posted in SECTION_ANCHORS else ""


def to_section(request, group_id: int, patient_id: int):
    """After saving: the patient page, at the part that shows the section just edited."""
    url = reverse("register:detail", args=[group_id, patient_id])
    anchor = SECTION_ANCHORS.get(section(request))
    return redirect(f"{url}#{anchor}" if anchor else url)


def patient_forms_valid(*forms) -> bool:
    # Validate every form (not stopping at the first invalid one), so all errors show.
    results = [form.is_valid() for form in forms]
    return all(results)


def render_patient_form(request, membership, form, problems, providers, target_group, **extra):
    status = 409 if extra.get("conflict") else 200
    return render(
        request,
        "register/patient_form.html",
        {
            "group": membership.group,
            "form": form,
            "problems": problems,
            "providers": providers,
            "target_group": target_group,
            "adding_row": ADD_PROVIDER in request.POST,
            "section": section(request),
            **extra,
        },
        status=status,
    )
