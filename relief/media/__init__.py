"""Photos: BAST scans and residents' pictures, stored by content hash outside the rows."""
