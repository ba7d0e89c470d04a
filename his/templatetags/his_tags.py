from django import template

from his.writeback import deliveries_for

register = template.Library()


@register.simple_tag
def his_deliveries(patient):
    """The patient's last write-backs to the HIS, newest first (for the patient page)."""
    return deliveries_for(patient)
