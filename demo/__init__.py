"""Data that is not the users': the demo world built from the five news reports (``load_demo``) and the
synthetic province the benchmarks measure (``generate_province``).

Both are bulk loaders that write rows directly, then have ``activities`` add up its monthly totals
again (``activities.services.monthly_totals_rebuild``). Nothing in the application imports this app.
"""
