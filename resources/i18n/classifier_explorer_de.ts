<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>About</name>
    <message>
        <source>Find out by experiment what an ImageNet classifier looks at: cover parts, scramble them, keep only the shape or only the texture, and watch the prediction.</source>
        <translation>Finden Sie durch Experimente heraus, worauf ein ImageNet-Klassifikator schaut: Teile verdecken, durcheinanderwürfeln, nur die Form oder nur die Textur behalten – und die Vorhersage beobachten.</translation>
    </message>
    <message>
        <source>Bundled model: EfficientNet-Lite0 (Apache-2.0). Sample photos: CC0 / public domain.</source>
        <translation>Mitgeliefertes Modell: EfficientNet-Lite0 (Apache-2.0). Beispielfotos: CC0 / gemeinfrei.</translation>
    </message>
    <message>
        <source>Licence: {licence} ({link}); the licence text is in {file}.</source>
        <translation>Lizenz: {licence} ({link}); der Lizenztext steht in {file}.</translation>
    </message>
    <message>
        <source>Cite as: {citation}</source>
        <translation>Zitieren als: {citation}</translation>
    </message>
    <message>
        <source>About Classifier Explorer</source>
        <translation>Über Classifier Explorer</translation>
    </message>
</context>
<context>
    <name>ActionTable</name>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>Menü</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Tasten</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>The last model, “{name}”, is gone; using the bundled one.</source>
        <translation>Das zuletzt verwendete Modell „{name}“ ist nicht mehr da; das mitgelieferte wird verwendet.</translation>
    </message>
    <message>
        <source>Something went wrong: {error}. Your work is still here.</source>
        <translation>Etwas ist schiefgegangen: {error}. Ihre Arbeit ist noch da.</translation>
    </message>
    <message>
        <source>Something went wrong: {error}.</source>
        <translation>Etwas ist schiefgegangen: {error}.</translation>
    </message>
</context>
<context>
    <name>Categories</name>
    <message>
        <source>by shape</source>
        <translation>nach der Form</translation>
    </message>
    <message>
        <source>by texture</source>
        <translation>nach der Textur</translation>
    </message>
    <message>
        <source>by neither shape nor texture</source>
        <translation>weder nach Form noch nach Textur</translation>
    </message>
    <message>
        <source>with shape and texture of the same category</source>
        <translation>mit Form und Textur derselben Kategorie</translation>
    </message>
    <message>
        <source>shape {shape}, texture {texture}: decided {how} ({decision})</source>
        <translation>Form {shape}, Textur {texture}: entschieden {how} ({decision})</translation>
    </message>
</context>
<context>
    <name>CategoryChart</name>
    <message>
        <source>The 16 categories appear with the first prediction.</source>
        <translation>Die 16 Kategorien erscheinen mit der ersten Vorhersage.</translation>
    </message>
    <message>
        <source>16 categories</source>
        <translation>16 Kategorien</translation>
    </message>
    <message>
        <source>The 16 entry-level categories of Geirhos et al. 2019: each bar is the mean probability of the category&apos;s ImageNet classes; the highest is the paper&apos;s decision</source>
        <translation>Die 16 Basiskategorien von Geirhos et al. 2019: Jeder Balken ist die mittlere Wahrscheinlichkeit der ImageNet-Klassen der Kategorie; die höchste ist die Entscheidung im Sinne des Artikels</translation>
    </message>
    <message>
        <source>Decision: {decision}. {summary}. {caption}</source>
        <translation>Entscheidung: {decision}. {summary}. {caption}</translation>
    </message>
</context>
<context>
    <name>CategoryView</name>
    <message>
        <source>The 16 categories need a model of the 1000 ImageNet classes.</source>
        <translation>Die 16 Kategorien brauchen ein Modell der 1000 ImageNet-Klassen.</translation>
    </message>
    <message>
        <source>Cue conflict: {verdict}</source>
        <translation>Cue-Konflikt: {verdict}</translation>
    </message>
</context>
<context>
    <name>CropTool</name>
    <message>
        <source>Aspect</source>
        <translation>Seitenverhältnis</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Zurücksetzen</translation>
    </message>
    <message>
        <source>Remove the crop and keep the whole image (undoable)</source>
        <translation>Zuschnitt entfernen und das ganze Bild behalten (rückgängig machbar)</translation>
    </message>
    <message>
        <source>The crop&apos;s size in pixels of the original photo</source>
        <translation>Größe des Zuschnitts in Pixeln des Originalfotos</translation>
    </message>
    <message>
        <source>Whole image, {width} × {height} px: drag over it to crop</source>
        <translation>Ganzes Bild, {width} × {height} px: zum Zuschneiden darüberziehen</translation>
    </message>
    <message>
        <source>{crop_width} × {crop_height} px of {width} × {height}</source>
        <translation>{crop_width} × {crop_height} px von {width} × {height}</translation>
    </message>
</context>
<context>
    <name>CueConflict</name>
    <message>
        <source>Open an image and wait for the model before making a cue conflict.</source>
        <translation>Öffnen Sie ein Bild und warten Sie auf das Modell, bevor Sie einen Cue-Konflikt erzeugen.</translation>
    </message>
    <message>
        <source>Cue conflict: finding the objects… (Esc stops)</source>
        <translation>Cue-Konflikt: Objekte werden gesucht… (Esc bricht ab)</translation>
    </message>
    <message>
        <source>Cue conflict: the object&apos;s shape now carries the other texture.</source>
        <translation>Cue-Konflikt: Die Form des Objekts trägt jetzt die andere Textur.</translation>
    </message>
    <message>
        <source>The cue conflict could not be made: {reason}</source>
        <translation>Der Cue-Konflikt konnte nicht erzeugt werden: {reason}</translation>
    </message>
</context>
<context>
    <name>CueConflictDialog</name>
    <message>
        <source>Cue conflict</source>
        <translation>Cue-Konflikt</translation>
    </message>
    <message>
        <source>The shape of the object in this image, entirely filled with another texture, on a white background: does the model follow the shape or the texture?</source>
        <translation>Die Form des Objekts in diesem Bild, ganz mit einer anderen Textur gefüllt, auf weißem Hintergrund: Folgt das Modell der Form oder der Textur?</translation>
    </message>
    <message>
        <source>The object&apos;s texture in another image:</source>
        <translation>Die Textur des Objekts in einem anderen Bild:</translation>
    </message>
    <message>
        <source>an image file</source>
        <translation>eine Bilddatei</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>A library texture:</source>
        <translation>Eine Textur aus der Bibliothek:</translation>
    </message>
    <message>
        <source>Keep this image&apos;s background (only the object gets the texture)</source>
        <translation>Hintergrund dieses Bildes behalten (nur das Objekt bekommt die Textur)</translation>
    </message>
    <message>
        <source>Image whose object gives the texture</source>
        <translation>Bild, dessen Objekt die Textur liefert</translation>
    </message>
</context>
<context>
    <name>Edits</name>
    <message>
        <source>grey</source>
        <translation>grau</translation>
    </message>
    <message>
        <source>black</source>
        <translation>schwarz</translation>
    </message>
    <message>
        <source>white</source>
        <translation>weiß</translation>
    </message>
    <message>
        <source>blur</source>
        <translation>unscharf</translation>
    </message>
    <message>
        <source>noise</source>
        <translation>Rauschen</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>Mittelwert</translation>
    </message>
    <message>
        <source>Box ({fill}), {width:.0f}×{height:.0f} % at ({x:.0f} %, {y:.0f} %)</source>
        <translation>Rechteck ({fill}), {width:.0f}×{height:.0f} % bei ({x:.0f} %, {y:.0f} %)</translation>
    </message>
    <message>
        <source>Ellipse ({fill}), {width:.0f}×{height:.0f} % at ({x:.0f} %, {y:.0f} %)</source>
        <translation>Ellipse ({fill}), {width:.0f}×{height:.0f} % bei ({x:.0f} %, {y:.0f} %)</translation>
    </message>
    <message>
        <source>Brush ({fill}), {points} points, radius {radius:.0f} %</source>
        <translation>Pinsel ({fill}), {points} Punkte, Radius {radius:.0f} %</translation>
    </message>
    <message>
        <source>Jigsaw {n}×{n}, seed {seed}</source>
        <translation>Puzzle {n}×{n}, Startwert {seed}</translation>
    </message>
    <message>
        <source>Jigsaw {n}×{n}, seed {seed}, {width:.0f}×{height:.0f} % box</source>
        <translation>Puzzle {n}×{n}, Startwert {seed}, Rechteck {width:.0f}×{height:.0f} %</translation>
    </message>
    <message>
        <source>Swap parts {source} ↔ {destination}</source>
        <translation>Teile getauscht {source} ↔ {destination}</translation>
    </message>
    <message>
        <source>Move part {source} → {destination}, {fill} hole</source>
        <translation>Teil verschoben {source} → {destination}, Lücke {fill}</translation>
    </message>
    <message>
        <source>Silhouette, black on white</source>
        <translation>Silhouette, schwarz auf weiß</translation>
    </message>
    <message>
        <source>Silhouette, white on black</source>
        <translation>Silhouette, weiß auf schwarz</translation>
    </message>
    <message>
        <source>Outline (contour only)</source>
        <translation>Umriss (nur Kontur)</translation>
    </message>
    <message>
        <source>Outline (edges of the object)</source>
        <translation>Umriss (Kanten des Objekts)</translation>
    </message>
    <message>
        <source>Background removed ({fill})</source>
        <translation>Hintergrund entfernt ({fill})</translation>
    </message>
    <message>
        <source>rectangle</source>
        <translation>dem Rechteck</translation>
    </message>
    <message>
        <source>lasso</source>
        <translation>dem Lasso-Bereich</translation>
    </message>
    <message>
        <source>object</source>
        <translation>dem Objekt</translation>
    </message>
    <message>
        <source>background</source>
        <translation>dem Hintergrund</translation>
    </message>
    <message>
        <source>region</source>
        <translation>der Region</translation>
    </message>
    <message>
        <source>patch at ({x:.0f} %, {y:.0f} %)</source>
        <translation>Ausschnitt bei ({x:.0f} %, {y:.0f} %)</translation>
    </message>
    <message>
        <source>file {name}</source>
        <translation>Datei {name}</translation>
    </message>
    <message>
        <source>, {blend:.0f} % blend</source>
        <translation>, {blend:.0f} % überblendet</translation>
    </message>
    <message>
        <source>, shading kept</source>
        <translation>, Schattierung behalten</translation>
    </message>
    <message>
        <source>Texture {texture} on the {area}, tile {width:.0f} % wide{extras}</source>
        <translation>Textur {texture} auf {area}, Kachel {width:.0f} % breit{extras}</translation>
    </message>
    <message>
        <source>Texture only: {texture}, tile {width:.0f} % wide</source>
        <translation>Nur Textur: {texture}, Kachel {width:.0f} % breit</translation>
    </message>
</context>
<context>
    <name>EditsPanel</name>
    <message>
        <source>&lt;b&gt;Edits&lt;/b&gt;</source>
        <translation>&lt;b&gt;Bearbeitungen&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Edits</source>
        <translation>Bearbeitungen</translation>
    </message>
    <message>
        <source>No edits yet: the image is as loaded.</source>
        <translation>Noch keine Bearbeitungen: Das Bild ist wie geladen.</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Clear all</source>
        <translation>Alle entfernen</translation>
    </message>
    <message>
        <source>Untick to hide this edit without deleting it; double-click to change it</source>
        <translation>Häkchen entfernen, um diese Bearbeitung auszublenden, ohne sie zu löschen; Doppelklick, um sie zu ändern</translation>
    </message>
