"""``python -m upr``: the same command line as the ``upr`` script."""

from upr.cli import main

if __name__ == "__main__":
    main(prog_name="upr")
