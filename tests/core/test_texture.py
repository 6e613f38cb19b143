"""Texture: the library is real and documented; fills stay inside their mask; texture only leaves no trace."""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

import numpy as np
import pytest

from desktop_app.core.edits import EditError, apply, edit_from_dict, edit_to_dict
from desktop_app.core.imageio import save_image
from desktop_app.core.preprocess import crop_and_resize, crop_box
from desktop_app.core.regions import Region
from desktop_app.core.shape import Silhouette
from desktop_app.core.texture import (
    TextureFill,
    TextureOnly,
    TextureSource,
    cue_conflict,
    library_folder,
    load_texture,
    model_scale,
    natural_scale,
    texture_library,
    tile,
)


@pytest.fixture
def photo() -> np.ndarray:
    """A smooth gradient photo (so any texture pixel differs from it)."""
    yy, xx = np.mgrid[:120, :200]
    return np.stack([xx * 255 // 199, yy * 255 // 119, np.full_like(xx, 90)], axis=2).astype(np.uint8)


@pytest.fixture
def checker(tmp_path) -> tuple[str, np.ndarray]:
    """A 16 x 24 texture file with distinct colours, and its pixels."""
    rng = np.random.default_rng(7)
    pixels = rng.integers(0, 256, (16, 24, 3), dtype=np.uint8)
    path = tmp_path / "checker.png"
    save_image(path, pixels)
    return str(path), pixels


# -- the library -----------------------------------------------------------------------------------------


def test_library_has_a_dozen_documented_textures_some_in_colour():
    library = texture_library()
    assert len(library) >= 12
    assert len({info.name for info in library}) == len(library)
    provenance = (library_folder() / "PROVENANCE.md").read_text(encoding="utf-8")
    total = 0
    for info in library:
        assert info.path.is_file() and info.description and info.licence
        assert f"| `{info.path.name}` |" in provenance  # one provenance line per file
        pixels = load_texture(info.name)
        assert pixels.dtype == np.uint8 and pixels.ndim == 3 and pixels.shape[2] == 3
        assert 40 <= max(pixels.shape[:2]) <= 512
        total += info.path.stat().st_size
    assert total < 3 * 2**20
    assert library[-1].name == "elephant skin" and library[-1].path.name == "elephant1.png"  # the lecture's own
    coloured = [
        info for info in library if info.colour and np.ptp(load_texture(info.name).astype(int), axis=2).mean() > 8
    ]
    assert len(coloured) >= 6
    index = json.loads((library_folder() / "textures.json").read_text(encoding="utf-8"))
    assert all(
        any(terms in t["licence"] for terms in ("CC0", "public domain", "copyright", "CC BY 4.0"))
        for t in index["textures"]
    )


def test_library_textures_are_real_photos_not_flat_colour():
    for info in texture_library():
        grey = load_texture(info.name).astype(np.float32).mean(axis=2)
        assert grey.std() > 5, info.name
        assert np.abs(np.diff(grey, axis=1)).mean() > 0.5, info.name  # fine detail, not a smooth gradient


def test_texture_pixels_are_cached_and_read_only():
    first, second = load_texture("gravel"), load_texture(TextureSource.library("gravel"))
    assert first is second and not first.flags.writeable


# -- tiling ------------------------------------------------------------------------------------------------


def test_tile_has_the_requested_size_and_tile_width():
    texture = np.random.default_rng(0).integers(0, 256, (30, 40, 3), dtype=np.uint8)
    for height, width, scale in ((123, 457, 0.25), (7, 5, 1.0), (600, 80, 0.5), (50, 50, 4.0), (9, 300, 0.01)):
        out = tile(texture, height, width, scale)
        assert out.shape == (height, width, 3) and out.dtype == np.uint8
    out = tile(texture, 200, 160, 0.25)  # tile 40 x 30 px: the texture at its own size, repeated
    assert (out[:, :40] == out[:, 40:80]).all() and (out[:30] == out[30:60]).all()
    assert not (out[:, :40] == out[:, 20:60]).all()
    middle = (slice(6, 24), slice(8, 32))  # the middle two thirds are the texture's own pixels
    assert (out[middle] == texture[middle]).all()


def test_tiles_meet_without_seams():
    ramp = np.repeat(np.repeat(np.linspace(0, 255, 40)[None, :, None], 30, axis=0), 3, axis=2).astype(np.uint8)
    naive = np.tile(ramp, (4, 4, 1))  # plain repetition: a jump of 255 where the copies meet
    assert np.abs(np.diff(naive.astype(int), axis=1)).max() == 255
    out = tile(ramp, 120, 160, 0.25).astype(int)
    across = np.abs(out[:, 40] - out[:, 39]).max()
    assert across <= 2 * np.abs(np.diff(ramp.astype(int), axis=1)).max() + 1  # no larger than a step inside
    noise = np.random.default_rng(1).integers(0, 256, (30, 40, 3), dtype=np.uint8)
    out = tile(noise, 120, 160, 0.25).astype(int)
    seam = np.abs(out[:, 40] - out[:, 39]).mean()
    inside = np.abs(out[:, 20] - out[:, 19]).mean()
    assert seam < inside  # the edges are smoothed into each other


def test_tile_scales_the_texture_to_the_image_width():
    texture = np.random.default_rng(2).integers(0, 256, (50, 50, 3), dtype=np.uint8)
    out = tile(texture, 100, 400, 0.5)  # one tile = 200 px: the texture enlarged four times
    assert (out[:, :200] == out[:, 200:]).all()
    assert not (out[:, :100] == out[:, 100:200]).all()


# -- texture fill ------------------------------------------------------------------------------------------


def test_fill_stays_inside_its_mask_and_is_the_texture_there(photo):
    lasso = Region((((0.1, 0.2), (0.6, 0.1), (0.8, 0.7), (0.3, 0.9)),))
    edit = TextureFill(lasso, TextureSource.library("brick"), scale=0.3)
    original = photo.copy()
    out = edit.apply(photo)
    assert (photo == original).all()  # the input is untouched
    inside = lasso.mask(*photo.shape[:2])
    assert (out[~inside] == photo[~inside]).all()
    textured = tile(load_texture("brick"), *photo.shape[:2], 0.3)
    assert (out[inside] == textured[inside]).all()
    assert (out[inside] != photo[inside]).any(axis=1).mean() > 0.95


def test_fill_the_background_is_the_inverted_region(photo):
    body = Region.rect(0.25, 0.25, 0.75, 0.75)
    background = Region.rect(0.25, 0.25, 0.75, 0.75, invert=True)
    out = TextureFill(background, TextureSource.library("grass"), area="background").apply(photo)
    inside = body.mask(*photo.shape[:2])
    assert (out[inside] == photo[inside]).all()
    assert (out[~inside] != photo[~inside]).any(axis=1).mean() > 0.95


def test_blend_mixes_texture_and_image(photo):
    region = Region.rect(0.0, 0.0, 1.0, 1.0)
    source = TextureSource.library("galaxies")
    full = TextureFill(region, source, blend=1.0).apply(photo).astype(int)
    none = TextureFill(region, source, blend=0.0).apply(photo)
    half = TextureFill(region, source, blend=0.5).apply(photo).astype(int)
    assert (none == photo).all()
    assert np.abs(half - (full + photo) / 2).max() <= 1


def test_shading_keeps_the_light_and_shadow_but_not_the_detail():
    yy, xx = np.mgrid[:200, :200]
    lit = np.clip(60 + xx * 0.9, 0, 255).astype(np.uint8)  # dark on the left, bright on the right
    image = np.repeat(lit[:, :, None], 3, axis=2)
    region = Region.rect(0.0, 0.0, 1.0, 1.0)
    flat = TextureFill(region, TextureSource.library("gravel"), 0.2).apply(image).astype(float)
    shaded = TextureFill(region, TextureSource.library("gravel"), 0.2, shading=True).apply(image).astype(float)
    assert abs(flat[:, :40].mean() - flat[:, -40:].mean()) < 15
    assert shaded[:, -40:].mean() - shaded[:, :40].mean() > 60
    assert shaded[:, 80:120].std() > 10  # still a texture


def test_patch_source_reads_from_the_image_being_edited(photo):
    patch = TextureSource.patch(0.5, 0.5, 0.6, 0.7)  # 20 x 24 px of the photo
    out = TextureOnly(patch, scale=0.1).apply(photo)
    assert (out == tile(photo[60:84, 100:120], 120, 200, 0.1)).all()
    assert (out[4:20, 4:16] == photo[64:80, 104:116]).all()  # the patch's middle, as it is
    # after an earlier edit the patch comes from the edited image, not the original
    first = TextureFill(Region.rect(0.4, 0.4, 1.0, 1.0), TextureSource.library("retina"))
    edited = first.apply(photo)
    out = apply(photo, [first, TextureOnly(patch, scale=0.1)])
    assert (out == tile(edited[60:84, 100:120], 120, 200, 0.1)).all()


def test_file_source(photo, checker):
    path, pixels = checker
    out = TextureOnly(TextureSource.file(path), scale=0.12).apply(photo)  # 24 px tile: the file at its size
    assert (out == tile(pixels, 120, 200, 0.12)).all() and (out[3:13, 4:20] == pixels[3:13, 4:20]).all()


def test_a_file_source_keeps_the_pixels_it_was_made_with(photo, checker):
    path, pixels = checker
    source = TextureSource.file(path)
    assert (load_texture(source) == pixels).all()
    save_image(path, 255 - pixels)
    assert (load_texture(source) == pixels).all()  # the texture chosen, whatever happens to the file
    os.remove(path)
    assert (TextureOnly(source, 0.12).apply(photo) == tile(pixels, 120, 200, 0.12)).all()


def test_missing_or_bad_file_raises_a_clear_edit_error(photo, tmp_path):
    with pytest.raises(EditError, match="nowhere.png.*not found"):
        TextureSource.file(tmp_path / "nowhere.png")
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"this is no image")
    with pytest.raises(EditError, match="could not be loaded.*bad.png"):
        TextureSource.file(bad)
    with pytest.raises(EditError, match="folder"):
        load_texture(tmp_path)
    with pytest.raises(EditError, match="folder"):
        TextureSource.file(tmp_path)


def test_a_large_file_is_kept_as_the_pixels_it_gives(tmp_path, monkeypatch):
    rng = np.random.default_rng(1)
    pixels = rng.integers(0, 256, (300, 500, 3), dtype=np.uint8)
    path = tmp_path / "large.png"
    save_image(path, pixels)
    monkeypatch.setattr("desktop_app.core.texture.TEXTURE_MAX_SIDE", 200)
    monkeypatch.setattr("desktop_app.core.texture.EMBED_MAX_BYTES", 1000)
    kept = TextureSource.file(path)
    assert len(kept.data) < path.stat().st_size and kept.data.startswith(b"\x89PNG")
    assert load_texture(kept).shape == (120, 200, 3)
    monkeypatch.setattr("desktop_app.core.texture.EMBED_MAX_BYTES", 10**9)
    whole = TextureSource.file(path)
    assert whole.data == path.read_bytes() and (load_texture(whole) == load_texture(kept)).all()


def test_pixels_as_a_texture(photo):
    patch = photo[10:40, 20:60]
    source = TextureSource.from_pixels(patch, "patch of the dog")
    assert source.kind == "file" and source.describe() == "file patch of the dog"
    assert (load_texture(source) == patch).all()
    assert edit_from_dict(json.loads(json.dumps(edit_to_dict(TextureOnly(source))))).source == source


def test_model_scale_makes_a_texture_pixel_one_input_pixel(model):
    spec = model.spec  # 224 of 256: the model sees the centre 87.5 % of the short side
    assert model_scale(112, (256, 256, 3), spec) == pytest.approx(112 / 224 * 224 / 256)
    large = model_scale(112, (3000, 4000, 3), spec)
    assert large * 4000 == pytest.approx(112 * 2625 / 224)  # 2625 photo pixels become 224 input pixels
    image = np.zeros((600, 800, 3), np.uint8)
    assert load_texture("tabby fur").shape[1] == 150
    tiled = TextureOnly(TextureSource.library("tabby fur"), model_scale(150, image.shape, spec)).apply(image)
    view = crop_and_resize(tiled, spec).astype(float)  # what the model sees: copies 150 input pixels apart
    difference = {shift: np.abs(view[:, shift:] - view[:, : 224 - shift]).mean() for shift in range(100, 200)}
    assert abs(min(difference, key=difference.get) - 150) <= 2


# -- texture only and cue conflict -------------------------------------------------------------------------


def test_texture_only_leaves_no_trace_of_the_image(cat_image):
    out = TextureOnly(TextureSource.library("gravel"), scale=0.2).apply(cat_image)
    assert out.shape == cat_image.shape
    other = TextureOnly(TextureSource.library("gravel"), scale=0.2).apply(255 - cat_image)
    assert (out == other).all()  # nothing of the image is left
    grey_out, grey_cat = out.astype(float).mean(axis=2), cat_image.astype(float).mean(axis=2)
    correlation = np.corrcoef(grey_out.ravel(), grey_cat.ravel())[0, 1]
    assert abs(correlation) < 0.1


def test_cue_conflict_fills_the_whole_object_with_the_texture(cat_image):
    body = Region((((0.2, 0.1), (0.8, 0.1), (0.7, 0.95), (0.3, 0.95)),), invert=True)
    edit = cue_conflict(body, TextureSource.library("gravel"))
    assert isinstance(edit, TextureFill) and not edit.shading and edit.area == "object" and not edit.region.invert
    out = edit.apply(cat_image)
    inside = edit.region.mask(*cat_image.shape[:2])
    assert (out[~inside] == cat_image[~inside]).all()
    assert (out[inside] == edit.apply(255 - cat_image)[inside]).all()  # nothing of the object is left


def test_shading_from_a_silhouette_leaves_the_texture_as_it_is():
    region = Region.rect(0.25, 0.2, 0.75, 0.8)
    image = Silhouette(region).apply(np.zeros((200, 200, 3), np.uint8))  # black on white, as the lesson leaves it
    flat = TextureFill(region, TextureSource.library("gravel"), 0.2).apply(image)
    shaded = TextureFill(region, TextureSource.library("gravel"), 0.2, shading=True).apply(image)
    assert np.abs(shaded.astype(int) - flat.astype(int)).max() <= 1  # no burn from the white around it


# -- data ---------------------------------------------------------------------------------------------------


def test_dict_round_trip(checker):
    lasso = Region((((0.1, 0.2), (0.6, 0.1), (0.8, 0.7)),), invert=True)
    edits = [
        TextureFill(lasso, TextureSource.library("tabby fur"), 0.1, 0.6, True, "background"),
        TextureFill(Region.rect(0.1, 0.1, 0.3, 0.4), TextureSource.patch(0.2, 0.3, 0.4, 0.5)),
        TextureOnly(TextureSource.file(checker[0]), 0.5),
    ]
    for edit in edits:
        data = json.loads(json.dumps(edit_to_dict(edit)))
        assert edit_from_dict(data) == edit
    assert edit_to_dict(edits[1])["source"] == {"kind": "patch", "box": [0.2, 0.3, 0.4, 0.5]}
    saved = edit_to_dict(edits[2])["source"]
    assert saved["path"] == "checker.png" and base64.b64decode(saved["data"]) == Path(checker[0]).read_bytes()


def test_descriptions(checker):
    fill = TextureFill(Region.rect(0, 0, 1, 1), TextureSource.library("gravel"), 0.2, 0.5, True, "rectangle")
    assert fill.describe() == "Texture gravel on the rectangle, tile 20 % wide, 50 % blend, shading kept"
    assert TextureOnly(TextureSource.file(checker[0])).describe() == "Texture only: file checker.png, tile 25 % wide"
    assert "patch at (20 %, 30 %)" in TextureOnly(TextureSource.patch(0.2, 0.3, 0.4, 0.5)).describe()


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: TextureSource("photo"), "library, patch, file"),
        (lambda: TextureSource.library("zebra skin"), "no texture 'zebra skin'"),
        (lambda: TextureSource.patch(0.5, 0.5, 0.4, 0.9), "not inside the image"),
        (lambda: TextureSource.patch(0.0, 0.0, float("nan"), 0.5), "finite"),
        (lambda: TextureSource("patch"), "needs a box"),
        (lambda: TextureSource.file(""), "needs a path"),
        (lambda: TextureOnly(TextureSource.library("gravel"), scale=0.0), "scale"),
        (lambda: TextureOnly(TextureSource.library("gravel"), scale=float("inf")), "scale"),
        (lambda: TextureOnly("gravel"), "TextureSource"),
        (lambda: TextureFill(Region.rect(0, 0, 1, 1), TextureSource.library("gravel"), blend=1.5), "blend"),
        (lambda: TextureFill((0, 0, 1, 1), TextureSource.library("gravel")), "Region"),
        (lambda: TextureFill(Region.rect(0, 0, 1, 1), TextureSource.library("gravel"), area="sky"), "area"),
    ],
)
def test_bad_values_raise_edit_error(make, message):
    with pytest.raises(EditError, match=message):
        make()


def test_bad_dicts_raise_edit_error():
    with pytest.raises(EditError):
        edit_from_dict({"kind": "texture-only", "source": {"kind": "library", "name": "no such texture"}})
    with pytest.raises(EditError):
        edit_from_dict({"kind": "texture-fill", "source": {"kind": "library", "name": "gravel"}})


def test_natural_scale_keeps_a_texture_at_the_models_scale_whatever_the_photos_size(model):
    spec = model.spec
    texture_width = load_texture("elephant skin").shape[1]
    for shape in ((300, 400, 3), (3000, 4000, 3)):
        image = np.zeros(shape, np.uint8)
        scale = natural_scale(TextureSource.library("elephant skin"), image.shape, spec)
        left, _, right, _ = crop_box(shape[0], shape[1], spec)
        input_pixels = scale * shape[1] * spec.size / (right - left)  # one tile, in model-input pixels
        assert input_pixels == pytest.approx(texture_width, rel=1e-9)
    image = np.zeros((300, 400, 3), np.uint8)
    assert natural_scale(TextureSource.patch(0.1, 0.2, 0.35, 0.5), image.shape, spec) == pytest.approx(0.25, abs=0.003)
