-- tests/bench/amp-duckdb.sql: the AMP reference evaluation (examples/amp/REFERENCE.md) written in DuckDB SQL, the analytics-database baseline of `make bench`.
--
-- Run by tests/bench/duckdb.mjs from the folder that holds marches.csv, participants.csv and
-- heures.csv (the generator's plain `csv` format, without invalid rows), after
-- `SET VARIABLE au = DATE 'YYYY-MM-DD'` (the evaluation date).  The last statement's single
-- column is the output: the same lines as tests/bench/amp-ref/, so that `diff` compares them.
--
-- Exactness: amounts and hours are read as DECIMAL(18,2), exactly, then held as BIGINT
-- hundredths; DuckDB divides DECIMALs in DOUBLE, so every division below is an integer one
-- (`//`, `%`) on hundredths or on the exact fraction N / D of the estimated base hours.

-- ---------------------------------------------------------------------------------------
-- The three tables, imported with their types
-- ---------------------------------------------------------------------------------------

CREATE TABLE marches AS
SELECT * FROM read_csv('marches.csv', header = true, delim = ',', quote = '"', escape = '"',
  columns = {'marche': 'VARCHAR', 'intitule': 'VARCHAR', 'famille': 'VARCHAR', 'maitre_ouvrage': 'VARCHAR',
             'perimetre': 'VARCHAR', 'montant_ht': 'DECIMAL(18,2)', 'date_notification': 'DATE',
             'heures_travaillees': 'DECIMAL(18,2)'});

CREATE TABLE participants AS
SELECT * FROM read_csv('participants.csv', header = true, delim = ',', quote = '"', escape = '"',
  columns = {'participant': 'VARCHAR', 'sexe': 'VARCHAR', 'date_naissance': 'DATE', 'qpv': 'VARCHAR',
             'date_entree': 'DATE', 'mois_inscription': 'INTEGER', 'rsa': 'BOOLEAN', 'ass': 'BOOLEAN',
             'aah': 'BOOLEAN', 'rqth': 'BOOLEAN', 'niveau': 'INTEGER', 'pass_iae': 'BOOLEAN'});

CREATE TABLE heures AS
SELECT * FROM read_csv('heures.csv', header = true, delim = ',', quote = '"', escape = '"',
  columns = {'marche': 'VARCHAR', 'participant': 'VARCHAR', 'mois': 'VARCHAR', 'heures': 'DECIMAL(18,2)',
             'modalite': 'VARCHAR'});

-- ---------------------------------------------------------------------------------------
-- The charter: scopes, families, targets, local overrides and amendments
-- ---------------------------------------------------------------------------------------

CREATE TABLE perimetres (perimetre VARCHAR PRIMARY KEY, parent VARCHAR);
INSERT INTO perimetres VALUES
  ('amp', NULL), ('marseille', 'amp'), ('aix', 'amp'),
  ('air_bel', 'marseille'), ('saint_barthelemy', 'marseille'), ('encagnane', 'aix');

-- Labour share (percent) and hourly cost (whole euros) estimate the hours of a contract
-- that reports none.
CREATE TABLE familles (famille VARCHAR PRIMARY KEY, part_pct BIGINT, cout BIGINT);
INSERT INTO familles VALUES
  ('nettoyage', 80, 25), ('espaces_verts', 60, 30), ('gardiennage', 85, 28),
  ('encombrants', 50, 30), ('travaux', 35, 40), ('ingenierie', 60, 60);

-- A rule sets the target (percent) and/or the threshold (euros) of one family at one scope,
-- for contracts notified on or after `depuis`; NULL: this rule does not set that field.
CREATE TABLE regles (perimetre VARCHAR, famille VARCHAR, depuis DATE, taux BIGINT, seuil BIGINT);
INSERT INTO regles VALUES
  ('amp', 'nettoyage',     DATE '0001-01-01', 10, 40000),
  ('amp', 'espaces_verts', DATE '0001-01-01', 10, 40000),
  ('amp', 'gardiennage',   DATE '0001-01-01', 10, 40000),
  ('amp', 'encombrants',   DATE '0001-01-01', 10, 40000),
  ('amp', 'travaux',       DATE '0001-01-01',  5, 100000),
  ('amp', 'ingenierie',    DATE '0001-01-01',  5, 100000),
  ('marseille', 'gardiennage', DATE '0001-01-01', 12, NULL),
  ('air_bel',   'nettoyage',   DATE '0001-01-01', 15, NULL),
  ('encagnane', 'travaux',     DATE '0001-01-01',  8, 50000),
  ('amp', 'espaces_verts',            DATE '2023-01-01', 12, NULL),   -- avenant 1
  ('saint_barthelemy', 'encombrants', DATE '2024-07-01', 15, NULL);   -- avenant 2

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
-- Contracts, with the rule in force resolved
-- ---------------------------------------------------------------------------------------

CREATE TABLE contrats AS
SELECT m.marche, m.famille, m.perimetre, m.maitre_ouvrage, m.date_notification AS notif,
       CAST(m.montant_ht * 100 AS BIGINT) AS montant_c,
       CAST(m.heures_travaillees * 100 AS BIGINT) AS ht_c,
       f.part_pct, f.cout
FROM marches m JOIN familles f ON f.famille = m.famille;

-- Walk the scope chain: each field comes from the nearest scope that sets it among the rules
-- in force at the notification date; at one scope the latest amendment replaces the earlier
-- rule.
CREATE TABLE regle_contrat AS
WITH candidats AS (
  SELECT c.marche, ch.profondeur, r.depuis, r.taux, r.seuil
  FROM contrats c
  JOIN chaine ch ON ch.perimetre = c.perimetre
  JOIN regles r ON r.perimetre = ch.ancetre AND r.famille = c.famille AND r.depuis <= c.notif
)
SELECT marche,
       arg_min(taux, (profondeur, -epoch(depuis))) FILTER (WHERE taux IS NOT NULL) AS taux,
       arg_min(seuil, (profondeur, -epoch(depuis))) FILTER (WHERE seuil IS NOT NULL) AS seuil
FROM candidats GROUP BY marche;

-- ---------------------------------------------------------------------------------------
-- Participants: eligibility judged at the entry date
-- ---------------------------------------------------------------------------------------

CREATE TABLE personnes AS
WITH d AS (
  SELECT participant, qpv, year(date_naissance) AS ny, month(date_naissance) AS nm, day(date_naissance) AS nd,
         year(date_entree) AS ey, month(date_entree) AS em, day(date_entree) AS ed,
         coalesce(mois_inscription, 0) AS mois, niveau,
         coalesce(rsa, false) AS rsa, coalesce(ass, false) AS ass, coalesce(aah, false) AS aah,
         coalesce(rqth, false) AS rqth, coalesce(pass_iae, false) AS iae
  FROM participants
),
-- Someone born on 29 February has their birthday on 1 March in a non-leap year.
b AS (
  SELECT *,
         CASE WHEN nm = 2 AND nd = 29 AND NOT ((ey % 4 = 0 AND ey % 100 <> 0) OR ey % 400 = 0) THEN 3 ELSE nm END AS bm,
         CASE WHEN nm = 2 AND nd = 29 AND NOT ((ey % 4 = 0 AND ey % 100 <> 0) OR ey % 400 = 0) THEN 1 ELSE nd END AS bd
  FROM d
),
a AS (
  SELECT *, ey - ny - CASE WHEN em < bm OR (em = bm AND ed < bd) THEN 1 ELSE 0 END AS age FROM b
)
SELECT participant,
       ey * 12 + em - 1 AS mois_entree,
       coalesce(qpv, '') <> '' AND (mois >= 12                                -- deld
                                    OR rsa OR ass OR aah                      -- minima_sociaux
                                    OR rqth                                   -- rqth
                                    OR (age < 26 AND niveau IS NOT NULL AND niveau <= 3)  -- jeune
                                    OR (age >= 50 AND mois >= 1)              -- senior
                                    OR iae) AS eligible                       -- iae
FROM a;

-- ---------------------------------------------------------------------------------------
-- Hour lines: counted when the participant is eligible, inside the 24-month window, not
-- before the month of the contract's notification and not after the month of the
-- evaluation date
-- ---------------------------------------------------------------------------------------

CREATE TABLE heures_comptees AS
WITH h AS (
  SELECT marche, participant, modalite = 'formation' AS formation,
         CAST(substr(mois, 1, 4) AS BIGINT) * 12 + CAST(substr(mois, 6, 2) AS BIGINT) - 1 AS m,
         CAST(heures * 100 AS BIGINT) AS heures_c
  FROM heures
)
SELECT h.marche, h.formation, h.heures_c
FROM h JOIN personnes p ON p.participant = h.participant
     JOIN marches c ON c.marche = h.marche
WHERE p.eligible
  AND h.m >= year(c.date_notification) * 12 + month(c.date_notification) - 1
  AND h.m BETWEEN p.mois_entree AND p.mois_entree + 23
  AND h.m <= year(getvariable('au')) * 12 + month(getvariable('au')) - 1;

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
              WHEN ht_c IS NOT NULL THEN (taux * ht_c + 9999) // 10000
              ELSE (taux * n + 100 * d - 1) // (100 * d)
         END AS objectif
  FROM e
),
x AS (
  SELECT *, autres_c + least(formation_c, objectif * 20) AS realisees_c FROM o
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

CREATE MACRO centiemes(v) AS
  CASE WHEN v < 0 THEN '-' ELSE '' END || CAST(abs(v) // 100 AS VARCHAR)
  || CASE WHEN abs(v) % 100 = 0 THEN ''
          WHEN abs(v) % 10 = 0 THEN ',' || CAST(abs(v) % 100 // 10 AS VARCHAR)
          ELSE ',' || lpad(CAST(abs(v) % 100 AS VARCHAR), 2, '0') END;

CREATE MACRO champ(s) AS
  CASE WHEN regexp_matches(s, '[;"\r\n]') THEN '"' || replace(s, '"', '""') || '"' ELSE s END;

-- In D = 10^4 × coût (≤ 60 €) the powers of 2 and of 5 stay below 12, so N / D is a finite
-- decimal exactly when its fraction × 10^12 is a whole number.
CREATE MACRO heures_base(ht_c, n, d) AS
  CASE WHEN ht_c IS NOT NULL THEN centiemes(ht_c)
       WHEN (n * 100) % d = 0 THEN centiemes(n * 100 // d)
       WHEN ((n % d) * 1000000000000) % d = 0
         THEN CAST(n // d AS VARCHAR) || ','
              || rtrim(lpad(CAST((n % d) * 1000000000000 // d AS VARCHAR), 12, '0'), '0')
       ELSE centiemes((2 * n * 100 + d) // (2 * d))
  END;

-- The contracts sorted by id, then the rows read and counted per table as amp-ref reports
-- them (no row is rejected: the bench data has no invalid rows, and row rejection is out of
-- scope for this baseline).
WITH sortie(rang, cle, ligne) AS (
  SELECT 0, '', 'marche;famille;perimetre;maitre_ouvrage;statut;taux;seuil;heures_base;heures_objectif;'
                || 'heures_realisees;ecart'
  UNION ALL
  SELECT 1, marche,
         champ(marche) || ';' || famille || ';' || perimetre || ';' || champ(maitre_ouvrage) || ';' || statut
         || ';' || CAST(taux AS VARCHAR) || ';' || CAST(seuil AS VARCHAR) || ';' || heures_base(ht_c, n, d)
         || ';' || CAST(objectif AS VARCHAR) || ';' || centiemes(realisees_c) || ';' || centiemes(ecart_c)
  FROM resultats
  UNION ALL
  SELECT 2, '', 'lignes;table;lues;comptees;non_comptees;rejetees'
  UNION ALL
  SELECT 3, '', 'lignes;marches;' || CAST(count(*) AS VARCHAR) || ';' || CAST(count(*) AS VARCHAR) || ';0;0'
  FROM marches
  UNION ALL
  SELECT 4, '', 'lignes;participants;' || CAST(count(*) AS VARCHAR) || ';'
                || CAST(count(*) FILTER (WHERE eligible) AS VARCHAR) || ';'
                || CAST(count(*) FILTER (WHERE NOT eligible) AS VARCHAR) || ';0'
  FROM personnes
  UNION ALL
  SELECT 5, '', 'lignes;heures;' || CAST((SELECT count(*) FROM heures) AS VARCHAR) || ';'
                || CAST(count(*) AS VARCHAR) || ';'
                || CAST((SELECT count(*) FROM heures) - count(*) AS VARCHAR) || ';0'
  FROM heures_comptees
)
SELECT ligne FROM sortie ORDER BY rang, cle;
