"""The coverage map: Folium builds it in Python, templates place its parts, all assets local."""
