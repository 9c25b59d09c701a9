-- tests/bench/amp-sqlite.sql: the AMP reference evaluation (examples/amp/REFERENCE.md) written in SQLite SQL, the spreadsheet-to-database baseline of `make bench`.
--
-- Run from the folder that holds marches.csv, participants.csv and heures.csv (the
-- generator's plain `csv` format, without invalid rows), with the evaluation date bound:
--
--   cd DIR && sqlite3 -batch -cmd ".parameter set @au \"'2025-12-31'\"" :memory: < amp-sqlite.sql
--
-- (the inner single quotes make @au a text value; without them the CLI computes 2025-12-31 = 1982)
--
-- Prints the same lines as tests/bench/amp-ref/, so that `diff` compares the two.
--
-- Exactness: SQLite has no decimal type, and a REAL would round.  Every amount and hour
-- count is therefore read as text and turned into an INTEGER number of hundredths (the data
-- never has more than two decimals), and every figure below is computed in integers:
-- hundredths of an hour, or, for the estimated base hours, the exact fraction N / D.

.bail on
.mode list
.headers off

-- ---------------------------------------------------------------------------------------
-- The three tables, imported as text (typed columns would turn '86.67' into a REAL)
-- ---------------------------------------------------------------------------------------

CREATE TABLE marches (marche TEXT, intitule TEXT, famille TEXT, maitre_ouvrage TEXT, perimetre TEXT,
                      montant_ht TEXT, date_notification TEXT, heures_travaillees TEXT);
CREATE TABLE participants (participant TEXT, sexe TEXT, date_naissance TEXT, qpv TEXT, date_entree TEXT,
                           mois_inscription TEXT, rsa TEXT, ass TEXT, aah TEXT, rqth TEXT, niveau TEXT,
                           pass_iae TEXT);
CREATE TABLE heures (marche TEXT, participant TEXT, mois TEXT, heures TEXT, modalite TEXT);

.import --csv --skip 1 marches.csv marches
.import --csv --skip 1 participants.csv participants
.import --csv --skip 1 heures.csv heures

-- ---------------------------------------------------------------------------------------
-- The charter: scopes, families, targets, local overrides and amendments
-- ---------------------------------------------------------------------------------------

CREATE TABLE perimetres (perimetre TEXT PRIMARY KEY, parent TEXT);
INSERT INTO perimetres VALUES
  ('amp', NULL), ('marseille', 'amp'), ('aix', 'amp'),
  ('air_bel', 'marseille'), ('saint_barthelemy', 'marseille'), ('encagnane', 'aix');

-- Labour share (percent) and hourly cost (whole euros) estimate the hours of a contract
-- that reports none.
CREATE TABLE familles (famille TEXT PRIMARY KEY, part_pct INTEGER, cout INTEGER);
INSERT INTO familles VALUES
  ('nettoyage', 80, 25), ('espaces_verts', 60, 30), ('gardiennage', 85, 28),
  ('encombrants', 50, 30), ('travaux', 35, 40), ('ingenierie', 60, 60);

-- A rule sets the target (percent) and/or the threshold (euros) of one family at one scope,
-- for contracts notified on or after `depuis`; NULL: this rule does not set that field.
CREATE TABLE regles (perimetre TEXT, famille TEXT, depuis TEXT, taux INTEGER, seuil INTEGER);
INSERT INTO regles VALUES
  ('amp', 'nettoyage',     '0000-00-00', 10, 40000),
  ('amp', 'espaces_verts', '0000-00-00', 10, 40000),
  ('amp', 'gardiennage',   '0000-00-00', 10, 40000),
  ('amp', 'encombrants',   '0000-00-00', 10, 40000),
  ('amp', 'travaux',       '0000-00-00',  5, 100000),
  ('amp', 'ingenierie',    '0000-00-00',  5, 100000),
  ('marseille', 'gardiennage', '0000-00-00', 12, NULL),
  ('air_bel',   'nettoyage',   '0000-00-00', 15, NULL),
  ('encagnane', 'travaux',     '0000-00-00',  8, 50000),
  ('amp', 'espaces_verts',            '2023-01-01', 12, NULL),   -- avenant 1
  ('saint_barthelemy', 'encombrants', '2024-07-01', 15, NULL);   -- avenant 2

-- Each scope with every scope it lies in, nearest first (profondeur 0 = itself).
CREATE TABLE chaine AS
WITH RECURSIVE c(perimetre, ancetre, profondeur) AS (
  SELECT perimetre, perimetre, 0 FROM perimetres
  UNION ALL
  SELECT c.perimetre, p.parent, c.profondeur + 1
  FROM c JOIN perimetres p ON p.perimetre = c.ancetre
  WHERE p.parent IS NOT NULL
)
SELECT * FROM c;

-- ---------------------------------------------------------------------------------------
-- Contracts: typed, with the rule in force resolved
-- ---------------------------------------------------------------------------------------

-- '1234.5' → 123450 hundredths, exactly (non-negative, at most two decimals), written out
-- for each column.
CREATE TABLE contrats AS
SELECT m.marche, m.famille, m.perimetre, m.maitre_ouvrage, m.date_notification AS notif,
       CASE WHEN instr(m.montant_ht, '.') = 0 THEN CAST(m.montant_ht AS INTEGER) * 100
            ELSE CAST(substr(m.montant_ht, 1, instr(m.montant_ht, '.') - 1) AS INTEGER) * 100
                 + CAST(substr(substr(m.montant_ht, instr(m.montant_ht, '.') + 1) || '00', 1, 2) AS INTEGER)
       END AS montant_c,
       CASE WHEN m.heures_travaillees = '' THEN NULL
            WHEN instr(m.heures_travaillees, '.') = 0 THEN CAST(m.heures_travaillees AS INTEGER) * 100
            ELSE CAST(substr(m.heures_travaillees, 1, instr(m.heures_travaillees, '.') - 1) AS INTEGER) * 100
                 + CAST(substr(substr(m.heures_travaillees, instr(m.heures_travaillees, '.') + 1) || '00', 1, 2)
                        AS INTEGER)
       END AS ht_c,
       f.part_pct, f.cout
FROM marches m JOIN familles f ON f.famille = m.famille;

-- Walk the scope chain: each field comes from the nearest scope that sets it among the rules
-- in force at the notification date; at one scope the latest amendment replaces the earlier
-- rule.
CREATE TABLE regle_contrat AS
SELECT c.marche,
       (SELECT r.taux FROM chaine ch JOIN regles r ON r.perimetre = ch.ancetre
        WHERE ch.perimetre = c.perimetre AND r.famille = c.famille AND r.depuis <= c.notif
              AND r.taux IS NOT NULL
        ORDER BY ch.profondeur, r.depuis DESC LIMIT 1) AS taux,
       (SELECT r.seuil FROM chaine ch JOIN regles r ON r.perimetre = ch.ancetre
        WHERE ch.perimetre = c.perimetre AND r.famille = c.famille AND r.depuis <= c.notif
              AND r.seuil IS NOT NULL
        ORDER BY ch.profondeur, r.depuis DESC LIMIT 1) AS seuil
FROM contrats c;

-- ---------------------------------------------------------------------------------------
-- Participants: eligibility judged at the entry date
-- ---------------------------------------------------------------------------------------

CREATE TABLE personnes AS
WITH d AS (
  SELECT participant, qpv,
         CAST(substr(date_naissance, 1, 4) AS INTEGER) AS ny,
         CAST(substr(date_naissance, 6, 2) AS INTEGER) AS nm,
         CAST(substr(date_naissance, 9, 2) AS INTEGER) AS nd,
         CAST(substr(date_entree, 1, 4) AS INTEGER) AS ey,
         CAST(substr(date_entree, 6, 2) AS INTEGER) AS em,
         CAST(substr(date_entree, 9, 2) AS INTEGER) AS ed,
         CASE WHEN mois_inscription = '' THEN 0 ELSE CAST(mois_inscription AS INTEGER) END AS mois,
         CASE WHEN niveau = '' THEN NULL ELSE CAST(niveau AS INTEGER) END AS niveau,
         lower(rsa) IN ('true', 'oui', 'vrai', 'o', '1', 'yes') AS rsa,
         lower(ass) IN ('true', 'oui', 'vrai', 'o', '1', 'yes') AS ass,
         lower(aah) IN ('true', 'oui', 'vrai', 'o', '1', 'yes') AS aah,
         lower(rqth) IN ('true', 'oui', 'vrai', 'o', '1', 'yes') AS rqth,
         lower(pass_iae) IN ('true', 'oui', 'vrai', 'o', '1', 'yes') AS iae
  FROM participants
),
-- Someone born on 29 February has their birthday on 1 March in a non-leap year.
b AS (
  SELECT *,
         CASE WHEN nm = 2 AND nd = 29 AND NOT ((ey % 4 = 0 AND ey % 100 <> 0) OR ey % 400 = 0)
              THEN 3 ELSE nm END AS bm,
         CASE WHEN nm = 2 AND nd = 29 AND NOT ((ey % 4 = 0 AND ey % 100 <> 0) OR ey % 400 = 0)
              THEN 1 ELSE nd END AS bd
  FROM d
),
a AS (
  SELECT *, ey - ny - (em < bm OR (em = bm AND ed < bd)) AS age FROM b
)
SELECT participant,
       ey * 12 + em - 1 AS mois_entree,
       qpv <> '' AND (mois >= 12                                     -- deld
                      OR rsa OR ass OR aah                           -- minima_sociaux
                      OR rqth                                        -- rqth
                      OR (age < 26 AND niveau IS NOT NULL AND niveau <= 3)  -- jeune
                      OR (age >= 50 AND mois >= 1)                   -- senior
                      OR iae) AS eligible                            -- iae
FROM a;
CREATE UNIQUE INDEX personnes_id ON personnes(participant);

-- ---------------------------------------------------------------------------------------
-- Hour lines: counted when the participant is eligible, inside the 24-month window, not
-- before the month of the contract's notification and not after the month of the
-- evaluation date
-- ---------------------------------------------------------------------------------------

CREATE TABLE heures_comptees AS
SELECT h.marche,
       h.modalite = 'formation' AS formation,
       CASE WHEN instr(h.heures, '.') = 0 THEN CAST(h.heures AS INTEGER) * 100
            ELSE CAST(substr(h.heures, 1, instr(h.heures, '.') - 1) AS INTEGER) * 100
                 + CAST(substr(substr(h.heures, instr(h.heures, '.') + 1) || '00', 1, 2) AS INTEGER)
       END AS heures_c
FROM heures h JOIN personnes p ON p.participant = h.participant
     JOIN marches m ON m.marche = h.marche
WHERE p.eligible
  AND h.mois >= substr(m.date_notification, 1, 7)
  AND CAST(substr(h.mois, 1, 4) AS INTEGER) * 12 + CAST(substr(h.mois, 6, 2) AS INTEGER) - 1
      BETWEEN p.mois_entree AND p.mois_entree + 23
  AND CAST(substr(h.mois, 1, 4) AS INTEGER) * 12 + CAST(substr(h.mois, 6, 2) AS INTEGER) - 1
      <= CAST(substr(@au, 1, 4) AS INTEGER) * 12 + CAST(substr(@au, 6, 2) AS INTEGER) - 1;

CREATE TABLE cumuls AS
SELECT marche,
       sum(CASE WHEN formation THEN 0 ELSE heures_c END) AS autres_c,
       sum(CASE WHEN formation THEN heures_c ELSE 0 END) AS formation_c
FROM heures_comptees GROUP BY marche;

-- ---------------------------------------------------------------------------------------
-- One contract's evaluation
-- ---------------------------------------------------------------------------------------

-- Base hours: heures_travaillees when present (hundredths), otherwise the exact fraction
-- montant × part ÷ coût = N / D hours with N = montant_c × part_pct, D = 10 000 × coût.
-- Target hours: taux % of the base, rounded up to the whole hour (0 when below the
-- threshold).  Training counts up to 20 % of the target hours = objectif × 20 hundredths.
CREATE TABLE resultats AS
WITH e AS (
  SELECT c.marche, c.famille, c.perimetre, c.maitre_ouvrage, r.taux, r.seuil, c.ht_c,
         c.montant_c * c.part_pct AS n, 10000 * c.cout AS d,
         c.montant_c >= r.seuil * 100 AS soumis,
         coalesce(k.autres_c, 0) AS autres_c, coalesce(k.formation_c, 0) AS formation_c
  FROM contrats c JOIN regle_contrat r USING (marche) LEFT JOIN cumuls k USING (marche)
),
o AS (
  SELECT *,
         CASE WHEN NOT soumis THEN 0
              WHEN ht_c IS NOT NULL THEN (taux * ht_c + 9999) / 10000
              ELSE (taux * n + 100 * d - 1) / (100 * d)
         END AS objectif
  FROM e
),
x AS (
  SELECT *, autres_c + min(formation_c, objectif * 20) AS realisees_c FROM o
)
SELECT marche, famille, perimetre, maitre_ouvrage, taux, seuil, ht_c, n, d, objectif, realisees_c,
       realisees_c - objectif * 100 AS ecart_c,
       CASE WHEN NOT soumis THEN 'non_soumis'
            WHEN realisees_c >= objectif * 100 THEN 'atteint'
            ELSE 'non_atteint' END AS statut
FROM x;

-- ---------------------------------------------------------------------------------------
-- Output, formatted as amp-ref prints it: decimal comma, no trailing zeros; the estimated
-- base hours exactly when they are a finite decimal, else rounded half-up to 2 decimals.
-- ---------------------------------------------------------------------------------------

-- (SQLite has no functions in plain SQL, so the hundredths → text formatting is written out
-- for each column.)
SELECT 'marche;famille;perimetre;maitre_ouvrage;statut;taux;seuil;heures_base;heures_objectif;'
       || 'heures_realisees;ecart';

WITH v AS (
  SELECT r.*,
         -- Base hours in hundredths when that is exact or when rounding is due; NULL when the
         -- value is a finite decimal with more than two decimals (written out separately).
         CASE WHEN ht_c IS NOT NULL THEN ht_c
              WHEN (n * 100) % d = 0 THEN n * 100 / d
              -- In D = 10^4 × coût (≤ 60 €) the powers of 2 and of 5 stay below 12, so N / D
              -- is a finite decimal exactly when its fraction × 10^12 is a whole number.
              WHEN ((n % d) * 1000000000000) % d = 0 THEN NULL
              ELSE (2 * n * 100 + d) / (2 * d)
         END AS base_c
  FROM resultats r
),
t AS (
  SELECT marche,
         CASE WHEN instr(marche, ';') OR instr(marche, '"') OR instr(marche, char(10)) OR instr(marche, char(13))
              THEN '"' || replace(marche, '"', '""') || '"' ELSE marche END AS marche_t,
         famille, perimetre,
         CASE WHEN instr(maitre_ouvrage, ';') OR instr(maitre_ouvrage, '"') OR instr(maitre_ouvrage, char(10))
                   OR instr(maitre_ouvrage, char(13))
              THEN '"' || replace(maitre_ouvrage, '"', '""') || '"' ELSE maitre_ouvrage END AS maitre_t,
         statut, taux, seuil,
         CASE WHEN base_c IS NULL
              THEN (n / d) || ',' || rtrim(printf('%012d', (n % d) * 1000000000000 / d), '0')
              ELSE (base_c / 100) || CASE WHEN base_c % 100 = 0 THEN ''
                                          WHEN base_c % 10 = 0 THEN ',' || (base_c % 100 / 10)
                                          ELSE ',' || printf('%02d', base_c % 100) END
         END AS base_t,
         objectif,
         (realisees_c / 100) || CASE WHEN realisees_c % 100 = 0 THEN ''
                                     WHEN realisees_c % 10 = 0 THEN ',' || (realisees_c % 100 / 10)
                                     ELSE ',' || printf('%02d', realisees_c % 100) END AS realisees_t,
         CASE WHEN ecart_c < 0 THEN '-' ELSE '' END
         || (abs(ecart_c) / 100) || CASE WHEN abs(ecart_c) % 100 = 0 THEN ''
                                         WHEN abs(ecart_c) % 10 = 0 THEN ',' || (abs(ecart_c) % 100 / 10)
                                         ELSE ',' || printf('%02d', abs(ecart_c) % 100) END AS ecart_t
  FROM v
)
SELECT marche_t || ';' || famille || ';' || perimetre || ';' || maitre_t || ';' || statut || ';' || taux
       || ';' || seuil || ';' || base_t || ';' || objectif || ';' || realisees_t || ';' || ecart_t
FROM t ORDER BY marche;

-- Rows read and counted per table, as amp-ref reports them (no row is rejected: the bench
-- data has no invalid rows, and row rejection is out of scope for this baseline).
SELECT 'lignes;table;lues;comptees;non_comptees;rejetees';
SELECT 'lignes;marches;' || count(*) || ';' || count(*) || ';0;0' FROM marches;
SELECT 'lignes;participants;' || count(*) || ';' || sum(eligible) || ';' || (count(*) - sum(eligible)) || ';0'
FROM personnes;
SELECT 'lignes;heures;' || (SELECT count(*) FROM heures) || ';' || count(*) || ';'
       || ((SELECT count(*) FROM heures) - count(*)) || ';0'
FROM heures_comptees;
