"""Project-wide commands: `flask demo ...`, `flask backup`."""

from relief.core.backup import backup_command
from relief.core.demo_loader import demo

commands = [demo, backup_command]