</context>
<context>
    <name>ExperimentFiles</name>
    <message>
        <source>Classifier Explorer experiments (*.json)</source>
        <translation>Classifier-Explorer-Experimente (*.json)</translation>
    </message>
    <message>
        <source>Save experiment</source>
        <translation>Experiment speichern</translation>
    </message>
    <message>
        <source>Saved {name}</source>
        <translation>{name} gespeichert</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Ungespeicherte Änderungen</translation>
    </message>
    <message>
        <source>Save your changes to “{name}” before {doing}? Otherwise they are lost.</source>
        <translation>Änderungen an „{name}“ vor dem {doing} speichern? Sonst gehen sie verloren.</translation>
    </message>
    <message>
        <source>Open experiment</source>
        <translation>Experiment öffnen</translation>
    </message>
    <message>
        <source>opening “{name}”</source>
        <translation>Öffnen von „{name}“</translation>
    </message>
    <message>
        <source>Opening {name}: {percent:.0f} % (Esc stops)</source>
        <translation>{name} wird geöffnet: {percent:.0f} % (Esc bricht ab)</translation>
    </message>
    <message>
        <source>“{name}” was not opened. Your current work stays open.</source>
        <translation>„{name}“ wurde nicht geöffnet. Ihre aktuelle Arbeit bleibt geöffnet.</translation>
    </message>
    <message>
        <source>Open a file outside the experiment&apos;s folder?</source>
        <translation>Eine Datei außerhalb des Experimentordners öffnen?</translation>
    </message>
    <message>
        <source>“{name}” refers to a file outside its own folder:

{path}

Experiments you made or copied keep their files next to them. Open it anyway only if you trust where this experiment came from.</source>
        <translation>„{name}“ verweist auf eine Datei außerhalb seines eigenen Ordners:

{path}

Experimente, die Sie erstellt oder kopiert haben, haben ihre Dateien neben sich. Öffnen Sie es trotzdem nur, wenn Sie der Herkunft dieses Experiments vertrauen.</translation>
    </message>
    <message>
        <source>Open Anyway</source>
        <translation>Trotzdem öffnen</translation>
    </message>
    <message>
        <source>{reason}. Your current work stays open.</source>
        <translation>{reason}. Ihre aktuelle Arbeit bleibt geöffnet.</translation>
    </message>
    <message>
        <source>Stopped opening the experiment; your current work stays open.</source>
        <translation>Öffnen des Experiments abgebrochen; Ihre aktuelle Arbeit bleibt geöffnet.</translation>
    </message>
    <message>
        <source>Autosave failed: {reason}</source>
        <translation>Automatisches Speichern fehlgeschlagen: {reason}</translation>
    </message>
    <message>
        <source>It was recorded with {recorded}; now showing {model}.</source>
        <translation>Es wurde mit {recorded} aufgenommen; angezeigt wird jetzt {model}.</translation>
    </message>
    <message>
        <source>Unsaved work from an earlier session was found ({more} more after it): restore it, or discard it for good.</source>
        <translation>Ungespeicherte Arbeit aus einer früheren Sitzung gefunden ({more} weitere danach): wiederherstellen oder endgültig verwerfen.</translation>
    </message>
    <message>
        <source>Unsaved work from an earlier session was found: restore it, or discard it for good.</source>
        <translation>Ungespeicherte Arbeit aus einer früheren Sitzung gefunden: wiederherstellen oder endgültig verwerfen.</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Wiederherstellen</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Verwerfen</translation>
    </message>
    <message>
        <source>restoring the earlier work</source>
        <translation>Wiederherstellen der früheren Arbeit</translation>
    </message>
    <message>
        <source>The earlier work could not be restored: {reason}.</source>
        <translation>Die frühere Arbeit konnte nicht wiederhergestellt werden: {reason}.</translation>
    </message>
</context>
<context>
    <name>Explain</name>
    <message>
        <source>Occlusion</source>
        <translation>Verdeckung</translation>
    </message>
    <message>
        <source>CAM (class activation)</source>
        <translation>CAM (Klassenaktivierung)</translation>
    </message>
    <message>
        <source>Grey</source>
        <translation>Grau</translation>
    </message>
    <message>
        <source>Black</source>
        <translation>Schwarz</translation>
    </message>
    <message>
        <source>Blur</source>
        <translation>Unschärfe</translation>
    </message>
    <message>
        <source>Press Explain ({key}) to see where the model looks in the current image.</source>
        <translation>Drücken Sie „Erklären“ ({key}), um zu sehen, wohin das Modell im aktuellen Bild schaut.</translation>
    </message>
</context>
<context>
    <name>ExplainController</name>
    <message>
        <source>{method}: computing (without the covered cell)…</source>
        <translation>{method}: wird berechnet (ohne die verdeckte Zelle)…</translation>
    </message>
    <message>
        <source>{method}: computing…</source>
        <translation>{method}: wird berechnet…</translation>
    </message>
    <message>
        <source>Open an image and wait for the model before explaining.</source>
        <translation>Öffnen Sie ein Bild und warten Sie auf das Modell, bevor Sie erklären lassen.</translation>
    </message>
    <message>
        <source>CAM is not available for this model: {reason}</source>
        <translation>CAM ist für dieses Modell nicht verfügbar: {reason}</translation>
    </message>
    <message>
        <source>The map could not be made: {reason}</source>
        <translation>Die Karte konnte nicht erstellt werden: {reason}</translation>
    </message>
    <message>
        <source>The explanation failed: {reason}</source>
        <translation>Die Erklärung ist fehlgeschlagen: {reason}</translation>
    </message>
    <message>
        <source>Stopped. The map so far stays on screen.</source>
        <translation>Abgebrochen. Die bisherige Karte bleibt sichtbar.</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>The model changed since this map was made: run again ({key}), or undo to see it.</source>
        <translation>Das Modell hat sich seit dieser Karte geändert: erneut ausführen ({key}) oder rückgängig machen, um sie zu sehen.</translation>
    </message>
    <message>
        <source>The image changed since this map was made: run again ({key}), or undo to see it.</source>
        <translation>Das Bild hat sich seit dieser Karte geändert: erneut ausführen ({key}) oder rückgängig machen, um sie zu sehen.</translation>
    </message>
    <message>
        <source>Point at the map to read its value.</source>
        <translation>Zeigen Sie auf die Karte, um ihren Wert abzulesen.</translation>
    </message>
</context>
<context>
    <name>ExplainPanel</name>
    <message>
        <source>How the map is made: covering windows, random masks, or the last feature map</source>
        <translation>Wie die Karte entsteht: durch Verdecken von Fenstern, zufällige Masken oder die letzte Merkmalskarte</translation>
    </message>
    <message>
        <source>The class whose evidence the map shows</source>
        <translation>Die Klasse, deren Belege die Karte zeigt</translation>
    </message>
    <message>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <source>Side of the grey window, in the model&apos;s input pixels</source>
        <translation>Seitenlänge des grauen Fensters in Eingabepixeln des Modells</translation>
    </message>
    <message>
        <source>Step between window positions (smaller: finer, slower)</source>
        <translation>Schrittweite zwischen Fensterpositionen (kleiner: feiner, langsamer)</translation>
    </message>
    <message>
        <source>What covers each window</source>
        <translation>Womit jedes Fenster verdeckt wird</translation>
    </message>
    <message>
        <source>Number of random masks (more: smoother, slower)</source>
        <translation>Anzahl zufälliger Masken (mehr: glatter, langsamer)</translation>
    </message>
    <message>
        <source>The masks&apos; grid: cells per side before upsampling</source>
        <translation>Raster der Masken: Zellen pro Seite vor dem Hochskalieren</translation>
    </message>
    <message>
        <source>The same seed gives the same masks and the same map</source>
        <translation>Derselbe Startwert ergibt dieselben Masken und dieselbe Karte</translation>
    </message>
    <message>
        <source>Window:</source>
        <translation>Fenster:</translation>
    </message>
    <message>
        <source>Stride:</source>
        <translation>Schritt:</translation>
    </message>
    <message>
        <source>Fill:</source>
        <translation>Füllung:</translation>
    </message>
    <message>
        <source>Masks:</source>
        <translation>Masken:</translation>
    </message>
    <message>
        <source>Cells:</source>
        <translation>Zellen:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Startwert:</translation>
    </message>
    <message>
        <source>One inference gives the map of any class, read from the last convolutional layer.</source>
        <translation>Eine Inferenz liefert die Karte jeder Klasse, abgelesen an der letzten Faltungsschicht.</translation>
    </message>
    <message>
        <source>Explain</source>
        <translation>Erklären</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Show map</source>
        <translation>Karte zeigen</translation>
    </message>
    <message>
        <source>Opacity of the map over the image</source>
        <translation>Deckkraft der Karte über dem Bild</translation>
    </message>
    <message>
        <source>Map opacity</source>
        <translation>Deckkraft der Karte</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>Deckkraft</translation>
    </message>
    <message>
        <source>Click a cell to cover it</source>
        <translation>Zelle anklicken, um sie zu verdecken</translation>
    </message>
    <message>
        <source>Clicking the occlusion map covers that window of the image (an ordinary, undoable edit), so the chart shows the model&apos;s answer. Occlusion maps only; a drag still pans or uses the tool.</source>
        <translation>Ein Klick auf die Verdeckungskarte verdeckt dieses Fenster des Bildes (eine gewöhnliche, rückgängig machbare Bearbeitung), sodass das Diagramm die Antwort des Modells zeigt. Nur bei Verdeckungskarten; Ziehen verschiebt weiterhin oder nutzt das Werkzeug.</translation>
    </message>
    <message>
        <source>Overlay…</source>
        <translation>Überlagerung…</translation>
    </message>
    <message>
        <source>Save the image with the map over it, as shown (PNG)</source>
        <translation>Das Bild mit der Karte darüber speichern, wie angezeigt (PNG)</translation>
    </message>
    <message>
        <source>Raw map…</source>
        <translation>Rohkarte…</translation>
    </message>
    <message>
        <source>Save the coloured map alone, one pixel per model-input pixel (PNG)</source>
        <translation>Nur die eingefärbte Karte speichern, ein Pixel pro Eingabepixel des Modells (PNG)</translation>
    </message>
    <message>
        <source>.npy…</source>
        <translation>.npy-Datei…</translation>
    </message>
    <message>
        <source>Save the map&apos;s values (float32) for analysis</source>
        <translation>Die Werte der Karte (float32) zur Auswertung speichern</translation>
    </message>
    <message>
        <source>Method:</source>
        <translation>Verfahren:</translation>
    </message>
    <message>
        <source>Class:</source>
        <translation>Klasse:</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>Karte</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Top class</source>
        <translation>Beste Klasse</translation>
    </message>
</context>
<context>
    <name>GuessPanel</name>
    <message>
        <source>&lt;b&gt;Guess first:&lt;/b&gt; what will the model say?</source>
        <translation>&lt;b&gt;Erst raten:&lt;/b&gt; Was wird das Modell sagen?</translation>
    </message>
    <message>
        <source>one of the 16 categories</source>
        <translation>eine der 16 Kategorien</translation>
    </message>
    <message>
        <source>one of its top 10 classes</source>
        <translation>eine seiner 10 besten Klassen</translation>
    </message>
    <message>
        <source>Guess the model&apos;s 16-category decision, or its top class among its top 10</source>
        <translation>Raten Sie die Entscheidung des Modells unter den 16 Kategorien oder seine beste Klasse unter seinen 10 besten</translation>
    </message>
    <message>
        <source>Guess first</source>
        <translation>Erst raten</translation>
    </message>
    <message>
        <source>Guess first: what will the model say? Pick an answer above.</source>
        <translation>Erst raten: Was wird das Modell sagen? Wählen Sie oben eine Antwort.</translation>
    </message>
    <message>
        <source>Score: no guesses yet</source>
        <translation>Punktestand: noch keine Tipps</translation>
    </message>
    <message>
        <source>Score: {right} of {asked} right</source>
        <translation>Punktestand: {right} von {asked} richtig</translation>
    </message>
    <message>
        <source>✔ Right: the model says {answer}.</source>
        <translation>✔ Richtig: Das Modell sagt {answer}.</translation>
    </message>
    <message>
        <source>✘ Not this time: you said {picked}; the model says {answer}.</source>
        <translation>✘ Diesmal nicht: Sie sagten {picked}; das Modell sagt {answer}.</translation>
    </message>
    <message>
        <source>The model is looking at the new image…</source>
        <translation>Das Modell betrachtet das neue Bild…</translation>
    </message>
    <message>
        <source>Pick what the model will say:</source>
        <translation>Wählen Sie, was das Modell sagen wird:</translation>
    </message>
