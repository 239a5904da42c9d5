"""A stand-in for the tests of how executed blocks are run and reused."""

from markupsafe import Markup


class CountingBlock:
    """A stand-in for markdown-exec's formatter that counts how often it runs."""

    def __init__(self, effect=None):
        self.runs = 0
        self.effect = effect

    def __call__(self, src, language, css_class, options, md, **kwargs):
        self.runs += 1
        if self.effect:
            self.effect()
        return Markup(f"<p>{src} #{self.runs}</p>")
