"""First-party plugins of ``upr``.

Each module here is a plugin registered through the ``upr`` entry-point group in
``pyproject.toml``, exactly as a third-party plugin is: ``upr`` itself never
imports this package. They use only the public ``upr`` API.
"""
