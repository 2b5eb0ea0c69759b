"""The analyst's language outside the window: the briefing and the command line's words, numbers
and dates in English or French.

The window uses Qt's catalogue (``resources/i18n``); documents written by the core cannot, so
their words are here, keyed by the English text.  :data:`FRENCH` must hold every string a
:class:`Language` is asked for (``tests/test_language.py`` renders a French briefing and fails on
any English left).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

LANGUAGES = ("en", "fr")

#: A number as the core writes it in English inside a text: ``4,313``, ``0.86``.
_ENGLISH_NUMBER = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)(?![\d.,]*\d)")
#: A pseudonym (app.exports.pseudonyms): the word, then the stable code that identifies it.
_PSEUDONYM = re.compile(r"\b(Witness|Phone|Account|Item) ([WPAX]-[A-Z0-9]{4}(?:-[A-Z0-9]{4})+)\b")
#: what tells two actors of one name apart by their community (:func:`app.names.distinct_labels`)
_COMMUNITY_OF = re.compile(r"\((community) (\d+)\)")

_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: a day as the core writes it in a reason ("28 Mar 2026")
_DAY_MONTH = re.compile(r"\b(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4})\b")
_MONTHS_FR = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)

#: English text -> French, for everything the briefing and the CLI write.  ``{name}`` fields are
#: filled after translation.
FRENCH: dict[str, str] = {
    # punctuation: French puts a space before a semicolon and a colon
    "; ": " ; ",
    ": ": " : ",
    # briefing frame
    "Case briefing": "Note de synthèse du dossier",
    "page {n}": "page {n}",
    "Executive summary": "Synthèse",
    "Key actors": "Acteurs clés",
    "The network": "Le réseau",
    "Corridors": "Corridors",
    "Timeline": "Chronologie",
    "Money flows": "Flux financiers",
    "Disruption": "Démantèlement",
    "Protection referrals": "Orientations vers la protection",
    "Appendix: sources": "Annexe : sources",
    "Appendix: full tables": "Annexe : tableaux complets",
    "{title} (continued)": "{title} (suite)",
    "… {n} more rows: see “{appendix}”.": "… {n} lignes de plus : voir « {appendix} ».",
    "IDENTITIES REVEALED: migrants and protected persons appear under their real names at the "
    "analyst's explicit request.": "IDENTITÉS RÉVÉLÉES : migrants et personnes protégées apparaissent sous leur vrai nom à la "
    "demande expresse de l'analyste.",
    "Migrants and protected persons ({n}) appear under stable pseudonyms; their numbers and accounts "
    "are withheld.": "Les migrants et personnes protégées ({n}) apparaissent sous des pseudonymes stables ; leurs "
    "numéros et comptes ne sont pas communiqués.",
    # summary
    "This briefing covers {entities} and {links} drawn from {sources} ({events}).": "Cette note porte sur {entities} et {links} tirés de {sources} ({events}).",
    "entity": "entité",
    "entities": "entités",
    "link": "lien",
    "links": "liens",
    "source": "source",
    "sources": "sources",
    "dated event": "événement daté",
    "dated events": "événements datés",
    "journey": "trajet",
    "journeys": "trajets",
    "actor": "acteur",
    "actors": "acteurs",
    "relationship": "relation",
    "relationships": "relations",
    "transfer": "transfert",
    "transfers": "transferts",
    "row": "ligne",
    "rows": "lignes",
    "The actors at the centre of the network, and the likeliest organisers, are {names}.": "Les acteurs au centre du réseau, organisateurs les plus probables, sont {names}.",
    "{name} (hub score {score})": "{name} (score de pivot {score})",
    "{name} (broker score {score})": "{name} (score d'intermédiaire {score})",
    "The actors who connect otherwise separate parts of the network, and who would be the most "
    "disruptive to remove, are {names}.": "Les acteurs qui relient des parties du réseau autrement séparées, et dont le retrait le "
    "désorganiserait le plus, sont {names}.",
    "Journeys fall into {n} corridors: {paths}.": "Les trajets se répartissent en {n} corridors : {paths}.",
    "Journeys fall into one corridor: {paths}.": "Les trajets suivent un seul corridor : {paths}.",
    "{money} entered the network in recorded transfers and payments ({n}); money passed on from one "
    "actor to another is counted once.": "{money} sont entrés dans le réseau par les transferts et paiements enregistrés ({n}) ; "
    "l'argent transmis d'un acteur à l'autre n'est compté qu'une fois.",
    "{n} interviewed migrants reported vulnerabilities and are listed for protection referral "
    "({minors} of them minors).": "{n} migrants interrogés ont signalé des vulnérabilités et sont proposés pour une orientation "
    "vers la protection (dont {minors} mineurs).",
    # actors
    "Ranked by the hub score (how central an actor is: contacts, weighted by evidence, and the "
    "importance of those contacts) and the broker score (how often an actor lies on the shortest "
    "path between others). Sources are the files behind each actor, with their grading.": "Classés par score de pivot (centralité d'un acteur : ses contacts, pondérés par les preuves, "
    "et l'importance de ces contacts) et par score d'intermédiaire (fréquence à laquelle un acteur "
    "se trouve sur le plus court chemin entre d'autres). Les sources sont les fichiers à l'origine "
    "de chaque acteur, avec leur cotation.",
    "Actor": "Acteur",
    "Type": "Type",
    "Ranked as": "Classé comme",
    "Score": "Score",
    "Suggested role": "Rôle suggéré",
    "Numbers": "Numéros",
    "Sources": "Sources",
    "hub": "pivot",
    "broker": "intermédiaire",
    "person": "personne",
    "phone": "téléphone",
    "account": "compte",
    "organisation": "organisation",
    "unknown": "inconnu",
    "location": "lieu",
    "handset": "appareil",
    "coordinator": "coordinateur",
    "itinerant": "itinérant",
    "representative": "représentant",
    "gatekeeper": "gardien",
    "liaison": "agent de liaison",
    # network
    "{actors} and {relationships} after phones and accounts were attributed to the people who use "
    "them. Colours are communities found by the Louvain method: groups that talk and pay among "
    "themselves more than with others; the table gives each colour's community.": "{actors} et {relationships} une fois les téléphones et comptes attribués à leurs "
    "utilisateurs. Les couleurs sont les communautés trouvées par la méthode de Louvain : des "
    "groupes qui s'appellent et se paient entre eux plus qu'avec les autres ; le tableau donne "
    "la communauté de chaque couleur.",
    "Colour": "Couleur",
    "Community": "Communauté",
    "Actors": "Acteurs",
    "Named after": "Désignée d'après",
    "Core of the network: {n} most central actors, coloured by community": "Cœur du réseau : les {n} acteurs les plus centraux, colorés par communauté",
    "The network by community: one disc per community, sized by its actors": "Le réseau par communauté : un disque par communauté, proportionnel à ses acteurs",
    "community {id}": "communauté {id}",
    "No network in this case yet": "Pas encore de réseau dans ce dossier",
    # routes
    "{journeys} are known, from interviews and route data, grouped into corridors by the legs and "
    "waypoints they share.": "{journeys} sont connus, par les entretiens et les données d'itinéraires, regroupés en "
    "corridors selon les étapes et les points de passage qu'ils partagent.",
    "Cluster": "Groupe",
    "Main path": "Itinéraire principal",
    "Journeys": "Trajets",
    "Price range": "Fourchette de prix",
    "Facilitators": "Facilitateurs",
    # timeline
    "{events}{span}.": "{events}{span}.",
    "dated calls, messages and transfers": "appels, messages et transferts datés",
    " from {start} to {end}": " du {start} au {end}",
    # money
    "Money that entered the network: {money}, from {n}. Amounts are converted to {currency} with the "
    "case's rates table (original amounts are kept in the case); money passed on from one actor to "
    "another is counted once.": "Argent entré dans le réseau : {money}, sur {n}. Les montants sont convertis en {currency} "
    "avec la table de taux du dossier (les montants d'origine y sont conservés) ; l'argent transmis "
    "d'un acteur à l'autre n'est compté qu'une fois.",
    "From": "De",
    "To": "À",
    "Amount ({currency})": "Montant ({currency})",
    "Transfers": "Transferts",
    "First": "Premier",
    "Last": "Dernier",
    "Chains of payments: payer → collector → … → receiver, each step with its amount and dates; the "
    "chain's amount is its smallest step (what can have passed all the way).": "Chaînes de paiements : payeur → collecteur → … → bénéficiaire, chaque étape avec son montant "
    "et ses dates ; le montant d'une chaîne est celui de sa plus petite étape (ce qui a pu passer "
    "de bout en bout).",
    "Chain": "Chaîne",
    "Steps": "Étapes",
    "Ends at an organiser": "Aboutit à un organisateur",
    "yes": "oui",
    "no": "non",
    "Money between communities": "Argent entre communautés",
    "Money between countries": "Argent entre pays",
    "Largest money flows between actors": "Plus gros flux financiers entre acteurs",
    "No money flows recorded": "Aucun flux financier enregistré",
    "amount ({currency})": "montant ({currency})",
    "within {group}": "au sein de {group}",
    # disruption
    "What happens to the smuggling operation when its top actors are arrested, compared with "
    "arresting members at random: the faster its largest connected part shrinks, the more it depends "
    "on them.": "Ce que devient l'opération de trafic quand ses principaux acteurs sont arrêtés, comparé à "
    "des arrestations au hasard : plus sa plus grande partie connexe se réduit vite, plus elle "
    "dépend d'eux.",
    "actors removed": "acteurs retirés",
    "hub score": "score de pivot",
    "broker score": "score d'intermédiaire",
    "key players": "acteurs clés",
    "random": "au hasard",
    "largest component share": "part de la plus grande composante",
    # protection
    "Migrants whose interviews record a vulnerability. They are witnesses and victims: refer them to "
    "the protection services; the interview reference identifies them to authorised staff.": "Migrants dont l'entretien mentionne une vulnérabilité. Ce sont des témoins et des victimes : "
    "orientez-les vers les services de protection ; la référence de l'entretien les identifie "
    "auprès du personnel habilité.",
    "Person": "Personne",
    "Vulnerabilities": "Vulnérabilités",
    "Interview": "Entretien",
    "minor": "mineur",
    "unaccompanied": "non accompagné",
    "violence": "violences",
    "extortion": "extorsion",
    "detention": "détention",
    "missing relative": "proche disparu",
    "trafficking": "traite",
    "No journeys with known places": "Aucun trajet aux lieux connus",
    "longitude": "longitude",
    "latitude": "latitude",
    "Journeys by corridor (line width: number of journeys)": "Trajets par corridor (épaisseur : nombre de trajets)",
    "Route cluster {id} (grey: the other corridors)": "Groupe d'itinéraires {id} (gris : les autres corridors)",
    "No dated events": "Aucun événement daté",
    "events per week": "événements par semaine",
    "called": "appels",
    "messaged": "messages",
    "transferred": "transferts",
    "paid": "paiements",
    "journey leg": "étapes de trajet",
    "mentioned": "mentions",
    "in contacts": "répertoires",
    "blue": "bleu",
    "orange": "orange",
    "green": "vert",
    "vermilion": "vermillon",
    "pink": "rose",
    "sky blue": "bleu ciel",
    "yellow": "jaune",
    "black": "noir",
    "grey": "gris",
    "brown": "brun",
    "light grey": "gris clair",
    # sources
    "Grading: reliability of the source A (completely reliable) to F (cannot be judged); credibility "
    "of the information 1 (confirmed) to 6 (cannot be judged).": "Cotation : fiabilité de la source de A (entièrement fiable) à F (ne peut être jugée) ; "
    "crédibilité de l'information de 1 (confirmée) à 6 (ne peut être jugée).",
    "#": "n°",
    "File": "Fichier",
    "Kind": "Nature",
    "Grading": "Cotation",
    "Exhibit": "Scellé",
    "Rows": "Lignes",
    "calls": "appels",
    "messages": "messages",
    "contacts": "contacts",
    "interviews": "entretiens",
    "routes": "itinéraires",
    "towerdump": "relevé d'antenne",
    # the analyses as the window explains them (app.analysis.METRIC_EXPLANATIONS)
    "How many different people, phones or accounts an actor is in touch with.": "Nombre de personnes, "
    "téléphones ou comptes différents avec lesquels un acteur est en contact.",
    "Degree weighted by evidence: a saved contact, a payment or an interview naming someone counts more "
    "than one more call.": "Degré pondéré par les preuves : un contact enregistré, un paiement ou un "
    "entretien qui nomme quelqu'un compte plus qu'un appel de plus.",
    "Central if in touch with other central actors (the measure behind Google's ranking).": "Central si "
    "en contact avec d'autres acteurs centraux (la mesure derrière le classement de Google).",
    "Like PageRank: high when one's contacts are themselves well connected.": "Comme PageRank : élevé "
    "quand les contacts d'un acteur sont eux-mêmes bien connectés.",
    "The largest h such that an actor has h contacts with at least h contacts each: a crowd of migrants "
    "who each know only their recruiter does not raise it, the facilitators an organiser coordinates "
    "do.": "Le plus grand h tel qu'un acteur a h contacts ayant chacun au moins h contacts : une foule "
    "de migrants qui ne connaissent que leur recruteur ne l'augmente pas, les facilitateurs "
    "qu'un organisateur coordonne, si.",
    "The mean of h-index, weighted degree, PageRank and eigenvector centrality, each scaled to its "
    "maximum: the likeliest organisers score highest.": "La moyenne de l'indice h, du degré pondéré, "
    "de PageRank et de la centralité de vecteur propre, chacun rapporté à son maximum : les "
    "organisateurs les plus probables ont le score le plus élevé.",
    "How often an actor lies on the shortest path between two others, a strong tie being a short step: "
    "the go-between.": "Fréquence à laquelle un acteur se trouve sur le plus court chemin entre deux "
    "autres, un lien fort comptant comme un pas court : l'intermédiaire.",
    "Burt's constraint: low when an actor's contacts are not in touch with each other, so the actor "
    "controls what passes between them.": "Contrainte de Burt : faible quand les contacts d'un acteur ne "
    "sont pas en contact entre eux, de sorte que l'acteur contrôle ce qui passe entre eux.",
    "Burt's effective size: the number of an actor's contacts who are not redundant.": "Taille effective "
    "de Burt : le nombre de contacts d'un acteur qui ne sont pas redondants.",
    "Gould–Fernandez roles: how often an actor passes something between two of the network's most "
    "central go-betweens in different communities (liaison, gatekeeper, representative, itinerant) or "
    "in one (coordinator).": "Rôles de Gould–Fernandez : fréquence à laquelle un acteur fait passer "
    "quelque chose entre deux des intermédiaires les plus centraux du réseau, de communautés "
    "différentes (agent de liaison, gardien, représentant, itinérant) ou d'une même communauté "
    "(coordinateur).",
    "Betweenness, weighted up by the share of what an actor passes on between central go-betweens that "
    "crosses between communities: the likeliest cross-network brokers.": "L'intermédiarité, majorée "
    "selon la part de ce qu'un acteur transmet entre intermédiaires centraux qui passe d'une "
    "communauté à l'autre : les intermédiaires entre réseaux les plus probables.",
    "Groups found by the Louvain method: people who call, pay and mention one another more than they do "
    "others. Modularity above 0.3 means the groups are clear.": "Groupes trouvés par la méthode de "
    "Louvain : des personnes qui s'appellent, se paient et se citent plus entre elles qu'avec les "
    "autres. Une modularité supérieure à 0,3 signifie des groupes nets.",
    "Journeys grouped by the legs they share: one cluster per corridor, with the people who operated its "
    "legs.": "Trajets regroupés selon les étapes qu'ils partagent : un groupe par corridor, avec les "
    "personnes qui en ont assuré les étapes.",
    "How far the smuggling operation (identified people other than migrants, relatives and protected "
    "persons, joined by strong ties) falls apart when its top actors are removed, against removing its "
    "members at random.": "À quel point l'opération de trafic (les personnes identifiées autres que "
    "les migrants, leurs proches et les personnes protégées, reliées par des liens forts) se "
    "disloque quand ses principaux acteurs sont retirés, comparé au retrait de membres au hasard.",
    "Money that entered the network (what each actor paid out beyond what they received, so that money "
    "passed on is counted once), and its flows between actors, communities and countries, in the case "
    "currency.": "L'argent entré dans le réseau (ce que chaque acteur a versé au-delà de ce qu'il a "
    "reçu, de sorte que l'argent transmis n'est compté qu'une fois), et ses flux entre acteurs, "
    "communautés et pays, dans la devise du dossier.",
    "Interviewed migrants who reported a vulnerability, for referral to protection services.": "Migrants "
    "interrogés ayant signalé une vulnérabilité, à orienter vers les services de protection.",
    # disruption (app.graph.disruption): the table and the measure
    "Share of the smuggling operation still connected: identified people other than migrants, "
    "relatives and protected persons, joined by strong ties (repeated calls, a saved contact, a "
    "payment, an interview naming them), each with at least two such ties.": "Part de l'opération de "
    "trafic encore connectée : les personnes identifiées autres que les migrants, leurs proches et "
    "les personnes protégées, reliées par des liens forts (appels répétés, contact enregistré, "
    "paiement, entretien qui les nomme), chacune avec au moins deux de ces liens.",
    "strategy": "stratégie",
    "removed": "retirés",
    "components": "composantes",
    "efficiency": "efficacité",
    "random (mean)": "au hasard (moyenne)",
    "Arrests vs random ({n} in the operation)": "Arrestations et hasard ({n} dans l'opération)",
    "exact": "exacte",
    "estimated from {n} sampled sources of {total}": "estimée à partir de {n} sources tirées sur {total}",
    # the degree distribution
    "Degree distribution": "Distribution des degrés",
    "{title} ({n} linked actors)": "{title} ({n} acteurs reliés)",
    "most connected: {n}": "le plus relié : {n}",
    "contacts (degree)": "contacts (degré)",
    "number of actors": "nombre d'acteurs",
    "No links in this network yet": "Pas encore de liens dans ce réseau",
    # pseudonyms (app.exports.pseudonyms): the word before the stable code
    "Witness": "Témoin",
    "Phone": "Téléphone",
    "Account": "Compte",
    "Item": "Élément",
    # the window's tables: column names of the core's frames, and their values
    "label": "nom",
    "type": "type",
    "score": "score",
    "degree": "degré",
    "h index": "indice h",
    "h-index": "indice h",
    "weighted degree": "degré pondéré",
    "strength": "degré pondéré",
    "pagerank": "PageRank",
    "eigenvector": "vecteur propre",
    "phones": "téléphones",
    "id": "id",
    "role": "rôle",
    "betweenness": "intermédiarité",
    "cross share": "part entre communautés",
    "constraint": "contrainte",
    "effective size": "taille effective",
    "community": "communauté",
    "size": "taille",
    "around": "autour de",
    "cluster": "groupe",
    "path": "itinéraire",
    "span": "période",
    "price range ({currency})": "fourchette de prix ({currency})",
    "facilitators": "facilitateurs",
    "from": "de",
    "to": "à",
    "count": "nombre",
    "to id": "id destinataire",
    "first": "premier",
    "last": "dernier",
    "chain": "chaîne",
    "steps": "étapes",
    "to organiser": "jusqu'à un organisateur",
    "ref": "réf.",
    "flags": "vulnérabilités",
    "interview id": "entretien",
    "name": "nom",
    "kind": "nature",
    "value": "valeur",
    "grading": "cotation",
    "exhibit": "scellé",
    "file name": "fichier",
    "imported": "importé",
    "imported at": "importé le",
    "reliability": "fiabilité",
    "credibility": "crédibilité",
    "handling": "traitement",
    "owner": "propriétaire",
    "reason": "raison",
    "file": "fichier",
    "date": "date",
    "text": "texte",
    "note": "note",
    "status": "statut",
    "migrant": "migrant",
    "relative": "proche",
    "smuggler": "passeur",
    "organiser": "organisateur",
    "recruiter": "recruteur",
    "driver": "chauffeur",
    "boat captain": "capitaine de bateau",
    "forger": "faussaire",
    "money collector": "collecteur de fonds",
    "official": "fonctionnaire",
    "protected": "protégé",
    "place": "lieu",
    "event": "événement",
    "uses": "utilise",
    "price": "prix",
    "quote": "citation",
    "item id": "élément",
    "entity id": "entité",
    "normalised": "normalisé",
    "extraction": "extraction",
    "chat": "discussion",
    "rows read": "lignes lues",
    "source id": "source",
    "raw": "brut",
    "merge": "fusion",
    "kept": "conservé",
    "kept label": "nom conservé",
    "absorbed": "absorbé",
    "absorbed label": "nom absorbé",
    "by": "par",
    "at": "le",
    "auto-resolution": "rapprochement automatique",
    "analyst": "analyste",
    "identifiers": "identifiants",
    "evidence": "preuves",
    "direction": "sens",
    "other": "autre",
    "amount": "montant",
    "first seen": "vu la première fois",
    "last seen": "vu la dernière fois",
    "through": "par",
    "vehicle": "véhicule",
    "document": "document",
    "device": "équipement",
    "interview": "entretien",
    "group": "groupe",
    "travelled": "trajets",
    "associate": "associé",
    "located at": "situé à",
    "member of": "membre de",
    "carried": "transporté",
    "entity A": "entité A",
    "entity B": "entité B",
    "label a": "nom A",
    "label b": "nom B",
    "a": "A",
    "b": "B",
    "reasons": "raisons",
    "pending": "en attente",
    "accepted": "accepté",
    "rejected": "rejeté",
    "number": "numéro",
    "numbers": "numéros",
    "dumps": "relevés",
    "known": "connu",
    "user": "utilisateur",
    # progress messages of the core, shown in the window's status bar
    "reading messages": "lecture des messages",
    "{n} route(s)": "{n} chemin(s)",
    "{n} candidates": "{n} candidats",
    "{n} merges": "{n} fusions",
    "wrote {path}": "écrit : {path}",
    "writing {what}": "écriture : {what}",
    "reading {name}": "lecture de {name}",
    "imported {name}": "importé : {name}",
    "importing {name}": "import de {name}",
    "looking through {name}": "examen de {name}",
    "normalising {n} rows": "normalisation de {n} lignes",
    "writing {n} events": "écriture de {n} événements",
    "paragraph {n} of {total}": "paragraphe {n} sur {total}",
    "writing transfers": "écriture des transferts",
    "writing seized phones": "écriture des téléphones saisis",
    "writing links": "écriture des liens",
    "writing interviews and routes": "écriture des entretiens et des itinéraires",
    "writing carrier records": "écriture des relevés d'opérateurs",
    "structural holes": "trous structuraux",
    "route clusters": "groupes d'itinéraires",
    "reading persons": "lecture des personnes",
    "planting the organisations": "mise en place des organisations",
    "laying out the chart": "disposition du graphe",
    "joining entities to the case": "rattachement des entités au dossier",
    "indexing": "indexation",
    "hubs": "pivots",
    "finding routes": "recherche des chemins",
    "drawing calls": "tirage des appels",
    "degree distribution": "distribution des degrés",
    "comparing references": "comparaison des références",
    "comparing names": "comparaison des noms",
    "comparing handsets and SIM changes": "comparaison des appareils et des changements de SIM",
    "communities": "communautés",
    "chart laid out": "graphe disposé",
    "building the person network": "construction du réseau de personnes",
    "building the actor network": "construction du réseau d'acteurs",
    "brokers": "intermédiaires",
    "brokers scored": "intermédiaires évalués",
    "brokerage roles": "rôles d'intermédiation",
    "analysis done": "analyse terminée",
    "analysing the case for the export": "analyse du dossier pour l'export",
    # export formats (app.exports.FORMATS) and briefing sections (app.exports.briefing.SECTIONS)
    "case briefing for a prosecutor (PDF)": "note de synthèse pour un procureur (PDF)",
    "case briefing as one self-contained HTML file": "note de synthèse en un seul fichier HTML autonome",
    "GraphML for Gephi, yEd, networkx": "GraphML pour Gephi, yEd, networkx",
    "GEXF for Gephi": "GEXF pour Gephi",
    "a folder of CSV tables (entities, links, sources)": "un dossier de tableaux CSV (entités, liens, sources)",
    "an Excel workbook of the same tables": "un classeur Excel des mêmes tableaux",
    "i2 Analyst's Notebook exchange (ANX)": "échange i2 Analyst's Notebook (ANX)",
    "FollowTheMoney entities as JSON Lines (Aleph)": "entités FollowTheMoney en JSON Lines (Aleph)",
    "summary": "synthèse",
    "network": "réseau",
    "timeline": "chronologie",
    "money": "argent",
    "disruption": "démantèlement",
    "protection": "protection",
    # the Admiralty grading's meanings (app.model.RELIABILITY, CREDIBILITY)
    "Completely reliable": "Entièrement fiable",
    "Usually reliable": "Habituellement fiable",
    "Fairly reliable": "Assez fiable",
    "Not usually reliable": "Habituellement peu fiable",
    "Unreliable": "Peu fiable",
    "Reliability cannot be judged": "Fiabilité impossible à évaluer",
    "Confirmed by other sources": "Confirmée par d'autres sources",
    "Probably true": "Probablement vraie",
    "Possibly true": "Possiblement vraie",
    "Doubtful": "Douteuse",
    "Improbable": "Improbable",
    "Truth cannot be judged": "Véracité impossible à évaluer",
}


#: Why two records may be one (app.graph.resolution) and why a row was set aside, as the core
#: writes them in English: a pattern each, and its French.  ``; `` separates several reasons.
_REASONS_FR: tuple[tuple[re.Pattern, str], ...] = tuple(
    (re.compile(pattern), french)
    for pattern, french in (
        (r"^same interview reference (.+)$", r"même référence d'entretien \1"),
        (r"^same number (.+)$", r"même numéro \1"),
        # SIM changes and handsets (app/graph/simchanges.py)
        (
            r"^same handset (\S+): (\S+) until (.+?), then (\S+) from (.+)$",
            r"même téléphone \1 : \2 jusqu'au \3, puis \4 à partir du \5",
        ),
        (
            r"^same handset (\S+) carried (\S+) and (\S+) at the same time \((.+?) to (.+?)\): a dual-SIM phone$",
            r"même téléphone \1 : \2 et \3 en même temps (du \4 au \5) : un téléphone à double SIM",
        ),
        (
            r"^handset (\S+): (\S+) seen in it only on (.+?) to (.+?), while (\S+) used it before and after: "
            r"a borrowed handset, not proposed as one user$",
            r"téléphone \1 : \2 n'y apparaît que du \3 au \4, \5 l'utilisant avant et après : "
            r"un téléphone prêté, pas proposé comme un seul utilisateur",
        ),
        (
            r"^handset (\S+): (\S+) seen in it only on (.+?), while (\S+) used it before and after: "
            r"a borrowed handset, not proposed as one user$",
            r"téléphone \1 : \2 n'y apparaît que le \3, \4 l'utilisant avant et après : "
            r"un téléphone prêté, pas proposé comme un seul utilisateur",
        ),
        (
            r"^replacement SIM: (\S+) started (.+?), (\d+) day\(s\) after (\S+) went silent \((.+?)\), "
            r"(\d+) of its contacts the same \((\d+)%\)$",
            r"SIM de remplacement : \1 commence le \2, \3 jour(s) après le silence de \4 (\5), "
            r"\6 de ses contacts en commun (\7 %)",
        ),
        (
            r"^two handsets side by side: (\S+) \((\d+) SIMs from (\S+)\) and (\S+) \((\d+) SIMs from (\S+)\) "
            r"in use together (.+?) to (.+?), (\d+) contacts in common \((\d+)%$",
            r"deux téléphones côte à côte : \1 (\2 SIM depuis \3) et \4 (\5 SIM depuis \6) "
            r"utilisés ensemble du \7 au \8, \9 contacts en commun (\g<10> %",
        ),
        (
            r"^the next closest handset shares (\d+)\), never calling each other$",
            r"le téléphone suivant le plus proche en partage \1), sans qu'ils s'appellent jamais",
        ),
        (r"^same account (.+)$", r"même compte \1"),
        (r"^same imei (.+)$", r"même IMEI \1"),
        (r"^same email (.+)$", r"même courriel \1"),
        (r"^same reference (.+)$", r"même référence \1"),
        (
            r"^one shares only the name '(.+?)' with the other \('(.+?)' / '(.+?)'\)$",
            r"l'un ne partage que le nom « \1 » avec l'autre (« \2 » / « \3 »)",
        ),
        (r"^names '(.+?)' / '(.+?)' (\d+)% similar", r"noms « \1 » / « \2 » semblables à \3 %"),
        (r", 1 contact\(s\) in common", r", 1 contact en commun"),
        (r", (\d+) contact\(s\) in common", r", \1 contacts en commun"),
        (
            r" \('(.+?)' is an epithet: not merged on the name alone\)",
            r" (« \1 » est un surnom : pas de fusion sur le nom seul)",
        ),
        (r"^missing phone number$", r"numéro de téléphone manquant"),
        (
            r"^(.+?): cannot tell what kind of material this is(.*)$",
            r"\1 : nature de la pièce non reconnue\2",
        ),
        (r"^give --kind or a column mapping$", r"indiquez son type ou une correspondance de colonnes"),
        (r" \(columns: (.*)\)", r" (colonnes : \1)"),
        (r"^columns (.+)$", r"colonnes \1"),
        (r"^unreadable date '(.*)'$", r"date illisible « \1 »"),
        (r"^(\d+) fields where the header has (\d+)$", r"\1 champs là où l'en-tête en a \2"),
        (r"^card (\d+) \((.*)\) has no phone number$", r"la fiche \1 (\2) n'a pas de numéro de téléphone"),
    )
)


@dataclass(frozen=True)
class Language:
    """Words, numbers and dates in one language (``en`` or ``fr``).

    >>> fr = Language("fr")
    >>> fr.number(2088), fr.number(1234.5, 2), fr.date("2026-03-01T10:00:00")
    ('2\\u202f088', '1\\u202f234,50', '1 mars 2026')
    >>> Language("en").plural(1, "journey"), fr.plural(3, "journey")
    ('1 journey', '3 trajets')
    """

    code: str = "en"

    def __post_init__(self) -> None:
        if self.code not in LANGUAGES:
            raise ValueError(f"unknown language {self.code!r}: use {', '.join(LANGUAGES)}")

    def t(self, text: str, **fields) -> str:
        """``text`` in this language, with ``fields`` filled in."""
        if self.code == "fr":
            if text not in FRENCH:
                raise KeyError(f"no French for {text!r}")
            text = FRENCH[text]
        return text.format(**fields) if fields else text

    def word(self, text: str) -> str:
        """A value from the data (a role, a flag, a kind) in this language when it is known,
        with underscores read as spaces (``missing_relative`` → "missing relative")."""
        text = str(text).replace("_", " ")
        return FRENCH.get(text, text) if self.code == "fr" else text

    def number(self, value: float, decimals: int = 0) -> str:
        """2,088.5 in English, 2 088,5 in French (narrow no-break space between thousands)."""
        text = f"{float(value):,.{decimals}f}"
        if self.code == "fr":
            text = text.replace(",", "\u202f").replace(".", ",")
        return text

    def numbers_in(self, text: str) -> str:
        """The English-written numbers inside a text the core formatted (a price range
        ``523–4,313``, ``0.86``) in this language's conventions.

        >>> Language("fr").numbers_in("523–4,313 EUR, score 0.86")
        '523–4\u202f313 EUR, score 0,86'
        """
        if self.code == "en":
            return text

        def one(match: re.Match) -> str:
            plain = match.group(0).replace(",", "")
            return self.number(float(plain), len(plain.partition(".")[2]))

        return _ENGLISH_NUMBER.sub(one, text)

    def names(self, text: str) -> str:
        """Names as this language writes them: pseudonyms with their word translated and their
        code unchanged, the community that tells two namesakes apart in its word.

        >>> Language("fr").names("Witness W-7KQ2-M9XD-3FHT, Modou (community 2)")
        'Témoin W-7KQ2-M9XD-3FHT, Modou (communauté 2)'
        """
        if self.code == "en":
            return text
        text = _PSEUDONYM.sub(lambda m: f"{self.t(m.group(1))} {m.group(2)}", text)
        return _COMMUNITY_OF.sub(lambda m: f"({self.t(m.group(1))} {m.group(2)})", text)

    def reason(self, text: str) -> str:
        """Why two records may be one, or why a row was set aside, in this language; a reason
        the vocabulary does not know stays as the core wrote it.

        >>> Language("fr").reason("same number +218910000001; names 'A' / 'B' 91% similar")
        'même numéro +218910000001 ; noms « A » / « B » semblables à 91 %'
        """
        if self.code == "en":
            return text
        parts = []
        for part in str(text).split("; "):
            for pattern, french in _REASONS_FR:
                part = pattern.sub(french, part)
            parts.append(
                _DAY_MONTH.sub(
                    lambda m: f"{m.group(1)} {_MONTHS_FR[_MONTHS_EN.index(m.group(2))]} {m.group(3)}", part
                )
            )
        return " ; ".join(parts)

    def money(self, value: float, currency: str) -> str:
        space = "\u00a0" if self.code == "fr" else " "
        return f"{self.number(value)}{space}{currency}"

    def plural(self, n: int, singular: str, plural: str | None = None) -> str:
        """``1 journey``, ``2 journeys`` (and ``0 trajet`` in French, where zero is singular)."""
        many = plural or singular + "s"
        one = n == 1 or (self.code == "fr" and n == 0)
        return f"{self.number(n)} {self.t(singular if one else many)}"

    def date(self, value) -> str:
        """A day as the language writes it: 2026-03-01 in English, 1 mars 2026 in French."""
        if value is None or value == "":
            return ""
        day = value if isinstance(value, date) else _parse_day(str(value))
        if day is None:
            return str(value)
        if self.code == "fr":
            return f"{day.day} {_MONTHS_FR[day.month - 1]} {day.year}"
        return day.isoformat()


def _parse_day(text: str) -> date | None:
    try:
        return datetime.fromisoformat(text[:19]).date()
    except ValueError:
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            return None
