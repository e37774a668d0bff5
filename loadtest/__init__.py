"""`make loadtest`: Verbatim behind nginx, one replica killed and restarted under load."""