</context>
<context>
    <name>ImageCanvas</name>
    <message>
        <source>Drop an image here or press Ctrl+O</source>
        <translation>Bild hierher ziehen oder Strg+O drücken</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Bild</translation>
    </message>
</context>
<context>
    <name>ImageFiles</name>
    <message>
        <source>Images ({patterns})</source>
        <translation>Bilder ({patterns})</translation>
    </message>
    <message>
        <source>opening “{name}”</source>
        <translation>Öffnen von „{name}“</translation>
    </message>
    <message>
        <source>Open image</source>
        <translation>Bild öffnen</translation>
    </message>
    <message>
        <source>The clipboard holds no image or image file to paste.</source>
        <translation>Die Zwischenablage enthält kein Bild und keine Bilddatei zum Einfügen.</translation>
    </message>
    <message>
        <source>Save edited image</source>
        <translation>Bearbeitetes Bild speichern</translation>
    </message>
    <message>
        <source>PNG (*.png);;JPEG (*.jpg)</source>
        <translation>PNG-Bild (*.png);;JPEG-Bild (*.jpg)</translation>
    </message>
    <message>
        <source>{reason}. The current image stays open.</source>
        <translation>{reason}. Das aktuelle Bild bleibt geöffnet.</translation>
    </message>
</context>
<context>
    <name>Jobs</name>
    <message>
        <source>an unexpected problem stopped it (the details are in the log); your work is kept</source>
        <translation>ein unerwartetes Problem hat es abgebrochen (Einzelheiten im Protokoll); Ihre Arbeit bleibt erhalten</translation>
    </message>
    <message>
        <source>the system could not read or write a file ({reason})</source>
        <translation>das System konnte eine Datei nicht lesen oder schreiben ({reason})</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>{language} from the next start of Classifier Explorer.</source>
        <translation>{language} ab dem nächsten Start von Classifier Explorer.</translation>
    </message>
</context>
<context>
    <name>Lecture</name>
    <message>
        <source>The original</source>
        <translation>Das Original</translation>
    </message>
    <message>
        <source>The lecture&apos;s cat</source>
        <translation>Die Katze der Vorlesung</translation>
    </message>
    <message>
        <source>The photo the lecture starts from: the model calls it a cat.</source>
        <translation>Das Foto, mit dem die Vorlesung beginnt: Das Modell nennt es eine Katze.</translation>
    </message>
    <message>
        <source>Parts: the pieces shuffled</source>
        <translation>Teile: die Stücke vermischt</translation>
    </message>
    <message>
        <source>Cut 3×3 and shuffled</source>
        <translation>3×3 zerschnitten und vermischt</translation>
    </message>
    <message>
        <source>Eyes, ears and fur in the wrong places are still a cat: the parts count, their arrangement hardly does.</source>
        <translation>Augen, Ohren und Fell an falschen Stellen sind immer noch eine Katze: Die Teile zählen, ihre Anordnung kaum.</translation>
    </message>
    <message>
        <source>Occlusion: the key region covered</source>
        <translation>Verdeckung: die wichtigste Region verdeckt</translation>
    </message>
    <message>
        <source>The most important region covered</source>
        <translation>Die wichtigste Region verdeckt</translation>
    </message>
    <message>
        <source>Covering the region the model relies on most still leaves a cat: no single part is needed.</source>
        <translation>Auch wenn die Region verdeckt ist, auf die sich das Modell am meisten stützt, bleibt es eine Katze: Kein einzelnes Teil ist nötig.</translation>
    </message>
    <message>
        <source>Shape: the silhouette</source>
        <translation>Form: die Silhouette</translation>
    </message>
    <message>
        <source>The photo</source>
        <translation>Das Foto</translation>
    </message>
    <message>
        <source>Its filled silhouette</source>
        <translation>Seine gefüllte Silhouette</translation>
    </message>
    <message>
        <source>The cat&apos;s outline filled black is a small black dog, not a cat: the shape alone does not make a cat.</source>
        <translation>Der schwarz gefüllte Umriss der Katze ist ein kleiner schwarzer Hund, keine Katze: Die Form allein macht keine Katze.</translation>
    </message>
    <message>
        <source>Texture: elephant skin alone</source>
        <translation>Textur: nur Elefantenhaut</translation>
    </message>
    <message>
        <source>Elephant skin, no shape</source>
        <translation>Elefantenhaut, keine Form</translation>
    </message>
    <message>
        <source>A patch of elephant skin with no shape at all is already an elephant to the model.</source>
        <translation>Ein Stück Elefantenhaut ganz ohne Form ist für das Modell schon ein Elefant.</translation>
    </message>
    <message>
        <source>Texture: the cat in elephant skin</source>
        <translation>Textur: die Katze in Elefantenhaut</translation>
    </message>
    <message>
        <source>The cat&apos;s shape, elephant texture</source>
        <translation>Form der Katze, Textur des Elefanten</translation>
    </message>
    <message>
        <source>The cat&apos;s shape filled with elephant skin is an elephant: where shape and texture disagree, texture wins.</source>
        <translation>Die mit Elefantenhaut gefüllte Form der Katze ist ein Elefant: Wo Form und Textur sich widersprechen, gewinnt die Textur.</translation>
    </message>
    <message>
        <source>a fish</source>
        <translation>ein Fisch</translation>
    </message>
    <message>
        <source>a bird</source>
        <translation>ein Vogel</translation>
    </message>
    <message>
        <source>a reptile or amphibian</source>
        <translation>ein Reptil oder Amphibium</translation>
    </message>
    <message>
        <source>an invertebrate</source>
        <translation>ein wirbelloses Tier</translation>
    </message>
    <message>
        <source>a dog</source>
        <translation>ein Hund</translation>
    </message>
    <message>
        <source>a wild dog or fox</source>
        <translation>ein Wildhund oder Fuchs</translation>
    </message>
    <message>
        <source>a cat</source>
        <translation>eine Katze</translation>
    </message>
    <message>
        <source>a big cat</source>
        <translation>eine Großkatze</translation>
    </message>
    <message>
        <source>a bear</source>
        <translation>ein Bär</translation>
    </message>
    <message>
        <source>a primate</source>
        <translation>ein Primat</translation>
    </message>
    <message>
        <source>an elephant</source>
        <translation>ein Elefant</translation>
    </message>
    <message>
        <source>{wanted}, as in the lecture</source>
        <translation>{wanted}, wie in der Vorlesung</translation>
    </message>
    <message>
        <source>something else</source>
        <translation>etwas anderes</translation>
    </message>
    <message>
        <source>{found}; the lecture: {wanted}</source>
        <translation>{found}; in der Vorlesung: {wanted}</translation>
    </message>
    <message>
        <source>The lecture</source>
        <translation>Die Vorlesung</translation>
    </message>
    <message>
        <source>Waiting for the model…</source>
        <translation>Warten auf das Modell…</translation>
    </message>
    <message>
        <source>Stopped. Press Next or Previous to go on.</source>
        <translation>Abgebrochen. Weiter oder Zurück drücken, um fortzufahren.</translation>
    </message>
    <message>
        <source>This slide could not be made: {reason}</source>
        <translation>Diese Folie konnte nicht erstellt werden: {reason}</translation>
    </message>
</context>
<context>
    <name>LecturePanel</name>
    <message>
        <source>◀ Previous</source>
        <translation>◀ Zurück</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>Weiter ▶</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>The previous slide (Page Up)</source>
        <translation>Die vorige Folie (Bild auf)</translation>
    </message>
    <message>
        <source>The next slide (Page Down)</source>
        <translation>Die nächste Folie (Bild ab)</translation>
    </message>
    <message>
        <source>Close the lecture; the lecture&apos;s cat stays open</source>
        <translation>Vorlesung schließen; die Katze der Vorlesung bleibt geöffnet</translation>
    </message>
    <message>
        <source>Slide {number} of {count}</source>
        <translation>Folie {number} von {count}</translation>
    </message>
</context>
<context>
    <name>LessonTemplates</name>
    <message>
        <source>Open a photo the model recognises, note its top class, then run Lessons › Parts.</source>
        <translation>Öffnen Sie ein Foto, das das Modell erkennt, notieren Sie seine beste Klasse und starten Sie dann Lektionen › Teile.</translation>
    </message>
    <message>
        <source>Before you shuffle the photo&apos;s parts: what will the model say? My guess: ________ at about ________ %</source>
        <translation>Bevor Sie die Teile des Fotos mischen: Was wird das Modell sagen? Mein Tipp: ________ mit etwa ________ %</translation>
    </message>
    <message>
        <source>What did it say? ________ at ________ %. Was your guess right? ________</source>
        <translation>Was hat es gesagt? ________ mit ________ %. Lag Ihr Tipp richtig? ________</translation>
    </message>
    <message>
        <source>Which parts can you still see in the shuffled image? ________</source>
        <translation>Welche Teile erkennen Sie im gemischten Bild noch? ________</translation>
    </message>
    <message>
        <source>Does the arrangement of the parts matter to the model? Why do you think so? ________</source>
        <translation>Ist die Anordnung der Teile für das Modell wichtig? Warum denken Sie das? ________</translation>
    </message>
    <message>
        <source>Try a 5×5 or 8×8 jigsaw (Tools › Parts). At what size does the top class change? ________</source>
        <translation>Probieren Sie ein 5×5- oder 8×8-Puzzle (Werkzeuge › Teile). Ab welcher Größe ändert sich die beste Klasse? ________</translation>
    </message>
    <message>
        <source>Run Lessons › Occlusion: a grey box covers the region whose cover lowers the top class most.</source>
        <translation>Starten Sie Lektionen › Verdeckung: Ein graues Rechteck verdeckt die Region, deren Verdecken die beste Klasse am stärksten senkt.</translation>
    </message>
    <message>
        <source>Before you look: which region do you think matters most to the model? ________</source>
        <translation>Bevor Sie hinsehen: Welche Region ist Ihrer Meinung nach für das Modell am wichtigsten? ________</translation>
    </message>
    <message>
        <source>Before you cover that region: what will the model say? My guess: ________ at about ________ %</source>
        <translation>Bevor Sie diese Region verdecken: Was wird das Modell sagen? Mein Tipp: ________ mit etwa ________ %</translation>
    </message>
    <message>
        <source>Was the covered region the one you expected? ________</source>
        <translation>War die verdeckte Region die, die Sie erwartet haben? ________</translation>
    </message>
    <message>
        <source>Cover another part by hand (Tools › Occlude). Which part hurts the prediction most? ________</source>
        <translation>Verdecken Sie von Hand einen anderen Teil (Werkzeuge › Verdecken). Welcher Teil schadet der Vorhersage am meisten? ________</translation>
    </message>
    <message>
        <source>Run Lessons › Shape: the object the model looks at becomes a black silhouette on white.</source>
        <translation>Starten Sie Lektionen › Form: Das Objekt, auf das das Modell schaut, wird zu einer schwarzen Silhouette auf Weiß.</translation>
    </message>
    <message>
        <source>Before you keep only the silhouette: what will the model say? My guess: ________ at about ________ %</source>
        <translation>Bevor Sie nur die Silhouette behalten: Was wird das Modell sagen? Mein Tipp: ________ mit etwa ________ %</translation>
    </message>
    <message>
        <source>Would a person still name the object from the silhouette? ________</source>
        <translation>Würde ein Mensch das Objekt an der Silhouette noch erkennen? ________</translation>
    </message>
    <message>
        <source>What does the model&apos;s answer tell you about how much it uses shape? ________</source>
        <translation>Was verrät Ihnen die Antwort des Modells darüber, wie stark es die Form nutzt? ________</translation>
    </message>
    <message>
        <source>Run Lessons › Texture: a patch from inside the object is tiled over the whole frame.</source>
        <translation>Starten Sie Lektionen › Textur: Ein Stück aus dem Inneren des Objekts wird über das ganze Bild gekachelt.</translation>
    </message>
    <message>
        <source>Before you keep only the texture: what will the model say? My guess: ________ at about ________ %</source>
        <translation>Bevor Sie nur die Textur behalten: Was wird das Modell sagen? Mein Tipp: ________ mit etwa ________ %</translation>
    </message>
    <message>
        <source>Would a person still name the object from the texture alone? ________</source>
        <translation>Würde ein Mensch das Objekt allein an der Textur noch erkennen? ________</translation>
    </message>
    <message>
        <source>What will the model say when the texture is swapped for elephant skin? ________</source>
        <translation>Was wird das Modell sagen, wenn die Textur gegen Elefantenhaut getauscht wird? ________</translation>
    </message>
    <message>
        <source>Shape or texture: which does this model rely on more? ________</source>
        <translation>Form oder Textur: Worauf verlässt sich dieses Modell mehr? ________</translation>
    </message>
    <message>
        <source>Walk the lecture&apos;s slides (Lessons › The Lecture) and guess each verdict before it appears.</source>
        <translation>Gehen Sie die Folien der Vorlesung durch (Lektionen › Die Vorlesung) und raten Sie jedes Urteil, bevor es erscheint.</translation>
    </message>
    <message>
        <source>Parts shuffled: the model will say ________; it said ________</source>
        <translation>Teile gemischt: Das Modell wird ________ sagen; es sagte ________</translation>
    </message>
    <message>
        <source>Key region covered: the model will say ________; it said ________</source>
        <translation>Wichtigste Region verdeckt: Das Modell wird ________ sagen; es sagte ________</translation>
    </message>
    <message>
        <source>Silhouette only: the model will say ________; it said ________</source>
        <translation>Nur die Silhouette: Das Modell wird ________ sagen; es sagte ________</translation>
    </message>
    <message>
        <source>Elephant skin alone: the model will say ________; it said ________</source>
        <translation>Nur Elefantenhaut: Das Modell wird ________ sagen; es sagte ________</translation>
    </message>
    <message>
        <source>The cat in elephant skin: the model will say ________; it said ________</source>
        <translation>Die Katze in Elefantenhaut: Das Modell wird ________ sagen; es sagte ________</translation>
    </message>
    <message>
        <source>In one sentence: what does this classifier look at? ________</source>
        <translation>In einem Satz: Worauf schaut dieser Klassifikator? ________</translation>
    </message>
