# tests/cli/lib/threads_json-donnees.py: the JSON hour tables of tests/cli/threads_json.sh, each in a folder of DIR beside the other tables of DIR/invalides (gen-donnees), made once for both passes (lib/fixtures.sh).
import json, os, shutil, sys
tmp = sys.argv[1]
src = os.path.join(tmp, "invalides")
rows = json.load(open(os.path.join(src, "heures.json")))
rows = rows * 4
tricky = ['}, {"marche": "X"', '] , [', '\\"}\\n{', 'a \\\\"', '{"x": [1, 2]}', 'fin\\u007d\\u005d',
          '"' * 3, ',\n{', 'é}à]ü"']
def variant(name, text):
    d = os.path.join(tmp, name)
    os.mkdir(d)
    for t in ("marches", "participants", "embauches"):
        shutil.copy(os.path.join(src, t + ".json"), d)
    with open(os.path.join(d, "heures.json"), "w", encoding="utf-8", newline="") as f:
        f.write(text)
def one_per_line(objs, sep=",\n", end="\n"):
    return "[\n" + sep.join(o if isinstance(o, str) else json.dumps(o, ensure_ascii=False) for o in objs) + end + "]\n"
commented = []
for i, r in enumerate(rows):
    r = dict(r)
    if i % 3 == 0:
        r["commentaire"] = tricky[i % len(tricky)] + " n°%d" % i
    commented.append(r)
variant("chaines", one_per_line(commented))
# Nested values (rejected rows when their column is read, as modalite: never
# in an ignored column, as detail) and elements that are not objects
# (rejected, with their number in the array), all through the table.
mixed = []
for i, r in enumerate(commented):
    if i % 97 == 5:
        r = dict(r); r["detail"] = {"a": [1, {"b": "}]"}], "c": "x"}
        r["modalite"] = [{"b": "]}"}]
    if i % 89 == 7:
        mixed.append(["pas", "un", {"objet": 1}])
    if i % 113 == 9:
        mixed.append(42)
    mixed.append(r)
variant("imbriques", one_per_line(mixed))
# Pretty-printed (an object over several lines), CRLF line ends, and the
# whole array on one line (every row on line 1).
variant("indente", json.dumps(mixed, ensure_ascii=False, indent=2) + "\n")
variant("crlf", one_per_line(mixed).replace("\n", "\r\n"))
variant("une_ligne", json.dumps(mixed, ensure_ascii=False))
# Cut short two thirds of the way (no closing bracket): malformed, said
# before the first row, whatever the threads.
whole = one_per_line(mixed)
variant("coupe", whole[: 2 * len(whole) // 3])
# A row of 5 MiB: more than a slice may hold, so the table is read by the
# streamed reader alone (bounded memory), with the same report.
huge = [dict(r) for r in commented[:3000]]
huge[1500]["commentaire"] = "x" * (5 * 1024 * 1024)
variant("geante", one_per_line(huge))
# A key of 40 bytes: no template is learnt (runtime/table_json_stream.c), every row takes the fast path.
variant("cle_longue", one_per_line([dict(r, commentaire_assez_long_pour_ne_pas_tenir="x") for r in rows]))
# The hour rows' typing through the template's rows (runtime/table_json_stream.c
# tells the data layer when a row is ASCII and has no blank): ids with a blank
# before or after (trimmed) or inside, not ASCII, or with an escape (\u00e9,
# and \u0065 for an "e" of a modality), hours as strings, keys in another
# order. The same rows with CRLF line ends leave the template's shortcut:
# the same report, byte for byte.
typed = []
for i, r in enumerate(rows):
    r = dict(r)
    p = r.get("participant")
    if isinstance(p, str) and p:
        if i % 7 == 1: r["participant"] = " " + p
        elif i % 7 == 2: r["participant"] = p + " "
        elif i % 7 == 3: r["participant"] = p[:1] + " " + p[1:]
        elif i % 7 == 4: r["participant"] = p + "é"
    if i % 5 == 1 and isinstance(r.get("heures"), (int, float)): r["heures"] = str(r["heures"])
    if i % 11 == 6: r = dict(reversed(list(r.items())))
    if i % 13 == 8:
        typed.append(json.dumps(r, ensure_ascii=True).replace('"ei"', '"\\u0065i"'))
    else:
        typed.append(r)
variant("typage", one_per_line(typed))
variant("typage_crlf", one_per_line(typed).replace("\n", "\r\n"))
# A closing bracket followed by another value: malformed too.
variant("apres", whole + '{"marche": "M1"}\n')
# Twice as long (4 MB): surveyed in parts on 2, 3 and 7 threads (a part
# starts at a line opening an object, runtime/table_json_survey.c); and the
# same with a fault in a row near its start, in the row where the second
# part starts (just after the middle), and near its end: the error of one
# thread, found by whichever part reads it.
big = one_per_line(mixed * 2)
variant("grande", big)
def fault(text, where, row):
    b = text.encode()   # the parts start at byte offsets: the same ones here
    at = b.index(b"\n", int(len(b) * where)) + 1
    end = b.index(b"\n", at)
    return (b[:at] + row.encode("utf-8", "surrogateescape") + b"," + b[end:]).decode("utf-8", "surrogateescape")
variant("grande_debut", fault(big, 0.02, '{"marche": "tab\x01ici"}'))
variant("grande_milieu", fault(big, 0.5, '{"marche": "M1", "heures": 1, "marche": "M2"}'))
variant("grande_fin", fault(big, 0.98, '{"marche": "M1", "heures": 01}'))
# The survey of the hour table runs on the contracts' thread once they are
# loaded (cli/cmd_eval.c, eval_open_rest), in parts, while the participants
# load on the other thread: with participants forty times as many (new ids,
# no hour line of theirs), a fault near the hour table's start, a byte that
# is not UTF-8 a third of the way, or the file cut short, is found while
# they still load: the error of one thread.
people = json.load(open(os.path.join(src, "participants.json")))
many = [dict(p, participant="%s-%d" % (p["participant"], k)) if isinstance(p, dict) and isinstance(p.get("participant"), str) else p
        for k in range(40) for p in people]
def long_participants(name, text):
    variant(name, "")
    with open(os.path.join(tmp, name, "heures.json"), "wb") as f:
        f.write(text.encode("utf-8", "surrogateescape"))
    with open(os.path.join(tmp, name, "participants.json"), "w", encoding="utf-8") as f:
        f.write(one_per_line(many))
long_participants("longs_debut", fault(big, 0.02, '{"marche": "tab\x01ici"}'))
long_participants("longs_tiers", fault(big, 0.34, '{"marche": "caf' + chr(0xDCFF) + '"}'))   # the byte 0xFF
long_participants("longs_coupe", big[: 3 * len(big) // 5])
long_participants("longs", big)
# An hour table shorter than one slice (three rows), and one with no row (`[]`).
variant("courte", one_per_line(commented[:3]))
variant("vide", "[]\n")
