"""plankg.ontology"""
