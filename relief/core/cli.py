"""Project-wide commands: `flask demo ...`."""

from relief.core.demo_loader import demo

commands = [demo]
