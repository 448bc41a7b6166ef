"""{% published "name" vary … %}…{% endpublished %}: a part of a public page rendered once
per content generation (published/) and taken from the cache after that.

Like Django's {% cache %}, but with no timeout to guess: a change to public content makes
new keys. The variables after the name are what the part depends on besides the content
(the page, a filter, the day). Rendered afresh in a preview (it shows a draft) and for
anything but a GET."""

from django import template
from django.utils.safestring import mark_safe

from published import parts as published

register = template.Library()


class PublishedNode(template.Node):
    def __init__(self, nodelist, vary_on):
        self.nodelist = nodelist
        self.vary_on = vary_on

    def render(self, context):
        request = context.get("request")
        if request is None or not published.plain_request(request):
            return self.nodelist.render(context)
        key = published.key_of("part", *(value.resolve(context) for value in self.vary_on))
        return mark_safe(published.remember(request, key, lambda: self.nodelist.render(context)))  # noqa: S308 - rendered by the template engine


@register.tag("published")
def do_published(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% published %} needs a name.")
    nodelist = parser.parse(("endpublished",))
    parser.delete_first_token()
    return PublishedNode(nodelist, [parser.compile_filter(bit) for bit in bits[1:]])
