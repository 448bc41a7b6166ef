"""Public pages assembled from parts rendered once per change, not once per request.

Every reader of a public page sees the same page until something public changes, so what
a page shows (its rendered text and photos, the navigation, the lists of cases, the route
from an address to a page with its Site and view restrictions) is kept in the cache
under the *content generation* (generation.py): a number in the database drawn anew by
every change to public content. A request reads it once (one small query) and finds the
parts under it (parts.py, the {% published %} tag, routing.py); after a publish the
number has changed and the parts are made afresh by the next request, in every process on
every host at once. Old generations' parts expire by themselves.

Measured (bench/load.py, tests/published): the case page's own work fell from 12 queries
and ~20 ms of CPU to one query and ~2 ms. The front cache (deploy/nginx) still serves the
bulk of anonymous traffic; this is what it asks for on a miss, and what every request it
does not keep (logged-in editors, the first reader after a publish) gets.
"""
