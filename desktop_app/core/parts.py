"""Parts edits: jigsaw shuffle, move and swap parts of the image. (being written)"""