</context>
<context>
    <name>Lessons</name>
    <message>
        <source>Open an image and wait for the model before starting a lesson.</source>
        <translation>Öffnen Sie ein Bild und warten Sie auf das Modell, bevor Sie eine Lektion starten.</translation>
    </message>
    <message>
        <source>{lesson}: working… (Esc stops)</source>
        <translation>{lesson}: in Arbeit… (Esc bricht ab)</translation>
    </message>
    <message>
        <source>{question} The edits are in the Edits panel to inspect.</source>
        <translation>{question} Die Bearbeitungen stehen zum Ansehen in der Liste „Bearbeitungen“.</translation>
    </message>
    <message>
        <source>The lesson could not run: {reason}</source>
        <translation>Die Lektion konnte nicht laufen: {reason}</translation>
    </message>
    <message>
        <source>Lesson stopped.</source>
        <translation>Lektion abgebrochen.</translation>
    </message>
    <message>
        <source>{lesson}: {percent:.0f} % (Esc stops)</source>
        <translation>{lesson}: {percent:.0f} % (Esc bricht ab)</translation>
    </message>
</context>
<context>
    <name>LivePrediction</name>
    <message>
        <source>no edits</source>
        <translation>keine Bearbeitungen</translation>
    </message>
    <message>
        <source>{name}, {width} × {height} pixels, {edits}. The dashed square marks what the model sees.</source>
        <translation>{name}, {width} × {height} Pixel, {edits}. Das gestrichelte Quadrat markiert, was das Modell sieht.</translation>
    </message>
    <message>
        <source>Applying {count:,} edits… {percent:.0f} % (Esc stops)</source>
        <translation>{count:,} Bearbeitungen werden angewendet… {percent:.0f} % (Esc bricht ab)</translation>
    </message>
    <message>
        <source>An edit cannot be applied: {reason}. Hide or delete it in the Edits panel.</source>
        <translation>Eine Bearbeitung lässt sich nicht anwenden: {reason}. Blenden Sie sie in der Liste „Bearbeitungen“ aus oder löschen Sie sie.</translation>
    </message>
    <message>
        <source>Stopped applying the edits; the image shows the last finished render.</source>
        <translation>Anwenden der Bearbeitungen abgebrochen; das Bild zeigt die letzte fertige Berechnung.</translation>
    </message>
    <message>
        <source>The prediction failed: {reason}</source>
        <translation>Die Vorhersage ist fehlgeschlagen: {reason}</translation>
    </message>
    <message>
        <source>Prediction failed; the next change will try again.</source>
        <translation>Vorhersage fehlgeschlagen; die nächste Änderung versucht es erneut.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Loading the model…</source>
        <translation>Das Modell wird geladen…</translation>
    </message>
    <message>
        <source>Open ONNX model</source>
        <translation>ONNX-Modell öffnen</translation>
    </message>
    <message>
        <source>ONNX models (*.onnx)</source>
        <translation>ONNX-Modelle (*.onnx)</translation>
    </message>
    <message>
        <source>Could not load the model: {reason}</source>
        <translation>Das Modell konnte nicht geladen werden: {reason}</translation>
    </message>
    <message>
        <source>Still using {model}.</source>
        <translation>Weiterhin wird {model} verwendet.</translation>
    </message>
    <message>
        <source>No model loaded. Use Model › Bundled Model.</source>
        <translation>Kein Modell geladen. Verwenden Sie Modell › Mitgeliefertes Modell.</translation>
    </message>
    <message>
        <source>going back to the snapshot of “{name}”</source>
        <translation>Zurückkehren zum Schnappschuss von „{name}“</translation>
    </message>
    <message>
        <source>Stopped. The next change runs the model again.</source>
        <translation>Abgebrochen. Die nächste Änderung führt das Modell erneut aus.</translation>
    </message>
    <message>
        <source>closing</source>
        <translation>Schließen</translation>
    </message>
</context>
<context>
    <name>MapExports</name>
    <message>
        <source>Export map over the image</source>
        <translation>Karte über dem Bild exportieren</translation>
    </message>
    <message>
        <source>Export the coloured map</source>
        <translation>Eingefärbte Karte exportieren</translation>
    </message>
    <message>
        <source>Export the map&apos;s values</source>
        <translation>Werte der Karte exportieren</translation>
    </message>
    <message>
        <source>NumPy array (*.npy)</source>
        <translation>NumPy-Array (*.npy)</translation>
    </message>
    <message>
        <source>There is no map to export yet: press Explain first.</source>
        <translation>Es gibt noch keine Karte zum Exportieren: Drücken Sie zuerst „Erklären“.</translation>
    </message>
    <message>
        <source>Saved {name}</source>
        <translation>{name} gespeichert</translation>
    </message>
</context>
<context>
    <name>MapLegend</name>
    <message>
        <source>No map yet.</source>
        <translation>Noch keine Karte.</translation>
    </message>
    <message>
        <source>Map legend</source>
        <translation>Legende der Karte</translation>
    </message>
    <message>
        <source>{title}: from {low} to {high}</source>
        <translation>{title}: von {low} bis {high}</translation>
    </message>
