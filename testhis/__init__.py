"""A test HIS (GP information system) for the tests and the demo: NOT part of the portal.

See testhis/app.py and docs/his-link.md.
"""
