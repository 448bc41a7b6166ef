"""Where uploaded files live: public media, and private files that have no public URL.

- images.py: Wagtail images and renditions; names under "private/" (unpublished
  submissions' photos) are kept in PRIVATE_MEDIA_ROOT.
- private.py: stamped scans, staged uploads, imports and book editions, all under
  PRIVATE_MEDIA_ROOT and only reachable through staff views (cases/admin/files.py).
"""