</context>
<context>
    <name>Menus</name>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>&amp;Werkzeuge</translation>
    </message>
    <message>
        <source>&amp;Lessons</source>
        <translation>&amp;Lektionen</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>&amp;Modell</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;Samples</source>
        <translation>Beispie&amp;le</translation>
    </message>
    <message>
        <source>Bars in the &amp;Chart</source>
        <translation>Balken im &amp;Diagramm</translation>
    </message>
    <message>
        <source>Run &amp;On</source>
        <translation>&amp;Ausführen auf</translation>
    </message>
    <message>
        <source>&amp;Panels</source>
        <translation>Be&amp;reiche</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>&amp;Lesson Worksheets</source>
        <translation>Arbeitsblätter der Lek&amp;tionen</translation>
    </message>
    <message>
        <source>Hold Space and drag</source>
        <translation>Leertaste halten und ziehen</translation>
    </message>
    <message>
        <source>Pan the image, whatever the tool</source>
        <translation>Bild verschieben, mit jedem Werkzeug</translation>
    </message>
    <message>
        <source>Mouse wheel</source>
        <translation>Mausrad</translation>
    </message>
    <message>
        <source>Zoom the image</source>
        <translation>Bild vergrößern oder verkleinern</translation>
    </message>
    <message>
        <source>Double-click an edit</source>
        <translation>Doppelklick auf eine Bearbeitung</translation>
    </message>
    <message>
        <source>Change it with the tool that made it</source>
        <translation>Mit dem Werkzeug ändern, das sie erstellt hat</translation>
    </message>
    <message>
        <source>16 &amp;Categories</source>
        <translation>16 &amp;Kategorien</translation>
    </message>
    <message>
        <source>Show the 16 entry-level categories of Geirhos et al. 2019 under the class bars</source>
        <translation>Die 16 Basiskategorien von Geirhos et al. 2019 unter den Klassenbalken zeigen</translation>
    </message>
    <message>
        <source>Fill the object&apos;s shape with another image&apos;s texture (or a library texture), in one step</source>
        <translation>Die Form des Objekts in einem Schritt mit der Textur eines anderen Bildes (oder einer Bibliothekstextur) füllen</translation>
    </message>
    <message>
        <source>Cue &amp;Conflict…</source>
        <translation>&amp;Cue-Konflikt…</translation>
    </message>
    <message>
        <source>E&amp;xplain Prediction</source>
        <translation>Vorhersage &amp;erklären</translation>
    </message>
    <message>
        <source>Compute an explanation map of the current image</source>
        <translation>Eine Erklärungskarte des aktuellen Bildes berechnen</translation>
    </message>
    <message>
        <source>&amp;Explain Panel</source>
        <translation>&amp;Erklären-Bereich</translation>
    </message>
    <message>
        <source>Show or hide the Explain panel</source>
        <translation>Den Erklären-Bereich zeigen oder ausblenden</translation>
    </message>
    <message>
        <source>&amp;System Language</source>
        <translation>&amp;Systemsprache</translation>
    </message>
    <message>
        <source>The &amp;Lecture…</source>
        <translation>Die &amp;Vorlesung…</translation>
    </message>
    <message>
        <source>Walk the lecture&apos;s slides on the lecture&apos;s own cat: parts, occlusion, shape, texture</source>
        <translation>Die Folien der Vorlesung an ihrer eigenen Katze durchgehen: Teile, Verdeckung, Form, Textur</translation>
    </message>
    <message>
        <source>&amp;Previous Slide</source>
        <translation>V&amp;orige Folie</translation>
    </message>
    <message>
        <source>&amp;Next Slide</source>
        <translation>&amp;Nächste Folie</translation>
    </message>
    <message>
        <source>Top 3</source>
        <translation>Beste 3</translation>
    </message>
    <message>
        <source>Top 5</source>
        <translation>Beste 5</translation>
    </message>
    <message>
        <source>Top 10</source>
        <translation>Beste 10</translation>
    </message>
    <message>
        <source>&amp;Auto (GPU when it works)</source>
        <translation>&amp;Automatisch (GPU, wenn sie funktioniert)</translation>
    </message>
    <message>
        <source>&amp;CPU</source>
        <translation>&amp;CPU</translation>
    </message>
    <message>
        <source>CUDA (&amp;NVIDIA GPU)</source>
        <translation>CUDA (&amp;NVIDIA-GPU)</translation>
    </message>
    <message>
        <source>&amp;Open Image…</source>
        <translation>Bild ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open a photo</source>
        <translation>Ein Foto öffnen</translation>
    </message>
    <message>
        <source>&amp;Paste Image</source>
        <translation>Bild &amp;einfügen</translation>
    </message>
    <message>
        <source>Use the image on the clipboard</source>
        <translation>Das Bild aus der Zwischenablage verwenden</translation>
    </message>
    <message>
        <source>Open E&amp;xperiment…</source>
        <translation>E&amp;xperiment öffnen…</translation>
    </message>
    <message>
        <source>Open Stu&amp;dy Results…</source>
        <translation>Stu&amp;dienergebnisse öffnen…</translation>
    </message>
    <message>
        <source>A study&apos;s results (from the study command) as a table, biggest drops first</source>
        <translation>Die Ergebnisse einer Studie (vom Befehl „study“) als Tabelle, größte Einbrüche zuerst</translation>
    </message>
    <message>
        <source>&amp;Save Experiment</source>
        <translation>Experiment &amp;speichern</translation>
    </message>
    <message>
        <source>Save Experiment &amp;As…</source>
        <translation>Experiment speichern &amp;unter…</translation>
    </message>
    <message>
        <source>&amp;Export Edited Image…</source>
        <translation>Bearbeitetes Bild ex&amp;portieren…</translation>
    </message>
    <message>
        <source>Export &amp;Worksheet…</source>
        <translation>&amp;Arbeitsblatt exportieren…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>Undo the last edit</source>
        <translation>Die letzte Bearbeitung rückgängig machen</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <source>Redo the edit undone last</source>
        <translation>Die zuletzt rückgängig gemachte Bearbeitung wiederholen</translation>
    </message>
    <message>
        <source>&amp;Delete Edit</source>
        <translation>Bearbeitung &amp;löschen</translation>
    </message>
    <message>
        <source>C&amp;lear All Edits</source>
        <translation>&amp;Alle Bearbeitungen entfernen</translation>
    </message>
    <message>
        <source>&amp;Stop Running Work</source>
        <translation>Laufende Arbeit a&amp;bbrechen</translation>
    </message>
    <message>
        <source>Stop the running inference and background work</source>
        <translation>Die laufende Inferenz und Hintergrundarbeit abbrechen</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>&amp;Vergrößern</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>Verkl&amp;einern</translation>
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation>An &amp;Fenster anpassen</translation>
    </message>
    <message>
        <source>Fit the image to the window</source>
        <translation>Das Bild an das Fenster anpassen</translation>
    </message>
    <message>
        <source>&amp;Actual Size</source>
        <translation>&amp;Originalgröße</translation>
    </message>
    <message>
        <source>Focus the &amp;Image</source>
        <translation>&amp;Bild fokussieren</translation>
    </message>
    <message>
        <source>Move the keyboard to the image: arrow keys then nudge the selected edit</source>
        <translation>Die Tastatur auf das Bild setzen: Pfeiltasten verschieben dann die ausgewählte Bearbeitung</translation>
    </message>
    <message>
        <source>Show the Model&apos;s &amp;View</source>
        <translation>Sicht des &amp;Modells zeigen</translation>
    </message>
    <message>
        <source>Mark the part of the image the model actually sees (its centre crop)</source>
        <translation>Den Teil des Bildes markieren, den das Modell tatsächlich sieht (seinen mittleren Ausschnitt)</translation>
    </message>
    <message>
        <source>&amp;Compare with Original</source>
        <translation>Mit Original ver&amp;gleichen</translation>
    </message>
    <message>
        <source>Show the original image&apos;s prediction beside the current one</source>
        <translation>Die Vorhersage des Originalbildes neben der aktuellen zeigen</translation>
    </message>
    <message>
        <source>&amp;Keep Snapshot</source>
        <translation>Schnapps&amp;chuss festhalten</translation>
    </message>
    <message>
        <source>Keep this experiment in the strip below to compare</source>
        <translation>Dieses Experiment zum Vergleichen in der Leiste unten festhalten</translation>
    </message>
    <message>
        <source>&amp;Bundled Model (EfficientNet-Lite0)</source>
        <translation>&amp;Mitgeliefertes Modell (EfficientNet-Lite0)</translation>
    </message>
    <message>
        <source>Open ONNX &amp;Model…</source>
        <translation>ONNX-Modell ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>&amp;About Classifier Explorer</source>
        <translation>Ü&amp;ber Classifier Explorer</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Open the bundled sample “{name}”</source>
        <translation>Das mitgelieferte Beispiel „{name}“ öffnen</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Haupt</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>Beispiele</translation>
    </message>
    <message>
        <source>Open one of the bundled sample photos</source>
        <translation>Eines der mitgelieferten Beispielfotos öffnen</translation>
    </message>
    <message>
        <source>&amp;Projector Mode</source>
        <translation>&amp;Projektormodus</translation>
    </message>
    <message>
        <source>The image and a large, high-contrast chart fill the screen, for a hall</source>
        <translation>Bild und ein großes, kontrastreiches Diagramm füllen den Bildschirm – für einen Hörsaal</translation>
    </message>
    <message>
        <source>Measure the model&apos;s shape bias on cue-conflict images, as Geirhos et al. 2019 did</source>
        <translation>Den Form-Bias des Modells an Cue-Konflikt-Bildern messen, wie Geirhos et al. 2019</translation>
    </message>
    <message>
        <source>Shape-Bias &amp;Study…</source>
        <translation>Form-Bias-&amp;Studie…</translation>
    </message>
    <message>
        <source>Pan</source>
        <translation>Verschieben</translation>
    </message>
    <message>
        <source>Pan and zoom the image (no edits)</source>
        <translation>Bild verschieben und zoomen (keine Bearbeitungen)</translation>
    </message>
    <message>
        <source>&amp;Tool Options</source>
        <translation>&amp;Werkzeugoptionen</translation>
    </message>
    <message>
        <source>Show or hide the bar of the active tool&apos;s options</source>
        <translation>Die Leiste mit den Optionen des aktiven Werkzeugs zeigen oder ausblenden</translation>
    </message>
    <message>
        <source>Crop</source>
        <translation>Zuschneiden</translation>
    </message>
    <message>
        <source>Keep only part of the image: drag a rectangle; drag inside it to move it, its handles to resize</source>
        <translation>Nur einen Teil des Bildes behalten: ein Rechteck ziehen; innen ziehen zum Verschieben, an den Griffen zum Ändern der Größe</translation>
    </message>
    <message>
        <source>Occlude</source>
        <translation>Verdecken</translation>
    </message>
    <message>
        <source>Cover part of the image: drag a box, ellipse or brush; drag a box&apos;s inside to move it, a corner to resize</source>
        <translation>Einen Teil des Bildes verdecken: Rechteck, Ellipse oder Pinsel ziehen; ein Rechteck innen ziehen zum Verschieben, an einer Ecke zum Ändern der Größe</translation>
    </message>
    <message>
        <source>Parts</source>
        <translation>Teile</translation>
    </message>
    <message>
        <source>Rearrange parts: shuffle the image as a jigsaw, or drag a part to another place or swap two parts</source>
        <translation>Teile neu anordnen: das Bild wie ein Puzzle mischen, ein Teil an eine andere Stelle ziehen oder zwei Teile tauschen</translation>
    </message>
    <message>
        <source>Shape</source>
        <translation>Form</translation>
    </message>
    <message>
        <source>Keep only the object&apos;s shape: drag a rectangle around it, refine with strokes, then pick Silhouette</source>
        <translation>Nur die Form des Objekts behalten: ein Rechteck darum ziehen, mit Pinselstrichen verfeinern, dann „Silhouette“ wählen</translation>
    </message>
    <message>
        <source>Texture</source>
        <translation>Textur</translation>
    </message>
    <message>
        <source>Give a region another texture: drag a rectangle or lasso, or fill the object; or keep only a texture</source>
        <translation>Einer Region eine andere Textur geben: Rechteck oder Lasso ziehen oder das Objekt füllen; oder nur eine Textur behalten</translation>
    </message>
    <message>
        <source>&amp;Chart and Edits</source>
        <translation>&amp;Diagramm und Bearbeitungen</translation>
    </message>
    <message>
        <source>Show or hide the prediction chart and the list of edits</source>
        <translation>Das Vorhersagediagramm und die Liste der Bearbeitungen zeigen oder ausblenden</translation>
    </message>
    <message>
        <source>&amp;Snapshots</source>
        <translation>&amp;Schnappschüsse</translation>
    </message>
    <message>
        <source>Show or hide the strip of kept snapshots</source>
        <translation>Die Leiste der festgehaltenen Schnappschüsse zeigen oder ausblenden</translation>
    </message>
    <message>
        <source>Parts: jigsaw 3×3</source>
        <translation>Teile: Puzzle 3×3</translation>
    </message>
    <message>
        <source>The lecture</source>
        <translation>Die Vorlesung</translation>
    </message>
    <message>
        <source>Do the parts matter, or their arrangement?</source>
        <translation>Zählen die Teile oder ihre Anordnung?</translation>
    </message>
    <message>
        <source>Occlusion: cover the key region</source>
        <translation>Verdeckung: die wichtigste Region verdecken</translation>
    </message>
    <message>
        <source>Which parts matter most?</source>
        <translation>Welche Teile zählen am meisten?</translation>
    </message>
    <message>
        <source>Shape: silhouette</source>
        <translation>Form: Silhouette</translation>
    </message>
    <message>
        <source>Is the shape enough?</source>
        <translation>Genügt die Form?</translation>
    </message>
    <message>
        <source>Texture: texture only</source>
        <translation>Textur: nur Textur</translation>
    </message>
    <message>
        <source>Is the texture enough?</source>
        <translation>Genügt die Textur?</translation>
    </message>
    <message>
        <source>&amp;Guess First</source>
        <translation>Erst r&amp;aten</translation>
    </message>
    <message>
        <source>Hide the charts until you have guessed what the model will say; keeps your score</source>
        <translation>Die Diagramme verbergen, bis Sie geraten haben, was das Modell sagen wird; zählt Ihre Punkte</translation>
    </message>
    <message>
        <source>Open &amp;Second Model…</source>
        <translation>&amp;Zweites Modell öffnen…</translation>
    </message>
    <message>
        <source>Another ONNX classifier&apos;s chart under the first, for the same edited image</source>
        <translation>Das Diagramm eines weiteren ONNX-Klassifikators unter dem ersten, für dasselbe bearbeitete Bild</translation>
    </message>
    <message>
        <source>&amp;Close Second Model</source>
        <translation>Zweites Modell &amp;schließen</translation>
    </message>
    <message>
        <source>Back to one model and one chart</source>
        <translation>Zurück zu einem Modell und einem Diagramm</translation>
    </message>
</context>
<context>
    <name>ModelChoice</name>
    <message>
        <source>With two models open: the one this runs on</source>
        <translation>Bei zwei geöffneten Modellen: das, auf dem dies läuft</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Modell:</translation>
    </message>
    <message>
        <source>{name} (first)</source>
        <translation>{name} (erstes)</translation>
    </message>
    <message>
        <source>{name} (second)</source>
        <translation>{name} (zweites)</translation>
    </message>
</context>
<context>
    <name>ModelRegionMark</name>
    <message>
        <source>model sees this</source>
        <translation>das sieht das Modell</translation>
    </message>
