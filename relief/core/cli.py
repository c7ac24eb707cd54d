"""Project-wide commands: `flask backup`, `flask restore`."""

from relief.core.backup import backup_command
from relief.core.restore import restore_command

commands = [backup_command, restore_command]
