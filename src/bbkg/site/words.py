"""The words of the site in each of its languages (page text; the data's own labels come from the graph)."""

from __future__ import annotations

SITE_LANGS = ("en", "nl", "fr", "de")
LANG_NAMES = {"en": "English", "nl": "Nederlands", "fr": "Français", "de": "Deutsch"}

_KEYS = ("site", "search", "placeholder", "no_match", "facts", "property", "value", "sources", "derived",
         "partners", "partnerships", "timeline", "network", "map", "organisations", "places", "queries", "data",
         "home", "terms", "concepts", "results", "sparql", "participants", "about", "here", "more", "none",
         "kinds", "segments", "regions", "provinces", "nomap", "cities", "sources_list", "in_page", "rows",
         "kind", "when")

_EN = ("Belgian Biotech Knowledge Graph", "Search", "Name, KBO, ROR or PIC number", "Nothing found",
       "Facts", "Property", "Value", "Sources", "derived at build time from the facts above",
       "Partners", "Partnerships", "Timeline", "Network", "On the map", "Organisations", "Places", "Named queries",
       "Data", "Home", "Ontology terms", "Concepts", "Results", "SPARQL", "Participants", "About this page",
       "What points here", "and {n} more", "none", "Kinds of organisation", "Segments", "Regions", "Provinces",
       "no point on the map for this place", "Municipalities with organisations", "Sources", "this page as",
       "rows", "Kind", "When")
_NL = ("Belgische Biotech-Kennisgraaf", "Zoeken", "Naam, KBO-, ROR- of PIC-nummer", "Niets gevonden",
       "Feiten", "Eigenschap", "Waarde", "Bronnen", "afgeleid bij het bouwen uit de feiten hierboven",
       "Partners", "Partnerschappen", "Tijdlijn", "Netwerk", "Op de kaart", "Organisaties", "Plaatsen",
       "Benoemde zoekvragen", "Gegevens", "Start", "Ontologietermen", "Concepten", "Resultaten", "SPARQL",
       "Deelnemers", "Over deze pagina", "Wat hiernaar verwijst", "en nog {n}", "geen", "Soorten organisaties",
       "Segmenten", "Gewesten", "Provincies", "geen punt op de kaart voor deze plaats",
       "Gemeenten met organisaties", "Bronnen", "deze pagina als", "rijen", "Soort", "Wanneer")
_FR = ("Graphe de connaissances de la biotech belge", "Chercher", "Nom, numéro BCE, ROR ou PIC", "Rien trouvé",
       "Faits", "Propriété", "Valeur", "Sources", "dérivé à la construction à partir des faits ci-dessus",
       "Partenaires", "Partenariats", "Chronologie", "Réseau", "Sur la carte", "Organisations", "Lieux",
       "Requêtes nommées", "Données", "Accueil", "Termes de l'ontologie", "Concepts", "Résultats", "SPARQL",
       "Participants", "À propos de cette page", "Ce qui renvoie ici", "et {n} de plus", "aucun",
       "Types d'organisation", "Segments", "Régions", "Provinces", "pas de point sur la carte pour ce lieu",
       "Communes avec des organisations", "Sources", "cette page en", "lignes", "Type", "Quand")
_DE = ("Belgischer Biotech-Wissensgraph", "Suchen", "Name, KBO-, ROR- oder PIC-Nummer", "Nichts gefunden",
       "Fakten", "Eigenschaft", "Wert", "Quellen", "beim Bauen aus den obigen Fakten abgeleitet",
       "Partner", "Partnerschaften", "Zeitleiste", "Netzwerk", "Auf der Karte", "Organisationen", "Orte",
       "Benannte Abfragen", "Daten", "Start", "Ontologiebegriffe", "Konzepte", "Ergebnisse", "SPARQL",
       "Teilnehmer", "Über diese Seite", "Was hierher verweist", "und {n} weitere", "keine",
       "Arten von Organisationen", "Segmente", "Regionen", "Provinzen", "kein Punkt auf der Karte für diesen Ort",
       "Gemeinden mit Organisationen", "Quellen", "diese Seite als", "Zeilen", "Art", "Wann")

WORDS: dict[str, dict[str, str]] = {lang: dict(zip(_KEYS, text, strict=True))
                                    for lang, text in (("en", _EN), ("nl", _NL), ("fr", _FR), ("de", _DE))}


def words(lang: str) -> dict[str, str]:
    """Return the site's words in ``lang``."""
    return WORDS.get(lang, WORDS["en"])
