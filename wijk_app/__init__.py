"""The thin app-side layer: session state, caching of core loaders, shared widgets.

Pages import from here and from ``wijk_core``; ``wijk_core`` never imports this.
"""