</context>
<context>
    <name>NoticeBar</name>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
</context>
<context>
    <name>OccludeTool</name>
    <message>
        <source>Shape</source>
        <translation>Form</translation>
    </message>
    <message>
        <source>Fill</source>
        <translation>Füllung</translation>
    </message>
    <message>
        <source>Brush size</source>
        <translation>Pinselgröße</translation>
    </message>
    <message>
        <source>Brush radius, % of the image&apos;s longer side</source>
        <translation>Pinselradius in % der längeren Bildseite</translation>
    </message>
</context>
<context>
    <name>OptionsBar</name>
    <message>
        <source>Tool options</source>
        <translation>Werkzeugoptionen</translation>
    </message>
</context>
<context>
    <name>PartsTool</name>
    <message>
        <source>Hole</source>
        <translation>Lücke</translation>
    </message>
    <message>
        <source>What covers the place the part was moved away from</source>
        <translation>Womit die Stelle gefüllt wird, von der das Teil weggezogen wurde</translation>
    </message>
    <message>
        <source>Tiles per side of the jigsaw grid</source>
        <translation>Kacheln pro Seite des Puzzlerasters</translation>
    </message>
    <message>
        <source>The seed decides the order of the tiles: the same seed gives the same jigsaw</source>
        <translation>Der Startwert bestimmt die Reihenfolge der Kacheln: Derselbe Startwert ergibt dasselbe Puzzle</translation>
    </message>
    <message>
        <source>Shuffle</source>
        <translation>Mischen</translation>
    </message>
    <message>
        <source>Shuffle with a new random seed</source>
        <translation>Mit einem neuen zufälligen Startwert mischen</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Anwenden</translation>
    </message>
    <message>
        <source>Shuffle the image with this grid and seed (or change the selected jigsaw)</source>
        <translation>Das Bild mit diesem Raster und Startwert mischen (oder das ausgewählte Puzzle ändern)</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>Raster</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Startwert</translation>
    </message>
    <message>
        <source>Open an image first.</source>
        <translation>Öffnen Sie zuerst ein Bild.</translation>
    </message>
    <message>
        <source>Cannot place the part there: {reason}</source>
        <translation>Das Teil kann dort nicht platziert werden: {reason}</translation>
    </message>
</context>
<context>
    <name>PredictionChart</name>
    <message>
        <source>Open an image to see what the model thinks.</source>
        <translation>Öffnen Sie ein Bild, um zu sehen, was das Modell denkt.</translation>
    </message>
    <message>
        <source>unchanged from the original image</source>
        <translation>unverändert gegenüber dem Originalbild</translation>
    </message>
    <message>
        <source>up {points:.1f} points from the original image</source>
        <translation>{points:.1f} Punkte mehr als beim Originalbild</translation>
    </message>
    <message>
        <source>down {points:.1f} points from the original image</source>
        <translation>{points:.1f} Punkte weniger als beim Originalbild</translation>
    </message>
    <message>
        <source>Prediction chart</source>
        <translation>Vorhersagediagramm</translation>
    </message>
    <message>
        <source>{label}
{percent} now</source>
        <translation>{label}
{percent} jetzt</translation>
    </message>
    <message>
        <source>{percent} on the original image</source>
        <translation>{percent} beim Originalbild</translation>
    </message>
    <message>
        <source>computing…  </source>
        <translation>wird berechnet…  </translation>
    </message>
    <message>
        <source>computing…</source>
        <translation>wird berechnet…</translation>
    </message>
    <message>
        <source>now</source>
        <translation>jetzt</translation>
    </message>
    <message>
        <source>original image</source>
        <translation>Originalbild</translation>
    </message>
    <message>
        <source>change (points)</source>
        <translation>Änderung (Punkte)</translation>
    </message>
    <message>
        <source>points</source>
        <translation>Punkte</translation>
    </message>
    <message>
        <source>No predictions.</source>
        <translation>Keine Vorhersagen.</translation>
    </message>
</context>
<context>
    <name>ProjectorMode</name>
    <message>
        <source>Projector mode: {key} leaves it.</source>
        <translation>Projektormodus: {key} beendet ihn.</translation>
    </message>
</context>
<context>
    <name>SecondModel</name>
    <message>
        <source>Second model&apos;s prediction chart</source>
        <translation>Vorhersagediagramm des zweiten Modells</translation>
    </message>
    <message>
        <source>Open a second ONNX model</source>
        <translation>Ein zweites ONNX-Modell öffnen</translation>
    </message>
    <message>
        <source>ONNX models (*.onnx)</source>
        <translation>ONNX-Modelle (*.onnx)</translation>
    </message>
    <message>
        <source>Loading the second model {name}…</source>
        <translation>Das zweite Modell {name} wird geladen…</translation>
    </message>
    <message>
        <source>Second model: {name}</source>
        <translation>Zweites Modell: {name}</translation>
    </message>
    <message>
        <source>{name} (second model)</source>
        <translation>{name} (zweites Modell)</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>Wird berechnet…</translation>
    </message>
    <message>
        <source>Could not open the second model: {message}</source>
        <translation>Das zweite Modell konnte nicht geöffnet werden: {message}</translation>
    </message>
    <message>
        <source>The second model&apos;s prediction failed: {message}</source>
        <translation>Die Vorhersage des zweiten Modells ist fehlgeschlagen: {message}</translation>
    </message>
</context>
<context>
    <name>ShapeBiasPlot</name>
    <message>
        <source>Shape bias per category</source>
        <translation>Form-Bias pro Kategorie</translation>
    </message>
    <message>
        <source>Overall shape bias: {values}</source>
        <translation>Gesamter Form-Bias: {values}</translation>
    </message>
    <message>
        <source>◀ texture</source>
        <translation>◀ Textur</translation>
    </message>
    <message>
        <source>fraction of shape decisions</source>
        <translation>Anteil der Formentscheidungen</translation>
    </message>
    <message>
        <source>shape ▶</source>
        <translation>Form ▶</translation>
    </message>
</context>
<context>
    <name>ShapeOptions</name>
    <message>
        <source>Brush</source>
        <translation>Pinsel</translation>
    </message>
    <message>
        <source>Brush radius, % of the image&apos;s longer side</source>
        <translation>Pinselradius in % der längeren Bildseite</translation>
    </message>
    <message>
        <source>Finding… %p%</source>
        <translation>Suche… %p%</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Stop finding the object (keeps the previous one)</source>
        <translation>Objektsuche abbrechen (das bisherige bleibt)</translation>
    </message>
</context>
<context>
    <name>ShapeTool</name>
    <message>
        <source>Wait until the object is found: this needs the object&apos;s shape.</source>
        <translation>Warten Sie, bis das Objekt gefunden ist: Dafür wird die Form des Objekts gebraucht.</translation>
    </message>
    <message>
        <source>First drag a rectangle around the object: this needs the object&apos;s shape.</source>
        <translation>Ziehen Sie zuerst ein Rechteck um das Objekt: Dafür wird die Form des Objekts gebraucht.</translation>
    </message>
    <message>
        <source>GrabCut: {reason}.</source>
        <translation>GrabCut: {reason}.</translation>
    </message>
    <message>
        <source>First drag a rectangle around the object, then mark what GrabCut got wrong.</source>
        <translation>Ziehen Sie zuerst ein Rechteck um das Objekt und markieren Sie dann, was GrabCut falsch erkannt hat.</translation>
    </message>
    <message>
        <source>Drag a rectangle around the whole object to find it.</source>
        <translation>Ziehen Sie ein Rechteck um das ganze Objekt, um es zu finden.</translation>
    </message>
</context>
<context>
    <name>SnapshotKeeper</name>
    <message>
        <source>Nothing to keep yet: wait for the prediction.</source>
        <translation>Noch nichts festzuhalten: Warten Sie auf die Vorhersage.</translation>
    </message>
    <message>
        <source>Guess first: pick your answer, then keep the snapshot.</source>
        <translation>Erst raten: Wählen Sie Ihre Antwort, dann halten Sie den Schnappschuss fest.</translation>
    </message>
</context>
<context>
    <name>SnapshotStrip</name>
    <message>
        <source>Double-click one (or press Enter) to bring it back.</source>
        <translation>Doppelklick (oder Eingabetaste) holt ihn zurück.</translation>
    </message>
    <message>
        <source>Snapshots</source>
        <translation>Schnappschüsse</translation>
    </message>
    <message>
        <source>Show or fold the snapshots</source>
        <translation>Schnappschüsse zeigen oder einklappen</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Wiederherstellen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Note…</source>
        <translation>Notiz…</translation>
    </message>
    <message>
        <source>Write a note on the selected snapshot, for the worksheet</source>
        <translation>Eine Notiz zum gewählten Schnappschuss schreiben, für das Arbeitsblatt</translation>
    </message>
    <message>
        <source>Worksheet…</source>
        <translation>Arbeitsblatt…</translation>
    </message>
    <message>
        <source>Export every snapshot as a worksheet (HTML and PDF)</source>
        <translation>Alle Schnappschüsse als Arbeitsblatt exportieren (HTML und PDF)</translation>
    </message>
    <message>
        <source>Note on the snapshot</source>
        <translation>Notiz zum Schnappschuss</translation>
    </message>
    <message>
        <source>What does this snapshot show? (for the worksheet)</source>
        <translation>Was zeigt dieser Schnappschuss? (für das Arbeitsblatt)</translation>
    </message>
    <message>
        <source>no edits</source>
        <translation>keine Bearbeitungen</translation>
    </message>
    <message>
        <source>Note: {0}</source>
        <translation>Notiz: {0}</translation>
    </message>
    <message>
        <source>Snapshots ({count})</source>
        <translation>Schnappschüsse ({count})</translation>
    </message>
</context>
<context>
    <name>StudyDialog</name>
    <message>
        <source>by shape</source>
        <translation>nach Form</translation>
    </message>
    <message>
        <source>by texture</source>
        <translation>nach Textur</translation>
    </message>
    <message>
        <source>neither</source>
        <translation>keins von beiden</translation>
    </message>
    <message>
        <source>no cue conflict</source>
        <translation>kein Cue-Konflikt</translation>
    </message>
    <message>
        <source>Shape-bias study</source>
        <translation>Form-Bias-Studie</translation>
    </message>
    <message>
        <source>Choose Folder…</source>
        <translation>Ordner wählen…</translation>
    </message>
    <message>
        <source>A folder of images named like cat7-elephant1.png (shape cat, texture elephant)</source>
        <translation>Ein Ordner mit Bildern, die wie cat7-elephant1.png heißen (Form Katze, Textur Elefant)</translation>
    </message>
    <message>
        <source>Bundled Images</source>
        <translation>Mitgelieferte Bilder</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Ausführen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Press Run to measure the current model&apos;s shape bias.</source>
        <translation>Drücken Sie „Ausführen“, um den Form-Bias des aktuellen Modells zu messen.</translation>
    </message>
    <message>
        <source>Click a category in the figure to see its images and their decisions.</source>
        <translation>Klicken Sie auf eine Kategorie in der Abbildung, um ihre Bilder und deren Entscheidungen zu sehen.</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>CSV exportieren…</translation>
    </message>
    <message>
        <source>Export JSON…</source>
        <translation>JSON exportieren…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>the bundled cue-conflict images</source>
        <translation>die mitgelieferten Cue-Konflikt-Bilder</translation>
    </message>
    <message>
        <source>Images: {folder}</source>
        <translation>Bilder: {folder}</translation>
    </message>
    <message>
        <source>Folder of cue-conflict images</source>
        <translation>Ordner mit Cue-Konflikt-Bildern</translation>
    </message>
    <message>
        <source>Wait for the model to load, then press Run.</source>
        <translation>Warten Sie, bis das Modell geladen ist, und drücken Sie dann „Ausführen“.</translation>
    </message>
    <message>
        <source>Running {model}…</source>
        <translation>{model} läuft…</translation>
    </message>
    <message>
        <source>; {count} files skipped (not named like the stimuli, or unreadable)</source>
        <translation>; {count} Dateien übersprungen (nicht wie die Stimuli benannt oder unlesbar)</translation>
    </message>
    <message>
        <source>No images named like cat7-elephant1.png could be read{skipped}.</source>
        <translation>Es konnten keine Bilder gelesen werden, die wie cat7-elephant1.png heißen{skipped}.</translation>
    </message>
    <message>
        <source>&lt;b&gt;{model}: shape bias {value}&lt;/b&gt; — {shape} shape and {texture} texture decisions on {images} cue-conflict images ({read} read{skipped}; {seconds:.1f} s). Humans decide by shape (0.96); ImageNet-trained networks mostly by texture.</source>
        <translation>&lt;b&gt;{model}: Form-Bias {value}&lt;/b&gt; — {shape} Form- und {texture} Texturentscheidungen bei {images} Cue-Konflikt-Bildern ({read} gelesen{skipped}; {seconds:.1f} s). Menschen entscheiden nach der Form (0,96), auf ImageNet trainierte Netze meist nach der Textur.</translation>
    </message>
    <message>
        <source>The study could not run: {reason}</source>
        <translation>Die Studie konnte nicht laufen: {reason}</translation>
    </message>
    <message>
        <source>Stopped. Press Run to start again.</source>
        <translation>Abgebrochen. Drücken Sie „Ausführen“, um neu zu beginnen.</translation>
    </message>
    <message>
        <source>&lt;b&gt;{category}&lt;/b&gt;: {count} images — decided by shape {shape}, by texture {texture}, neither {neither}</source>
        <translation>&lt;b&gt;{category}&lt;/b&gt;: {count} Bilder — nach Form entschieden {shape}, nach Textur {texture}, keins von beiden {neither}</translation>
    </message>
    <message>
        <source>{image}
