#!/usr/bin/env python3
"""Build or validate the example state from a checkout: ``python build.py build``.

The same commands as ``credsite`` and ``python -m credsite``.
"""

from credsite.cli import run

if __name__ == "__main__":
    run()
