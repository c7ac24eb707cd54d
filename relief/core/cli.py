"""Project-wide commands: `flask backup`."""

from relief.core.backup import backup_command

commands = [backup_command]
