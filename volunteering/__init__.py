"""The staff pages of volunteer service: team rosters and the participation page, a person's ledger and
service record, star levels and in-service Party members' reporting.

They read activities and participation, so they sit above ``activities``; the directory of people and
teams they show is ``volunteers``.
"""
