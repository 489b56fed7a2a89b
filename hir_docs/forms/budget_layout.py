"""Labels and texts of the budget form (STAR's budget workbook); the builder is
``hir_docs.forms.budget``, the reader ``hir_docs.readers.budget``."""

from __future__ import annotations

TITLE = "Budgetskema – Håndholdt indsats i ressourceforløb"
SHEET = "Budget"
GUIDE_SHEET = "Vejledning"
EXAMPLE_RECIPIENT = "Viborg Kommune"
EXAMPLE_PROJECT = "Tæt på – håndholdt indsats i ressourceforløb i Viborg"
PERIOD = "20.12.2017 – 01.04.2019"

# Column labels, left to right (years are inserted before "I alt").
LABEL_POST = "Udgiftspost"
LABEL_FUNCTION = "Medarbejder/funktion"
LABEL_PERSONS = "Antal personer"
LABEL_HOURS = "Timer i alt"
LABEL_RATE = "Timesats (kr.)"
LABEL_TOTAL = "I alt"
LABEL_REMARKS = "Bemærkninger"
LABEL_EXPENSES = "Udgifter i alt"
LABEL_INCOME_TOTAL = "Indtægter i alt"
LABEL_REQUESTED = "Ansøgt tilskud fra STAR"

# Remarks printed next to each post heading (what the pool pays for).
POST_REMARKS = {
    "Løn": "Kun løn til frikøb af sagsbehandlere eller nye sagsbehandlere i jobcentret. "
    "Angiv funktion, antal personer, timer i alt og timesats.",
    "Transport – kørselsgodtgørelse, rejser og ophold": "Kun transport og repræsentation "
    "i forbindelse med erfaringsudvekslingsworkshoppen.",
    "Revision": "Revisorpåtegnet regnskab kræves ved tilskud over 500.000 kr.",
}
INELIGIBLE_REMARK = (
    "Kan ikke dækkes af puljen, medmindre udgiften er transport og repræsentation i forbindelse "
    "med erfaringsudvekslingsworkshoppen eller revision (puljeopslaget, Tilskudsberettigede "
    "udgifter)."
)
