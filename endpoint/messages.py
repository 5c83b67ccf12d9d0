"""The words of the HTML pages, in English and French. Data labels come from the graph, not from here."""
from __future__ import annotations

LANGUAGES = ("en", "fr")
DEFAULT_LANGUAGE = "en"

MESSAGES: dict[str, dict[str, str]] = {
    "site_name": {"en": "ICC Graph", "fr": "ICC Graph"},
    "skip": {"en": "Skip to content", "fr": "Aller au contenu"},
    "nav_label": {"en": "Main", "fr": "Principal"},
    "nav_home": {"en": "Home", "fr": "Accueil"},
    "nav_practices": {"en": "Practices", "fr": "Pratiques"},
    "nav_query": {"en": "Query", "fr": "Interroger"},
    "nav_ontology": {"en": "Ontology", "fr": "Ontologie"},
    "nav_topics": {"en": "Topics", "fr": "Thèmes"},
    "nav_downloads": {"en": "Downloads", "fr": "Téléchargements"},
    "nav_catalogue": {"en": "Catalogue", "fr": "Catalogue"},
    "downloads_title": {"en": "Downloads of release {release}", "fr": "Téléchargements de la version {release}"},
    "downloads_intro": {
        "en": "The whole graph ({triples} triples) in three formats, with its VoID and DCAT-AP descriptions. "
              "Check a download against SHA256SUMS (for example: sha256sum -c SHA256SUMS).",
        "fr": "Le graphe entier ({triples} triplets) en trois formats, avec ses descriptions VoID et DCAT-AP. "
              "Vérifiez un téléchargement avec SHA256SUMS (par exemple : sha256sum -c SHA256SUMS).",
    },
    "downloads_file": {"en": "File", "fr": "Fichier"},
    "downloads_type": {"en": "Media type", "fr": "Type de média"},
    "downloads_bytes": {"en": "Bytes", "fr": "Octets"},
    "language": {"en": "Language", "fr": "Langue"},
    "fact_derived": {"en": "derived from a listing page, not confirmed", "fr": "déduit d'une page de liste, non confirmé"},
    "fact_confirmed": {"en": "confirmed by a curator", "fr": "confirmé par un curateur"},
    "footer": {
        "en": "The Council of Europe Intercultural Cities good-practice database as Linked Open Data.",
        "fr": "La base de bonnes pratiques des Cités interculturelles du Conseil de l'Europe en données liées ouvertes.",
    },
    "footer_geonames": {
        "en": "Place links and coordinates:",
        "fr": "Liens et coordonnées des lieux :",
    },
    "home_intro": {
        "en": "Good practices that cities of the Intercultural Cities programme shared, described as a "
              "knowledge graph: who ran them, where, when, on which topics, and the councils, rules and "
              "rights they report on. Every thing has a web address that answers in HTML and RDF.",
        "fr": "Les bonnes pratiques partagées par les villes du programme des Cités interculturelles, "
              "décrites comme un graphe de connaissances : qui les a menées, où, quand, sur quels thèmes, "
              "et les conseils, règles et droits qu'elles décrivent. Chaque chose a une adresse web qui "
              "répond en HTML et en RDF.",
    },
    "counts": {"en": "In numbers", "fr": "En chiffres"},
    "count_practices": {"en": "practices", "fr": "pratiques"},
    "count_cities": {"en": "cities", "fr": "villes"},
    "count_countries": {"en": "countries", "fr": "pays"},
    "count_topics": {"en": "topics", "fr": "thèmes"},
    "count_bodies": {"en": "bodies", "fr": "organes"},
    "count_triples": {"en": "triples", "fr": "triplets"},
    "explore": {"en": "Explore", "fr": "Explorer"},
    "explore_browse": {"en": "Browse the practices by topic, country and year",
                       "fr": "Parcourir les pratiques par thème, pays et année"},
    "explore_query": {"en": "Ask your own questions in SPARQL", "fr": "Poser vos propres questions en SPARQL"},
    "explore_download": {"en": "Download the whole graph (Turtle, JSON-LD, N-Triples)",
                         "fr": "Télécharger tout le graphe (Turtle, JSON-LD, N-Triples)"},
    "explore_catalogue": {"en": "The DCAT-AP catalogue record", "fr": "La fiche de catalogue DCAT-AP"},
    "explore_void": {"en": "The VoID description", "fr": "La description VoID"},
    "explore_ontology": {"en": "The ontology", "fr": "L'ontologie"},
    "explore_topics": {"en": "The topic scheme", "fr": "Le schéma des thèmes"},
    "release": {"en": "Release", "fr": "Version"},
    "practices_title": {"en": "Practices", "fr": "Pratiques"},
    "filters": {"en": "Filters", "fr": "Filtres"},
    "filter_topic": {"en": "Topic", "fr": "Thème"},
    "filter_country": {"en": "Country", "fr": "Pays"},
    "filter_year": {"en": "Year", "fr": "Année"},
    "filter_any": {"en": "Any", "fr": "Tous"},
    "apply": {"en": "Apply", "fr": "Appliquer"},
    "reset": {"en": "Reset filters", "fr": "Effacer les filtres"},
    "remove_filter": {"en": "Remove filter", "fr": "Retirer le filtre"},
    "results": {"en": "{n} practices", "fr": "{n} pratiques"},
    "results_one": {"en": "1 practice", "fr": "1 pratique"},
    "no_results": {"en": "No practice matches these filters.", "fr": "Aucune pratique ne correspond à ces filtres."},
    "map_heading": {"en": "Where the practices are", "fr": "Où sont les pratiques"},
    "map_heading_city": {"en": "On the map", "fr": "Sur la carte"},
    "map_title": {"en": "Map of {n} places with practices; the list beside it names each one",
                  "fr": "Carte de {n} lieux ayant des pratiques ; la liste à côté les nomme tous"},
    "map_title_enlarged": {"en": "The same map enlarged where {n} of the places are close together",
                           "fr": "La même carte agrandie là où {n} des lieux sont proches"},
    "map_list": {"en": "Places and their practices", "fr": "Lieux et leurs pratiques"},
    "map_count": {"en": "{n} practices", "fr": "{n} pratiques"},
    "map_count_one": {"en": "1 practice", "fr": "1 pratique"},
    "map_not_located": {"en": "not on the map: no coordinates yet", "fr": "absent de la carte : pas encore de coordonnées"},
    "map_no_places": {"en": "No practice here names its city.", "fr": "Aucune pratique ici ne nomme sa ville."},
    "map_not_built": {
        "en": "The map is not drawn: its base map was not built on this server (make assets). The list names every place.",
        "fr": "La carte n'est pas dessinée : son fond n'a pas été construit sur ce serveur (make assets). La liste nomme chaque lieu.",
    },
    "map_credit": {
        "en": "Country shapes: Natural Earth (public domain), via world-atlas. Coordinates: GeoNames (CC BY 4.0).",
        "fr": "Contours des pays : Natural Earth (domaine public), via world-atlas. Coordonnées : GeoNames (CC BY 4.0).",
    },
    "pagination": {"en": "Pages", "fr": "Pages"},
    "previous": {"en": "Previous", "fr": "Précédente"},
    "next": {"en": "Next", "fr": "Suivante"},
    "page_of": {"en": "Page {page} of {pages}", "fr": "Page {page} sur {pages}"},
    "bad_request": {"en": "Bad request", "fr": "Requête incorrecte"},
    "page_must_be_number": {"en": "'page' must be a number from 1", "fr": "« page » doit être un nombre à partir de 1"},
    "nav_curation": {"en": "Curation", "fr": "Curation"},
    "nav_shapes": {"en": "Shapes", "fr": "Formes"},
    "shapes_title": {"en": "What a record must and should have", "fr": "Ce qu'une fiche doit et devrait avoir"},
    "shapes_intro": {
        "en": "Every release is validated against these SHACL shapes. A record that lacks a required field "
              "stops the build; a recommended one it lacks is listed on the curation page. Download the "
              "shapes and run any SHACL engine that supports SHACL-SPARQL on the dumps to get the same verdict.",
        "fr": "Chaque version est validée avec ces formes SHACL. Une fiche à laquelle manque un champ requis "
              "arrête la construction ; un champ recommandé manquant figure sur la page de curation. "
              "Téléchargez les formes et appliquez aux fichiers de données tout moteur SHACL qui prend en "
              "charge SHACL-SPARQL pour obtenir le même verdict.",
    },
    "shapes_required": {"en": "Required", "fr": "Requis"},
    "nav_validate": {"en": "Validate a record", "fr": "Valider une fiche"},
    "validate_title": {"en": "Validate a record before sending it", "fr": "Valider une fiche avant de l'envoyer"},
    "validate_intro": {
        "en": "Paste or upload a practice record: it is checked with the shapes and vocabularies of the "
              "current release, as a build would check it. Nothing is stored.",
        "fr": "Collez ou téléversez une fiche de pratique : elle est vérifiée avec les formes et les vocabulaires "
              "de la version en service, comme la construction la vérifierait. Rien n'est enregistré.",
    },
    "validate_record": {"en": "Record", "fr": "Fiche"},
    "validate_file": {"en": "or a file", "fr": "ou un fichier"},
    "validate_format": {"en": "Format", "fr": "Format"},
    "validate_submit": {"en": "Validate", "fr": "Valider"},
    "validate_ok": {"en": "The record can be published ({triples} triples).",
                    "fr": "La fiche peut être publiée ({triples} triplets)."},
    "validate_not_ok": {"en": "The record cannot be published yet ({triples} triples): fix the violations.",
                        "fr": "La fiche ne peut pas encore être publiée ({triples} triplets) : corrigez les violations."},
    "validate_severity": {"en": "Severity", "fr": "Gravité"},
    "validate_node": {"en": "Node", "fr": "Nœud"},
    "validate_field": {"en": "Field", "fr": "Champ"},
    "validate_message": {"en": "Message", "fr": "Message"},
    "validate_none": {"en": "No finding.", "fr": "Aucune remarque."},
    "shapes_recommended": {"en": "Recommended", "fr": "Recommandé"},
    "curation_title": {"en": "Curation: what each record lacks", "fr": "Curation : ce qui manque à chaque fiche"},
    "curation_intro": {
        "en": "What the records of release {release} lack, from the warnings of the shapes it was validated "
              "against. A gap never stops a release; closing it makes the practice easier to find.",
        "fr": "Ce qui manque aux fiches de la version {release}, d'après les avertissements des formes qui l'ont "
              "validée. Une lacune n'empêche jamais de publier ; la combler rend la pratique plus facile à trouver.",
    },
    "curation_report_rdf": {"en": "the validation report (RDF)", "fr": "le rapport de validation (RDF)"},
    "curation_fields": {"en": "Completeness per field", "fr": "Complétude par champ"},
    "curation_field": {"en": "Field", "fr": "Champ"},
    "curation_have": {"en": "Records with it", "fr": "Fiches qui l'ont"},
    "curation_missing": {"en": "Missing", "fr": "Manquant"},
    "curation_complete": {"en": "Complete", "fr": "Complet"},
    "curation_by_country": {"en": "Per country", "fr": "Par pays"},
    "curation_by_country_caption": {"en": "Share of each country's practices that have each field",
                                    "fr": "Part des pratiques de chaque pays qui ont chaque champ"},
    "curation_by_city": {"en": "Per city", "fr": "Par ville"},
    "curation_by_city_caption": {"en": "Share of each city's practices that have each field",
                                 "fr": "Part des pratiques de chaque ville qui ont chaque champ"},
    "curation_country": {"en": "Country", "fr": "Pays"},
    "curation_city": {"en": "City", "fr": "Ville"},
    "curation_practices": {"en": "Practices", "fr": "Pratiques"},
    "curation_none": {"en": "none given", "fr": "non indiqué"},
    "curation_todo": {"en": "To do: {n} records", "fr": "À faire : {n} fiches"},
    "curation_todo_pages": {"en": "Pages of the to-do list", "fr": "Pages de la liste à faire"},
    "not_found": {"en": "Not found", "fr": "Introuvable"},
    "not_found_text": {"en": "Nothing is known about this address.", "fr": "Rien n'est connu à cette adresse."},
    "iri": {"en": "IRI", "fr": "IRI"},
    "types": {"en": "Type", "fr": "Type"},
    "description": {"en": "Description", "fr": "Description"},
    "source": {"en": "Source page", "fr": "Page source"},
    "properties": {"en": "Properties", "fr": "Propriétés"},
    "property": {"en": "Property", "fr": "Propriété"},
    "value": {"en": "Value", "fr": "Valeur"},
    "incoming": {"en": "Links to this", "fr": "Liens vers cette page"},
    "incoming_more": {"en": "Only the first {n} links are shown.", "fr": "Seuls les {n} premiers liens sont affichés."},
    "formats": {"en": "Other formats", "fr": "Autres formats"},
    "see_practices": {"en": "See the practices", "fr": "Voir les pratiques"},
    "concepts": {"en": "Concepts", "fr": "Concepts"},
    "classes": {"en": "Classes", "fr": "Classes"},
    "object_properties": {"en": "Properties", "fr": "Propriétés"},
    "subclass_of": {"en": "Subclass of", "fr": "Sous-classe de"},
    "subproperty_of": {"en": "Subproperty of", "fr": "Sous-propriété de"},
    "domain": {"en": "Domain", "fr": "Domaine"},
    "range": {"en": "Range", "fr": "Co-domaine"},
    "term": {"en": "Term", "fr": "Terme"},
    "editor_title": {"en": "Query the graph", "fr": "Interroger le graphe"},
    "editor_intro": {
        "en": "Write a SPARQL 1.1 query, or start from one of the examples. Results link to the pages of the things they name.",
        "fr": "Écrivez une requête SPARQL 1.1, ou partez d'un des exemples. Les résultats renvoient aux pages des choses qu'ils nomment.",
    },
    "example": {"en": "Example", "fr": "Exemple"},
    "load_example": {"en": "Load", "fr": "Charger"},
    "query": {"en": "Query", "fr": "Requête"},
    "result_format": {"en": "Result format", "fr": "Format des résultats"},
    "run": {"en": "Run query", "fr": "Exécuter"},
    "results_heading": {"en": "Results", "fr": "Résultats"},
    "examples_heading": {"en": "Example questions", "fr": "Questions d'exemple"},
    "editor_keys": {
        "en": "In the editor, Ctrl+Space completes prefixes, Ctrl+Enter runs the query and Escape moves on to the result format.",
        "fr": "Dans l'éditeur, Ctrl+Espace complète les préfixes, Ctrl+Entrée exécute la requête et Échap passe au format des résultats.",
    },
    "editor_label": {"en": "SPARQL query editor", "fr": "Éditeur de requêtes SPARQL"},
    "running": {"en": "Running the query…", "fr": "Exécution de la requête…"},
    "rows": {"en": "{n} rows", "fr": "{n} lignes"},
    "rows_one": {"en": "1 row", "fr": "1 ligne"},
    "boolean_answer": {"en": "Answer: {value}", "fr": "Réponse : {value}"},
    "query_failed": {"en": "The query failed", "fr": "La requête a échoué"},
    "format_table": {"en": "Table (HTML)", "fr": "Tableau (HTML)"},
    "triples": {"en": "{n} triples", "fr": "{n} triplets"},
    "triples_one": {"en": "1 triple", "fr": "1 triplet"},
    "row_cap_complete": {
        "en": "This is the whole answer. An answer holds at most {limit} rows here.",
        "fr": "Voici la réponse entière. Une réponse compte au plus {limit} lignes ici.",
    },
    "row_cap_cut": {
        "en": "The answer was cut at {limit} rows, the most an answer holds here: the query has more. "
              "Narrow it (FILTER, LIMIT and OFFSET), or download the whole graph.",
        "fr": "La réponse a été coupée à {limit} lignes, le maximum d'une réponse ici : la requête en a davantage. "
              "Restreignez-la (FILTER, LIMIT et OFFSET), ou téléchargez le graphe entier.",
    },
    "empty_graphs": {
        "en": "This store holds no graph by these names, so each was read as an empty graph (nothing is "
              "fetched from the web):",
        "fr": "Cette base ne contient aucun graphe de ces noms : chacun a été lu comme un graphe vide (rien "
              "n'est récupéré sur le web) :",
    },
    "yes": {"en": "yes", "fr": "oui"},
    "no": {"en": "no", "fr": "non"},
}

