# The Django group that gives network coordinators access to the Wagtail admin;
# created in migration 0002 and kept in step with a coordinator's networks.
COORDINATORS_GROUP = "Netwerkcoördinatoren"
