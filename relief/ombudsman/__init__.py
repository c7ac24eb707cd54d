"""The Ombudsman's desk: what needs attention first, each item a link."""
