"""``python -m stackpick``."""

from stackpick.cli import main

main()
