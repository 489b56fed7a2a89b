"""The fictional Viborg example application (shared example facts of the project).

Real municipality, invented people and numbers. Keys are the JSON field keys; lines
separate paragraphs.
"""

from __future__ import annotations

EXAMPLE_ANSWERS: dict[str, str] = {
    "project_name": "Tæt på – håndholdt indsats i ressourceforløb i Viborg",
    "municipality": "Viborg Kommune",
    "contact": (
        "Jobcenter Viborg, Eksempelvej 12, 8800 Viborg, CVR-nummer 31415926, "
        "projektleder Mette Eksempel, tlf. 12 34 56 78, e-mail mette.eksempel@viborg.dk"
    ),
    "summary": (
        "Formålet er at give de koordinerende sagsbehandlere tid til en håndholdt indsats, "
        "så borgere i ressourceforløb ikke oplever passive perioder eller stilstand.\n"
        "Jobcenter Viborg ansætter tre nye koordinerende sagsbehandlere, så ingen "
        "sagsbehandler har mere end 30-35 sager i projektperioden. Alle sagsbehandlere med "
        "ressourceforløb deltager i projektet.\n"
        "Indsatsen følger indsatsmodellen med vægt på virksomhedsrettede tilbud og "
        "mentorstøtte. Målet er, at andelen af passive borgere med mindst 1 års anciennitet "
        "falder til 15-18 % i sidste kvartal af projektperioden."
    ),
    "expected_citizens": (
        "Vi forventer ca. 320 borgere i ressourceforløb i projektperioden: 275 borgere har "
        "ressourceforløb i dag, og vi regner med ca. 45 nye forløb."
    ),
    "current_caseload": (
        "I dag har 7 koordinerende sagsbehandlere i gennemsnit 39 sager hver (i alt 275 "
        "ressourceforløbssager pr. 30.11.2017). Den mest belastede sagsbehandler har 46 sager."
    ),
    "activities": (
        "Borgeren indkaldes til første samtale senest to uger efter, at ressourceforløbet er "
        "bevilget. Ved samtalen lægger borger og sagsbehandler sammen en jobrettet plan for "
        "det videre forløb.\n"
        "Sagsbehandleren holder samtaler mindst hver 14. dag og gerne der, hvor borgeren er "
        "tryg: hjemme, på en gåtur eller i praktikvirksomheden.\n"
        "Borgeren får direkte telefonnummer til sin sagsbehandler og svar inden for ét døgn."
    ),
    "caseload_plan": (
        "Med tre nye koordinerende sagsbehandlere bliver der 10 sagsbehandlere til 275 sager, "
        "dvs. i gennemsnit 27-28 sager pr. sagsbehandler ved projektstart. Det giver plads til "
        "nye forløb under loftet på max. 30-35 sager pr. koordinerende sagsbehandler.\n"
        "Teamlederen følger sagstallet hver måned. Stiger det over 33 sager for en "
        "sagsbehandler, fordeles nye sager til kolleger i teamet, og kommunen finansierer selv "
        "ekstra timer, så loftet holdes i hele projektperioden."
    ),
    "strategy": (
        "Alle koordinerende sagsbehandlere med ressourceforløb samles i ét team med fast "
        "tilknyttede virksomhedskonsulenter og en mentorkoordinator. Teamet holder et kort "
        "tavlemøde hver morgen, hvor nye sager fordeles, og hvor passive forløb tages op.\n"
        "Med færre sager får den koordinerende sagsbehandler en ny rolle: fra at administrere "
        "mange sager til at være borgerens faste og tilgængelige kontakt. Sagsbehandleren "
        "deltager i rehabiliteringsmødet, laver indsatsplanen sammen med borgeren og følger "
        "op efter hver aktivitet.\n"
        "Virksomhedskonsulenten deltager i anden samtale og finder sammen med borgeren en "
        "virksomhedspraktik eller ordinære timer, når borgeren er klar. Sagsbehandleren kan "
        "selv varetage mentorfunktionen, når det giver et bedre forløb end en ekstern mentor.\n"
        "Vi bruger den fælles workshop til at dele erfaringer med de andre kommuner og justerer "
        "arbejdsgangene efter statusrapporten i efteråret 2018."
    ),
    "goals": (
        "Vi arbejder systematisk med indsatsmodellen: jobrettet plan inden for en måned, "
        "virksomhedsrettet tilbud inden for tre måneder og opfølgning mindst hver 14. dag.\n"
        "Teamet gennemgår hver måned listen over passive borgere med mindst 1 års anciennitet, "
        "og hver passiv borger får en aftalt næste aktivitet inden for to uger.\n"
        "I dag er 31 % af borgerne i ressourceforløb passive. Målet er 15-18 % i sidste kvartal "
        "af projektperioden."
    ),
    "passive_share_target": "15-18 %",
    "organisation": (
        "Projektet hører under Jobcenter Viborgs afdeling for sygedagpenge og "
        "ressourceforløb. Afdelingslederen har det overordnede ansvar, teamlederen den daglige "
        "ledelse, og projektleder Mette Eksempel koordinerer og rapporterer til STAR.\n"
        "Teamet består af 10 koordinerende sagsbehandlere (heraf 3 nyansatte), 2 "
        "virksomhedskonsulenter og 1 mentorkoordinator. En styregruppe med jobcenterchefen "
        "mødes hvert kvartal."
    ),
    "anchoring": (
        "Viser projektet færre passive forløb og flere borgere i praktik eller ordinære timer, "
        "indstiller forvaltningen til Beskæftigelsesudvalget, at det lave sagstal videreføres "
        "i budget 2020. Arbejdsgangene skrives ind i jobcentrets kvalitetshåndbog, så de "
        "gælder uanset projektets udfald."
    ),
    "requested_amount": "1.200.000 kr.",
}
