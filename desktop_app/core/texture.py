"""Textures: the bundled library and region fills. (being written)"""
