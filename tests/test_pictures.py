"""Pictures in articles, as staff add them and readers meet them: described, captioned,
translated, spoken ("Picture: …", "Imagen: …"), shown in sizes for phones and the data saver,
in the talking book and in the offline download; a picture without a description is refused."""

from __future__ import annotations

import hashlib
import io
import json
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import Staff
from PIL import Image, ImageDraw
from projects import copy_project
from web_support import make_app

from web.pipeline.manifest import load_manifest
from web.pipeline.picture_files import store_picture
from web.pipeline.settings import load_settings
from web.pipeline.translation.pofiles import read_catalog, render_catalog

SLUG = "drinking-water"
EPUBCHECK = ["java", "-jar", "/usr/share/java/epubcheck.jar"]  # Debian's epubcheck
SPANISH = {
    "title": "Beber agua", "summary": "Por qué el agua ayuda.", "why": "Por qué el agua",
    "why-1": "El agua ayuda a tu cuerpo.", "cup": "Una mano sostiene un vaso de agua.",
    "cup-caption": "Bebe un vaso cada hora.", "near": "Ten agua cerca.",
}


def drawing(width: int, height: int, kind: str = "PNG") -> bytes:
    """Return a picture as staff would bring one: a glass before a sky, shaded as a photo is."""
    image = Image.merge("RGB", [Image.linear_gradient("L").resize((width, height))] * 2
                        + [Image.radial_gradient("L").resize((width, height))])
    ImageDraw.Draw(image).rectangle((width // 3, height // 4, 2 * width // 3, height - 10),
                                    fill="white", outline="navy", width=8)
    data = io.BytesIO()
    image.save(data, kind)
    return data.getvalue()


def article(cup: str, plain: str, front: str = "") -> str:
    return (f"---\ntitle: Drinking Water\nsummary: Why water helps.\n{front}---\n\n"
            "{#why}\n## Why Water\n\n{#why-1}\nWater helps your body.\n\n"
            f'{{#cup}}\n![A hand holds a glass of water.]({cup} "Drink a glass every hour.")\n\n'
            f"{{#plain}}\n![decorative]({plain})\n\n{{#near}}\nKeep water near you.\n")


def water_project(root: Path, front: str = "") -> Staff:
    """A library holding one article with a described, captioned picture and a decorative
    one, its Spanish catalog reviewed by a translator."""
    copy_project(root, only=())
    library = root / "library"
    cup = store_picture(library, drawing(1200, 800), "cup.png")
    plain = store_picture(library, drawing(300, 40, "JPEG"), "line.jpg")
    (library / f"{SLUG}.md").write_text(article(cup, plain, front), "utf-8")
    staff = Staff(root)
    staff.run("extract")
    path, settings = root / f"locales/es/LC_MESSAGES/{SLUG}.po", load_settings(root)
    catalog = read_catalog(path, settings, "es")
    for message in catalog:
        if message.context in SPANISH:
            message.string, message.flags = SPANISH[message.context], set()
    path.write_bytes(render_catalog(catalog))
    return staff


def voiced(staff: Staff) -> list[str]:
    """Return what the build would voice, as its dry run lists it."""
    output = staff.run("build", "--engine", "silent", "--dry-run").output
    return [re.sub("[«»]", "", line.strip()) for line in output.splitlines()
            if line.startswith("  voice [")]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The water library: what its dry run would voice, then the library built."""
    staff = water_project(tmp_path_factory.mktemp("pictures") / "project")
    speech = voiced(staff)
    staff.run("build", "--engine", "silent")
    return staff, speech


def test_the_description_and_caption_are_catalog_entries_the_decorative_none(built):
    staff, _ = built
    template = (staff.root / "locales" / "pot" / f"{SLUG}.pot").read_text("utf-8")
    assert 'msgctxt "cup"\nmsgid "A hand holds a glass of water."' in template
    assert 'msgctxt "cup-caption"\nmsgid "Drink a glass every hour."' in template
    # The translator is told which picture it is, to look at it.
    assert re.search(r"#\. picture pictures/\w+\.png, its description\n", template)
    assert '"plain"' not in template


def test_pictures_are_spoken_after_picture_in_each_language(built):
    _, speech = built
    assert "voice [en] Picture: A hand holds a glass of water." in speech
    assert "voice [es] Imagen: Una mano sostiene un vaso de agua." in speech
    assert "voice [es] Bebe un vaso cada hora." in speech
    assert not any("decorative" in line for line in speech)


def test_an_article_can_keep_its_pictures_silent(tmp_path):
    staff = water_project(tmp_path / "project", front="speak_pictures: false\n")
    speech = voiced(staff)
    assert "voice [en] Water helps your body." in speech
    assert not any("Picture" in line or "Imagen" in line or "glass" in line or "vaso" in line
                   for line in speech)


def test_the_manifest_names_each_size_with_its_sha256(built):
    staff, _ = built
    audio = staff.root / "audio"
    manifest = load_manifest(audio / "manifest.json")
    assert len(manifest.pictures) == 2
    cup = next(p for p in manifest.pictures.values() if p.largest.width == 960)
    assert [(s.width, s.height) for s in cup.sizes] == [(480, 320), (960, 640)]
    small = next(p for p in manifest.pictures.values() if p is not cup)
    assert [s.width for s in small.sizes] == [300]  # never enlarged
    for picture in (cup, small):
        for size in (*picture.sizes, picture.lite):
            data = (audio / size.file).read_bytes()
            assert (len(data), hashlib.sha256(data).hexdigest()) == (size.bytes, size.sha256)
            assert Image.open(io.BytesIO(data)).size == (size.width, size.height)
    assert cup.lite.media_type == "image/jpeg" and cup.lite.bytes < cup.sizes[0].bytes
    stored = json.loads((audio / "manifest.json").read_text("utf-8"))["pictures"]
    assert set(stored) == set(manifest.pictures)


def test_the_page_shows_the_figure_translated(built):
    staff, _ = built
    client = make_app(staff.root).test_client()
    page = client.get(f"/es/{SLUG}/").get_data(as_text=True)
    figure = re.search(r'<figure class="picture" data-block="cup">(.*?)</figure>', page, re.S)
    assert figure, page
    img = re.search(r"<img [^>]*>", figure[1])[0]
    assert 'alt="Una mano sostiene un vaso de agua."' in img
    assert 'loading="lazy"' in img and 'decoding="async"' in img
    assert 'width="960" height="640"' in img
    assert re.search(r'srcset="/audio/pictures/\w+-480w\.\w{8}\.png 480w, '
                     r'/audio/pictures/\w+-960w\.\w{8}\.png 960w"', img)
    assert re.search(r'data-lite="/audio/pictures/\w+-lite\.\w{8}\.jpg"', img)
    assert re.search(r"<figcaption[^>]*>.*Bebe un vaso cada hora\..*</figcaption>", figure[1],
                     re.S)
    assert re.search(r'<figure class="picture" data-block="plain">\s*<img [^>]*alt=""', page)
    assert "js/pictures.js" in page and "css/pictures.css" in page  # the data saver's, the size
    pair = client.get(f"/es/{SLUG}/with/en/").get_data(as_text=True)  # side by side
    assert 'alt="Una mano sostiene un vaso de agua."' in pair
    assert 'alt="A hand holds a glass of water."' in pair
    source = re.search(r'src="(/audio/pictures/[^"]+)"', img)[1]
    served = client.get(source)
    assert served.status_code == 200 and served.mimetype == "image/png"
    assert "immutable" in served.headers["Cache-Control"]
    assert client.get(source, headers={"If-None-Match": served.headers["ETag"]}
                      ).status_code == 304
    assert client.get(source, headers={"Range": "bytes=0-9"}).status_code == 206


def test_the_articles_card_on_the_index_shows_its_first_picture_small(built):
    staff, _ = built
    index = make_app(staff.root).test_client().get("/es/").get_data(as_text=True)
    card = re.search(r'<li class="card">(.*?)</li>', index, re.S)[1]
    img = re.search(r"<img [^>]*>", card)[0]  # the cup, not the decorative line after it
    assert re.search(r'src="/audio/pictures/\w+-480w\.\w{8}\.png" srcset="[^"]+ 480w, [^"]+ 960w"'
                     r' sizes="7rem" alt="" width="480" height="320" loading="lazy"', img)
    assert "cover." not in card


def test_the_talking_book_holds_the_picture_and_passes_epubcheck(built, tmp_path):
    staff, _ = built
    manifest = load_manifest(staff.root / "audio" / "manifest.json")
    path = staff.root / "audio" / manifest.books[SLUG]["es"].file
    with zipfile.ZipFile(path) as book:
        names = book.namelist()
        package = book.read("EPUB/package.opf").decode()
        section = next(book.read(n).decode() for n in names if n.endswith("why.xhtml"))
        smil = next(book.read(n).decode() for n in names if n.endswith("why.smil"))
    pictures = [n for n in names if n.startswith("EPUB/pictures/")]
    assert len(pictures) == 2
    assert re.search(r'<item id="[^"]+" href="pictures/[\w.-]+\.png" media-type="image/png"/>',
                     package)
    assert re.search(r'<img id="pic_cup" src="pictures/[\w.-]+\.png" '
                     r'alt="Una mano sostiene un vaso de agua\."', section)
    assert "<figcaption" in section and "Bebe un vaso cada hora." in section
    assert '<text src="s01-why.xhtml#pic_cup"/>' in smil
    report = tmp_path / "report.json"
    subprocess.run([*EPUBCHECK, "--json", str(report), str(path)], capture_output=True,
                   timeout=300)
    messages = [f"{m['severity']} {m['ID']} {m['message']}"
                for m in json.loads(report.read_text())["messages"]]
    assert messages == []


def test_the_offline_download_holds_the_pictures(built):
    staff, _ = built
    manifest = load_manifest(staff.root / "audio" / "manifest.json")
    with zipfile.ZipFile(staff.root / "audio" / manifest.downloads[SLUG]["es"].file) as zipped:
        names = zipped.namelist()
        kept = [zipped.read(n) for n in names if n.startswith(f"{SLUG}-es/pictures/")]
        transcript = zipped.read(f"{SLUG}-es/{SLUG}.txt").decode()
    cup = next(p for p in manifest.pictures.values() if p.largest.width == 960)
    assert (staff.root / "audio" / cup.largest.file).read_bytes() in kept and len(kept) == 2
    assert "Imagen: Una mano sostiene un vaso de agua.\n\nBebe un vaso cada hora." in transcript


@pytest.mark.parametrize(("picture", "what", "todo"), [
    ("![](pictures/{cup})", "the picture 'pictures/{cup}' has no description",
     "Say in a few words what it shows"),
    ("Look: ![A cup](pictures/{cup})", "a picture sits in a paragraph with other text",
     "Put each picture in a paragraph of its own"),
    ("![A cup](pictures/nothere.png)", "the picture file library/pictures/nothere.png is "
                                       "missing", "Copy the picture into library/pictures/"),
])
def test_a_picture_staff_must_fix_is_refused_with_file_and_line(staff, picture, what, todo):
    cup = store_picture(staff.root / "library", drawing(100, 100), "cup.png").split("/")[1]
    (staff.root / "library" / "bad.md").write_text(
        f"---\ntitle: Bad\n---\n\nFirst paragraph.\n\n{picture.format(cup=cup)}\n", "utf-8")
    result = staff.run("extract", expect=1)
    assert result.output.startswith(f"Error: library/bad.md:7: {what.format(cup=cup)}")
    assert todo in result.output


def test_remove_keeps_a_picture_another_article_shows(tmp_path):
    staff = water_project(tmp_path / "project")
    library = staff.root / "library"
    shown = re.findall(r"\]\((pictures/[^ )]+)", (library / f"{SLUG}.md").read_text("utf-8"))
    (library / "more-water.md").write_text(
        f"---\ntitle: More Water\n---\n\n![A full glass.]({shown[0]})\n", "utf-8")
    staff.run("remove", SLUG, "--yes")
    assert (library / shown[0]).exists() and not (library / shown[1]).exists()


def test_a_picture_stays_published_when_only_another_language_changes(tmp_path):
    staff = water_project(tmp_path / "project")
    staff.run("build", "--engine", "silent")
    catalog = staff.root / f"locales/es/LC_MESSAGES/{SLUG}.po"
    catalog.write_text(catalog.read_text("utf-8").replace("Ten agua cerca.",
                                                          "Ten agua siempre cerca."), "utf-8")
    staff.run("build", "--engine", "silent")  # the English edition is carried over as it was
    manifest = load_manifest(staff.root / "audio" / "manifest.json")
    assert len(manifest.pictures) == 2
    assert all((staff.root / "audio" / p.largest.file).exists()
               for p in manifest.pictures.values())
    page = make_app(staff.root).test_client().get(f"/en/{SLUG}/").get_data(as_text=True)
    assert re.search(r'<figure class="picture" data-block="cup">\s*<img src="/audio/pictures/',
                     page)