shape {shape}, texture {texture}
decided {decision}</source>
        <translation>{image}
Form {shape}, Textur {texture}
entschieden: {decision}</translation>
    </message>
    <message>
        <source>Export the study as {kind}</source>
        <translation>Studie als {kind} exportieren</translation>
    </message>
    <message>
        <source>Could not save “{name}”: {reason}</source>
        <translation>„{name}“ konnte nicht gespeichert werden: {reason}</translation>
    </message>
    <message>
        <source>Saved {name}</source>
        <translation>{name} gespeichert</translation>
    </message>
</context>
<context>
    <name>StudyFiles</name>
    <message>
        <source>Open study results</source>
        <translation>Studienergebnisse öffnen</translation>
    </message>
    <message>
        <source>Wait for the model before opening a study&apos;s image.</source>
        <translation>Warten Sie auf das Modell, bevor Sie ein Bild einer Studie öffnen.</translation>
    </message>
    <message>
        <source>Could not open {name}: {reason}</source>
        <translation>{name} konnte nicht geöffnet werden: {reason}</translation>
    </message>
</context>
<context>
    <name>StudyResults</name>
    <message>
        <source>Study results (*.csv *.parquet)</source>
        <translation>Studienergebnisse (*.csv *.parquet)</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Bild</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>True class</source>
        <translation>Wahre Klasse</translation>
    </message>
    <message>
        <source>Top class</source>
        <translation>Beste Klasse</translation>
    </message>
    <message>
        <source>p(top)</source>
        <translation>p(beste)</translation>
    </message>
    <message>
        <source>Top class after</source>
        <translation>Beste Klasse danach</translation>
    </message>
    <message>
        <source>p(top after)</source>
        <translation>p(beste danach)</translation>
    </message>
    <message>
        <source>Drop</source>
        <translation>Einbruch</translation>
    </message>
    <message>
        <source>Top kept</source>
        <translation>Beste behalten</translation>
    </message>
    <message>
        <source>p(true)</source>
        <translation>p(wahr)</translation>
    </message>
    <message>
        <source>p(true) after</source>
        <translation>p(wahr) danach</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>Category after</source>
        <translation>Kategorie danach</translation>
    </message>
    <message>
        <source>Shape</source>
        <translation>Form</translation>
    </message>
    <message>
        <source>Texture</source>
        <translation>Textur</translation>
    </message>
    <message>
        <source>Map of class</source>
        <translation>Karte der Klasse</translation>
    </message>
    <message>
        <source>Map file</source>
        <translation>Kartendatei</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
</context>
<context>
    <name>StudyResultsDialog</name>
    <message>
        <source>Study results: {name}</source>
        <translation>Studienergebnisse: {name}</translation>
    </message>
    <message>
        <source>Filter by image, class, category or error…</source>
        <translation>Nach Bild, Klasse, Kategorie oder Fehler filtern…</translation>
    </message>
    <message>
        <source>unknown recipe</source>
        <translation>unbekanntes Rezept</translation>
    </message>
    <message>
        <source>an unrecorded folder</source>
        <translation>einem nicht aufgezeichneten Ordner</translation>
    </message>
    <message>
        <source>{recipe} over {folder}: {rows:,} rows. Double-click a row to open the image with the recipe.</source>
        <translation>{recipe} über {folder}: {rows:,} Zeilen. Doppelklick auf eine Zeile öffnet das Bild mit dem Rezept.</translation>
    </message>
    <message>
        <source>{shown:,} of {rows:,} rows</source>
        <translation>{shown:,} von {rows:,} Zeilen</translation>
    </message>
    <message>
        <source>Cannot open this row: {reason}.</source>
        <translation>Diese Zeile lässt sich nicht öffnen: {reason}.</translation>
    </message>
</context>
<context>
    <name>TextureObject</name>
    <message>
        <source>Finding the object the model looks at… (Esc stops)</source>
        <translation>Das Objekt, auf das das Modell schaut, wird gesucht… (Esc bricht ab)</translation>
    </message>
    <message>
        <source>No object found: {reason}</source>
        <translation>Kein Objekt gefunden: {reason}</translation>
    </message>
    <message>
        <source>Found the object the model looks at (its outline is shown in green).</source>
        <translation>Das Objekt, auf das das Modell schaut, wurde gefunden (sein Umriss ist grün dargestellt).</translation>
    </message>
</context>
<context>
    <name>TextureOptions</name>
    <message>
        <source>Texture</source>
        <translation>Textur</translation>
    </message>
    <message>
        <source>Tile</source>
        <translation>Kachel</translation>
    </message>
    <message>
        <source>Width of one texture tile, % of the image width</source>
        <translation>Breite einer Texturkachel in % der Bildbreite</translation>
    </message>
    <message>
        <source>Model scale</source>
        <translation>Modellmaßstab</translation>
    </message>
    <message>
        <source>Tile the texture at the model&apos;s scale: one texture pixel ≈ one pixel the model sees, whatever the photo&apos;s size (a patch of this image: as large as it is). Moving the slider sets the size by hand.</source>
        <translation>Die Textur im Maßstab des Modells kacheln: ein Texturpixel ≈ ein Pixel, das das Modell sieht, unabhängig von der Fotogröße (ein Ausschnitt dieses Bildes: so groß, wie er ist). Mit dem Schieberegler wird die Größe von Hand gesetzt.</translation>
    </message>
    <message>
        <source>Keep shading</source>
        <translation>Schattierung behalten</translation>
    </message>
    <message>
        <source>Keep the image&apos;s light and shadow on the texture (for shape-vs-texture conflicts)</source>
        <translation>Licht und Schatten des Bildes auf der Textur behalten (für Form-gegen-Textur-Konflikte)</translation>
    </message>
    <message>
        <source>Fill region</source>
        <translation>Region füllen</translation>
    </message>
    <message>
        <source>Fill the object, the background, or the last drawn region with the texture</source>
        <translation>Das Objekt, den Hintergrund oder die zuletzt gezeichnete Region mit der Textur füllen</translation>
    </message>
    <message>
        <source>Texture only</source>
        <translation>Nur Textur</translation>
    </message>
    <message>
        <source>Replace the whole image by the texture: no shape left</source>
        <translation>Das ganze Bild durch die Textur ersetzen: keine Form bleibt</translation>
    </message>
    <message>
        <source>Pick patch from image…</source>
        <translation>Ausschnitt aus dem Bild wählen…</translation>
    </message>
    <message>
        <source>From file…</source>
        <translation>Aus Datei…</translation>
    </message>
    <message>
        <source>Where the texture comes from: the library, a patch of this image, or a file</source>
        <translation>Woher die Textur kommt: aus der Bibliothek, einem Ausschnitt dieses Bildes oder einer Datei</translation>
    </message>
</context>
<context>
    <name>TextureTool</name>
    <message>
        <source>Texture from an image file</source>
        <translation>Textur aus einer Bilddatei</translation>
    </message>
    <message>
        <source>Images ({patterns});;All files (*)</source>
        <translation>Bilder ({patterns});;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Drag a rectangle: it is filled with the texture.</source>
        <translation>Ziehen Sie ein Rechteck: Es wird mit der Textur gefüllt.</translation>
    </message>
    <message>
        <source>Patch picked: drag a region to fill, or press Texture only.</source>
        <translation>Ausschnitt gewählt: Ziehen Sie eine Region zum Füllen oder drücken Sie „Nur Textur“.</translation>
    </message>
    <message>
        <source>Draw around an area (hold the button while you draw): it is filled.</source>
        <translation>Umfahren Sie einen Bereich (Taste beim Zeichnen gedrückt halten): Er wird gefüllt.</translation>
    </message>
</context>
<context>
    <name>ToolManager</name>
    <message>
        <source>Tools</source>
        <translation>Werkzeuge</translation>
    </message>
    <message>
        <source>Tool options</source>
        <translation>Werkzeugoptionen</translation>
    </message>
    <message>
        <source>Choose a tool on the left to edit the image; drag to pan, wheel to zoom.</source>
        <translation>Wählen Sie links ein Werkzeug, um das Bild zu bearbeiten; Ziehen verschiebt, das Mausrad zoomt.</translation>
    </message>
