"""World-scale benchmarks of ``upr`` against hand-written pandas/networkx baselines.

``python -m benchmarks [--scale N] [--repeat K] [--only NAME]`` (or ``nox -s bench``);
see ``docs/performance.md``.
"""
