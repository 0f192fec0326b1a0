"""plankg.web: the web app for legal staff."""
