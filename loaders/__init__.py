"""plankg.loaders"""
