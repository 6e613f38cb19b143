"""Writes the bundled texture library into resources/textures/ from scikit-image's sample data.

Run once by the maintainers, in any venv with scikit-image 0.26.0 (and its Pillow):
    python3 -m venv /tmp/texvenv && /tmp/texvenv/bin/pip install scikit-image==0.26.0
    /tmp/texvenv/bin/python packaging/make_textures.py
The outputs (JPEG, quality 90, plus textures.json and PROVENANCE.md) are committed. Nothing is downloaded: every
texture is a file of the scikit-image wheel or an exact crop of one, and each source file's licence (CC0 or public
domain, from the docstrings in skimage/data/_fetchers.py) is written next to it. Same package version, same bytes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import skimage.data
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "textures"
JPEG_QUALITY = 90
MAX_SIDE = 512  # larger sources are scaled down to this long side (none are scaled up)


@dataclass(frozen=True)
class Texture:
    name: str
    source: str  # file in skimage/data
    box: tuple[int, int, int, int] | None  # (left, top, right, bottom) source pixels; None = the whole file
    description: str
    credit: str
    licence: str


CC0_TEXTURES = "CC0 (scikit-image: 'licensed under the Creative Commons CC0 License')"
CHELSEA = ("Stéfan van der Walt", "CC0 ('No copyright restrictions. CC0 by the photographer')")
COFFEE = (
    "Rachel Michetti, courtesy of Pikolo Espresso Bar",
    "CC0 ('No copyright restrictions. CC0 by the photographer')",
)
NASA_ASTRONAUT = (
    "NASA (Great Images database)",
    "public domain ('No known copyright restrictions, released into the public domain')",
)

# Library entries that are bundled files of their own, listed as they are (not generated from scikit-image).
ELEPHANT_SKIN = {
    "name": "elephant skin",
    "file": "../texture-vs-shape/lecture/elephant1.png",
    "description": "Elephant skin: the texture of the lecture's cue-conflict slide (Geirhos et al. 2019)",
    "colour": True,
    "source": "Geirhos et al. 2019, stimuli (texture-vs-shape/lecture/elephant1.png, unchanged)",
    "licence": "CC BY 4.0 (texture-vs-shape/LICENSE)",
}

TEXTURES = [
    Texture(
        "gravel",
        "gravel.png",
        None,
        "Grey gravel, rough and wrinkled (grey)",
        "CC0Textures 'Gravel04', greyscale crop by scikit-image",
        CC0_TEXTURES,
    ),
    Texture(
        "brick", "brick.png", None, "A brick wall (grey)", "CC0Textures 'Bricks25', via scikit-image", CC0_TEXTURES
    ),
    Texture("grass", "grass.png", None, "Grass, close up (grey)", "DeviantArt 'Grass-01' by linolafett", CC0_TEXTURES),
    Texture(
        "lawn",
        "camera.png",
        (410, 270, 512, 512),
        "A mown lawn seen from a few metres (grey)",
        "the 'camera' photo by Lav Varshney",
        "CC0 ('No copyright restrictions. CC0 by the photographer')",
    ),
    Texture("tabby fur", "chelsea.png", (180, 0, 330, 80), "Striped tabby fur from a cat's forehead", *CHELSEA),
    Texture("cat whiskers", "chelsea.png", (0, 180, 110, 300), "Pale cat fur crossed by whiskers", *CHELSEA),
    Texture("espresso crema", "coffee.png", (248, 135, 328, 178), "The crema of an espresso", *COFFEE),
    Texture("wood", "coffee.png", (490, 230, 600, 400), "Worn wooden table top, grain running diagonally", *COFFEE),
    Texture(
        "orange suit", "astronaut.png", (62, 300, 132, 480), "Folds of an orange flight-suit fabric", *NASA_ASTRONAUT
    ),
    Texture("hair", "astronaut.png", (180, 35, 278, 78), "Short light-brown human hair", *NASA_ASTRONAUT),
    Texture(
        "galaxies",
        "hubble_deep_field.jpg",
        (100, 100, 612, 612),
        "Hubble eXtreme Deep Field: galaxies and stars on black",
        "NASA / HubbleSite",
        "public domain ('may be freely used in the public domain', NASA media guidelines)",
    ),
    Texture(
        "retina",
        "retina.jpg",
        (860, 420, 1244, 804),
        "Fundus photograph: red retina with blood vessels",
        "Mikael Häggström, via Wikimedia Commons",
        "CC0 1.0 ('Creative Commons CC0 1.0 Universal Public Domain Dedication')",
    ),
    Texture(
        "stained tissue",
        "ihc.png",
        (0, 0, 260, 250),
        "Microscopy: colonic glands, brown DAB and blue hematoxylin stain",
        "Center for Microscopy And Molecular Imaging (CMMI)",
        "no known copyright restrictions (scikit-image's wording; no explicit CC0)",
    ),
]


def file_name(texture: Texture) -> str:
    """The texture's file name in resources/textures."""
    return texture.name.replace(" ", "_") + ".jpg"


