"""Crop edit: keep a rectangle of the image. (being written)"""
