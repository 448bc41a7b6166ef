"""Which version of the public content is live."""

from django.db import models


class ContentGeneration(models.Model):
    """A number drawn anew at every change to what public pages show (generation.py).

    In the database, not the cache: every process (web workers on several hosts, the task
    worker that publishes on schedule) must see a change at once, and a development run
    has no shared cache."""

    value = models.BigIntegerField("版本", default=0)

    class Meta:
        verbose_name = "公开内容版本"
        verbose_name_plural = "公开内容版本"

    def __str__(self):
        return str(self.value)
