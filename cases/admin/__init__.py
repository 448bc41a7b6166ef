"""The case domain in Wagtail's admin, beyond editing pages: listings of records that are
not pages (modeladmin.py), menu items (menu.py), page buttons (buttons.py), dashboard
panels (dashboard.py), private file views (files.py), and the one urlconf that mounts
every admin view of the domain (urls.py). cases/wagtail_hooks.py only registers these.
"""
