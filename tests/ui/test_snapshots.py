"""The snapshot strip: small, and smaller still when folded to its header line."""

from __future__ import annotations

from desktop_app.core.edits import Fill, Occlude
from tests.ui.helpers import wait_for_chart

ROOM = 768  # a 1024 x 768 projector's height


def test_the_strip_takes_little_room_and_folds_to_one_line(qtbot, window):
    strip = window.snapshots
    assert strip.isHidden()  # nothing kept yet
    window.action_table["snapshot"].trigger()
    window.editor.add_edit(Occlude(0.0, 0.0, 1.0, 0.5, fill=Fill.BLACK))
    wait_for_chart(qtbot, window)
    window.action_table["snapshot"].trigger()
    assert strip.isVisible() and strip.list.count() == 2 and strip.toggle.text() == "Snapshots (2)"
    unfolded = strip.sizeHint().height()
    assert unfolded <= 0.14 * ROOM  # 165 px of 768 before; 107 now
    strip.toggle.click()
    assert not strip.list.isVisible() and not strip.is_expanded()
    folded = strip.sizeHint().height()
    assert folded <= 0.05 * ROOM and folded < unfolded / 2
    strip.toggle.click()
    assert strip.list.isVisible()


def test_removing_the_last_snapshot_hides_the_strip_and_unticks_its_toggle(qtbot, window):
    window.action_table["snapshot"].trigger()
    assert window.action_table["snapshot_strip"].isChecked()
    window.snapshots.list.setCurrentRow(0)
    window.snapshots.remove_selected()
    assert window.snapshots.isHidden() and not window.action_table["snapshot_strip"].isChecked()
