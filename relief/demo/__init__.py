"""The demo scenario: the January 2020 Banten floods, replayed (`flask --app wsgi demo load`).

Demo code lives here, above the domains it fills: each module loads one domain's part of the
scenario with that domain's own services, in the order of ``relief.demo.loader.STEPS``.
"""