</context>
<context>
    <name>Tools</name>
    <message>
        <source>Free</source>
        <translation>Frei</translation>
    </message>
    <message>
        <source>Any width and height</source>
        <translation>Beliebige Breite und Höhe</translation>
    </message>
    <message>
        <source>Square</source>
        <translation>Quadratisch</translation>
    </message>
    <message>
        <source>Equal width and height in pixels (squares the current crop)</source>
        <translation>Gleiche Breite und Höhe in Pixeln (macht den aktuellen Zuschnitt quadratisch)</translation>
    </message>
    <message>
        <source>Mean grey</source>
        <translation>Mittleres Grau</translation>
    </message>
    <message>
        <source>Black</source>
        <translation>Schwarz</translation>
    </message>
    <message>
        <source>White</source>
        <translation>Weiß</translation>
    </message>
    <message>
        <source>Blur</source>
        <translation>Unschärfe</translation>
    </message>
    <message>
        <source>Noise</source>
        <translation>Rauschen</translation>
    </message>
    <message>
        <source>Image&apos;s mean colour</source>
        <translation>Mittlere Farbe des Bildes</translation>
    </message>
    <message>
        <source>Rectangle</source>
        <translation>Rechteck</translation>
    </message>
    <message>
        <source>Ellipse</source>
        <translation>Ellipse</translation>
    </message>
    <message>
        <source>Brush</source>
        <translation>Pinsel</translation>
    </message>
    <message>
        <source>Jigsaw</source>
        <translation>Puzzle</translation>
    </message>
    <message>
        <source>Move part</source>
        <translation>Teil verschieben</translation>
    </message>
    <message>
        <source>Swap parts</source>
        <translation>Teile tauschen</translation>
    </message>
    <message>
        <source>Drag a box around a part, then drag the part to its new place</source>
        <translation>Ein Rechteck um ein Teil ziehen, dann das Teil an seinen neuen Platz ziehen</translation>
    </message>
    <message>
        <source>Drag a box around a part, then drag it onto the part to swap with</source>
        <translation>Ein Rechteck um ein Teil ziehen, dann auf das Teil ziehen, mit dem es getauscht wird</translation>
    </message>
    <message>
        <source>Drag a rectangle around the object.</source>
        <translation>Ziehen Sie ein Rechteck um das Objekt.</translation>
    </message>
    <message>
        <source>Found in {seconds:.1f} s. Paint to refine it.</source>
        <translation>In {seconds:.1f} s gefunden. Zum Verfeinern malen.</translation>
    </message>
    <message>
        <source>Pick a shape, or drag a new rectangle.</source>
        <translation>Wählen Sie eine Form oder ziehen Sie ein neues Rechteck.</translation>
    </message>
    <message>
        <source>Drag a rectangle around the object to find it</source>
        <translation>Ein Rechteck um das Objekt ziehen, um es zu finden</translation>
    </message>
    <message>
        <source>Mark object</source>
        <translation>Objekt markieren</translation>
    </message>
    <message>
        <source>Paint over parts that belong to the object (GrabCut runs again)</source>
        <translation>Über Teile malen, die zum Objekt gehören (GrabCut läuft erneut)</translation>
    </message>
    <message>
        <source>Mark background</source>
        <translation>Hintergrund markieren</translation>
    </message>
    <message>
        <source>Paint over parts that are not the object (GrabCut runs again)</source>
        <translation>Über Teile malen, die nicht zum Objekt gehören (GrabCut läuft erneut)</translation>
    </message>
    <message>
        <source>Black on white</source>
        <translation>Schwarz auf Weiß</translation>
    </message>
    <message>
        <source>White on black</source>
        <translation>Weiß auf Schwarz</translation>
    </message>
    <message>
        <source>Contour</source>
        <translation>Kontur</translation>
    </message>
    <message>
        <source>Edges</source>
        <translation>Kanten</translation>
    </message>
    <message>
        <source>Grey</source>
        <translation>Grau</translation>
    </message>
    <message>
        <source>Silhouette</source>
        <translation>Silhouette</translation>
    </message>
    <message>
        <source>Replace the image by the object&apos;s silhouette (undoable)</source>
        <translation>Das Bild durch die Silhouette des Objekts ersetzen (rückgängig machbar)</translation>
    </message>
    <message>
        <source>Outline</source>
        <translation>Umriss</translation>
    </message>
    <message>
        <source>Replace the image by the object&apos;s outline or its edges (undoable)</source>
        <translation>Das Bild durch den Umriss oder die Kanten des Objekts ersetzen (rückgängig machbar)</translation>
    </message>
    <message>
        <source>Remove background</source>
        <translation>Hintergrund entfernen</translation>
    </message>
    <message>
        <source>Keep the object, replace everything else (undoable)</source>
        <translation>Das Objekt behalten, alles andere ersetzen (rückgängig machbar)</translation>
    </message>
    <message>
        <source>No object is known for this image yet: find the one the model looks at, or extract it with the Shape tool.</source>
        <translation>Für dieses Bild ist noch kein Objekt bekannt: Suchen Sie das, auf das das Modell schaut, oder lösen Sie es mit dem Werkzeug „Form“ heraus.</translation>
    </message>
    <message>
        <source>Find the object</source>
        <translation>Objekt suchen</translation>
    </message>
    <message>
        <source>Drag a rectangle on the image: it is filled with the texture</source>
        <translation>Ein Rechteck auf dem Bild ziehen: Es wird mit der Textur gefüllt</translation>
    </message>
    <message>
        <source>Lasso</source>
        <translation>Lasso</translation>
    </message>
    <message>
        <source>Draw around an area with the mouse: it is filled with the texture</source>
        <translation>Mit der Maus einen Bereich umfahren: Er wird mit der Textur gefüllt</translation>
    </message>
    <message>
        <source>Object</source>
        <translation>Objekt</translation>
    </message>
    <message>
        <source>Fill the object (the Shape tool&apos;s, or the one the model looks at): press Fill region</source>
        <translation>Das Objekt füllen (das des Werkzeugs „Form“ oder das, auf das das Modell schaut): „Region füllen“ drücken</translation>
    </message>
    <message>
        <source>Background</source>
        <translation>Hintergrund</translation>
    </message>
    <message>
        <source>Fill everything but the object (the Shape tool&apos;s, or the one the model looks at): press Fill region</source>
        <translation>Alles außer dem Objekt füllen (dem des Werkzeugs „Form“ oder dem, auf das das Modell schaut): „Region füllen“ drücken</translation>
    </message>
    <message>
        <source>Drag a small box over the texture to use.</source>
        <translation>Ziehen Sie ein kleines Rechteck über die zu verwendende Textur.</translation>
    </message>
    <message>
        <source>Press Fill region.</source>
        <translation>Drücken Sie „Region füllen“.</translation>
    </message>
    <message>
        <source>Press Fill region: the object is found first.</source>
        <translation>Drücken Sie „Region füllen“: Zuerst wird das Objekt gesucht.</translation>
    </message>
    <message>
        <source>Drag a rectangle.</source>
        <translation>Ziehen Sie ein Rechteck.</translation>
    </message>
    <message>
        <source>Draw around an area.</source>
        <translation>Umfahren Sie einen Bereich.</translation>
    </message>
    <message>
        <source>Drag a rectangle on the image: it is filled with the texture.</source>
        <translation>Ziehen Sie ein Rechteck auf dem Bild: Es wird mit der Textur gefüllt.</translation>
    </message>
    <message>
        <source>Draw around an area on the image: it is filled with the texture.</source>
        <translation>Umfahren Sie einen Bereich auf dem Bild: Er wird mit der Textur gefüllt.</translation>
    </message>
    <message>
        <source>Press Fill region to fill the object, or choose Rectangle or Lasso.</source>
        <translation>Drücken Sie „Region füllen“, um das Objekt zu füllen, oder wählen Sie Rechteck oder Lasso.</translation>
    </message>
    <message>
        <source>Press Fill region to fill the background, or choose Rectangle or Lasso.</source>
        <translation>Drücken Sie „Region füllen“, um den Hintergrund zu füllen, oder wählen Sie Rechteck oder Lasso.</translation>
    </message>
    <message>
        <source>File: {name}</source>
        <translation>Datei: {name}</translation>
    </message>
    <message>
        <source>Patch {width:.0f}×{height:.0f} % of the image</source>
        <translation>Ausschnitt {width:.0f}×{height:.0f} % des Bildes</translation>
    </message>
</context>
<context>
    <name>WindowStatusBar</name>
    <message>
        <source>Model: loading…</source>
        <translation>Modell: wird geladen…</translation>
    </message>
    <message>
        <source>Model: loading {name}…</source>
        <translation>Modell: {name} wird geladen…</translation>
    </message>
    <message>
        <source>Model: none</source>
        <translation>Modell: keines</translation>
    </message>
    <message>
        <source>Model: {name}</source>
        <translation>Modell: {name}</translation>
    </message>
    <message>
        <source>Running on: {provider}</source>
        <translation>Läuft auf: {provider}</translation>
    </message>
    <message>
        <source>{active} as requested ({requested})</source>
        <translation>{active} wie angefordert ({requested})</translation>
    </message>
    <message>
        <source>{ms:.0f} ms inference</source>
        <translation>{ms:.0f} ms Inferenz</translation>
    </message>
    <message>
        <source>{ms:.0f} ms from the edit to this chart</source>
        <translation>{ms:.0f} ms von der Bearbeitung bis zu diesem Diagramm</translation>
    </message>
</context>
<context>
    <name>Worksheet</name>
    <message>
        <source>{method} map for {name}</source>
        <translation>{method}-Karte für {name}</translation>
    </message>
    <message>
        <source>was {0}</source>
        <translation>vorher {0}</translation>
    </message>
    <message>
        <source>Shape bias of {model}: {value}</source>
        <translation>Form-Bias von {model}: {value}</translation>
    </message>
    <message>
        <source>on {count} cue-conflict images (humans 0.96). Per category: {categories}.</source>
        <translation>auf {count} Cue-Konflikt-Bildern (Menschen 0,96). Pro Kategorie: {categories}.</translation>
    </message>
    <message>
        <source>{model}: top {count}</source>
        <translation>{model}: die besten {count}</translation>
    </message>
    <message>
        <source>Edits:</source>
        <translation>Bearbeitungen:</translation>
    </message>
    <message>
        <source>none (the original image)</source>
        <translation>keine (das Originalbild)</translation>
    </message>
    <message>
        <source>Snapshot {number}: {label} {percent}</source>
        <translation>Schnappschuss {number}: {label} {percent}</translation>
    </message>
    <message>
        <source>{right} of {asked} guesses right so far.</source>
        <translation>{right} von {asked} Tipps bisher richtig.</translation>
    </message>
    <message>
        <source>Guess first:</source>
        <translation>Erst raten:</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>Notiz:</translation>
    </message>
    <message>
        <source>Questions: {title}</source>
        <translation>Fragen: {title}</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Date:</source>
        <translation>Datum:</translation>
    </message>
    <message>
        <source>Snapshots: {count}</source>
        <translation>Schnappschüsse: {count}</translation>
    </message>
</context>
<context>
    <name>WorksheetExport</name>
    <message>
        <source>The lesson&apos;s questions with blanks for the guesses, as a web page and a PDF</source>
        <translation>Die Fragen der Lektion mit Lücken für die Tipps, als Webseite und PDF</translation>
    </message>
    <message>
        <source>No snapshots yet: keep one first (View › Keep Snapshot, Ctrl+K).</source>
        <translation>Noch keine Schnappschüsse: Halten Sie zuerst einen fest (Ansicht › Schnappschuss festhalten, Ctrl+K).</translation>
    </message>
    <message>
        <source>Export worksheet</source>
        <translation>Arbeitsblatt exportieren</translation>
    </message>
    <message>
        <source>Export the lesson&apos;s worksheet</source>
        <translation>Arbeitsblatt der Lektion exportieren</translation>
    </message>
    <message>
        <source>Worksheet: {0} snapshots</source>
        <translation>Arbeitsblatt: {0} Schnappschüsse</translation>
    </message>
    <message>
        <source>Worksheet: {0}</source>
        <translation>Arbeitsblatt: {0}</translation>
    </message>
    <message>
        <source>Writing {0} and {1}… (Esc stops)</source>
        <translation>Schreibe {0} und {1}… (Esc hält an)</translation>
    </message>
    <message>
        <source>Saved {0} and {1}</source>
        <translation>{0} und {1} gespeichert</translation>
    </message>
    <message>
        <source>The worksheet could not be saved: {0}</source>
        <translation>Das Arbeitsblatt konnte nicht gespeichert werden: {0}</translation>
    </message>
    <message>
        <source>Worksheet export stopped.</source>
        <translation>Export des Arbeitsblatts angehalten.</translation>
    </message>
    <message>
        <source>Web page and PDF (*.html)</source>
        <translation>Webseite und PDF (*.html)</translation>
    </message>
</context>
<context>
    <name>_ImageColumn</name>
    <message>
        <source>working…</source>
        <translation>in Arbeit…</translation>
    </message>
    <message>
        <source>no figure given</source>
        <translation>keine Angabe</translation>
    </message>
    <message>
        <source>The lecture: &lt;b&gt;{lecture}&lt;/b&gt;&lt;br&gt;This app: &lt;b&gt;{app}&lt;/b&gt;&lt;br&gt;{mark} {verdict}</source>
        <translation>Die Vorlesung: &lt;b&gt;{lecture}&lt;/b&gt;&lt;br&gt;Diese App: &lt;b&gt;{app}&lt;/b&gt;&lt;br&gt;{mark} {verdict}</translation>
    </message>
</context>
</TS>
