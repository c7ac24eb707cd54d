"""Project-wide commands: `flask demo ...`, `flask backup`, `flask restore`."""

from relief.core.backup import backup_command
from relief.core.demo_loader import demo
from relief.core.restore import restore_command

commands = [demo, backup_command, restore_command]
