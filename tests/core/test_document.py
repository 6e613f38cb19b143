"""The document: working copy, edit list, and render == apply(working, visible edits)."""

import numpy as np

from desktop_app.core.document import WORKING_MAX_SIDE, Document, EditEntry, working_copy
from desktop_app.core.edits import Fill, Occlude, apply


def test_working_copy_shrinks_big_photos_only():
    big = np.zeros((3000, 4000, 3), np.uint8)
    assert working_copy(big).shape == (1200, WORKING_MAX_SIDE, 3)
    small = np.zeros((300, 451, 3), np.uint8)
    assert working_copy(small) is small


def test_render_is_apply_of_the_visible_edits():
    source = np.random.default_rng(0).integers(0, 256, (2000, 3000, 3), dtype=np.uint8)
    document = Document(source, "photo.jpg")
    first, second = Occlude(0.1, 0.1, 0.4, 0.4), Occlude(0.5, 0.5, 0.9, 0.9, fill=Fill.BLACK)
    document.insert(0, EditEntry(first))
    document.insert(1, EditEntry(second, visible=False))
    np.testing.assert_array_equal(document.render(), apply(document.working, [first]))
    np.testing.assert_array_equal(document.render(full_resolution=True), apply(source, [first]))
    old = document.replace(1, document.entries[1].toggled())
    assert not old.visible and document.edits == [first, second]
    assert document.remove(0).edit == first and document.edits == [second]
