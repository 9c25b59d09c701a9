# tests/cli/eval-periode/indicateurs.py: the period's indicators of a report with --depuis (P) against the indicators of an evaluation of the period's hour lines only (F, same --au): every figure P shows is F's, and every figure F keeps secret P keeps secret too; prints how many P shows and how many it keeps secret that F shows (the secrecy across tables).
import json, sys

p, f = (json.load(open(a)) for a in sys.argv[1:3])
shown = hidden_more = 0
bad = []


def compare(where, period, alone):
    global shown, hidden_more
    if period == "secret":
        hidden_more += alone != "secret"
    elif period != alone:
        bad.append((where, period, alone))
    else:
        shown += 1


pi, fi = p["indicateurs"], f["indicateurs"]
compare("participants", pi["participants_periode"], fi["participants"])
for a, b in zip(pi["liste"], fi["liste"]):
    compare(a["indicateur"], a["valeur_periode"], b["valeur"])
    if "objectif" in a and a["valeur_periode"] != "secret":
        compare(a["indicateur"] + " objectif", a["objectif_atteint_periode"], b["objectif_atteint"])
    alone = {c["categorie"]: c["valeur"] for c in b.get("cases", [])}
    for c in a.get("cases", []):
        compare(a["indicateur"] + "/" + c["categorie"], c["valeur_periode"], alone.get(c["categorie"], "secret"))
if bad:
    sys.exit("indicateurs de la période ≠ ceux des seules lignes de la période : %s" % bad[:5])
print(shown, hidden_more)