# Names for the standard terms the pages show most, where the graph itself gives no label.
STANDARD_TERM_LABELS: dict[str, dict[str, str]] = {
    "http://purl.org/dc/terms/title": {"en": "title", "fr": "titre"},
    "http://purl.org/dc/terms/subject": {"en": "topic", "fr": "thème"},
    "http://purl.org/dc/terms/identifier": {"en": "identifier", "fr": "identifiant"},
    "http://purl.org/dc/terms/temporal": {"en": "period", "fr": "période"},
    "http://purl.org/dc/terms/description": {"en": "description", "fr": "description"},
    "http://www.w3.org/ns/prov#wasDerivedFrom": {"en": "derived from", "fr": "issu de"},
    "http://www.w3.org/2004/02/skos/core#prefLabel": {"en": "preferred label", "fr": "libellé préféré"},
    "http://www.w3.org/2004/02/skos/core#altLabel": {"en": "other label", "fr": "autre libellé"},
    "http://www.w3.org/2004/02/skos/core#inScheme": {"en": "in scheme", "fr": "dans le schéma"},
    "http://www.w3.org/2004/02/skos/core#topConceptOf": {"en": "top concept of", "fr": "concept de tête de"},
    "http://www.w3.org/2004/02/skos/core#hasTopConcept": {"en": "top concept", "fr": "concept de tête"},
    "http://www.w3.org/2004/02/skos/core#exactMatch": {"en": "same as", "fr": "équivalent exact"},
    "http://www.w3.org/2004/02/skos/core#notation": {"en": "notation", "fr": "notation"},
    "http://www.w3.org/2000/01/rdf-schema#label": {"en": "label", "fr": "libellé"},
    "http://www.w3.org/2000/01/rdf-schema#comment": {"en": "comment", "fr": "commentaire"},
    "http://www.w3.org/ns/org#purpose": {"en": "purpose", "fr": "mission"},
    "http://www.w3.org/ns/org#hasMembership": {"en": "membership", "fr": "adhésion"},
    "http://www.w3.org/ns/org#member": {"en": "member", "fr": "membre"},
    "http://www.w3.org/ns/org#organization": {"en": "organisation", "fr": "organisation"},
    "https://schema.org/containedInPlace": {"en": "contained in", "fr": "situé dans"},
    "https://schema.org/legislationJurisdiction": {"en": "jurisdiction", "fr": "juridiction"},
}


def standard_term_label(iri: str, lang: str) -> str | None:
    entry = STANDARD_TERM_LABELS.get(iri)
    return entry.get(lang, entry[DEFAULT_LANGUAGE]) if entry else None


def translate(key: str, lang: str, **values) -> str:
    """The message *key* in *lang* (English if missing), with ``{name}`` fields filled in."""
    entry = MESSAGES[key]
    return entry.get(lang, entry[DEFAULT_LANGUAGE]).format(**values)