def make(texture: Texture, data_folder: Path) -> Image.Image:
    """The texture's pixels: the source file, cropped, RGB or greyscale as the source is."""
    with Image.open(data_folder / texture.source) as image:
        image.load()
        picture = image.convert("L" if image.mode in ("L", "I;16", "I") else "RGB")
    if texture.box is not None:
        picture = picture.crop(texture.box)
    scale = MAX_SIDE / max(picture.size)
    if scale < 1.0:
        size = (round(picture.width * scale), round(picture.height * scale))
        picture = picture.resize(size, Image.Resampling.LANCZOS)
    return picture


def provenance(version: str, sizes: dict[str, tuple[int, int]]) -> str:
    """The text of resources/textures/PROVENANCE.md."""
    lines = [
        "# Provenance of the bundled textures",
        "",
        f"Generated by `packaging/make_textures.py` from the files that the PyPI package scikit-image {version}",
        "ships in `skimage/data/` (no download; the crop boxes are in the script, in source pixels: left, top, right,",
        "bottom).",
        "Licences are quoted from the docstrings of `skimage/data/_fetchers.py`. Stored as JPEG, quality 90.",
        "",
        "`elephant skin` is the lecture's own elephant texture, `texture-vs-shape/lecture/elephant1.png` (224 x 224),",
        "unchanged and not copied: Geirhos et al. 2019, CC BY 4.0 (see `../PROVENANCE.md`). Any photo can be used as a",
        "texture with *From file…* in the Texture tool.",
        "",
        "| file | content | source (scikit-image `skimage/data/`) | crop | author | licence |",
        "|---|---|---|---|---|---|",
    ]
    for texture in TEXTURES:
        name = file_name(texture)
        width, height = sizes[name]
        crop = "whole file" if texture.box is None else ", ".join(str(v) for v in texture.box)
        lines.append(
            f"| `{name}` | {texture.description}, {width} x {height} | `{texture.source}` | {crop} | "
            f"{texture.credit} | {texture.licence} |"
        )
    lines.append(
        "| `elephant1.png` | Elephant skin: the texture of the lecture's cue-conflict slide (Geirhos et al. 2019), "
        "224 x 224 | (not scikit-image: `../texture-vs-shape/lecture/elephant1.png`) | whole file | Robert Geirhos "
        "et al., ICLR 2019 stimuli | CC BY 4.0 (`../texture-vs-shape/LICENSE`) |"
    )
    return "\n".join(lines) + "\n"


def main() -> None:
    """Writes every texture, textures.json (the library index) and PROVENANCE.md."""
    data_folder = Path(skimage.data.__file__).parent
    version = metadata.version("scikit-image")
    OUT.mkdir(parents=True, exist_ok=True)
    sizes: dict[str, tuple[int, int]] = {}
    index = []
    for texture in TEXTURES:
        name = file_name(texture)
        picture = make(texture, data_folder)
        picture.save(OUT / name, "JPEG", quality=JPEG_QUALITY, optimize=False, progressive=False)
        sizes[name] = picture.size
        index.append(
            {
                "name": texture.name,
                "file": name,
                "description": texture.description,
                "colour": picture.mode == "RGB",
                "source": f"scikit-image {version}, skimage/data/{texture.source}",
                "licence": texture.licence,
            }
        )
    index.append(ELEPHANT_SKIN)
    (OUT / "textures.json").write_text(json.dumps({"textures": index}, ensure_ascii=False, indent=1) + "\n", "utf-8")
    (OUT / "PROVENANCE.md").write_text(provenance(version, sizes), encoding="utf-8")
    print(f"wrote {len(TEXTURES)} textures to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
